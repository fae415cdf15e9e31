/*
 * The echo load client: CONNECTIONS TCP connections driven by one thread with epoll, each sending
 * a SIZE-byte message and reading the echo back — as fast as the server answers (closed loop), or
 * on a fixed schedule (RATE round trips per second over all connections; a round trip's latency
 * then runs from its scheduled send time, so a server that falls behind is charged for the wait).
 * Cheap enough to saturate the servers it is compared against: a round trip costs it a send, a
 * receive and a share of an epoll_wait.
 *
 * After WARMUP seconds it measures for SECONDS and prints one line:
 *   RESULT rtps= p50us= p99us= p999us= maxus= maxGapUs= cpuUsPerRt= clientCpuUsPerRt= entersPerRt= wakeupsPerRt=
 *          noBuffersPerRt=
 * maxGapUs is the longest time any connection went without completing a round trip inside the
 * window (a connection that completed none counts the whole window). cpuUsPerRt is the server's
 * CPU (utime + stime of SERVER_PID from /proc) per round trip; clientCpuUsPerRt this process's own.
 * entersPerRt, wakeupsPerRt and noBuffersPerRt (receives that found no provided buffer) come from
 * the server's counters line, asked for with a connection that sends "STATS!!!" before and after
 * the window (nan when the server does not answer so).
 *
 * Usage: echo-load PORT SERVER_PID CONNECTIONS SIZE WARMUP SECONDS [RATE]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    int fd;
    int got;          /* bytes of the echo received so far */
    int sent;         /* bytes of the message sent so far */
    int busy;         /* a round trip is under way */
    int64_t start;    /* its start: the send, or the scheduled time when paced */
    int64_t next;     /* paced: the next scheduled send */
    int64_t last;     /* the last completion inside the window, or the window's start */
    int64_t maxgap;
    long rounds;      /* round trips completed inside the window */
    int heap_pos;     /* paced: index in the heap of idle connections, -1 when not there */
} conn_t;

static conn_t *conns;
static int nconns, size;
static char *msg, *buf;
static int64_t *samples;
static size_t nsamples, capsamples;
static int64_t from_ns, to_ns;
static long completed;
static int *heap; /* paced: idle connections by next send time */
static int heap_n;

static int64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t) t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void die(const char *what) {
    perror(what);
    exit(1);
}

static int64_t proc_cpu_ns(long pid) {
    char path[64], s[1024];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    size_t n = fread(s, 1, sizeof s - 1, f);
    fclose(f);
    s[n] = 0;
    char *p = strrchr(s, ')');
    if (!p) return -1;
    unsigned long ut = 0, st = 0;
    /* after ") ": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime */
    if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2) return -1;
    return (int64_t) (ut + st) * (1000000000LL / sysconf(_SC_CLK_TCK));
}

static int64_t self_cpu_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (int64_t) t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int connect_to(int port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) die("socket");
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (int tries = 0; connect(fd, (struct sockaddr *) &a, sizeof a) < 0; tries++) {
        if (tries > 100) die("connect");
        usleep(10000);
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

/* The server's counters line ("... enters=N wakeups=N ..."), or "" when it gives none. */
static void server_stats(int port, char *out, size_t cap) {
    out[0] = 0;
    int fd = connect_to(port);
    struct timeval tv = {.tv_sec = 5};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (write(fd, "STATS!!!", 8) != 8) { close(fd); return; }
    size_t n = 0;
    ssize_t r;
    while (n < cap - 1 && (r = read(fd, out + n, cap - 1 - n)) > 0) n += r;
    out[n] = 0;
    close(fd);
}

/* KEY's number in a counters line "k1=v1 k2=v2 ...", or nan. */
static double stat_field(const char *s, const char *key) {
    size_t kl = strlen(key);
    for (const char *p = s; (p = strstr(p, key)) != NULL; p += kl) {
        if ((p == s || p[-1] == ' ') && p[kl] == '=') return strtod(p + kl + 1, NULL);
    }
    return NAN;
}

static void record(int64_t latency) {
    if (nsamples == capsamples) {
        capsamples = capsamples ? capsamples * 2 : 1 << 20;
        samples = realloc(samples, capsamples * sizeof *samples);
        if (!samples) die("realloc");
    }
    samples[nsamples++] = latency;
}

static int cmp64(const void *a, const void *b) {
    int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
    return x < y ? -1 : x > y;
}

/* ---- paced mode: a min-heap of idle connections by next send time */
static void heap_swap(int i, int j) {
    int t = heap[i];
    heap[i] = heap[j];
    heap[j] = t;
    conns[heap[i]].heap_pos = i;
    conns[heap[j]].heap_pos = j;
}

static void heap_push(int c) {
    int i = heap_n++;
    heap[i] = c;
    conns[c].heap_pos = i;
    while (i > 0 && conns[heap[(i - 1) / 2]].next > conns[heap[i]].next) {
        heap_swap(i, (i - 1) / 2);
        i = (i - 1) / 2;
    }
}

static int heap_pop(void) {
    int c = heap[0];
    heap_n--;
    if (heap_n > 0) {
        heap[0] = heap[heap_n];
        conns[heap[0]].heap_pos = 0;
        int i = 0;
        for (;;) {
            int l = 2 * i + 1, r = l + 1, m = i;
            if (l < heap_n && conns[heap[l]].next < conns[heap[m]].next) m = l;
            if (r < heap_n && conns[heap[r]].next < conns[heap[m]].next) m = r;
            if (m == i) break;
            heap_swap(i, m);
            i = m;
        }
    }
    conns[c].heap_pos = -1;
    return c;
}

/* Sends what is left of the message; returns -1 when the connection failed. */
static int push_send(conn_t *c) {
    while (c->sent < size) {
        ssize_t n = send(c->fd, msg + c->sent, size - c->sent, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EAGAIN) return 0; /* the rest when EPOLLOUT says so; rare for echo sizes */
            return -1;
        }
        c->sent += n;
    }
    return 0;
}

static void start_round(conn_t *c, int64_t start) {
    c->busy = 1;
    c->got = 0;
    c->sent = 0;
    c->start = start;
    if (push_send(c) < 0) {
        fprintf(stderr, "echo-load: send: %s\n", strerror(errno));
        exit(1);
    }
}

int main(int argc, char **argv) {
    if (argc < 7) {
        fprintf(stderr, "usage: echo-load PORT SERVER_PID CONNECTIONS SIZE WARMUP SECONDS [RATE]\n");
        return 2;
    }
    int port = atoi(argv[1]);
    long server = atol(argv[2]);
    nconns = atoi(argv[3]);
    size = atoi(argv[4]);
    double warmup = atof(argv[5]), seconds = atof(argv[6]);
    double rate = argc > 7 ? atof(argv[7]) : 0;
    int64_t interval = rate > 0 ? (int64_t) (nconns / rate * 1e9) : 0;

    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t) nconns + 64) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    msg = malloc(size);
    buf = malloc(size < 65536 ? 65536 : size);
    memset(msg, 'x', size);
    conns = calloc(nconns, sizeof *conns);
    heap = calloc(nconns, sizeof *heap);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    for (int i = 0; i < nconns; i++) {
        conns[i].fd = connect_to(port);
        fcntl(conns[i].fd, F_SETFL, fcntl(conns[i].fd, F_GETFL) | O_NONBLOCK);
        struct epoll_event e = {.events = EPOLLIN, .data.u32 = i};
        if (epoll_ctl(ep, EPOLL_CTL_ADD, conns[i].fd, &e) < 0) die("epoll_ctl");
        conns[i].heap_pos = -1;
    }
    int64_t t0 = now_ns();
    from_ns = t0 + (int64_t) (warmup * 1e9);
    to_ns = from_ns + (int64_t) (seconds * 1e9);
    for (int i = 0; i < nconns; i++) {
        conns[i].last = from_ns;
        if (interval > 0) {
            conns[i].next = t0 + interval * i / nconns;
            heap_push(i);
        } else {
            start_round(&conns[i], now_ns());
        }
    }
    char stats0[4096] = "", stats1[4096] = "";
    int64_t cpu0 = -1, cpu1 = -1, self0 = 0, self1 = 0;
    int measuring = 0;
    struct epoll_event evs[512];
    for (;;) {
        int64_t now = now_ns();
        if (!measuring && now >= from_ns) {
            /* The window starts after the counters are read: the read stalls this loop. */
            server_stats(port, stats0, sizeof stats0);
            cpu0 = proc_cpu_ns(server);
            self0 = self_cpu_ns();
            from_ns = now = now_ns();
            to_ns = from_ns + (int64_t) (seconds * 1e9);
            for (int i = 0; i < nconns; i++) conns[i].last = from_ns;
            measuring = 1;
        }
        if (now >= to_ns) break;
        int timeout = 100;
        if (interval > 0) {
            while (heap_n > 0 && conns[heap[0]].next <= now) {
                int c = heap_pop();
                start_round(&conns[c], conns[c].next);
                conns[c].next += interval;
            }
            if (heap_n > 0) {
                int64_t wait = conns[heap[0]].next - now;
                timeout = wait <= 0 ? 0 : (int) ((wait + 999999) / 1000000);
            }
        }
        if (!measuring && from_ns - now < (int64_t) timeout * 1000000) timeout = (int) ((from_ns - now) / 1000000);
        int n = epoll_wait(ep, evs, 512, timeout < 0 ? 0 : timeout);
        if (n < 0 && errno != EINTR) die("epoll_wait");
        for (int k = 0; k < n; k++) {
            conn_t *c = &conns[evs[k].data.u32];
            if (evs[k].events & EPOLLOUT) {
                push_send(c);
            }
            for (;;) {
                ssize_t r = recv(c->fd, buf, size - c->got > 65536 ? 65536 : size - c->got, 0);
                if (r < 0) {
                    if (errno == EAGAIN) break;
                    fprintf(stderr, "echo-load: recv: %s\n", strerror(errno));
                    exit(1);
                }
                if (r == 0) {
                    fprintf(stderr, "echo-load: the server closed connection %u\n", evs[k].data.u32);
                    exit(1);
                }
                c->got += r;
                if (c->got < size) continue;
                int64_t done = now_ns();
                if (done >= from_ns && done <= to_ns) {
                    if (done - c->last > c->maxgap) c->maxgap = done - c->last;
                    c->last = done;
                    if (c->start >= from_ns) {
                        record(done - c->start);
                        completed++;
                        c->rounds++;
                    }
                }
                c->busy = 0;
                if (interval > 0) {
                    if (c->next < done - 1000000000LL) c->next = done; /* more than 1 s behind: start over */
                    heap_push((int) (c - conns));
                } else {
                    start_round(c, done);
                }
                break;
            }
            if (c->sent < size) {
                struct epoll_event e = {.events = EPOLLIN | EPOLLOUT, .data.u32 = evs[k].data.u32};
                epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &e);
            }
        }
    }
    cpu1 = proc_cpu_ns(server);
    self1 = self_cpu_ns();
    for (int i = 0; i < nconns; i++) {
        if (to_ns - conns[i].last > conns[i].maxgap) conns[i].maxgap = to_ns - conns[i].last;
        close(conns[i].fd);
    }
    server_stats(port, stats1, sizeof stats1);
    int64_t maxgap = 0;
    for (int i = 0; i < nconns; i++) if (conns[i].maxgap > maxgap) maxgap = conns[i].maxgap;
    qsort(samples, nsamples, sizeof *samples, cmp64);
#define PCT(q) (nsamples ? samples[(size_t) fmin((double) nsamples - 1, floor(nsamples * (q)))] / 1e3 : 0.0)
    double rts = (double) completed;
    double enters = stat_field(stats1, "enters") - stat_field(stats0, "enters");
    double wakeups = stat_field(stats1, "wakeups") - stat_field(stats0, "wakeups");
    double nobufs = stat_field(stats1, "noBuffers") - stat_field(stats0, "noBuffers");
    printf("RESULT rtps=%.0f p50us=%.1f p99us=%.1f p999us=%.1f maxus=%.1f maxGapUs=%.0f cpuUsPerRt=%.2f "
           "clientCpuUsPerRt=%.2f entersPerRt=%.4f wakeupsPerRt=%.4f noBuffersPerRt=%.4f\n",
           rts / seconds, PCT(0.5), PCT(0.99), PCT(0.999), nsamples ? samples[nsamples - 1] / 1e3 : 0.0,
           maxgap / 1e3, cpu0 >= 0 && cpu1 >= 0 && rts > 0 ? (cpu1 - cpu0) / 1e3 / rts : NAN,
           rts > 0 ? (self1 - self0) / 1e3 / rts : NAN, rts > 0 ? enters / rts : NAN, rts > 0 ? wakeups / rts : NAN,
           rts > 0 ? nobufs / rts : NAN);
    /* Fairness: how the window's round trips spread over the connections (a starved connection
     * shows as a low minimum or a wide spread at the same mean). */
    int64_t *per = malloc(nconns * sizeof *per);
    if (!per) die("malloc");
    for (int i = 0; i < nconns; i++) per[i] = conns[i].rounds;
    qsort(per, nconns, sizeof *per, cmp64);
    double mean = rts / nconns, var = 0;
    for (int i = 0; i < nconns; i++) var += (per[i] - mean) * (per[i] - mean);
    printf("FAIRNESS roundsPerConn min=%lld p1=%lld p50=%lld p99=%lld max=%lld cv=%.3f\n", (long long) per[0],
           (long long) per[nconns / 100], (long long) per[nconns / 2], (long long) per[nconns - 1 - nconns / 100],
           (long long) per[nconns - 1], mean > 0 ? sqrt(var / nconns) / mean : NAN);
    return 0;
}

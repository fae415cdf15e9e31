/*
 * A C io_uring echo server, the yardstick for loom-uring's echo (bench/run echo): one thread, one
 * ring (SINGLE_ISSUER | DEFER_TASKRUN when the kernel has them, as a tuned C server would set up),
 * raw system calls, no liburing. A multishot accept; per connection one RECV into its own 64 KiB
 * buffer and, for what arrived, SENDs until all of it is out, then the next RECV. Every loop
 * submits what was prepared and waits for at least one completion in the same io_uring_enter.
 *
 * A connection whose first 8 bytes are "STATS!!!" gets "enters=N wakeups=W" (io_uring_enter calls
 * and waits that slept) and is closed, as the Java echo servers answer echo-load.
 *
 * Prints "listening PORT" when ready. Usage: echo-uring PORT
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/io_uring.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#define ENTRIES 4096
#define BUF (64 * 1024)
#define MAXFD 65536

enum { OP_ACCEPT = 1, OP_RECV = 2, OP_SEND = 3, OP_CLOSE = 4 };

typedef struct {
    char *buf;
    int len;   /* bytes received, to send */
    int off;   /* bytes of them sent */
    int first; /* no data seen yet: check for STATS!!! */
} conn_t;

static conn_t conns[MAXFD];
static int ring_fd;
static unsigned *sq_head, *sq_tail, *sq_mask, *sq_array, *cq_head, *cq_tail, *cq_mask;
static struct io_uring_sqe *sqes;
static struct io_uring_cqe *cqes;
static unsigned to_submit;
static long enters, wakeups;
static int listen_fd;

static void die(const char *what) { perror(what); exit(1); }

static struct io_uring_sqe *sqe(void) {
    unsigned tail = *sq_tail;
    if (tail - __atomic_load_n(sq_head, __ATOMIC_ACQUIRE) >= ENTRIES) { fprintf(stderr, "SQ full\n"); exit(1); }
    struct io_uring_sqe *s = &sqes[tail & *sq_mask];
    memset(s, 0, sizeof *s);
    sq_array[tail & *sq_mask] = tail & *sq_mask;
    __atomic_store_n(sq_tail, tail + 1, __ATOMIC_RELEASE);
    to_submit++;
    return s;
}

static void prep(int op, int fd, void *addr, unsigned len) {
    struct io_uring_sqe *s = sqe();
    s->opcode = op == OP_ACCEPT ? IORING_OP_ACCEPT : op == OP_RECV ? IORING_OP_RECV : op == OP_SEND ? IORING_OP_SEND : IORING_OP_CLOSE;
    s->fd = fd;
    s->addr = (uint64_t) (uintptr_t) addr;
    s->len = len;
    if (op == OP_ACCEPT) s->ioprio = IORING_ACCEPT_MULTISHOT;
    if (op == OP_SEND) s->msg_flags = MSG_NOSIGNAL;
    s->user_data = ((uint64_t) op << 32) | (uint32_t) fd;
}

static void recv_next(int fd) { prep(OP_RECV, fd, conns[fd].buf, BUF); }

static void drop(int fd) {
    free(conns[fd].buf);
    conns[fd].buf = NULL;
    prep(OP_CLOSE, fd, NULL, 0);
}

static void setup(void) {
    struct io_uring_params p;
    memset(&p, 0, sizeof p);
    p.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN;
    ring_fd = syscall(__NR_io_uring_setup, ENTRIES, &p);
    if (ring_fd < 0 && errno == EINVAL) {
        memset(&p, 0, sizeof p);
        p.flags = IORING_SETUP_COOP_TASKRUN;
        ring_fd = syscall(__NR_io_uring_setup, ENTRIES, &p);
    }
    if (ring_fd < 0) die("io_uring_setup");
    size_t sq_len = p.sq_off.array + p.sq_entries * sizeof(unsigned);
    size_t cq_len = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
    if (cq_len > sq_len) sq_len = cq_len;   /* IORING_FEAT_SINGLE_MMAP: one mapping for both */
    char *sq = mmap(NULL, sq_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, ring_fd, IORING_OFF_SQ_RING);
    if (sq == MAP_FAILED) die("mmap rings");
    char *cq = sq;
    sqes = mmap(NULL, p.sq_entries * sizeof(struct io_uring_sqe), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, ring_fd, IORING_OFF_SQES);
    if (sqes == MAP_FAILED) die("mmap sqes");
    sq_head = (unsigned *) (sq + p.sq_off.head); sq_tail = (unsigned *) (sq + p.sq_off.tail);
    sq_mask = (unsigned *) (sq + p.sq_off.ring_mask); sq_array = (unsigned *) (sq + p.sq_off.array);
    cq_head = (unsigned *) (cq + p.cq_off.head); cq_tail = (unsigned *) (cq + p.cq_off.tail);
    cq_mask = (unsigned *) (cq + p.cq_off.ring_mask); cqes = (struct io_uring_cqe *) (cq + p.cq_off.cqes);
}

static void complete(uint64_t ud, int res, unsigned flags) {
    int op = ud >> 32, fd = (int) (uint32_t) ud;
    if (op == OP_ACCEPT) {
        if (res >= 0) {
            if (res >= MAXFD) { close(res); return; }
            int one = 1;
            setsockopt(res, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            conns[res].buf = malloc(BUF);
            conns[res].first = 1;
            recv_next(res);
        }
        if (!(flags & IORING_CQE_F_MORE)) prep(OP_ACCEPT, listen_fd, NULL, 0);
        return;
    }
    if (op == OP_CLOSE) return;
    conn_t *c = &conns[fd];
    if (op == OP_RECV) {
        if (res <= 0) { drop(fd); return; }
        if (c->first && res >= 8 && memcmp(c->buf, "STATS!!!", 8) == 0) {
            char line[128];
            int n = snprintf(line, sizeof line, "enters=%ld wakeups=%ld\n", enters, wakeups);
            if (write(fd, line, n) != n) { /* the client reads what it gets */ }
            drop(fd);
            return;
        }
        c->first = 0;
        c->len = res;
        c->off = 0;
        prep(OP_SEND, fd, c->buf, res);
        return;
    }
    /* OP_SEND */
    if (res < 0) { drop(fd); return; }
    c->off += res;
    if (c->off < c->len) prep(OP_SEND, fd, c->buf + c->off, c->len - c->off);
    else recv_next(fd);
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: echo-uring PORT\n"); return 2; }
    setup();
    listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(atoi(argv[1])), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    if (bind(listen_fd, (struct sockaddr *) &a, sizeof a) < 0) die("bind");
    if (listen(listen_fd, 4096) < 0) die("listen");
    prep(OP_ACCEPT, listen_fd, NULL, 0);
    printf("listening %s\n", argv[1]);
    fflush(stdout);
    for (;;) {
        unsigned head = *cq_head;
        int flags = IORING_ENTER_GETEVENTS;
        int ready = __atomic_load_n(cq_tail, __ATOMIC_ACQUIRE) != head;
        int r = syscall(__NR_io_uring_enter, ring_fd, to_submit, ready ? 0 : 1, flags, NULL, 0);
        enters++;
        if (r < 0 && errno != EINTR && errno != EAGAIN && errno != EBUSY) die("io_uring_enter");
        if (r >= 0) to_submit -= (unsigned) r < to_submit ? (unsigned) r : to_submit;
        head = *cq_head;
        if (!ready && __atomic_load_n(cq_tail, __ATOMIC_ACQUIRE) != head) wakeups++;
        unsigned tail;
        while (head != (tail = __atomic_load_n(cq_tail, __ATOMIC_ACQUIRE))) {
            for (; head != tail; head++) {
                struct io_uring_cqe *c = &cqes[head & *cq_mask];
                uint64_t ud = c->user_data;
                int res = c->res;
                unsigned f = c->flags;
                __atomic_store_n(cq_head, head + 1, __ATOMIC_RELEASE);
                complete(ud, res, f);
            }
        }
    }
}

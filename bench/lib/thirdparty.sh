# Sourced by bench/run, bench/servers-ab and bench/server-syscalls: how an unmodified third-party
# server (thirdparty/) is started on the plain JDK or under the three switches. Run from the
# repository's root, after ./mvnw -DskipTests package -pl bench,samples,thirdparty -am.

# tp_classpath [JARS]: the servers' class path; JARS, a directory holding poller-*.jar,
# loom-uring-*.jar and compat-*.jar, replaces the build's own jars (an A/B of two builds).
tp_classpath() {
  local d=${1:-}
  if [ -n "$d" ]; then
    echo "$(ls "$d"/poller-*.jar):$(ls "$d"/loom-uring-*.jar):$(ls "$d"/compat-*.jar):thirdparty/target/test-classes:thirdparty/target/dependency/*"
  else
    echo "poller/target/poller-0.1.0-SNAPSHOT.jar:loom-uring/target/loom-uring-0.1.0-SNAPSHOT.jar:compat/target/compat-0.1.0-SNAPSHOT.jar:thirdparty/target/test-classes:thirdparty/target/dependency/*"
  fi
}

# tp_switches [JARS]: the JVM options that switch a program over (the agent from JARS, or the build's).
tp_switches() {
  local agent=compat/target/compat-0.1.0-SNAPSHOT.jar
  [ -n "${1:-}" ] && agent=$(ls "$1"/compat-*.jar)
  echo "--enable-native-access=ALL-UNNAMED -javaagent:$agent
    -Djava.nio.channels.spi.SelectorProvider=io.loomuring.compat.UringSelectorProvider
    -Djava.nio.file.spi.DefaultFileSystemProvider=io.loomuring.compat.UringFileSystemProvider"
}

# tp_start JAVA SIDE SERVER PORT OUT ERR [JARS] [OPTS...]: starts SERVER (JettyServer, TomcatServer,
# HelidonServer, JlHttpServer) on CPU 0, on the plain JDK (SIDE jdk) or switched (any other SIDE),
# in the background; its pid is in $tp_pid.
tp_start() {
  local java=$1 side=$2 srv=$3 port=$4 out=$5 err=$6 jars=${7:-}
  shift 7 2>/dev/null || shift $#
  local x=""
  [ "$side" != jdk ] && x=$(tp_switches "$jars")
  # shellcheck disable=SC2086
  taskset -c 0 "$java" $x "$@" -cp "$(tp_classpath "$jars")" "io.loomuring.thirdparty.$srv" "$port" > "$out" 2> "$err" &
  tp_pid=$!
}

# tp_await PORT: waits (at most 20 s) until something listens on PORT.
tp_await() {
  for _ in $(seq 200); do ss -ltn | grep -q ":$1 " && return 0; sleep 0.1; done
  return 1
}

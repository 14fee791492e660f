#!/usr/bin/env bash
# Switchboard benchmark: the bridge next to its floor, measured in the same run with the same load.
#
# Starts a real nats-server, the benchmark responder, and one server per target (the bridge, and the
# floor: plain Vert.x HTTP -> NATS -> HTTP, no GraphQL), then loads each target in turn with wrk,
# interleaved over several rounds, and prints req/s, p50 and p99 per target and the ratios. The last
# line is always "bridge/floor throughput = R" when both targets ran. See deploy/bench/README.md.
#
# A target kind is one function, start_target_<kind>: it starts its server(s), waits until they are
# ready and sets TARGET_URL[<kind>]. Add a function and put its name in BENCH_TARGETS.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

BENCH_CONNECTIONS=${BENCH_CONNECTIONS:-32}
BENCH_THREADS=${BENCH_THREADS:-2}
BENCH_DURATION=${BENCH_DURATION:-15}
BENCH_WARMUP=${BENCH_WARMUP:-10}
# Warm-up: load each target in BENCH_WARMUP-second steps until two steps in a row are no more than
# BENCH_STEADY_GAIN percent faster than the best step before them (the JIT has finished with the hot
# path), for at most BENCH_WARMUP_MAX seconds in all. On two loaded cores the bridge (graphql-java,
# Vert.x Web, the call chain) speeds up for 50-80 s, the floor for 40-60 s: a fixed short warm-up
# measured the bridge's compiler as much as the bridge. BENCH_STEADY_GAIN=0: one warm-up step.
BENCH_STEADY_GAIN=${BENCH_STEADY_GAIN:-5}
BENCH_WARMUP_MAX=${BENCH_WARMUP_MAX:-150}
BENCH_ROUNDS=${BENCH_ROUNDS:-2}
# Each scenario next to its floor: on a shared machine the speed drifts within minutes (the same floor
# process has measured 21,900 and then 16,200 req/s three minutes apart), so a ratio is taken from two
# runs seconds apart. Rounds alternate direction (see main) so a steady drift cancels out.
BENCH_TARGETS=${BENCH_TARGETS:-floor_contract floor bridge bridge_auth bridge_documents bridge_tls bridge_traced floor_publish bridge_publish floor_nested bridge_nested}
BENCH_BUILD=${BENCH_BUILD:-auto}          # auto: build missing jars; 1: always rebuild; 0: never build
BENCH_READY_TIMEOUT=${BENCH_READY_TIMEOUT:-60}
BENCH_MAX_ERROR_RATE=${BENCH_MAX_ERROR_RATE:-0.001}
# Audit records (one JSON line per NATS call) are not part of the measured scenarios; INFO turns them on.
BENCH_AUDIT_LEVEL=${BENCH_AUDIT_LEVEL:-OFF}
# one access-log line per request would measure the terminal, not the bridge
BENCH_ACCESS_LOG=${BENCH_ACCESS_LOG:-false}
BENCH_FANOUT=${BENCH_FANOUT:-10000}             # subscribers of the fan-out phase (0: skip it)
BENCH_FANOUT_EVENTS=${BENCH_FANOUT_EVENTS:-20}   # events measured, one at a time
BENCH_FANOUT_WARMUP=${BENCH_FANOUT_WARMUP:-10}   # events first published to warm the delivery path up
# Paired runs, after the rounds: "a:b" loads targets a and b at the same time, half the connections
# each, and compares their CPU time per request. Loaded in turn, one run's ratio moves by 0.05-0.10 with
# the machine; loaded together, both see the same machine, so this is how two builds (bridge and
# bridge_base) or a target and its floor are told apart by a few percent. Space-separated; empty: none.
BENCH_PAIRS=${BENCH_PAIRS:-}
BENCH_PAIR_RUNS=${BENCH_PAIR_RUNS:-4}            # paired runs per pair, the order of starting swapped each run
# The newest JDK on the machine runs every JVM here (bridge, floor and responder alike); the project
# is built for Java 17 and runs unchanged on newer ones. BENCH_JAVA=/path/to/java overrides.
pick_java() {
  local best=java best_major=0 candidate major
  for candidate in java /usr/lib/jvm/*/bin/java; do
    command -v "$candidate" >/dev/null 2>&1 || continue
    major=$("$candidate" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/{print $2}')
    if [[ ${major:-0} =~ ^[0-9]+$ ]] && ((major > best_major)); then
      best=$candidate best_major=$major
    fi
  done
  printf '%s' "$best"
}
BENCH_JAVA=${BENCH_JAVA:-$(pick_java)}
# Compact object headers (a product flag since JDK 25) when the JDK has them; same for all JVMs.
EXTRA_JVM_FLAGS=""
if "$BENCH_JAVA" -XX:+UseCompactObjectHeaders -version >/dev/null 2>&1; then
  EXTRA_JVM_FLAGS="-XX:+UseCompactObjectHeaders"
fi
JAVA_OPTS=${JAVA_OPTS:--Xms512m -Xmx512m -XX:+UseParallelGC $EXTRA_JVM_FLAGS}   # the same for the bridge and the floor
RESPONDER_JAVA_OPTS=${RESPONDER_JAVA_OPTS:--Xms256m -Xmx256m -XX:+UseParallelGC $EXTRA_JVM_FLAGS}

BENCH_JAR=deploy/bench/target/switchboard-bench.jar
BRIDGE_JAR=${BENCH_BRIDGE_JAR:-bridge/target/switchboard.jar}  # another build to compare against
BRIDGE_CONFIG=deploy/bench/bench-config.yaml
WRK_SCRIPT=deploy/bench/bench.lua
# The request every target gets (wrk reads it from the environment through bench.lua).
export BENCH_BODY='{"query":"query Bench { order(id: \"42\") { id status total } }"}'
# The publish scenario's request: a JetStream publish answered once the stream acknowledges it.
PUBLISH_BODY='{"query":"mutation Record { recordEvent(id: \"42\", status: \"SHIPPED\") { ok stream sequence } }"}'
# The trusted-documents scenario's request: the same query, sent by its id only (SHA-256 of its
# text, the key of deploy/bench/bench-manifest.json).
# The nested scenario's request: 20 orders over 3 customers, the customers in one batched request.
NESTED_BODY='{"query":"query Nested { orders { id customer { name } } }"}'
DOCUMENT_BODY='{"documentId":"34f7381b808d1b8c0a741b59c323d973e41c953757d3c3dab3731f9356a1741b"}'
declare -A TARGET_BODY=()

read -r -a JAVA_ARGS <<<"$JAVA_OPTS"
BRIDGE_JVM_ARGS=("${JAVA_ARGS[@]}")
read -r -a RESPONDER_JAVA_ARGS <<<"$RESPONDER_JAVA_OPTS"
declare -A TARGET_URL=()
# The server process of each target, whose CPU time per request is measured (sizing).
declare -A TARGET_PID=()
# A target's own nats-server and responder when it has them (bridge_tls); else NATS_PID, RESPONDER_PID.
declare -A TARGET_NATS_PID=() TARGET_RESPONDER_PID=()
NATS_PID=""
RESPONDER_PID=""
SPLIT=""
declare -A BUILT=()
PIDS=()
USED_PORTS=" "
WORK=""
NATS_URL=""
TLS_DIR=""
LAST_PID=""

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] FAILED: %s\n' "$*" >&2; exit 1; }

# --- processes -------------------------------------------------------------------------------------

# Stops exactly the processes this script started, newest first: TERM, then KILL after 10 s.
cleanup() {
  local status=$? pid i waited
  trap - EXIT INT TERM
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    pid=${PIDS[i]}
    kill -TERM "$pid" 2>/dev/null || continue
    for ((waited = 0; waited < 100; waited++)); do
      is_running "$pid" || break
      sleep 0.1
    done
    if is_running "$pid"; then
      log "pid $pid ignored TERM; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
  if [[ -n $WORK ]]; then
    if ((status == 0)); then
      rm -rf "$WORK"
    else
      log "logs kept in $WORK"
    fi
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# True while pid is alive (a zombie, exited but not yet reaped, counts as gone).
is_running() {
  local state
  kill -0 "$1" 2>/dev/null || return 1
  state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [[ $state != Z* ]]
}

# start_process NAME COMMAND...: runs COMMAND in the background, output in $WORK/NAME.log; sets LAST_PID.
start_process() {
  local name=$1
  shift
  "$@" >"$WORK/$name.log" 2>&1 &
  LAST_PID=$!
  PIDS+=("$LAST_PID")
  log "started $name (pid $LAST_PID), log: $WORK/$name.log"
}

# wait_ready NAME PID WHAT CHECK...: polls CHECK until it succeeds; fails if the process exits first.
wait_ready() {
  local name=$1 pid=$2 what=$3 status=0
  shift 3
  local deadline=$((SECONDS + BENCH_READY_TIMEOUT))
  until "$@"; do
    if ! is_running "$pid"; then
      wait "$pid" 2>/dev/null || status=$?
      die "$name exited during start-up (exit status $status) before $what.$(log_tail "$name")"
    fi
    if ((SECONDS >= deadline)); then
      die "$name did not become ready ($what) within ${BENCH_READY_TIMEOUT}s.$(log_tail "$name")"
    fi
    sleep 0.2
  done
  log "$name is ready ($what)"
}

log_tail() {
  printf '\n--- last lines of %s ---\n' "$WORK/$1.log"
  tail -n 30 "$WORK/$1.log" 2>/dev/null || true
  printf -- '---'
}

log_has_line() { grep -qx -- "$2" "$WORK/$1.log" 2>/dev/null; }

# --- network ---------------------------------------------------------------------------------------

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# pick_port VAR: a loopback port nothing listens on, below the kernel's ephemeral range (where wrk's
# client sockets live), and not handed out before in this run.
pick_port() {
  local low=32768 candidate tries=0
  if [[ -r /proc/sys/net/ipv4/ip_local_port_range ]]; then
    read -r low _ </proc/sys/net/ipv4/ip_local_port_range
  fi
  ((low > 11000)) || low=32768
  while :; do
    candidate=$((10000 + RANDOM % (low - 10000)))
    if [[ $USED_PORTS != *" $candidate "* ]] && ! port_open "$candidate"; then
      break
    fi
    ((++tries < 500)) || die "could not find a free loopback port"
  done
  USED_PORTS+="$candidate "
  printf -v "$1" '%s' "$candidate"
}

# http_call METHOD PORT PATH [BODY]: one HTTP/1.0 request over bash's /dev/tcp; prints the raw response.
http_call() {
  LC_ALL=C timeout 5 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "%s %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\nContent-Type: application/json\r\nAccept: application/json\r\nAuthorization: %s\r\nContent-Length: %d\r\n\r\n%s" \
      "$2" "$3" "$1" "$BENCH_AUTHORIZATION" "${#4}" "$4" >&3
    cat <&3' http_call "$2" "$1" "$3" "${4-}"
}

http_status_of() {
  local status_line=${1%%$'\r\n'*} protocol status
  read -r protocol status _ <<<"$status_line"
  printf '%s' "${status:-none}"
}

http_body_of() { [[ $1 == *$'\r\n\r\n'* ]] && printf '%s' "${1#*$'\r\n\r\n'}"; }

http_get_ok() {
  local response
  response=$(http_call GET "$1" "$2" 2>/dev/null) || return 1
  [[ $(http_status_of "$response") == 200 ]]
}

# A correct answer: 200, the order in the body, no GraphQL errors (the same rule bench.lua applies).
is_good_answer() {
  [[ $1 == 200 && ($2 == *'"status":"SHIPPED"'* || $2 == *'"seq":'* || $2 == *'"ok":true'* || $2 == *'"customer":{"name":"Customer c3"}'*) && $2 != *'"errors"'* ]]
}

body_of() {
  printf '%s' "${TARGET_BODY[$1]:-$BENCH_BODY}"
}

# --- build -----------------------------------------------------------------------------------------

# require_jar JAR MODULE: builds MODULE (and the modules it needs) when JAR is missing or older than
# the sources, or always with BENCH_BUILD=1; never with BENCH_BUILD=0.
require_jar() {
  local jar=$1 module=$2 command
  command="mvn -B -q -Dstyle.color=never package -DskipTests -pl $module -am"
  if [[ -n ${BUILT[$module]-} ]]; then
    return 0
  fi
  if [[ $BENCH_BUILD == 0 ]]; then
    [[ -f $jar ]] || die "$jar is missing and BENCH_BUILD=0; build it with: $command"
    return 0
  fi
  if [[ $BENCH_BUILD == auto && -f $jar ]] && ! is_stale "$jar" "$module"; then
    return 0
  fi
  command -v mvn >/dev/null || die "mvn not found; it is needed to build $jar"
  log "building $module: $command"
  if ! $command >&2; then
    die "building $module failed (mvn output above); $jar is needed (BENCH_BUILD=0 uses the jars as they are)"
  fi
  BUILT[$module]=1
  [[ -f $jar ]] || die "building $module succeeded but did not produce $jar"
}

# True when a source or pom of MODULE, of subjects (which every module uses) or the root pom is newer than JAR.
is_stale() {
  [[ -n $(find "$2/src" "$2/pom.xml" subjects/src subjects/pom.xml pom.xml -type f -newer "$1" -print -quit 2>/dev/null) ]]
}

require_tool() {
  local found
  found=$(command -v "$1" || true)
  if [[ -z $found && -x /usr/sbin/$1 ]]; then
    found=/usr/sbin/$1
  fi
  [[ -n $found ]] || die "$1 not found. Install it: sudo apt-get install nats-server wrk   (macOS: brew install nats-server wrk)"
  printf '%s' "$found"
}

# --- infrastructure and targets ----------------------------------------------------------------------

start_nats() {
  local port
  pick_port port
  start_process nats-server "$NATS_SERVER" -a 127.0.0.1 -p "$port" -js -sd "$WORK/jetstream"
  wait_ready nats-server "$LAST_PID" "port $port open" port_open "$port"
  NATS_URL="nats://127.0.0.1:$port"
  NATS_PID=$LAST_PID
}

start_responder() {
  start_process responder "$BENCH_JAVA" "${RESPONDER_JAVA_ARGS[@]}" -cp "$BENCH_JAR" \
    dev.switchboard.bench.BenchResponder --nats "$NATS_URL"
  wait_ready responder "$LAST_PID" "printed ready" log_has_line responder ready
  RESPONDER_PID=$LAST_PID
}

# start_floor NAME PATH: a floor server (Vert.x HTTP -> jnats -> HTTP, nothing else) on a free port;
# sets TARGET_URL[NAME] to its PATH.
start_floor() {
  local name=$1 path=$2 port
  pick_port port
  start_process "$name" "$BENCH_JAVA" "${JAVA_ARGS[@]}" -cp "$BENCH_JAR" \
    dev.switchboard.bench.FloorServer --port "$port" --nats "$NATS_URL"
  wait_ready "$name" "$LAST_PID" "listening on $port" floor_ready "$name" "$port"
  TARGET_URL[$name]="http://127.0.0.1:$port$path"
  TARGET_PID[$name]=$LAST_PID
}

floor_ready() { log_has_line "$1" "listening on $2" && port_open "$2"; }

# start_bridge NAME CONFIG [VAR=VALUE | -Dname=value ...]: this build's bridge (built when needed).
start_bridge() {
  require_jar "$BRIDGE_JAR" bridge
  start_bridge_jar "$BRIDGE_JAR" "$@"
}

# start_bridge_jar JAR NAME CONFIG [VAR=VALUE | -Dname=value ...]: a bridge from JAR serving CONFIG on
# a free port, run with BRIDGE_JVM_ARGS; each VAR=VALUE goes into its environment, each -D property to
# its JVM. Sets TARGET_URL[NAME] once GET /readyz answers 200.
start_bridge_jar() {
  local jar=$1 name=$2 config=$3 port arg
  local -a environment=() properties=()
  shift 3
  for arg in "$@"; do
    if [[ $arg == -D* ]]; then properties+=("$arg"); else environment+=("$arg"); fi
  done
  pick_port port
  start_process "$name" env SWITCHBOARD_HTTP_PORT="$port" SWITCHBOARD_NATS_URLS="$NATS_URL" \
    SWITCHBOARD_AUDIT_LEVEL="$BENCH_AUDIT_LEVEL" SWITCHBOARD_LOGGING_ACCESS_LOG="$BENCH_ACCESS_LOG" \
    "${environment[@]}" "$BENCH_JAVA" "${BRIDGE_JVM_ARGS[@]}" "${properties[@]}" -jar "$jar" serve --config "$config"
  wait_ready "$name" "$LAST_PID" "GET /readyz answered 200 on port $port" http_get_ok "$port" /readyz
  TARGET_URL[$name]="http://127.0.0.1:$port/graphql"
  TARGET_PID[$name]=$LAST_PID
}

# The OTLP/HTTP collector of the traced targets (OtlpSink: reads and discards exports); started once.
OTLP_ENDPOINT=""
start_otlp_sink() {
  local port
  [[ -z $OTLP_ENDPOINT ]] || return 0
  pick_port port
  start_process otlp-sink "$BENCH_JAVA" "${RESPONDER_JAVA_ARGS[@]}" -cp "$BENCH_JAR" \
    dev.switchboard.bench.OtlpSink --port "$port"
  wait_ready otlp-sink "$LAST_PID" "listening on $port" floor_ready otlp-sink "$port"
  OTLP_ENDPOINT="http://127.0.0.1:$port"
}

# start_traced_bridge NAME SAMPLER...: the bench bridge exporting spans over OTLP/HTTP to the sink,
# configured the standard way (OTEL_* variables).
start_traced_bridge() {
  local name=$1
  shift
  start_otlp_sink
  start_bridge "$name" "$BRIDGE_CONFIG" OTEL_EXPORTER_OTLP_ENDPOINT="$OTLP_ENDPOINT" \
    OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf OTEL_SERVICE_NAME="$name" "$@"
}

# Tracing on, every request sampled: a server span and a NATS client span per request, exported.
start_target_bridge_traced() { start_traced_bridge bridge_traced OTEL_TRACES_SAMPLER=always_on; }

# Tracing configured but sampled out (ratio 0): what tracing costs when it records nothing.
start_target_bridge_unsampled() {
  start_traced_bridge bridge_unsampled OTEL_TRACES_SAMPLER=parentbased_traceidratio OTEL_TRACES_SAMPLER_ARG=0
}

# The floor of the query scenario: POST /.
start_target_floor() { start_floor floor /; }

# The bridge with deploy/bench/bench-config.yaml, port and NATS URL from the environment. POST /graphql.
start_target_bridge() { start_bridge bridge "$BRIDGE_CONFIG"; }

# The same bridge on graphql-java's own execution strategy (graphql.executionStrategy: standard).
start_target_bridge_standard() {
  start_bridge bridge_standard "$BRIDGE_CONFIG" SWITCHBOARD_GRAPHQL_EXECUTION_STRATEGY=standard
}

# The ceiling experiment: the bridge with parts of its work taken out, to measure what each part
# costs (deploy/bench/README.md). Built from deploy/bench/ceiling-experiment.patch into
# BENCH_CEILING_JAR; never in the default targets. direct: no GraphQL execution and no call chain
# (the floor's contract request on a connection of its own); raw: the call chain, the reply's bytes
# spliced into the response; json: the same with the reply decoded and encoded again.
start_ceiling() {
  local name=$1 mode=$2
  [[ -f ${BENCH_CEILING_JAR:-} ]] ||
    die "$name needs BENCH_CEILING_JAR: a bridge jar built with deploy/bench/ceiling-experiment.patch (deploy/bench/README.md)"
  start_bridge_jar "$BENCH_CEILING_JAR" "$name" "$BRIDGE_CONFIG" "-Dswitchboard.experiment.ceiling=$mode"
}
start_target_ceiling_direct() { start_ceiling ceiling_direct direct; }
start_target_ceiling_raw() { start_ceiling ceiling_raw raw; }
start_target_ceiling_json() { start_ceiling ceiling_json json; }

# Another build of the bridge beside this one (BENCH_BASE_JAR), same config: with BENCH_PAIRS="bridge:
# bridge_base" the two builds are compared under the same load at the same time.
start_target_bridge_base() {
  [[ -f ${BENCH_BASE_JAR:-} ]] ||
    die "bridge_base needs BENCH_BASE_JAR: the bridge jar of the build to compare against"
  start_bridge_jar "$BENCH_BASE_JAR" bridge_base "$BRIDGE_CONFIG"
}

# One request with the benchmark's body; the target must answer it correctly before it is loaded.
check_target() {
  local name=$1 url=${TARGET_URL[$1]} rest port path response status body
  rest=${url#http://127.0.0.1:}
  port=${rest%%/*}
  path=/${rest#*/}
  response=$(http_call POST "$port" "$path" "$(body_of "$name")" 2>/dev/null) || die "$name: no HTTP answer from $url"
  status=$(http_status_of "$response")
  body=$(http_body_of "$response" || true)
  is_good_answer "$status" "$body" ||
    die "$name: POST $url answered $status with: ${body:0:500}$(log_tail "$name")"
  log "$name answers POST $path: $body"
}

# TLS: the bridge_tls target runs over its own nats-server, which demands TLS with client
# certificates (tls { verify: true }), and its own responder; the bridge and that responder both
# connect with mutual TLS. The CA and certificates are made here, in $WORK/tls, with openssl.
make_tls_certs() {
  local dir="$WORK/tls" name
  mkdir -p "$dir"
  command -v openssl >/dev/null || die "openssl not found; the bridge_tls target needs it to make certificates"
  (
    cd "$dir"
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ca.key
    openssl req -x509 -new -key ca.key -subj "/CN=bench CA" -days 2 -out ca.crt \
      -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >server.ext
    printf 'extendedKeyUsage=clientAuth\n' >client.ext
    for name in server bridge responder; do
      openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$name.key"
      openssl req -new -key "$name.key" -subj "/CN=$name" -out "$name.csr"
      openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -set_serial "$RANDOM$RANDOM" -days 2 \
        -extfile "$([[ $name == server ]] && echo server.ext || echo client.ext)" -out "$name.crt"
    done
  ) >"$WORK/openssl.log" 2>&1 || die "openssl could not make the TLS certificates:"$'\n'"$(cat "$WORK/openssl.log")"
  TLS_DIR=$dir
}

start_target_bridge_tls() {
  local port
  make_tls_certs
  pick_port port
  cat >"$TLS_DIR/nats-server.conf" <<EOF
tls {
  cert_file: "$TLS_DIR/server.crt"
  key_file: "$TLS_DIR/server.key"
  ca_file: "$TLS_DIR/ca.crt"
  verify: true
}
EOF
  start_process nats-server-tls "$NATS_SERVER" -a 127.0.0.1 -p "$port" -js -sd "$WORK/jetstream-tls" \
    -c "$TLS_DIR/nats-server.conf"
  wait_ready nats-server-tls "$LAST_PID" "port $port open" port_open "$port"
  TARGET_NATS_PID[bridge_tls]=$LAST_PID
  start_process responder_tls "$BENCH_JAVA" "${RESPONDER_JAVA_ARGS[@]}" -cp "$BENCH_JAR" \
    dev.switchboard.bench.BenchResponder --nats "tls://127.0.0.1:$port" --tls-ca "$TLS_DIR/ca.crt" \
    --tls-cert "$TLS_DIR/responder.crt" --tls-key "$TLS_DIR/responder.key"
  wait_ready responder_tls "$LAST_PID" "printed ready" log_has_line responder_tls ready
  TARGET_RESPONDER_PID[bridge_tls]=$LAST_PID
  start_bridge bridge_tls "$BRIDGE_CONFIG" SWITCHBOARD_NATS_URLS="tls://127.0.0.1:$port" \
    SWITCHBOARD_NATS_TLS_CA_FILE="$TLS_DIR/ca.crt" SWITCHBOARD_NATS_TLS_CERT_FILE="$TLS_DIR/bridge.crt" \
    SWITCHBOARD_NATS_TLS_KEY_FILE="$TLS_DIR/bridge.key"
}

# --- load ------------------------------------------------------------------------------------------

# cpu_ticks PID: user + system CPU time of a process so far, in clock ticks (/proc/PID/stat).
cpu_ticks() {
  [[ -r /proc/$1/stat ]] || { echo 0; return; }
  # fields after the command name, which is in parentheses and may hold spaces
  sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}

# per_request TICKS REQUESTS: CPU ticks as microseconds per request.
per_request() { awk -v t="$1" -v hz="$(getconf CLK_TCK)" -v n="$2" 'BEGIN { printf "%.1f", t * 1000000 / hz / n }'; }

# thread_ticks PID: "thread-group ticks" lines, the CPU ticks of PID's threads summed by name
# without its trailing number (vert.x-eventloop-thread-0 and -1 are one group). A name is what
# stands between the first "(" and the last ")" of the thread's stat line, and may hold spaces.
thread_ticks() {
  cat /proc/"$1"/task/*/stat 2>/dev/null | awk '{
      first = index($0, "("); last = length($0)
      while (last > first && substr($0, last, 1) != ")") last--
      name = substr($0, first + 1, last - first - 1)
      gsub(/ /, "_", name); sub(/[-#0-9]+$/, "", name)
      split(substr($0, last + 2), field, " ")
      ticks[name] += field[12] + field[13]
    } END { for (name in ticks) print name, ticks[name] }' | LC_ALL=C sort
}

# split_of BEFORE AFTER REQUESTS: the thread groups' CPU per request (us, those of at least 1 us).
split_of() {
  join "$1" "$2" | awk -v n="$3" -v hz="$(getconf CLK_TCK)" \
    '{ us = ($3 - $2) * 1000000 / hz / n; if (us >= 1) printf "%s%s %.1f", (c++ ? ", " : ""), $1, us }'
}

# over_error_rate ERRORS REQUESTS: true when more than BENCH_MAX_ERROR_RATE of the requests failed.
over_error_rate() { awk -v e="$1" -v n="$2" -v max="$BENCH_MAX_ERROR_RATE" 'BEGIN { exit !(e > n * max) }'; }

# run_wrk NAME LABEL SECONDS VERIFY: loads the target; sets RPS, P50, P99 (ms) and CPU_US, the
# server process's CPU time per completed request in microseconds (what sizing divides a core by),
# and SPLIT: that time by thread group, and nats-server's and the responder's, per request.
run_wrk() {
  local name=$1 label=$2 seconds=$3 verify=$4 out="$WORK/wrk-$1-$2.txt"
  local requests errors bad ticks_before ticks_after nats_before responder_before
  local nats_pid=${TARGET_NATS_PID[$name]:-${NATS_PID:-0}}
  local responder_pid=${TARGET_RESPONDER_PID[$name]:-${RESPONDER_PID:-0}}
  thread_ticks "${TARGET_PID[$name]:-0}" >"$WORK/threads-before"
  nats_before=$(cpu_ticks "$nats_pid")
  responder_before=$(cpu_ticks "$responder_pid")
  ticks_before=$(cpu_ticks "${TARGET_PID[$name]:-0}")
  log "$label: $name for ${seconds}s (wrk -t$BENCH_THREADS -c$BENCH_CONNECTIONS)"
  if ! BENCH_BODY="$(body_of "$name")" BENCH_VERIFY=$verify wrk -t"$BENCH_THREADS" -c"$BENCH_CONNECTIONS" -d"${seconds}s" --latency \
    -s "$WRK_SCRIPT" "${TARGET_URL[$name]}" >"$out" 2>&1; then
    die "wrk failed against $name:"$'\n'"$(cat "$out")"
  fi
  ticks_after=$(cpu_ticks "${TARGET_PID[$name]:-0}")
  thread_ticks "${TARGET_PID[$name]:-0}" >"$WORK/threads-after"
  read -r RPS P50 P99 requests errors bad < <(LC_ALL=C parse_wrk "$out")
  if [[ $RPS == - || $P50 == - || $P99 == - || $requests == - ]]; then
    die "could not read wrk's output for $name:"$'\n'"$(cat "$out")"
  fi
  ((requests > 0)) || die "$name: wrk completed no request:"$'\n'"$(cat "$out")"
  CPU_US=$(per_request $((ticks_after - ticks_before)) "$requests")
  SPLIT="$(LC_ALL=C split_of "$WORK/threads-before" "$WORK/threads-after" "$requests");"
  SPLIT+=" nats-server $(per_request $(($(cpu_ticks "$nats_pid") - nats_before)) "$requests"),"
  SPLIT+=" responder $(per_request $(($(cpu_ticks "$responder_pid") - responder_before)) "$requests")"
  if [[ $verify == 1 ]] && ((bad > 0)); then
    die "$name: $bad of $requests responses were not a correct answer during $label$(log_tail "$name")"
  fi
  if ((errors > 0)); then
    log "$name: $errors of $requests requests failed (socket errors or non-2xx) during $label"
    if over_error_rate "$errors" "$requests"; then
      die "$name: too many failed requests during $label ($errors of $requests):"$'\n'"$(cat "$out")$(log_tail "$name")"
    fi
  fi
}

# warm_up NAME: BENCH_WARMUP-second steps until the target is steady (see BENCH_STEADY_GAIN); logs the
# steps' req/s and how long it took. Warm-up steps also check every response body (bench.lua), so a
# target that answers fast but wrongly under load is caught.
warm_up() {
  local name=$1 spent=0 step=1 best=0 flat=0 steps=""
  while :; do
    run_wrk "$name" "warmup$step" "$BENCH_WARMUP" 1
    spent=$((spent + BENCH_WARMUP))
    steps+="${steps:+ }${RPS%.*}"
    # Steady: two steps in a row no more than BENCH_STEADY_GAIN % above the best step before them (one
    # step alone can dip while the compiler is busy and look flat).
    if awk -v now="$RPS" -v best="$best" -v gain="$BENCH_STEADY_GAIN" \
      'BEGIN { exit !(best > 0 && now <= best * (1 + gain / 100)) }'; then
      flat=$((flat + 1))
    else
      flat=0
    fi
    if ((BENCH_STEADY_GAIN == 0 || flat >= 2)); then
      printf 'warm-up  %-16s steady after %ss (req/s per step: %s)\n' "$name" "$spent" "$steps"
      break
    fi
    if ((spent + BENCH_WARMUP > BENCH_WARMUP_MAX)); then
      printf 'warm-up  %-16s still speeding up after %ss (req/s per step: %s); measured anyway\n' "$name" "$spent" "$steps"
      break
    fi
    best=$(awk -v now="$RPS" -v best="$best" 'BEGIN { print (now > best ? now : best) }')
    step=$((step + 1))
  done
}

# Prints "req/s p50 p99 requests errors bad", latencies in ms, "-" for what wrk did not print.
parse_wrk() {
  awk '
    function ms(v,   n, u) {
      n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
      if (u == "us") return n / 1000
      if (u == "ms") return n
      if (u == "s") return n * 1000
      if (u == "m") return n * 60000
      if (u == "h") return n * 3600000
      return "-"
    }
    BEGIN { rps = p50 = p99 = requests = "-"; errors = 0; bad = 0 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    / requests in / { requests = $1 }
    /Socket errors:/ { gsub(",", ""); errors += $4 + $6 + $8 + $10 }
    /Non-2xx or 3xx responses:/ { errors += $NF }
    $1 == "Requests/sec:" { rps = $2 }
    $1 == "Bad" && $2 == "responses:" { bad = $3 }
    END { print rps, p50, p99, requests, errors, bad }
  ' "$1"
}

# --- paired runs -----------------------------------------------------------------------------------

# run_pair A B RUN: loads A and B at once for BENCH_DURATION seconds, each with half the threads and
# connections, the one started first alternating by RUN; prints both and their CPU ratio, and appends
# "A B cpuA cpuB rpsA rpsB" to $WORK/pairs.txt.
run_pair() {
  local a=$1 b=$2 run=$3 first second threads connections cpu_a cpu_b name requests errors
  local -A before=() rps=() count=()
  threads=$(((BENCH_THREADS + 1) / 2))
  connections=$((BENCH_CONNECTIONS / 2))
  ((run % 2 == 1)) && { first=$a second=$b; } || { first=$b second=$a; }
  for name in "$a" "$b"; do
    before[$name]=$(cpu_ticks "${TARGET_PID[$name]}")
  done
  pair_wrk "$first" "$threads" "$connections" &
  local first_wrk=$!
  pair_wrk "$second" "$threads" "$connections" || die "wrk failed against $second:"$'\n'"$(cat "$WORK/pair-$second.txt")"
  wait "$first_wrk" || die "wrk failed against $first:"$'\n'"$(cat "$WORK/pair-$first.txt")"
  for name in "$a" "$b"; do
    read -r "rps[$name]" _ _ requests errors _ < <(LC_ALL=C parse_wrk "$WORK/pair-$name.txt")
    [[ $requests =~ ^[0-9]+$ ]] && ((requests > 0)) || die "$name: no request completed in pair run $run"
    if over_error_rate "$errors" "$requests"; then
      die "$name: too many failed requests in pair run $run ($errors of $requests)$(log_tail "$name")"
    fi
    count[$name]=$requests
  done
  cpu_a=$(per_request $(($(cpu_ticks "${TARGET_PID[$a]}") - before[$a])) "${count[$a]}")
  cpu_b=$(per_request $(($(cpu_ticks "${TARGET_PID[$b]}") - before[$b])) "${count[$b]}")
  printf '%s %s %s %s %s %s\n' "$a" "$b" "$cpu_a" "$cpu_b" "${rps[$a]}" "${rps[$b]}" >>"$WORK/pairs.txt"
  LC_ALL=C awk -v a="$a" -v b="$b" -v r="$run" -v ca="$cpu_a" -v cb="$cpu_b" -v ra="${rps[$a]}" -v rb="${rps[$b]}" -v f="$first" \
    'BEGIN { printf "pair %s  %-14s %9.1f req/s %6.1f us/req | %-14s %9.1f req/s %6.1f us/req | %s/%s cpu %.2f (%s started first)\n", r, a, ra, ca, b, rb, cb, a, b, ca / cb, f }'
}

# pair_wrk NAME THREADS CONNECTIONS: one side of a paired run; wrk's output in $WORK/pair-NAME.txt.
pair_wrk() {
  BENCH_BODY="$(body_of "$1")" BENCH_VERIFY=0 wrk -t"$2" -c"$3" -d"${BENCH_DURATION}s" --latency \
    -s "$WRK_SCRIPT" "${TARGET_URL[$1]}" >"$WORK/pair-$1.txt" 2>&1
}

run_pairs() {
  local pair a b run
  [[ -n $BENCH_PAIRS ]] || return 0
  : >"$WORK/pairs.txt"
  for pair in $BENCH_PAIRS; do
    a=${pair%%:*} b=${pair#*:}
    log "paired: $a and $b at once, $BENCH_PAIR_RUNS runs of ${BENCH_DURATION}s"
    for ((run = 1; run <= BENCH_PAIR_RUNS; run++)); do
      run_pair "$a" "$b" "$run"
    done
  done
}

# One line per pair: the mean of its runs' CPU-per-request ratios, and their range. Not a throughput
# ratio: loaded together, the scheduler gives the busier process more of the cores, so the req/s of a
# pair say how the cores were shared, not what either would serve alone.
report_pairs() {
  [[ -s $WORK/pairs.txt ]] || return 0
  LC_ALL=C awk '{
      key = $1 "/" $2; r = $3 / $4
      if (!(key in n)) { order[++keys] = key; lo[key] = hi[key] = r }
      n[key]++; sum[key] += r
      if (r < lo[key]) lo[key] = r
      if (r > hi[key]) hi[key] = r
    } END {
      for (i = 1; i <= keys; i++) {
        k = order[i]
        printf "paired %s cpu per request = %.2f (%d runs, %.2f-%.2f)\n", k, sum[k] / n[k], n[k], lo[k], hi[k]
      }
    }' "$WORK/pairs.txt"
}

# --- report ----------------------------------------------------------------------------------------

# Keys and the access token every target is sent (BenchKeys), so all requests are byte-identical.
make_keys() {
  "$BENCH_JAVA" -cp "$BENCH_JAR" dev.switchboard.bench.BenchKeys "$WORK/keys" >&2 || die "BenchKeys failed"
  BENCH_AUTHORIZATION="Bearer $(cat "$WORK/keys/token.txt")"
  export BENCH_AUTHORIZATION
}

# The bridge with JWT validation, subject permissions and the signed identity envelope on. Every
# target gets the same Authorization header (bench.lua), so only the bridge_auth target does the work.
start_target_bridge_auth() {
  start_bridge bridge_auth deploy/bench/bench-auth-config.yaml \
    SWITCHBOARD_AUTH_JWKS_FILE="$WORK/keys/issuer-jwks.json" \
    SWITCHBOARD_IDENTITY_SIGNING_KEY_FILE="$WORK/keys/identity-key.json"
}

# Trusted documents: the bridge in documents.mode require (bench-documents-config.yaml), sent the
# benchmark query by id only ({"documentId": ...}); its ratio is against the query floor.
start_target_bridge_documents() {
  start_bridge bridge_documents deploy/bench/bench-documents-config.yaml
  TARGET_BODY[bridge_documents]=$DOCUMENT_BODY
}

# The floor with the bridge's header contract on its NATS request (FloorContract): what the contract's
# bytes cost nats-server, the responder and jnats, apart from the bridge's own code.
start_target_floor_contract() { start_floor floor_contract /contract; }
# The contract floor behind Vert.x Web's router and a bounded body handler (POST /web): what the web
# framework the bridge is built on costs a hand-written service; not in the default targets.
start_target_floor_web() { start_floor floor_web /web; }

# The publish scenario: the floor's /publish and the bridge's recordEvent mutation, both a JetStream
# publish answered on the stream's acknowledgement.
start_target_floor_publish() { start_floor floor_publish /publish; }

# The nested scenario: the floor asks for the orders, then their customers in one batch, by hand.
start_target_floor_nested() {
  start_floor floor_nested /nested
  TARGET_BODY[floor_nested]=$NESTED_BODY
}

# The same through the bridge: Order.customer has batchKey (deploy/bench/bench-nested-schema.graphql).
start_target_bridge_nested() {
  start_bridge bridge_nested deploy/bench/bench-nested-config.yaml
  TARGET_BODY[bridge_nested]=$NESTED_BODY
}

start_target_bridge_publish() {
  start_bridge bridge_publish "$BRIDGE_CONFIG"
  TARGET_BODY[bridge_publish]=$PUBLISH_BODY
}

# Fan-out: BENCH_FANOUT WebSocket subscribers, one event at a time, first on a fresh floor (FloorFanout:
# no GraphQL), then on a fresh bridge with its heap capped at 256 MB. The bridge runs the JVM's default
# collector (G1): with 10,000 connections' state live, ParallelGC's fixed old generation in a 256 MB
# heap is too small and it collects back to back. Prints both and the p99 ratio.
run_fanout() {
  ((BENCH_FANOUT > 0)) || return 0
  log "fan-out: $BENCH_FANOUT subscribers, $BENCH_FANOUT_WARMUP warm-up and $BENCH_FANOUT_EVENTS measured events"
  start_floor floor_fanout /
  fanout_against floor floor_fanout
  BRIDGE_JVM_ARGS=(-Xms256m -Xmx256m $EXTRA_JVM_FLAGS)
  start_bridge bridge_fanout "$BRIDGE_CONFIG"
  fanout_against bridge bridge_fanout --bridge-pid "$LAST_PID"
  LC_ALL=C awk '$1 == "fan-out" && $3 == "latency" && $4 == "p99" { p99[$2] = $5 }
    END { if (p99["floor"] > 0) printf "fan-out bridge/floor p99 = %.2f\n", p99["bridge"] / p99["floor"] }' \
    "$WORK/fanout-floor.txt" "$WORK/fanout-bridge.txt"
}

# fanout_against TARGET NAME [ARGS...]: FanoutBench against the started server NAME; its report goes to
# stdout and to $WORK/fanout-TARGET.txt.
fanout_against() {
  local target=$1 name=$2 port
  shift 2
  port=${TARGET_URL[$name]#http://127.0.0.1:}
  port=${port%%/*}
  "$BENCH_JAVA" -Xmx1g $EXTRA_JVM_FLAGS -cp "$BENCH_JAR" dev.switchboard.bench.FanoutBench --target "$target" \
    --port "$port" --nats "$NATS_URL" --subscribers "$BENCH_FANOUT" --events "$BENCH_FANOUT_EVENTS" \
    --warmup "$BENCH_FANOUT_WARMUP" "$@" >"$WORK/fanout-$target.txt" ||
    die "the fan-out benchmark failed against $name$(log_tail "$name")"
  cat "$WORK/fanout-$target.txt"
}

report() {
  local results=$1
  printf '\n'
  LC_ALL=C awk -v order="$BENCH_TARGETS" '
    { n[$1]++; rps[$1] += $3; p50[$1] += $4; p99[$1] += $5; cpu[$1] += $6 }
    END {
      # cpu: CPU time of the server process per request; req/s/core: what one core of it would serve
      printf "%-16s %10s %9s %9s %11s %11s\n", "target", "req/s", "p50(ms)", "p99(ms)", "cpu(us/req)", "req/s/core"
      count = split(order, names, " ")
      for (i = 1; i <= count; i++) {
        t = names[i]
        if (!(t in n)) continue
        us = cpu[t] / n[t]
        printf "%-16s %10.1f %9.2f %9.2f %11.1f %11.0f\n", t, rps[t] / n[t], p50[t] / n[t], p99[t] / n[t], us, (us > 0 ? 1000000 / us : 0)
      }
      # Tracing is measured against the bridge itself: its cost is 1 - throughput ratio.
      for (i = 1; i <= count; i++) {
        t = names[i]
        if ((t != "bridge_traced" && t != "bridge_unsampled") || !(t in n) || !("bridge" in n)) continue
        ratio = (rps[t] / n[t]) / (rps["bridge"] / n["bridge"])
        printf "%s/bridge p99 = %.2f\n", t, (p99[t] / n[t]) / (p99["bridge"] / n["bridge"])
        printf "%s/bridge throughput = %.3f (cost %.1f%%)\n", t, ratio, (1 - ratio) * 100
      }
      if (("bridge_nested" in n) && ("floor_nested" in n)) {
        printf "bridge_nested/floor_nested p99 = %.2f\n", (p99["bridge_nested"] / n["bridge_nested"]) / (p99["floor_nested"] / n["floor_nested"])
        printf "bridge_nested/floor_nested throughput = %.2f\n", (rps["bridge_nested"] / n["bridge_nested"]) / (rps["floor_nested"] / n["floor_nested"])
      }
      if (!("floor" in n)) exit
      # Other scenarios first, the bridge last: its throughput ratio is the last line.
      for (i = 1; i <= count; i++) {
        t = names[i]
        if (t == "floor" || t == "floor_publish" || t ~ /_nested$/ || t == "bridge" || t == "bridge_traced" || t == "bridge_unsampled" || !(t in n)) continue
        base = (t ~ /_publish$/) ? "floor_publish" : "floor"
        if (!(base in n)) continue
        printf "%s/%s p99 = %.2f\n", t, base, (p99[t] / n[t]) / (p99[base] / n[base])
        printf "%s/%s throughput = %.2f\n", t, base, (rps[t] / n[t]) / (rps[base] / n[base])
      }
      # What TLS to NATS costs: the TLS targets against the bridge over plain NATS.
      for (i = 1; i <= count; i++) {
        t = names[i]
        if (t !~ /_tls$/ || !(t in n) || !("bridge" in n)) continue
        printf "%s/bridge p99 = %.2f\n", t, (p99[t] / n[t]) / (p99["bridge"] / n["bridge"])
        printf "%s/bridge throughput = %.2f\n", t, (rps[t] / n[t]) / (rps["bridge"] / n["bridge"])
      }
      if ("bridge" in n) {
        # CPU per request moves less with how the machine shares its cores than req/s does
        if (cpu["floor"] > 0)
          printf "bridge/floor cpu per request = %.2f\n", (cpu["bridge"] / n["bridge"]) / (cpu["floor"] / n["floor"])
        if ("floor_contract" in n)
          printf "bridge/floor_contract throughput = %.2f\n", (rps["bridge"] / n["bridge"]) / (rps["floor_contract"] / n["floor_contract"])
        printf "bridge/floor p99 = %.2f\n", (p99["bridge"] / n["bridge"]) / (p99["floor"] / n["floor"])
        printf "bridge/floor throughput = %.2f\n", (rps["bridge"] / n["bridge"]) / (rps["floor"] / n["floor"])
      }
    }' "$results"
}

# --- main ------------------------------------------------------------------------------------------

validate() {
  local name value
  for name in BENCH_CONNECTIONS BENCH_THREADS BENCH_DURATION BENCH_WARMUP BENCH_ROUNDS BENCH_READY_TIMEOUT \
    BENCH_STEADY_GAIN BENCH_WARMUP_MAX BENCH_FANOUT BENCH_FANOUT_EVENTS BENCH_FANOUT_WARMUP; do
    value=${!name}
    [[ $value =~ ^[0-9]+$ ]] || die "$name must be a whole number, got '$value'"
  done
  ((BENCH_ROUNDS > 0 && BENCH_DURATION > 0)) || die "BENCH_ROUNDS and BENCH_DURATION must be at least 1"
  ((BENCH_CONNECTIONS >= BENCH_THREADS)) || die "BENCH_CONNECTIONS must be at least BENCH_THREADS"
  [[ $BENCH_PAIR_RUNS =~ ^[1-9][0-9]*$ ]] || die "BENCH_PAIR_RUNS must be a whole number of at least 1, got '$BENCH_PAIR_RUNS'"
  if [[ -n $BENCH_PAIRS ]]; then
    ((BENCH_CONNECTIONS >= 2)) || die "BENCH_PAIRS needs BENCH_CONNECTIONS of at least 2 (half for each side)"
  fi
  [[ $BENCH_BUILD =~ ^(auto|0|1)$ ]] || die "BENCH_BUILD must be auto, 0 or 1, got '$BENCH_BUILD'"
  read -r -a TARGETS <<<"$BENCH_TARGETS"
  ((${#TARGETS[@]} > 0)) || die "BENCH_TARGETS is empty"
  for name in "${TARGETS[@]}"; do
    declare -F "start_target_$name" >/dev/null ||
      die "unknown target '$name' in BENCH_TARGETS; known: $(declare -F | awk '$3 ~ /^start_target_/ { sub("start_target_", "", $3); printf "%s ", $3 }')"
  done
  for name in $BENCH_PAIRS; do
    [[ $name =~ ^([a-z_]+):([a-z_]+)$ && ${BASH_REMATCH[1]} != "${BASH_REMATCH[2]}" ]] ||
      die "BENCH_PAIRS entries are two different targets as a:b, got '$name'"
    [[ " ${TARGETS[*]} " == *" ${BASH_REMATCH[1]} "* && " ${TARGETS[*]} " == *" ${BASH_REMATCH[2]} "* ]] ||
      die "BENCH_PAIRS names '$name', but both must be in BENCH_TARGETS"
  done
}

main() {
  local name round results
  validate
  NATS_SERVER=$(require_tool nats-server)
  require_tool wrk >/dev/null
  command -v "$BENCH_JAVA" >/dev/null || die "java not found (Java 17 or newer is needed)"
  require_jar "$BENCH_JAR" deploy/bench

  WORK=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-bench.XXXXXX")
  results="$WORK/results.txt"
  : >"$results"

  make_keys
  start_nats
  start_responder
  for name in "${TARGETS[@]}"; do
    "start_target_$name"
  done
  for name in "${TARGETS[@]}"; do
    check_target "$name"
  done

  printf 'Switchboard benchmark: %s cores, wrk -t%s -c%s, warm-up in %ss steps until steady (gain <= %s%%, at most %ss), %s round(s) of %ss per target\n' \
    "$(nproc 2>/dev/null || echo '?')" "$BENCH_THREADS" "$BENCH_CONNECTIONS" "$BENCH_WARMUP" \
    "$BENCH_STEADY_GAIN" "$BENCH_WARMUP_MAX" "$BENCH_ROUNDS" "$BENCH_DURATION"
  printf 'java: %s (%s)\n' "$BENCH_JAVA" "$("$BENCH_JAVA" -version 2>&1 | head -1)"
  printf 'JAVA_OPTS=%s   targets: %s\n' "$JAVA_OPTS" "${TARGETS[*]}"

  if ((BENCH_WARMUP > 0)); then
    for name in "${TARGETS[@]}"; do
      warm_up "$name"
    done
  fi
  local order=("${TARGETS[@]}") i
  for ((round = 1; round <= BENCH_ROUNDS; round++)); do
    # odd rounds in BENCH_TARGETS' order, even rounds backwards: floor, bridge, then bridge, floor
    for ((i = 0; i < ${#TARGETS[@]}; i++)); do
      order[i]=${TARGETS[round % 2 == 1 ? i : ${#TARGETS[@]} - 1 - i]}
    done
    for name in "${order[@]}"; do
      run_wrk "$name" "round$round" "$BENCH_DURATION" 0
      printf '%s %s %s %s %s %s\n' "$name" "$round" "$RPS" "$P50" "$P99" "$CPU_US" >>"$results"
      LC_ALL=C printf 'round %s  %-16s %10.1f req/s   p50 %7.2f ms   p99 %7.2f ms   cpu %7.1f us/req\n' "$round" "$name" "$RPS" "$P50" "$P99" "$CPU_US"
      # where each process's time goes, per request: the machine's drift moves them all together
      printf '         %-16s us/req by thread: %s\n' "$name" "$SPLIT"
    done
  done
  run_pairs
  for name in "${TARGETS[@]}"; do
    check_target "$name"
  done
  run_fanout
  report_pairs
  report "$results"
  if [[ " ${TARGETS[*]} " != *" floor "* || " ${TARGETS[*]} " != *" bridge "* ]]; then
    log "no bridge/floor ratio: BENCH_TARGETS must name both floor and bridge"
  fi
}

main "$@"

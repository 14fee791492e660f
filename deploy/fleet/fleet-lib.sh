# The local fleet's processes, shared by deploy/fleet.sh and deploy/fleet-test.sh (sourced, not run).
#
# Layout, all on 127.0.0.1, from FLEET_BASE_PORT (default 17400; node i = 1..3, bridge i = 1..N):
#   HAProxy  base (clients: http://127.0.0.1:base/graphql), stats page base+1 (/stats)
#   NATS     client base+10+i, monitoring base+20+i, cluster base+30+i
#   bridges  API base+40+i, management (/readyz, /healthz, /metrics) base+60+i
# The runtime directory (FLEET_DIR, default deploy/fleet/.run, git-ignored) holds the JetStream
# stores, the shared signing key, the live schema, the generated HAProxy config, logs/ and pids/.

FLEET_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
FLEET_DIR=${FLEET_DIR:-$FLEET_ROOT/deploy/fleet/.run}
FLEET_BRIDGES=${FLEET_BRIDGES:-2}
FLEET_RESPONDERS=${FLEET_RESPONDERS:-2}
FLEET_BASE_PORT=${FLEET_BASE_PORT:-17400}
FLEET_READY_TIMEOUT=${FLEET_READY_TIMEOUT:-60}
FLEET_JAVA=${FLEET_JAVA:-java}
FLEET_JAVA_OPTS=${FLEET_JAVA_OPTS:--Xms64m -Xmx256m -XX:+UseSerialGC}
FLEET_BRIDGE_JAR=$FLEET_ROOT/bridge/target/switchboard.jar
FLEET_TOOL_JAR=$FLEET_ROOT/deploy/fleet/target/switchboard-fleet.jar
FLEET_CONF=$FLEET_ROOT/deploy/fleet
export PATH="$PATH:/usr/sbin"

fleet_log() { printf '[fleet] %s\n' "$*" >&2; }
fleet_die() {
  printf '[fleet] FAILED: %s\n' "$*" >&2
  exit 1
}

lb_port() { echo $((FLEET_BASE_PORT)); }
stats_port() { echo $((FLEET_BASE_PORT + 1)); }
nats_port() { echo $((FLEET_BASE_PORT + 10 + $1)); }
monitor_port() { echo $((FLEET_BASE_PORT + 20 + $1)); }
route_port() { echo $((FLEET_BASE_PORT + 30 + $1)); }
bridge_port() { echo $((FLEET_BASE_PORT + 40 + $1)); }
management_port() { echo $((FLEET_BASE_PORT + 60 + $1)); }
nats_urls() { echo "nats://127.0.0.1:$(nats_port 1),nats://127.0.0.1:$(nats_port 2),nats://127.0.0.1:$(nats_port 3)"; }
lb_url() { echo "http://127.0.0.1:$(lb_port)/graphql"; }

# --- processes -------------------------------------------------------------------------------------

pid_of() { cat "$FLEET_DIR/pids/$1.pid" 2>/dev/null || true; }

# True while pid is alive (a zombie, exited but not reaped, counts as gone).
is_running() {
  local state
  [[ -n $1 ]] && kill -0 "$1" 2>/dev/null || return 1
  state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [[ $state != Z* ]]
}

# start_process NAME COMMAND...: in the background (own session, so it outlives fleet.sh), output
# in logs/NAME.log (appended: a restarted process keeps its history), pid in pids/NAME.pid.
start_process() {
  local name=$1
  shift
  mkdir -p "$FLEET_DIR/logs" "$FLEET_DIR/pids"
  setsid "$@" >>"$FLEET_DIR/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$FLEET_DIR/pids/$name.pid"
  disown $! # no "Killed" job notice when a scenario kills it
}

# stop_process NAME [SIGNAL]: signals the recorded pid (TERM by default), waits until it exited
# (KILL after 20 s), forgets the pid. Only pids this fleet recorded are ever signalled.
stop_process() {
  local name=$1 signal=${2:-TERM} pid waited
  pid=$(pid_of "$name")
  if is_running "$pid"; then
    kill "-$signal" "$pid" 2>/dev/null || true
    for ((waited = 0; waited < 200; waited++)); do
      is_running "$pid" || break
      sleep 0.1
    done
    if is_running "$pid"; then
      fleet_log "$name (pid $pid) ignored $signal for 20 s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$FLEET_DIR/pids/$name.pid"
}

# wait_until NAME WHAT CHECK...: polls CHECK (every 100 ms) until it succeeds; fails when NAME's
# process exits first or FLEET_READY_TIMEOUT passes.
wait_until() {
  local name=$1 what=$2 deadline=$((SECONDS + FLEET_READY_TIMEOUT))
  shift 2
  until "$@"; do
    if [[ $name != - ]] && ! is_running "$(pid_of "$name")"; then
      fleet_die "$name exited before $what; last lines of $FLEET_DIR/logs/$name.log:
$(tail -n 20 "$FLEET_DIR/logs/$name.log" 2>/dev/null)"
    fi
    ((SECONDS < deadline)) || fleet_die "$name: no $what within ${FLEET_READY_TIMEOUT}s (log: $FLEET_DIR/logs/$name.log)"
    sleep 0.1
  done
}

http_status() { curl -s -o /dev/null -m 2 -w '%{http_code}' "$1" 2>/dev/null || true; }
http_ok() { [[ $(http_status "$1") == 200 ]]; }

# --- components ------------------------------------------------------------------------------------

start_node() {
  local i=$1
  mkdir -p "$FLEET_DIR/nats-$i"
  start_process "nats-$i" env FLEET_NODE="n$i" FLEET_NATS_PORT="$(nats_port "$i")" \
    FLEET_MONITOR="127.0.0.1:$(monitor_port "$i")" FLEET_ROUTE_LISTEN="127.0.0.1:$(route_port "$i")" \
    FLEET_ROUTE_1="nats-route://127.0.0.1:$(route_port 1)" FLEET_ROUTE_2="nats-route://127.0.0.1:$(route_port 2)" \
    FLEET_ROUTE_3="nats-route://127.0.0.1:$(route_port 3)" FLEET_STORE_DIR="$FLEET_DIR/nats-$i" \
    nats-server -c "$FLEET_CONF/nats-node.conf"
}

node_ready() { http_ok "http://127.0.0.1:$(monitor_port "$1")/healthz"; }

start_bridge() {
  local i=$1
  local -a jvm
  read -r -a jvm <<<"$FLEET_JAVA_OPTS"
  # --default-signal=HUP: SIGHUP reloads, as under a service manager, even when this script runs
  # under nohup (a JVM keeps an inherited ignored SIGHUP ignored)
  start_process "bridge-$i" env --default-signal=HUP SWITCHBOARD_HTTP_PORT="$(bridge_port "$i")" \
    SWITCHBOARD_MANAGEMENT_PORT="$(management_port "$i")" SWITCHBOARD_NATS_NAME="fleet-bridge-$i" \
    SWITCHBOARD_NATS_URLS="$(nats_urls)" SWITCHBOARD_SCHEMA_FILES="$FLEET_DIR/schema.graphql" \
    SWITCHBOARD_IDENTITY_SIGNING_KEY_FILE="$FLEET_DIR/identity-key.json" \
    "$FLEET_JAVA" "${jvm[@]}" -jar "$FLEET_BRIDGE_JAR" serve --config "$FLEET_CONF/bridge.yaml"
}

bridge_ready() { http_ok "http://127.0.0.1:$(management_port "$1")/readyz"; }

start_responder() {
  local i=$1
  start_process "responder-$i" "$FLEET_JAVA" -Xmx128m -XX:+UseSerialGC -jar "$FLEET_TOOL_JAR" responder \
    --name "fleet-responder-$i" --nats "$(nats_urls)" --signing-key "$FLEET_DIR/identity-key.json"
}

responder_ready() { grep -qx ready "$FLEET_DIR/logs/responder-$1.log" 2>/dev/null; }

start_lb() {
  local i
  {
    cat "$FLEET_CONF/haproxy.cfg"
    for ((i = 1; i <= FLEET_BRIDGES; i++)); do
      printf '  server bridge-%s 127.0.0.1:%s check port %s\n' "$i" "$(bridge_port "$i")" "$(management_port "$i")"
    done
  } >"$FLEET_DIR/haproxy.cfg"
  FLEET_LB_BIND="127.0.0.1:$(lb_port)" FLEET_STATS_BIND="127.0.0.1:$(stats_port)" \
    haproxy -c -q -f "$FLEET_DIR/haproxy.cfg" || fleet_die "HAProxy refused $FLEET_DIR/haproxy.cfg"
  start_process haproxy env FLEET_LB_BIND="127.0.0.1:$(lb_port)" FLEET_STATS_BIND="127.0.0.1:$(stats_port)" \
    haproxy -db -f "$FLEET_DIR/haproxy.cfg"
}

# lb_field bridge-I N: field N of that server's line in HAProxy's stats CSV.
lb_field() {
  curl -s -m 2 "http://127.0.0.1:$(stats_port)/stats;csv" 2>/dev/null |
    awk -F, -v server="$1" -v field="$2" '$1 == "bridges" && $2 == server { print $field }'
}

# lb_state bridge-I: HAProxy's view of that server (UP, DOWN, "UP 1/2", MAINT, ...).
lb_state() { lb_field "$1" 18; }

lb_up() { [[ $(lb_state "bridge-$1") == UP ]]; }

# lb_throttle bridge-I: the share (%) HAProxy's slowstart gives that server now; empty when it is not
# in slowstart.
lb_throttle() { lb_field "$1" 30; }

# node_of_bridge I: the node (1..3) whose /connz lists bridge I's connection, or nothing.
node_of_bridge() {
  local node
  for node in 1 2 3; do
    if curl -s -m 2 "http://127.0.0.1:$(monitor_port "$node")/connz" 2>/dev/null |
      grep -q "\"name\": \"fleet-bridge-$1\""; then
      echo "$node"
      return
    fi
  done
}

# nodes_of_responders: the nodes the responders are connected to, one per line.
nodes_of_responders() {
  local node
  for node in 1 2 3; do
    curl -s -m 2 "http://127.0.0.1:$(monitor_port "$node")/connz" 2>/dev/null |
      grep -q '"name": "fleet-responder-' && echo "$node"
  done
  return 0
}

# --- build -----------------------------------------------------------------------------------------

# require_jar JAR MODULE: builds MODULE when JAR is missing or older than its sources.
require_jar() {
  local jar=$1 module=$2
  if [[ -f $jar ]] && [[ -z $(cd "$FLEET_ROOT" && find pom.xml subjects "$module" -newer "$jar" -type f \
    \( -name '*.java' -o -name 'pom.xml' -o -name '*.graphql' -o -name '*.yaml' \) -not -path '*/target/*' \
    -not -path '*/.run/*' -print -quit) ]]; then
    return 0
  fi
  fleet_log "building $module (mvn package, tests skipped)..."
  (cd "$FLEET_ROOT" && mvn -B -q package -DskipTests -pl "$module" -am) >&2 ||
    fleet_die "building $module failed"
}

# --- the whole fleet -------------------------------------------------------------------------------

fleet_running() {
  local file
  for file in "$FLEET_DIR"/pids/*.pid; do
    [[ -f $file ]] && is_running "$(cat "$file")" && return 0
  done
  return 1
}

fleet_up() {
  local i
  ((FLEET_BRIDGES >= 1)) || fleet_die "FLEET_BRIDGES must be at least 1"
  fleet_running && fleet_die "a fleet is already running in $FLEET_DIR (deploy/fleet.sh down first)"
  "$FLEET_ROOT/deploy/install-deps.sh" --fleet
  require_jar "$FLEET_BRIDGE_JAR" bridge
  require_jar "$FLEET_TOOL_JAR" deploy/fleet
  mkdir -p "$FLEET_DIR/logs" "$FLEET_DIR/pids"
  echo "$FLEET_BRIDGES" >"$FLEET_DIR/bridges"
  cp "$FLEET_CONF/schema.graphql" "$FLEET_DIR/schema.graphql"
  "$FLEET_JAVA" -jar "$FLEET_TOOL_JAR" key --out "$FLEET_DIR/identity-key.json" >&2
  for i in 1 2 3; do start_node "$i"; done
  for i in 1 2 3; do wait_until "nats-$i" "NATS node ready" node_ready "$i"; done
  "$FLEET_JAVA" -jar "$FLEET_TOOL_JAR" streams --nats "$(nats_urls)" >&2 || fleet_die "could not create the streams"
  for ((i = 1; i <= FLEET_RESPONDERS; i++)); do start_responder "$i"; done
  for ((i = 1; i <= FLEET_BRIDGES; i++)); do start_bridge "$i"; done
  start_lb
  for ((i = 1; i <= FLEET_RESPONDERS; i++)); do wait_until "responder-$i" "ready" responder_ready "$i"; done
  for ((i = 1; i <= FLEET_BRIDGES; i++)); do
    wait_until "bridge-$i" "/readyz 200" bridge_ready "$i"
    wait_until haproxy "bridge-$i UP in HAProxy" lb_up "$i"
  done
  fleet_log "up: $(lb_url) ($FLEET_BRIDGES bridges, 3 NATS nodes, $FLEET_RESPONDERS responders; stats http://127.0.0.1:$(stats_port)/stats)"
}

# Stops every recorded process: the load balancer first, then bridges, responders, NATS.
fleet_down() {
  local file name
  [[ -d $FLEET_DIR/pids ]] || return 0
  stop_process haproxy
  for file in "$FLEET_DIR"/pids/bridge-*.pid "$FLEET_DIR"/pids/responder-*.pid "$FLEET_DIR"/pids/*.pid; do
    [[ -f $file ]] || continue
    name=$(basename "$file" .pid)
    stop_process "$name"
  done
}

fleet_status() {
  local file name pid state port ready
  printf '%-12s %8s %-8s %-6s %s\n' process pid state port ready
  for file in "$FLEET_DIR"/pids/*.pid; do
    [[ -f $file ]] || continue
    name=$(basename "$file" .pid)
    pid=$(cat "$file")
    state=stopped
    is_running "$pid" && state=running
    port="" ready=""
    case $name in
      nats-*)
        port=$(nats_port "${name#nats-}")
        ready=$(http_status "http://127.0.0.1:$(monitor_port "${name#nats-}")/healthz")
        ;;
      bridge-*)
        port=$(bridge_port "${name#bridge-}")
        ready="$(http_status "http://127.0.0.1:$(management_port "${name#bridge-}")/readyz") (HAProxy: $(lb_state "$name"))"
        ;;
      haproxy)
        port=$(lb_port)
        ready="stats http://127.0.0.1:$(stats_port)/stats"
        ;;
    esac
    printf '%-12s %8s %-8s %-6s %s\n' "$name" "$pid" "$state" "$port" "$ready"
  done
}

# SIGHUP to every bridge: each re-reads its config and the schema in $FLEET_DIR (hot reload).
fleet_reload() {
  local file pid
  for file in "$FLEET_DIR"/pids/bridge-*.pid; do
    [[ -f $file ]] || continue
    pid=$(cat "$file")
    is_running "$pid" && kill -HUP "$pid"
  done
}

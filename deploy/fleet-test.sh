#!/usr/bin/env bash
# Failover tests of the local fleet, one command: brings a fresh fleet up (deploy/fleet.sh's
# processes, in a temporary runtime directory on ports from FLEET_BASE_PORT, default 17500), drives
# load through HAProxy, injects one fault per scenario, checks the outcome, and tears everything
# down (also on failure or Ctrl-C). One PASS/FAIL line per scenario with its figures; the last line
# is "N passed, N failed" (exit 1 when any failed).
#
#   FLEET_TEST_SCENARIOS   which scenarios, in order (default: all, as listed below)
#   FLEET_TEST_CONCURRENCY load driver workers (default 8)
#   FLEET_TEST_KEEP=1      keep the runtime directory (logs) even when everything passed
set -euo pipefail
export FLEET_BASE_PORT=${FLEET_BASE_PORT:-17500}
export FLEET_DIR=${FLEET_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/switchboard-fleet-test.XXXXXX")}
source "$(dirname "${BASH_SOURCE[0]}")/fleet/fleet-lib.sh"

SCENARIOS=${FLEET_TEST_SCENARIOS:-nats_node_kill bridge_kill rolling_restart publish_node_restart websocket_resume schema_reload}
CONCURRENCY=${FLEET_TEST_CONCURRENCY:-8}
PASSED=0
FAILED=0
STARTED=$SECONDS

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  [[ -n ${LOAD_PID:-} ]] && kill "$LOAD_PID" 2>/dev/null
  fleet_down
  if ((status == 0 && FAILED == 0)) && [[ ${FLEET_TEST_KEEP:-0} != 1 ]]; then
    rm -rf "$FLEET_DIR"
  else
    fleet_log "logs kept in $FLEET_DIR/logs"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

now_ms() { date +%s%3N; }

record() {
  local verdict=$1 name=$2
  shift 2
  printf '%s %-22s %s\n' "$verdict" "$name" "$*"
  if [[ $verdict == PASS ]]; then ((++PASSED)); else ((++FAILED)); fi
}

# start_load NAME MODE SECONDS [ARGS...]: the load driver in the background through HAProxy.
start_load() {
  local name=$1 mode=$2 seconds=$3
  shift 3
  rm -f "$FLEET_DIR/$name.stop"
  "$FLEET_JAVA" -jar "$FLEET_TOOL_JAR" load --url "$(lb_url)" --mode "$mode" --concurrency "$CONCURRENCY" \
    --seconds "$seconds" --failures "$FLEET_DIR/$name.failures" --stop-file "$FLEET_DIR/$name.stop" "$@" \
    >"$FLEET_DIR/$name.out" 2>"$FLEET_DIR/$name.err" &
  LOAD_PID=$!
}

# finish_load NAME: waits for the load driver; sets sent, ok, failed, gave_up, last_failure_ms,
# ok_after_last_failure and reasons (the failures counted by reason).
finish_load() {
  local name=$1 pair
  wait "$LOAD_PID" || true
  LOAD_PID=""
  sent=0 ok=0 failed=-1 gave_up=0 last_failure_ms=0 ok_after_last_failure=0
  for pair in $(cat "$FLEET_DIR/$name.out"); do
    [[ $pair == *=* ]] && printf -v "${pair%%=*}" '%s' "${pair#*=}"
  done
  reasons=$(awk '{ n[$2]++ } END { for (r in n) printf "%s%s:%d", (c++ ? "," : ""), r, n[r] }' "$FLEET_DIR/$name.failures" 2>/dev/null)
  [[ -n $reasons ]] || reasons=none
}

# recovered_after FAULT_MS: ms from the fault to the last failure (0 without failures).
recovered_after() { ((failed > 0)) && echo $((last_failure_ms - $1)) || echo 0; }

# Restores what a scenario took away: every node and bridge running and UP in HAProxy.
ensure_fleet() {
  local i
  for i in 1 2 3; do
    is_running "$(pid_of "nats-$i")" || start_node "$i"
    wait_until "nats-$i" "NATS node ready" node_ready "$i"
  done
  for ((i = 1; i <= FLEET_BRIDGES; i++)); do
    is_running "$(pid_of "bridge-$i")" || start_bridge "$i"
    wait_until "bridge-$i" "/readyz 200" bridge_ready "$i"
    wait_until haproxy "bridge-$i UP in HAProxy" lb_up "$i"
  done
}

# A node to kill: one a bridge is connected to, preferably with no responder on it (a responder's
# own failover is not what this scenario measures).
victim_node() {
  local i node responders
  responders=$(nodes_of_responders | tr '\n' ' ')
  for ((i = 1; i <= FLEET_BRIDGES; i++)); do
    node=$(node_of_bridge "$i")
    if [[ -n $node && " $responders " != *" $node "* ]]; then
      echo "$node $i"
      return
    fi
  done
  echo "$(node_of_bridge 1) 1"
}

# --- scenarios -------------------------------------------------------------------------------------

scenario_nats_node_kill() {
  local node bridge fault moved_ms where
  read -r node bridge < <(victim_node)
  [[ -n $node ]] || { record FAIL nats_node_kill "bridge-1 is on no node (/connz)"; return; }
  where="node n$node (bridge-$bridge; responders on n$(nodes_of_responders | tr '\n' ' ' | sed 's/ $//; s/ /,n/g'))"
  start_load nats-kill query 6
  sleep 2
  fault=$(now_ms)
  kill -KILL "$(pid_of "nats-$node")"
  until [[ -n $(node_of_bridge "$bridge") && $(node_of_bridge "$bridge") != "$node" ]]; do
    (($(now_ms) - fault < 15000)) || break
    sleep 0.02
  done
  moved_ms=$(($(now_ms) - fault))
  finish_load nats-kill
  local figures="killed $where: sent=$sent failed=$failed ($reasons) bridge reconnected in ${moved_ms}ms, last failure +$(recovered_after "$fault")ms"
  if ((failed >= 0 && failed <= CONCURRENCY && ok_after_last_failure > 0)); then
    record PASS nats_node_kill "$figures (bound: <= $CONCURRENCY in flight)"
  else
    record FAIL nats_node_kill "$figures (bound: <= $CONCURRENCY in flight)"
  fi
}

scenario_bridge_kill() {
  local fault down_ms recovered
  start_load bridge-kill query 6
  sleep 2
  fault=$(now_ms)
  kill -KILL "$(pid_of bridge-1)"
  until [[ $(lb_state bridge-1) == DOWN* ]]; do
    (($(now_ms) - fault < 10000)) || break
    sleep 0.02
  done
  down_ms=$(($(now_ms) - fault))
  finish_load bridge-kill
  recovered=$(recovered_after "$fault")
  local figures="sent=$sent failed=$failed ($reasons) HAProxy marked it DOWN after ${down_ms}ms, last failure +${recovered}ms, $ok_after_last_failure ok after it"
  # At most two failures per worker: its request in flight on the killed bridge, and one sent on its
  # keep-alive connection just as HAProxy reused a pooled server connection to that bridge (HAProxy
  # then closes the client connection without an answer so that the client may resend, as browsers
  # do; the JDK client does not resend a POST). The worker's next connection starts on a fresh server
  # connection (http-reuse safe), which a dead bridge refuses and HAProxy redispatches.
  local bound=$((2 * CONCURRENCY))
  if ((failed >= 0 && failed <= bound && ok_after_last_failure > 0 && recovered < 3000)); then
    record PASS bridge_kill "$figures (bound: <= $bound, two per worker)"
  else
    record FAIL bridge_kill "$figures (bound: <= $bound, two per worker)"
  fi
}

# since T0_MS: "+ms" from T0_MS to now.
since() { echo "+$(($(now_ms) - $1))"; }

# failure_offsets NAME T0_MS: each failure of load NAME as "+ms reason" from T0_MS, comma-separated.
failure_offsets() {
  awk -v t0="$2" '{ printf "%s+%d %s", (c++ ? ", " : ""), $1 - t0, $2 }' "$FLEET_DIR/$1.failures" 2>/dev/null
}

scenario_rolling_restart() {
  local i began t0 throttle throttles="" ramped=1 timeline=""
  began=$SECONDS
  start_load rolling query 300
  t0=$(now_ms)
  sleep 1
  for ((i = 1; i <= FLEET_BRIDGES; i++)); do
    # when each step happened (ms from the load's start): a failure's place in it tells its cause
    timeline+="${timeline:+; }bridge-$i TERM $(since "$t0")"
    stop_process "bridge-$i" TERM
    timeline+=" exited $(since "$t0")"
    start_bridge "$i"
    wait_until "bridge-$i" "/readyz 200" bridge_ready "$i"
    timeline+=" ready $(since "$t0")"
    wait_until haproxy "bridge-$i UP in HAProxy" lb_up "$i"
    timeline+=" UP $(since "$t0")"
    # HAProxy's slowstart: a bridge just back UP (its JIT still cold) gets a growing share, not all
    throttle=$(lb_throttle "bridge-$i")
    throttles+="${throttles:+, }bridge-$i ${throttle:-none}%"
    [[ $throttle =~ ^[0-9]+$ ]] && ((throttle < 100)) || ramped=0
  done
  sleep 1
  touch "$FLEET_DIR/rolling.stop"
  finish_load rolling
  local figures="$FLEET_BRIDGES bridges restarted one by one (SIGTERM, exit, start, UP) in $((SECONDS - began))s: sent=$sent failed=$failed ($reasons); share when back UP (slowstart): $throttles"
  ((failed == 0)) || figures+="; in ms from the load's start, failures: $(failure_offsets rolling "$t0"); steps: $timeline"
  if ((failed == 0 && sent > 0 && ramped)); then record PASS rolling_restart "$figures"; else record FAIL rolling_restart "$figures"; fi
}

scenario_publish_node_restart() {
  local run=p$RANDOM$RANDOM node check
  # the node holding the stream's leader: the worst one to lose
  node=$(curl -s -m 2 "http://127.0.0.1:$(monitor_port 1)/jsz?streams=true" |
    tr -d ' \n' | grep -o '"name":"FLEET_EVENTS"[^]]*"leader":"n[0-9]' | grep -o 'n[0-9]$' | tr -d n)
  [[ -n $node ]] || node=1
  start_load publish publish 8 --run "$run" --acked "$FLEET_DIR/publish.acked" --settle 20
  sleep 2
  kill -KILL "$(pid_of "nats-$node")"
  sleep 3
  start_node "$node"
  finish_load publish
  # the next scenario needs JetStream whole again: nats-server's /healthz answers 200 only once the
  # restarted node's streams and consumers have caught up
  wait_until "nats-$node" "NATS node ready, JetStream current" node_ready "$node"
  check=$("$FLEET_JAVA" -jar "$FLEET_TOOL_JAR" check --nats "$(nats_urls)" --run "$run" --acked "$FLEET_DIR/publish.acked" 2>&1) &&
    local exact=1 || local exact=0
  local figures="killed n$node (stream leader) for 3s: publishes=$sent failed_attempts=$failed ($reasons) gave_up=$gave_up; $check"
  if ((exact == 1 && gave_up == 0)); then record PASS publish_node_restart "$figures"; else record FAIL publish_node_restart "$figures"; fi
}

scenario_websocket_resume() {
  local run=w$RANDOM$RANDOM feed_pid ws_pid result status=0
  "$FLEET_JAVA" -jar "$FLEET_TOOL_JAR" feed --nats "$(nats_urls)" --run "$run" --count 150 --per-second 30 \
    >"$FLEET_DIR/feed.out" 2>&1 &
  feed_pid=$!
  node "$FLEET_CONF/ws-resume.mjs" "{\"url\":\"ws://127.0.0.1:$(lb_port)/graphql\",\"run\":\"$run\",\"subscribers\":20,\"expect\":150,\"timeoutMs\":45000}" \
    >"$FLEET_DIR/ws.out" 2>&1 &
  ws_pid=$!
  sleep 2
  kill -KILL "$(pid_of bridge-1)"
  wait "$ws_pid" || status=$?
  wait "$feed_pid" || true
  result=$(tail -n 1 "$FLEET_DIR/ws.out")
  local figures="20 subscribers, 150 stream events, bridge-1 killed after 2s: $result"
  if ((status == 0)) && [[ $result == *'"reconnects":'[1-9]* ]]; then
    record PASS websocket_resume "$figures"
  else
    record FAIL websocket_resume "$figures"
  fi
}

scenario_schema_reload() {
  local i reloaded=0 answers=0 deadline
  cp "$FLEET_CONF/schema-v2.graphql" "$FLEET_DIR/schema.graphql"
  start_load reload query 6
  sleep 2
  fleet_reload
  deadline=$((SECONDS + 10))
  for ((i = 1; i <= FLEET_BRIDGES; i++)); do
    until grep -q '"message":"reloaded' "$FLEET_DIR/logs/bridge-$i.log"; do
      ((SECONDS < deadline)) || break
      sleep 0.1
    done
    grep -q '"message":"reloaded' "$FLEET_DIR/logs/bridge-$i.log" && ((++reloaded))
    curl -s -m 5 "http://127.0.0.1:$(bridge_port "$i")/graphql" -H 'content-type: application/json' \
      -d '{"query":"{ order(id: \"1\") { id servedBy } }"}' | grep -q '"servedBy":"fleet-responder-' && ((++answers))
  done
  finish_load reload
  cp "$FLEET_CONF/schema.graphql" "$FLEET_DIR/schema.graphql"
  local figures="SIGHUP to $FLEET_BRIDGES bridges under load: sent=$sent failed=$failed ($reasons); 'reloaded' logged by $reloaded/$FLEET_BRIDGES, new field servedBy answered by $answers/$FLEET_BRIDGES"
  if ((failed == 0 && reloaded == FLEET_BRIDGES && answers == FLEET_BRIDGES)); then
    record PASS schema_reload "$figures"
  else
    ((reloaded > 0)) || figures+=" (this bridge build has no hot reload yet: no bridge logged 'reloaded')"
    record FAIL schema_reload "$figures"
  fi
}

# --- main ------------------------------------------------------------------------------------------

npm ci --prefix "$FLEET_ROOT/bridge/src/test/js" --no-audit --no-fund --silent >&2 2>/dev/null ||
  [[ -d $FLEET_ROOT/bridge/src/test/js/node_modules/graphql-ws ]] ||
  fleet_die "npm ci --prefix bridge/src/test/js failed (the WebSocket scenario's graphql-ws client)"
fleet_up
for scenario in $SCENARIOS; do
  declare -F "scenario_$scenario" >/dev/null || fleet_die "unknown scenario '$scenario'"
  ensure_fleet
  "scenario_$scenario"
done
printf 'fleet-test: %ss, %s bridges, load concurrency %s\n' "$((SECONDS - STARTED))" "$FLEET_BRIDGES" "$CONCURRENCY"
printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
((FAILED == 0))

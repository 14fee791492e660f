#!/usr/bin/env bash
# The local fleet, one command: a 3-node NATS cluster with JetStream, FLEET_BRIDGES bridges (default
# 2) sharing one config and one signing key, FLEET_RESPONDERS responders (default 2) answering the
# fleet schema, and HAProxy in front, all as local processes on 127.0.0.1.
#
#   deploy/fleet.sh up       build what is missing, start everything, wait until HAProxy has every bridge UP
#   deploy/fleet.sh status   each process with its pid, port and readiness (and HAProxy's view of bridges)
#   deploy/fleet.sh reload   SIGHUP every bridge: re-read config and the live schema ($FLEET_DIR/schema.graphql)
#   deploy/fleet.sh down     stop exactly the processes `up` started (their pids are in $FLEET_DIR/pids)
#
# Clients: http://127.0.0.1:$FLEET_BASE_PORT/graphql (default 17400). Ports, files and variables:
# deploy/fleet/fleet-lib.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/fleet/fleet-lib.sh"

case "${1:-}" in
  up)
    # a fleet that could not come up entirely is stopped again
    trap 'status=$?; ((status == 0)) || fleet_down; exit $status' EXIT
    fleet_up
    ;;
  down) fleet_down ;;
  status) fleet_status ;;
  reload) fleet_reload ;;
  *)
    echo "usage: deploy/fleet.sh up|down|status|reload" >&2
    exit 2
    ;;
esac

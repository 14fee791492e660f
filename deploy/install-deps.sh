#!/usr/bin/env bash
# Installs what Switchboard's demo and tests need from the OS packages, when missing:
# nats-server (required) and, with --test, chromium (for the GraphiQL browser test), node/npm
# (the graphql-ws client the subscription tests run) and promtool (Debian's prometheus package:
# the alert rules test runs `promtool check rules`), and with --fleet haproxy (the local fleet's load
# balancer, deploy/fleet.sh) and node/npm (the WebSocket client of deploy/fleet-test.sh).
# Flags combine: install-deps.sh --test --fleet.
# Only Debian/Ubuntu (apt-get) is automated; elsewhere it says what to install.
set -euo pipefail

want=()
command -v nats-server >/dev/null 2>&1 || [[ -x /usr/sbin/nats-server ]] || want+=(nats-server)
want_node() {
  command -v node >/dev/null 2>&1 || [[ " ${want[*]} " == *" nodejs "* ]] || want+=(nodejs)
  command -v npm >/dev/null 2>&1 || [[ " ${want[*]} " == *" npm "* ]] || want+=(npm)
}
for flag in "$@"; do
  case $flag in
    --test)
      command -v chromium >/dev/null 2>&1 || want+=(chromium)
      want_node
      command -v promtool >/dev/null 2>&1 || want+=(prometheus)
      ;;
    --fleet)
      command -v haproxy >/dev/null 2>&1 || [[ -x /usr/sbin/haproxy ]] || want+=(haproxy)
      want_node
      ;;
    *)
      echo "usage: install-deps.sh [--test] [--fleet]" >&2
      exit 2
      ;;
  esac
done
((${#want[@]} == 0)) && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "missing: ${want[*]}. Install them (nats-server: https://github.com/nats-io/nats-server/releases," >&2
  echo "or 'brew install nats-server haproxy node' on macOS) and make sure they are on the PATH." >&2
  exit 1
fi
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  sudo="sudo"
fi
echo "installing ${want[*]} with apt-get" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${want[@]}" >/dev/null

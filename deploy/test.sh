#!/usr/bin/env bash
# Quick start, part 2: runs the whole test suite (unit and integration tests against real
# nats-server processes), installing nats-server and chromium from the OS packages when missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

deploy/install-deps.sh --test
export PATH="$PATH:/usr/sbin"
# The subscription tests drive the bridge with the npm graphql-ws client (bridge/src/test/js).
npm ci --prefix bridge/src/test/js --no-audit --no-fund
# NodeResponderIT runs the Node.js responder example in place of the demo's Java customers service.
npm ci --prefix deploy/examples/node-responder --no-audit --no-fund
exec mvn -B verify "$@"

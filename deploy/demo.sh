#!/usr/bin/env bash
# Quick start, part 1: builds Switchboard when needed and runs the demo: a local nats-server on a free
# loopback port, demo services written with the responder API, and the bridge with GraphiQL on
# http://127.0.0.1:8080. Extra arguments go to the launcher, e.g. --port 9090.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

deploy/install-deps.sh
jar=bridge/target/switchboard.jar
if [[ ! -f $jar ]] || [[ -n $(find pom.xml subjects bridge -newer "$jar" -type f \
    \( -name '*.java' -o -name '*.xml' -o -name '*.graphql' -o -name '*.yaml' \) -not -path '*/target/*' -print -quit) ]]; then
  echo "building Switchboard (mvn package, tests skipped; deploy/test.sh runs them)..." >&2
  mvn -B -q package -DskipTests -pl bridge -am
fi
export PATH="$PATH:/usr/sbin"
exec java -jar "$jar" demo "$@"

#!/usr/bin/env bash
# The oracle: Stoplight Prism's validation proxy, with the bundled vendor spec as the contract, in front of a simulated
# Run:ai control plane and in front of the packaged gateway (routing to that control plane), driven by the scenario set
# oracle/scenarios.json (valid and invalid creates, gets, patches, deletes, injected faults) by oracle/drive.py.
# Fails on any response Prism finds breaking the spec's response schemas, on a status a scenario does not expect, and on
# an undeclared status whose body is not the vendor Error; lists the warnings for statuses the spec does not declare
# for an operation (the departures docs/runai-control-plane.md §10 documents). About a minute.
#
# Prism (@stoplight/prism-cli, pinned below) is installed with npm into $PRISM_HOME (target/prism by default) on first
# use. Needs: java 17, node and npm, python3, curl, openssl. Listens on 127.0.0.1 only; cleans up.
#   oracle/prism.sh           (builds target/quarkus-app/quarkus-run.jar first if it is missing)
#   KEEP=1 oracle/prism.sh    keeps the work directory (gateway and Prism logs)
#   JAR=other/quarkus-run.jar oracle/prism.sh    checks another build of the gateway
set -euo pipefail
cd "$(dirname "$0")/.."
PRISM_VERSION=5.7.0
PRISM_HOME=${PRISM_HOME:-$PWD/target/prism}
SPEC=src/main/resources/contract/distributed-inferences.openapi.json
JAR=${JAR:-target/quarkus-app/quarkus-run.jar}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/infergate-oracle.XXXXXX")
FAILURE_LOGS=(gateway.log prism-simulator.log prism-gateway.log)
# shellcheck source=../deployment/dev/local-servers.sh
source deployment/dev/local-servers.sh

for tool in java node npm python3 curl openssl; do
    command -v "$tool" >/dev/null || { echo "prism.sh needs $tool" >&2; exit 2; }
done
PRISM=$PRISM_HOME/node_modules/.bin/prism
if [ ! -x "$PRISM" ] || [ "$("$PRISM" --version 2>/dev/null)" != "$PRISM_VERSION" ]; then
    npm install --prefix "$PRISM_HOME" --no-audit --no-fund --loglevel=error "@stoplight/prism-cli@$PRISM_VERSION" >&2
fi
if [ ! -f "$JAR" ]; then
    ./mvnw -B -q package -DskipTests
fi

read -r GW MGMT SIM PROXY_SIM PROXY_GW <<<"$(free_ports 5)"


# The packaged gateway and one simulated control plane that requires its own tokens, which the gateway obtains with
# client credentials; the dev signing key is the gateway's only trusted issuer.
CLUSTER=0b7d5c2e-3f4a-4b5c-8d6e-7f8091a2b3c4
PUBLIC_KEY=$(openssl pkey -in deployment/dev/dev-signing-key.pem -pubout -outform DER 2>/dev/null | openssl base64 -A)
java -Xmx256m -XX:TieredStopAtLevel=1 \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$GW" \
    -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$MGMT" \
    -Dquarkus.oidc.public-key="$PUBLIC_KEY" -Dquarkus.oidc.token.issuer=https://dev.infergate.local \
    -Dinfergate.access.admin-groups=infergate-admins \
    -Dinfergate.simulator.phase-delay=5s \
    -Dinfergate.simulator.require-token=true \
    -Dinfergate.simulator.credentials.infergate-gateway=oracle-only-secret \
    -Dinfergate.simulator.clusters.sim-a.id=$CLUSTER -Dinfergate.simulator.clusters.sim-a.port="$SIM" \
    -Dinfergate.clusters.cluster-a.id=$CLUSTER -Dinfergate.clusters.cluster-a.url="http://127.0.0.1:$SIM" \
    -Dinfergate.clusters.cluster-a.request-timeout=1s \
    -Dinfergate.clusters.cluster-a.auth=client-credentials \
    -Dinfergate.clusters.cluster-a.client-id=infergate-gateway \
    -Dinfergate.clusters.cluster-a.client-secret=oracle-only-secret \
    -Dinfergate.clusters.cluster-a.retry.initial-backoff=10ms \
    -Dinfergate.clusters.cluster-a.retry.max-backoff=40ms \
    -Dinfergate.clusters.cluster-a.breaker.request-volume=1000 \
    -jar "$JAR" >"$WORK/gateway.log" 2>&1 &
PIDS+=($!)
"$PRISM" proxy "$SPEC" "http://127.0.0.1:$SIM" --host 127.0.0.1 --port "$PROXY_SIM" --errors=false \
    >"$WORK/prism-simulator.log" 2>&1 &
PIDS+=($!)
"$PRISM" proxy "$SPEC" "http://127.0.0.1:$GW" --host 127.0.0.1 --port "$PROXY_GW" --errors=false \
    >"$WORK/prism-gateway.log" 2>&1 &
PIDS+=($!)
await "http://127.0.0.1:$MGMT/q/health/ready" 60
await "http://127.0.0.1:$PROXY_SIM/" 60 any
await "http://127.0.0.1:$PROXY_GW/" 60 any

SIM_TOKEN=$(curl -fsS "http://127.0.0.1:$SIM/api/v1/token" -H 'Content-Type: application/json' \
    -d '{"grantType":"client_credentials","clientId":"infergate-gateway","clientSecret":"oracle-only-secret"}' |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["accessToken"])')
ADMIN_TOKEN=$(deployment/dev/token.sh oracle-admin infergate-admins)

status=0
echo "=== Prism in front of the simulated control plane"
python3 oracle/drive.py simulator "http://127.0.0.1:$PROXY_SIM" "http://127.0.0.1:$SIM" "$CLUSTER" "$SIM_TOKEN" || status=1
echo "=== Prism in front of the gateway"
python3 oracle/drive.py gateway "http://127.0.0.1:$PROXY_GW" "http://127.0.0.1:$SIM" "$CLUSTER" "$ADMIN_TOKEN" || status=1
exit "$status"

#!/usr/bin/env bash
# Chaos run of InferGate (about 1.5 minutes, everything on 127.0.0.1): three simulated Run:ai control planes in their
# own JVMs (east, west, north), the gateway in front of them, a bounded mixed load for 60 s; west is killed with
# kill -9 at ~20 s and restarted on the same port at ~35 s. Prints a verdict table (also in target/chaos-report.txt)
# and exits non-zero on any duplicate create, any error on east or north, a 404 for a workload that exists (or may
# exist on an unreachable cluster), or if west never recovers.
#
#   bench/chaos.sh                 build the jar if it is missing, then run
#   CHAOS_REBUILD=1 bench/chaos.sh rebuild the jar first
#
# Needs Java 17 and python3 (standard library only). Logs of every process: target/chaos/.
set -euo pipefail

cd "$(dirname "$0")/.."
JAR=target/quarkus-app/quarkus-run.jar
OUT=target/chaos
LOAD=bench/chaos_load.py
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

DURATION=${CHAOS_DURATION:-60}  # seconds of load
KILL_AT=${CHAOS_KILL_AT:-20}     # seconds into the load
RESTART_AT=${CHAOS_RESTART_AT:-35}
RATE=${CHAOS_RATE:-40}           # requests per second, all clusters together
WORKERS=${CHAOS_WORKERS:-8}      # threads of the load, hence the most requests in flight

# Gateway settings shorter than the defaults, so a dead cluster costs seconds, not the 30 s/45 s meant for production;
# everything else (retries, budget, breaker volume and ratio, pools, bulkhead) keeps its default.
GATEWAY_CLUSTER_SETTINGS=(connect-timeout=1s request-timeout=2s deadline=5s breaker.delay=3s)
GATEWAY_SETTINGS=(infergate.locator.deadline=5s)
# The simulators are helpers: a small heap and the C1 compiler only start them faster on a busy machine.
SIM_JVM=(-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC)

# shellcheck source=bench/processes.sh
source bench/processes.sh
log() { printf '[chaos %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_processes
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

forget_pid() {
  local kept=() pid
  for pid in "${PIDS[@]}"; do [[ $pid == "$1" ]] || kept+=("$pid"); done
  PIDS=("${kept[@]}")
}

now() { date +%s.%N; }

if [[ ! -f $JAR || ${CHAOS_REBUILD:-} == 1 ]]; then
  log "building $JAR"
  ./mvnw -B -q package -DskipTests
fi
rm -rf "$OUT"
mkdir -p "$OUT"

read -r -a PORTS <<<"$(python3 "$LOAD" ports 11)"
read -r -a IDS <<<"$(python3 "$LOAD" uuids 3)"
NAMES=(east west north)
declare -A SIM_PORT ADMIN_PORT MANAGEMENT_PORT CLUSTER_ID SIM_PID
for i in 0 1 2; do
  name=${NAMES[$i]}
  SIM_PORT[$name]=${PORTS[$i]}
  ADMIN_PORT[$name]=${PORTS[$((i + 3))]}
  MANAGEMENT_PORT[$name]=${PORTS[$((i + 7))]}
  CLUSTER_ID[$name]=${IDS[$i]}
done
GATEWAY_PORT=${PORTS[6]}
# metrics and health (the management interface); every JVM needs one of its own
GATEWAY_MANAGEMENT_PORT=${PORTS[10]}

# Authentication as in dev mode: the dev-only key of deployment/dev/token.sh, which mints the load's admin token.
PUBLIC_KEY=$(openssl pkey -in deployment/dev/dev-signing-key.pem -pubout -outform DER 2>/dev/null | openssl base64 -A)
AUTH=(-Dquarkus.oidc.public-key="$PUBLIC_KEY" -Dquarkus.oidc.token.issuer=https://dev.infergate.local
  -Dinfergate.access.admin-groups=infergate-admins)
CHAOS_TOKEN=$(deployment/dev/token.sh chaos infergate-admins)
export CHAOS_TOKEN

# One simulated control plane per JVM, so one can be killed alone. The app refuses to start without a cluster to
# route to, hence the 'self' entry; that process's own gateway port is unused.
start_sim() {
  local name=$1 logfile=$2 id=${CLUSTER_ID[$1]} port=${SIM_PORT[$1]}
  "$JAVA" "${SIM_JVM[@]}" "${AUTH[@]}" \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="${ADMIN_PORT[$name]}" \
    -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="${MANAGEMENT_PORT[$name]}" \
    -Dinfergate.simulator.clusters.c1.id="$id" -Dinfergate.simulator.clusters.c1.port="$port" \
    -Dinfergate.simulator.phase-delay=1s \
    -Dinfergate.clusters.self.id="$id" -Dinfergate.clusters.self.url="http://127.0.0.1:$port" \
    -jar "$JAR" >"$logfile" 2>&1 &
  SIM_PID[$name]=$!
  PIDS+=("$!")
}

wait_for() { # url pid label [status]
  local status_args=()
  [[ -n ${4:-} ]] && status_args=(--status "$4")
  if ! python3 "$LOAD" wait "$1" --pid "$2" --timeout 120 "${status_args[@]}"; then
    log "$3 did not come up; last lines of its log:" >&2
    tail -n 20 "$OUT/$3.log" >&2 || true
    return 1
  fi
}

log "starting simulators east, west, north (ports ${SIM_PORT[east]}, ${SIM_PORT[west]}, ${SIM_PORT[north]})"
for name in "${NAMES[@]}"; do start_sim "$name" "$OUT/sim-$name.log"; done
for name in "${NAMES[@]}"; do
  wait_for "http://127.0.0.1:${SIM_PORT[$name]}/_sim/stats" "${SIM_PID[$name]}" "sim-$name" 200 >/dev/null
done

gateway_args=("${AUTH[@]}" -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$GATEWAY_PORT"
  -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$GATEWAY_MANAGEMENT_PORT")
for name in "${NAMES[@]}"; do
  gateway_args+=(-Dinfergate.clusters.$name.id="${CLUSTER_ID[$name]}"
    -Dinfergate.clusters.$name.url="http://127.0.0.1:${SIM_PORT[$name]}")
  for setting in "${GATEWAY_CLUSTER_SETTINGS[@]}"; do gateway_args+=("-Dinfergate.clusters.$name.$setting"); done
done
for setting in "${GATEWAY_SETTINGS[@]}"; do gateway_args+=("-D$setting"); done
log "starting the gateway on port $GATEWAY_PORT (per cluster: ${GATEWAY_CLUSTER_SETTINGS[*]}; ${GATEWAY_SETTINGS[*]})"
"$JAVA" "${gateway_args[@]}" -jar "$JAR" >"$OUT/gateway.log" 2>&1 &
GATEWAY_PID=$!
PIDS+=("$GATEWAY_PID")
wait_for "http://127.0.0.1:$GATEWAY_MANAGEMENT_PORT/q/health/ready" "$GATEWAY_PID" gateway 200 >/dev/null

CLUSTER_ARGS=(--cluster "east=${CLUSTER_ID[east]}" --cluster "west=${CLUSTER_ID[west]}" --cluster "north=${CLUSTER_ID[north]}")
SIM_ARGS=(--sim "east=http://127.0.0.1:${SIM_PORT[east]}" --sim "west=http://127.0.0.1:${SIM_PORT[west]}"
  --sim "north=http://127.0.0.1:${SIM_PORT[north]}")
log "warming the gateway up (10 creates, gets and patches per cluster), then resetting the simulators' counters"
python3 "$LOAD" warmup --gateway "127.0.0.1:$GATEWAY_PORT" "${CLUSTER_ARGS[@]}" "${SIM_ARGS[@]}"

# the load starts at T0, a moment ahead, so that python's own start-up does not shift the kill and restart times
T0=$(python3 "$LOAD" at 3)
log "load: ${DURATION} s at $RATE req/s, $WORKERS workers; west dies at ~${KILL_AT} s and comes back at ~${RESTART_AT} s"
python3 "$LOAD" run --gateway "127.0.0.1:$GATEWAY_PORT" --t0 "$T0" --duration "$DURATION" --rate "$RATE" \
  --workers "$WORKERS" --out "$OUT/requests.jsonl" "${CLUSTER_ARGS[@]}" &
LOAD_PID=$!
PIDS+=("$LOAD_PID")

python3 "$LOAD" sleep-until "$T0" "$KILL_AT"
KILLED=$(now)
kill -KILL "${SIM_PID[west]}"
log "killed west (pid ${SIM_PID[west]}) with kill -9"
wait "${SIM_PID[west]}" 2>/dev/null || true
forget_pid "${SIM_PID[west]}"

python3 "$LOAD" sleep-until "$T0" "$RESTART_AT"
RESTARTED=$(now)
start_sim west "$OUT/sim-west-restarted.log"
log "restarted west (pid ${SIM_PID[west]}) on port ${SIM_PORT[west]}"
READY=$(wait_for "http://127.0.0.1:${SIM_PORT[west]}/_sim/stats" "${SIM_PID[west]}" sim-west-restarted 200)
log "west answering again"

wait "$LOAD_PID"
forget_pid "$LOAD_PID"
# the gateway's own view (breaker state, recent results per cluster), for the record
curl -s --max-time 5 -H "Authorization: Bearer $CHAOS_TOKEN" \
  "http://127.0.0.1:$GATEWAY_PORT/infergate/v1/clusters" >"$OUT/gateway-clusters.json" 2>/dev/null || true

log "report (also in target/chaos-report.txt)"
echo
python3 "$LOAD" report --results "$OUT/requests.jsonl" --out target/chaos-report.txt --victim west \
  --kill-at "$KILLED" --restart-at "$RESTARTED" --ready-at "$READY" "${SIM_ARGS[@]}"

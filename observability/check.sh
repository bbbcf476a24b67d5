#!/usr/bin/env bash
# End-to-end check of the shipped dashboards and alert rules against a real Prometheus scraping a real gateway.
#
# Starts the packaged gateway on 127.0.0.1 with two simulated Run:ai control planes (which require client-credentials
# tokens), the dev signing key as its only trusted issuer, deployment/dev/policies.yaml, a rate limit and a Redis of its
# own (redis-server, for the shared rate-limit counters and idempotency keys); starts Prometheus (the
# Debian package's binary) scraping its management port every second with infergate.rules.yaml loaded; drives a
# bounded traffic mix that reaches every outcome; then evaluates every PromQL expression of the dashboards (panel
# targets and template variables) and of the loaded rules through Prometheus' HTTP API.
# Fails if Prometheus refuses any expression, or if any panel of the overview dashboard draws nothing, or if
# http_server_requests has a uri other than a route template and UNMATCHED.
#
# Needs: java 17, prometheus, python3, curl, openssl, redis-server. Runs from anywhere; listens on 127.0.0.1 only; cleans up.
#   observability/check.sh            (builds target/quarkus-app/quarkus-run.jar first if it is missing)
#   VERBOSE=1 observability/check.sh  prints every request of the traffic mix with its status and duration
#   KEEP=1 observability/check.sh     keeps the work directory (logs, Prometheus data) for a look afterwards
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
JAR=target/quarkus-app/quarkus-run.jar
WORK=$(mktemp -d "${TMPDIR:-/tmp}/infergate-obs.XXXXXX")
FAILURE_LOGS=(gateway.log prometheus.log)
# shellcheck source=../deployment/dev/local-servers.sh
source deployment/dev/local-servers.sh

for tool in java prometheus python3 curl openssl redis-server; do
    command -v "$tool" >/dev/null || { echo "check.sh needs $tool" >&2; exit 2; }
done
if [ ! -f "$JAR" ]; then
    ./mvnw -B -q package -DskipTests
fi

read -r GW MGMT SIM_A SIM_B PROM REDIS <<<"$(free_ports 6)"


# --- the gateway -------------------------------------------------------------------------------------------------
ID_A=0b7d5c2e-3f4a-4b5c-8d6e-7f8091a2b3c4
ID_B=1c8e6d3f-4a5b-4c6d-9e7f-8091a2b3c4d5
PUBLIC_KEY=$(openssl pkey -in deployment/dev/dev-signing-key.pem -pubout -outform DER 2>/dev/null | openssl base64 -A)
props=(
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$GW"
    -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$MGMT"
    -Dquarkus.oidc.public-key="$PUBLIC_KEY" -Dquarkus.oidc.token.issuer=https://dev.infergate.local
    -Dinfergate.access.admin-groups=infergate-admins
    -Dinfergate.access.grants.ml-team.groups=ml-team -Dinfergate.access.grants.ml-team.clusters=cluster-a
    -Dinfergate.access.grants.ml-team.projects=4 '-Dinfergate.access.grants.ml-team.operations=*'
    -Dinfergate.policy.file="$WORK/policies.yaml"
    -Dinfergate.simulator.phase-delay=500ms
    -Dinfergate.lifecycle.enabled=true -Dinfergate.lifecycle.poll-interval=500ms
    -Dinfergate.simulator.require-token=true -Dinfergate.simulator.token-ttl=4s
    -Dinfergate.simulator.credentials.infergate-gateway=check-only-secret
    # rate limits and idempotency keys in a Redis of its own; check-limited may get twice an hour
    -Dinfergate.redis.hosts="redis://127.0.0.1:$REDIS"
    -Dinfergate.limits.check-reads.operations=get -Dinfergate.limits.check-reads.subjects=check-limited
    -Dinfergate.limits.check-reads.rate=2 -Dinfergate.limits.check-reads.period=1h
)
for c in a b; do
    port_var="SIM_${c^^}" id_var="ID_${c^^}"
    props+=(
        -Dinfergate.simulator.clusters.sim-$c.id="${!id_var}" -Dinfergate.simulator.clusters.sim-$c.port="${!port_var}"
        -Dinfergate.clusters.cluster-$c.id="${!id_var}" -Dinfergate.clusters.cluster-$c.url="http://127.0.0.1:${!port_var}"
        -Dinfergate.clusters.cluster-$c.request-timeout=1s
        -Dinfergate.clusters.cluster-$c.auth=client-credentials
        -Dinfergate.clusters.cluster-$c.client-id=infergate-gateway
        -Dinfergate.clusters.cluster-$c.client-secret=check-only-secret
        -Dinfergate.clusters.cluster-$c.token-refresh-margin=1s
        -Dinfergate.clusters.cluster-$c.retry.initial-backoff=10ms
        -Dinfergate.clusters.cluster-$c.retry.max-backoff=40ms
    )
done
# Cluster b: a small breaker window and retry budget, so that a few failing requests open it and exhaust the budget.
props+=(
    -Dinfergate.clusters.cluster-b.breaker.request-volume=6
    -Dinfergate.clusters.cluster-b.retry.budget-ratio=0.0
    -Dinfergate.clusters.cluster-b.retry.budget-minimum=2
)
cp deployment/dev/policies.yaml "$WORK/policies.yaml"
redis-server --port "$REDIS" --bind 127.0.0.1 --save "" --appendonly no >"$WORK/redis.log" 2>&1 &
PIDS+=($!)
java -Xmx256m -XX:TieredStopAtLevel=1 "${props[@]}" -jar "$JAR" >"$WORK/gateway.log" 2>&1 &
PIDS+=($!)

# --- Prometheus ----------------------------------------------------------------------------------------------------
cat >"$WORK/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - $ROOT/observability/prometheus/rules/infergate.rules.yaml
scrape_configs:
  - job_name: infergate
    metrics_path: /q/metrics
    static_configs:
      - targets: ["127.0.0.1:$MGMT"]
YAML
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/data" \
    --web.listen-address="127.0.0.1:$PROM" >"$WORK/prometheus.log" 2>&1 &
PIDS+=($!)

await "http://127.0.0.1:$MGMT/q/metrics" 60
await "http://127.0.0.1:$PROM/-/ready" 30
echo "gateway on 127.0.0.1:$GW (management $MGMT, simulated clusters on $SIM_A, $SIM_B), Prometheus on 127.0.0.1:$PROM"

# --- the traffic mix -------------------------------------------------------------------------------------------------
ADMIN=$(deployment/dev/token.sh check-admin infergate-admins)
ML=$(deployment/dev/token.sh ada ml-team)
NOBODY=$(deployment/dev/token.sh eve no-such-team)
API="http://127.0.0.1:$GW/api/v1/workloads/distributed-inferences"
IMAGE=nvcr.io/nim/meta/llama-3.1-70b-instruct:1.3
MISMATCHES=0

# call EXPECTED TOKEN METHOD URL [BODY]: one request; prints the status; an unexpected one is reported, not fatal
# (the point is the metrics each outcome leaves, which the queries below look at).
call() {
    local expected=$1 token=$2 method=$3 url=$4 body=${5:-}
    local args=(-s -o "$WORK/body" -w '%{http_code} %{time_total}' --max-time 10 -X "$method")
    [ -n "$token" ] && args+=(-H "Authorization: Bearer $token")
    [ -n "$body" ] && args+=(-H 'Content-Type: application/json' --data "$body")
    [ -n "${IDEMPOTENCY_KEY:-}" ] && args+=(-H "Idempotency-Key: $IDEMPOTENCY_KEY")
    local status seconds
    read -r status seconds <<<"$(curl "${args[@]}" "$url" || echo 000)"
    [ -n "${VERBOSE:-}" ] && echo "  $status ${seconds}s $method ${url#http://127.0.0.1:$GW}"
    if [[ ! "$status" =~ ^($expected)$ ]]; then
        echo "  unexpected $status (wanted $expected): $method ${url#http://127.0.0.1:$GW}" >&2
        MISMATCHES=$((MISMATCHES + 1))
    fi

}
created_id() {
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("workloadId",""))' "$WORK/body" 2>/dev/null || true
}
create_body() { # cluster-id project name [extra spec fields]
    printf '{"name":"%s","projectId":"%s","clusterId":"%s","spec":{"replicas":1%s,"leader":{"image":"%s"}}}' \
        "$3" "$2" "$1" "${4:-}" "$IMAGE"
}
sim_faults() { # simulated-port json
    curl -s -o /dev/null --max-time 5 -X PUT -H 'Content-Type: application/json' --data "$2" "http://127.0.0.1:$1/_sim/faults"
}

echo "driving traffic"
IDS_A=() IDS_B=()
for i in 1 2 3 4; do
    call 202 "$ADMIN" POST "$API" "$(create_body "$ID_A" 4 "check-a-$i")"; IDS_A+=("$(created_id)")
    call 202 "$ADMIN" POST "$API" "$(create_body "$ID_B" 3 "check-b-$i")"; IDS_B+=("$(created_id)")
done
call 202 "$ML" POST "$API" "$(create_body "$ID_A" 4 check-ml)"                       # a grant, not an admin
# an image the simulated cluster cannot pull: the lifecycle follow-up sees it fail in Initializing
IMAGE_OK=$IMAGE IMAGE=nvcr.io/nim/meta/llama-3.1-70b-instruct:unpullable
call 202 "$ADMIN" POST "$API" "$(create_body "$ID_B" 3 check-failing)"
IMAGE=$IMAGE_OK
for id in "${IDS_A[@]}" "${IDS_B[@]}"; do
    call 200 "$ADMIN" GET "$API/$id"
    call 202 "$ADMIN" PATCH "$API/$id" '{"spec":{"replicas":2}}'
done
call 202 "$ADMIN" DELETE "$API/${IDS_A[3]}"
call 202 "$ADMIN" DELETE "$API/${IDS_B[3]}"
call 404 "$ADMIN" GET "$API/3fa85f64-5717-4562-b3fc-2c963f66afa6"                    # not_found after a fan-out
call 400 "$ADMIN" GET "$API/not-a-uuid"                                               # bad_request
call 400 "$ADMIN" POST "$API" '{"projectId":"4","spec":{"replicas":"many"}}'          # rejected_contract
call 400 "$ADMIN" POST "$API" "{\"name\":\"check-q\",\"projectId\":\"4\",\"clusterId\":\"$ID_A\",
    \"spec\":{\"leader\":{\"image\":\"$IMAGE\",\"compute\":{\"cpuMemoryRequest\":\"lots\"}}}}"           # rejected_contract
call 400 "$ADMIN" POST "$API" "$(create_body "$ID_A" 4 check-big ',"workers":9')"     # rejected_policy (max)
call 400 "$ADMIN" PATCH "$API/${IDS_A[0]}" '{"spec":{"replicas":9}}'                  # rejected_policy on patch
call 200 "$ADMIN" POST "http://127.0.0.1:$GW/infergate/v1/distributed-inferences/preview" \
    "$(create_body "$ID_A" 4 check-preview)"                                          # preview
call 401 "" GET "$API/${IDS_A[0]}"                                                    # rejected_auth: no token
call 401 "not.a.token" POST "$API" "$(create_body "$ID_A" 4 check-401)"               # rejected_auth: bad token
call 403 "$NOBODY" POST "$API" "$(create_body "$ID_A" 4 check-nobody)"                # forbidden: no grant at all
call 403 "$ML" POST "$API" "$(create_body "$ID_A" 5 check-403)"                       # forbidden: not this project (an ungranted cluster is a 400 Unknown clusterId)
call "404|400" "$ADMIN" POST "$API" "$(create_body 2d9f7e4a-5b6c-4d7e-8f90-a1b2c3d4e5f6 4 check-unknown)" # unknown cluster
# Rate limits: check-limited's two gets an hour, then a 429 (rate_limited). Idempotency keys: sent, then replayed.
LIMITED=$(deployment/dev/token.sh check-limited infergate-admins)
for expected in 404 404 429; do
    call "$expected" "$LIMITED" GET "$API/3fa85f64-5717-4562-b3fc-2c963f66afa6"
done
KEY=$(python3 -c 'import uuid; print(uuid.uuid4())')
for _ in 1 2; do
    IDEMPOTENCY_KEY=$KEY call 202 "$ADMIN" POST "$API" "$(create_body "$ID_A" 4 check-keyed)"
done
# Requests no route matches, each to a path of its own: an unknown path, a method the path does not take, a method nobody
# defined, the operator surface asked for on the API port. One uri value between them, UNMATCHED (checked below).
for i in 1 2 3; do
    call 404 "" GET "http://127.0.0.1:$GW/check-unknown-$i-$RANDOM"
    call 405 "" TRACE "$API/check-trace-$i-$RANDOM"
    call 405 "" "CHECK$i$RANDOM" "$API/check-method-$i-$RANDOM"
done
call 404 "" GET "http://127.0.0.1:$GW/q/metrics"

# Cluster a slow: a get longer than its 1 s request timeout (timeout, retried while the deadline allows).
sim_faults "$SIM_A" '{"latencyMs":1500,"operations":["get"]}'
call 504 "$ADMIN" GET "$API/${IDS_A[0]}"
# Cluster a's token endpoint failing: once its 4 s token expires, its requests fail before reaching it.
sim_faults "$SIM_A" '{"errorRate":1.0,"errorStatus":503,"operations":["token"]}'
sleep 4
call 503 "$ADMIN" POST "$API" "$(create_body "$ID_A" 4 check-no-token)"
sim_faults "$SIM_A" '{}'
# Cluster b failing: 503s on gets (retries, the budget runs out, the breaker opens).
sim_faults "$SIM_B" '{"errorRate":1.0,"errorStatus":503,"operations":["get"]}'
for _ in $(seq 8); do
    for id in "${IDS_B[@]:0:3}"; do
        call "503|502|504" "$ADMIN" GET "$API/$id"
    done
done
call 503 "$ADMIN" GET "$API/${IDS_B[0]}"                                              # breaker_open by now
sim_faults "$SIM_B" '{}'
# A broken policy file: refused at the next reload (2 s), the last good policies stay.
printf 'policies: [\n' >>"$WORK/policies.yaml"
# Healthy traffic again, so rates are recent and a cached location is used.
for _ in 1 2 3; do
    for id in "${IDS_A[@]:0:3}"; do
        call 200 "$ADMIN" GET "$API/$id"
    done
    sleep 1
done
echo "traffic done ($MISMATCHES unexpected statuses); waiting for scrapes"
sleep 5

# --- evaluate every expression -------------------------------------------------------------------------------------------
python3 - "http://127.0.0.1:$PROM" "$ROOT/observability/grafana/dashboards" <<'PY'
import glob, json, os, re, sys, urllib.parse, urllib.request

prom, dashboards = sys.argv[1], sys.argv[2]
# Grafana's macros, and every dashboard variable as "anything", so that each query asks for all series.
MACROS = {"$__rate_interval": "1m", "$__interval": "15s", "$__range": "5m", "${__rate_interval}": "1m",
          "${__range}": "5m", "${__interval}": "15s"}

def grafana_to_promql(expr):
    for macro, value in MACROS.items():
        expr = expr.replace(macro, value)
    return re.sub(r"\$\{?[A-Za-z_][A-Za-z0-9_]*(?::[a-z]+)?\}?", ".*", expr)

def ask(expr):
    data = urllib.parse.urlencode({"query": expr}).encode()
    try:
        with urllib.request.urlopen(prom + "/api/v1/query", data=data, timeout=20) as answer:
            return json.load(answer)
    except urllib.error.HTTPError as e:
        return json.load(e)

def query(expr):
    body = ask(expr)
    if body.get("status") != "success":
        return None, body.get("errorType", "") + ": " + body.get("error", "")
    result = body["data"]["result"]
    if body["data"]["resultType"] == "scalar":
        return 1, None
    return len(result), None

def panels(items):
    for panel in items:
        yield panel
        yield from panels(panel.get("panels", []))

checks = []  # (source, panel title or None, expression)
for path in sorted(glob.glob(os.path.join(dashboards, "*.json"))):
    board = json.load(open(path))
    name = os.path.basename(path)
    for var in board.get("templating", {}).get("list", []):
        if var.get("type") == "query":
            q = var["query"]["query"] if isinstance(var["query"], dict) else var["query"]
            m = re.fullmatch(r"\s*label_values\((.+),\s*([A-Za-z_][A-Za-z0-9_]*)\)\s*", q)
            expr = f"count by ({m.group(2)}) ({m.group(1)})" if m else q
            checks.append((name, "variable " + var["name"], grafana_to_promql(expr)))
    for panel in panels(board.get("panels", [])):
        for target in panel.get("targets", []):
            checks.append((name, f'panel {panel["id"]} "{panel["title"]}"', grafana_to_promql(target["expr"])))

with urllib.request.urlopen(prom + "/api/v1/rules", timeout=20) as answer:
    groups = json.load(answer)["data"]["groups"]
rules = [rule for group in groups for rule in group["rules"]]
if not rules:
    print("FAIL: Prometheus loaded no rules")
    sys.exit(1)
for rule in rules:
    checks.append(("infergate.rules.yaml", "alert " + rule["name"], rule["query"]))

refused, with_data, panel_data = [], 0, {}
for source, what, expr in checks:
    series, error = query(expr)
    if error:
        refused.append((source, what, expr, error))
        print(f"  REFUSED {source} {what}: {error}")
        continue
    with_data += 1 if series else 0
    key = (source, what)
    panel_data[key] = panel_data.get(key, 0) + series
    print(f"  {'data ' if series else 'empty'} {series:4d} {source} {what}")

empty_overview = [what for (source, what), n in panel_data.items()
                  if source == "infergate-overview.json" and what.startswith("panel") and n == 0]
alerts = json.load(urllib.request.urlopen(prom + "/api/v1/alerts", timeout=20))["data"]["alerts"]
print(f"{len(checks)} expressions ({len(rules)} rules loaded), {len(checks) - len(refused)} parsed, "
      f"{with_data} returned data, {len(refused)} refused (a rule returns data while its condition holds)")
print("alerts now: " + (", ".join(sorted(f'{a["labels"]["alertname"]}({a["state"]})' for a in alerts)) or "none"))
# Quarkus' own meter: every uri a route template of the API, or UNMATCHED for the requests no route matched.
ROUTES = {"/api/v1/workloads/distributed-inferences", "/api/v1/workloads/distributed-inferences/{workloadId}",
          "/infergate/v1/clusters", "/infergate/v1/policies/effective", "/infergate/v1/distributed-inferences/preview"}
uris = {series["metric"].get("uri") for series in ask("count by (uri) (http_server_requests_seconds_count)")["data"]["result"]}
raw_uris = sorted(uri for uri in uris if uri not in ROUTES | {"UNMATCHED"})
print("http_server_requests uri values: " + ", ".join(sorted(uris)))
failed = False
if raw_uris or "UNMATCHED" not in uris:
    print("FAIL: http_server_requests uri values other than route templates and UNMATCHED: " + ", ".join(raw_uris))
    failed = True
if refused:
    print(f"FAIL: Prometheus refused {len(refused)} expressions")
    failed = True
if empty_overview:
    print("FAIL: overview panels without data: " + "; ".join(empty_overview))
    failed = True
sys.exit(1 if failed else 0)
PY

#!/usr/bin/env bash
# InferGate beside its peers: the same requests through an nginx reverse proxy, through HAProxy verifying the same RS256
# bearer token on every request (signature, issuer, audience, expiry; one thread), through the floor (bench/floor: a
# bare Quarkus REST pass-through on InferGate's own stack, nothing else) and through the gateway, all in front of ten
# static Run:ai control planes served by one nginx, everything on 127.0.0.1. Prints one markdown table (also saved to
# target/compare/report.md): requests per second, latency and CPU per request per scenario and peer, InferGate's ratios
# to the floor and to HAProxy, fixed-rate latency, the gateway's peak RSS and time to ready, and PASS/MISS against the
# targets.
#
# A benchmark, not a test: it exits 0 whether the targets are met or missed, and non-zero on a setup failure or on any
# answer with another status than the scenario expects. About 3 minutes with the defaults, plus the build.
#
#   bench/compare.sh                                  build the jar (./mvnw package), then run
#   MVN_ARGS=-o bench/compare.sh                      Maven offline
#   COMPARE_BUILD=0 bench/compare.sh                  use target/quarkus-app/quarkus-run.jar as it is, if it exists
#   COMPARE_WARMUP=2 COMPARE_DURATION=5 bench/compare.sh            a quicker, noisier run
#   COMPARE_JFR=1 bench/compare.sh                    also record the gateway with JFR during its measured runs
#                                                     (stacks 512 frames deep, a sample every COMPARE_JFR_PERIOD: 2ms)
#
# Settings (environment, durations in seconds):
#   COMPARE_GATEWAY_WARMUP (30)                      the gateway's JIT warm-up before any measurement (all scenarios)
#   COMPARE_WARMUP (5) and COMPARE_DURATION (10)     each wrk run: a warm-up, then the measured run
#   COMPARE_THREADS (1), COMPARE_CONNECTIONS (32)     wrk -t and -c
#   COMPARE_RATE (1000), COMPARE_FIXED_WARMUP (3), COMPARE_FIXED_DURATION (10), COMPARE_FIXED_CONNECTIONS (16)
#                                                     the fixed-rate run (bench/OpenLoop.java)
#   COMPARE_JVM_OPTS                                  the gateway's JVM options (default below, GATEWAY_JVM)
#   COMPARE_JAVA                                      the gateway's java (default: the newest JDK 25+ under /usr/lib/jvm,
#                                                     else Java 17 from JAVA_HOME or PATH); COMPARE_AOT=0: no AOT cache
#   COMPARE_SCENARIOS ("get create miss")             the wrk scenarios measured (the JIT warm-up runs all three);
#                                                     with COMPARE_FIXED_DURATION=0 as well, a quick loop for one change
#
# Needs Java 17, and installs what else is missing with apt-get (as root, or through sudo): nginx-light, haproxy, wrk,
# curl, openssl, python3. Logs and raw outputs: target/compare/. Numbers from a machine that is doing other work (a Maven
# build beside it) are smoke checks only: compare runs made on the same, otherwise idle, machine.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
JAR=target/quarkus-app/quarkus-run.jar
OUT=target/compare
LUA=bench/compare.lua
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

GATEWAY_WARMUP=${COMPARE_GATEWAY_WARMUP:-30}
WARMUP=${COMPARE_WARMUP:-5}
DURATION=${COMPARE_DURATION:-10}
THREADS=${COMPARE_THREADS:-1}
CONNECTIONS=${COMPARE_CONNECTIONS:-32}
RATE=${COMPARE_RATE:-1000}
FIXED_WARMUP=${COMPARE_FIXED_WARMUP:-3}
FIXED_DURATION=${COMPARE_FIXED_DURATION:-10}
read -r -a SCENARIOS <<<"${COMPARE_SCENARIOS:-get create miss}"
FIXED_CONNECTIONS=${COMPARE_FIXED_CONNECTIONS:-16}

# The gateway's JVM as the Deployment runs it (deployment/kubernetes/base/020-deployment.yaml: a 512 MiB memory limit,
# 2 CPUs, JDK_JAVA_OPTIONS=-XX:MaxRAMPercentage=60 -XX:InitialRAMPercentage=40 -XX:+ExitOnOutOfMemoryError), not as
# ergonomics would size it on the build machine (G1 and a quarter of the host's memory as heap: 6 GiB of 24).
# -XX:MaxRAM=512m gives the heap
# ergonomics the pod's memory (a maximum heap of 60 % of it, about 307 MiB); -XX:+UseSerialGC is the collector JDK 17
# picks by itself in a container under 1792 MiB; -XX:ActiveProcessorCount=2 sizes the thread pools as the pod's CPU
# limit does. Everything else is the JVM's default. Override with COMPARE_JVM_OPTS; the java command line is printed.
read -r -a GATEWAY_JVM <<<"${COMPARE_JVM_OPTS:--XX:MaxRAM=512m -XX:MaxRAMPercentage=60 -XX:InitialRAMPercentage=40 \
    -XX:+ExitOnOutOfMemoryError -XX:+UseSerialGC -XX:ActiveProcessorCount=2}"
# The fixed-rate load is a helper: a small heap and the C1 compiler keep its share of the two cores small.
LOAD_JVM=(-XX:+UseSerialGC -Xmx64m -XX:TieredStopAtLevel=1)

COLLECTION=/api/v1/workloads/distributed-inferences
FIXED_ID=6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f   # the workload cluster 0 holds
CREATED_ID=7a2d3e4f-5c6b-4d7e-9f80-a1b2c3d4e5f6 # the workload every create answer names
ISSUER=https://bench.infergate.local
ADMIN_GROUP=bench-admins
CREATE_BODY=src/test/resources/contract/maximal-create.json
POLICY_FILE=$ROOT/src/test/resources/policy/realistic.yaml
CLUSTER_COUNT=10

log() { printf '[compare %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
    printf '[compare %s] FAILED: %s\n' "$(date +%H:%M:%S)" "$*" >&2
    exit 1
}

# ------------------------------------------------------------------------------------------------ processes, clean-up

# shellcheck source=bench/processes.sh
source "$ROOT/bench/processes.sh"
RUN=

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_processes
    [[ -n $RUN ]] && rm -rf "$RUN"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ------------------------------------------------------------------------------------------------ tools and the jar

install_missing() {
    local -A package_of=([nginx]=nginx-light [haproxy]=haproxy [wrk]=wrk [curl]=curl [openssl]=openssl [python3]=python3)
    local missing=() tool sudo=()
    for tool in "${!package_of[@]}"; do
        command -v "$tool" >/dev/null || missing+=("${package_of[$tool]}")
    done
    ((${#missing[@]})) || return 0
    if ((EUID != 0)); then
        command -v sudo >/dev/null || die "missing ${missing[*]}; run as root or install them"
        sudo=(sudo)
    fi
    log "installing ${missing[*]} (apt-get)"
    # RUNLEVEL=1 asks Debian's invoke-rc.d not to start the packaged nginx and haproxy services: this script runs its own.
    "${sudo[@]}" apt-get update -q >/dev/null
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -q "${missing[@]}" >/dev/null
}

install_missing
command -v "$JAVA" >/dev/null || die "no java: Java 17 is needed (JAVA_HOME or PATH)"

# The gateway runs on the JVM the image ships (deployment/container/Dockerfile.jvm: JDK 25 with an AOT cache) when this
# machine has one: COMPARE_JAVA, else the newest JDK 25 or later under /usr/lib/jvm, else $JAVA without a cache.
java_feature() { "$1" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ { print $2 }'; }
GATEWAY_JAVA=${COMPARE_JAVA:-}
if [[ -z $GATEWAY_JAVA ]]; then
    for candidate in /usr/lib/jvm/*/bin/java; do
        [[ -x $candidate ]] && (($(java_feature "$candidate") >= 25)) || continue
        [[ -n $GATEWAY_JAVA ]] && (($(java_feature "$candidate") <= $(java_feature "$GATEWAY_JAVA"))) && continue
        GATEWAY_JAVA=$candidate
    done
fi
GATEWAY_JAVA=${GATEWAY_JAVA:-$JAVA}

if [[ ${COMPARE_BUILD:-1} != 0 || ! -f $JAR ]]; then
    log "building $JAR"
    # formatting is not this script's business: the formatter and import sorter are skipped, as in validation.sh
    ./mvnw -B -q ${MVN_ARGS:-} package -DskipTests -Dfuzz.skip -Dformatter.skip=true -Dimpsort.skip=true
fi
FLOOR_JAR=bench/floor/target/quarkus-app/quarkus-run.jar
if [[ ${COMPARE_BUILD:-1} != 0 || ! -f $FLOOR_JAR ]]; then
    log "building $FLOOR_JAR"
    ./mvnw -B -q ${MVN_ARGS:-} -f bench/floor/pom.xml package -DskipTests
fi
rm -rf "$OUT"
mkdir -p "$OUT"

# Everything else of the run lives in one temporary directory, removed at the end. nginx's workers run as an
# unprivileged user when the script is root, so the directory is world-readable; the signing key has its own.
RUN=$(mktemp -d /tmp/infergate-compare.XXXXXX)
chmod 755 "$RUN"
mkdir -p "$RUN/secret" "$RUN/www" "$RUN/upstream" "$RUN/proxy" "$RUN/haproxy"
chmod 700 "$RUN/secret"

read -r -a PORTS <<<"$(python3 bench/chaos_load.py ports $((CLUSTER_COUNT + 8)))"
PROXY_PORT=${PORTS[CLUSTER_COUNT]}
GATEWAY_PORT=${PORTS[CLUSTER_COUNT + 1]}
TRAINING_SIMULATOR_PORT=${PORTS[CLUSTER_COUNT + 2]} # the AOT training run's own control plane, before the gateway starts
GATEWAY_MANAGEMENT_PORT=${PORTS[CLUSTER_COUNT + 3]} # metrics and health (the management interface)
TRAINING_MANAGEMENT_PORT=${PORTS[CLUSTER_COUNT + 4]}
HAPROXY_PORT=${PORTS[CLUSTER_COUNT + 5]}
FLOOR_PORT=${PORTS[CLUSTER_COUNT + 6]}
FLOOR_MANAGEMENT_PORT=${PORTS[CLUSTER_COUNT + 7]}
NGINX=http://127.0.0.1:$PROXY_PORT
HAPROXY=http://127.0.0.1:$HAPROXY_PORT
FLOOR=http://127.0.0.1:$FLOOR_PORT
GATEWAY=http://127.0.0.1:$GATEWAY_PORT
MANAGEMENT=http://127.0.0.1:$GATEWAY_MANAGEMENT_PORT

# ------------------------------------------------------------------------------------------------ bodies and token

# Cluster 0 is the maximal create body's cluster, named "east" as in the realistic policy set's cluster policy, so the
# body and the policies are used unchanged; the nine others only ever answer 404.
CLUSTER_NAMES=(east) CLUSTER_IDS=()
python3 - "$CREATE_BODY" "$RUN" "$FIXED_ID" "$CREATED_ID" >"$RUN/cluster0" <<'PY'
import json, sys

source, run, fixed_id, created_id = sys.argv[1:]
with open(source) as f:
    create = json.load(f)
# what a client sends: the same body without the pretty-printing
with open(f"{run}/create.json", "w") as f:
    json.dump(create, f, separators=(",", ":"))


def workload(workload_id, phase):
    # a vendor DistributedInference: WorkloadMeta1 (every required field) and the spec as the control plane stores it
    return {"name": create["name"], "requestedName": create["name"], "workloadId": workload_id,
            "projectId": create["projectId"], "departmentId": "3", "clusterId": create["clusterId"],
            "createdBy": "bench", "createdAt": "2026-11-27T10:00:00Z", "deletedAt": None,
            "desiredPhase": "Running", "actualPhase": phase, "spec": create["spec"]}


for name, body in (("get.json", workload(fixed_id, "Running")), ("created.json", workload(created_id, "Creating"))):
    with open(f"{run}/www/{name}", "w") as f:
        json.dump(body, f, separators=(",", ":"))
print(create["clusterId"])
PY
CLUSTER_IDS[0]=$(cat "$RUN/cluster0")
for ((i = 1; i < CLUSTER_COUNT; i++)); do
    CLUSTER_NAMES[i]=cluster-$i
    CLUSTER_IDS[i]=$(printf '00000000-0000-4000-8000-%012d' "$i")
done
chmod 644 "$RUN"/www/*.json

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$RUN/secret/key.pem" 2>/dev/null
PUBLIC_KEY=$(openssl pkey -in "$RUN/secret/key.pem" -pubout -outform DER | openssl base64 -A)
openssl pkey -in "$RUN/secret/key.pem" -pubout -out "$RUN/haproxy/public.pem"
# as deployment/dev/token.sh mints one, valid for this run's planned length plus ten minutes
now=$(date +%s)
token_ttl=$((2 * GATEWAY_WARMUP + 12 * (WARMUP + DURATION) + 2 * (FIXED_WARMUP + FIXED_DURATION) + 600))
jwt_header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
jwt_claims=$(printf '{"iss":"%s","aud":"infergate","sub":"bench","groups":["%s"],"iat":%d,"exp":%d}' \
    "$ISSUER" "$ADMIN_GROUP" "$now" $((now + token_ttl)) | b64url)
jwt_signature=$(printf '%s.%s' "$jwt_header" "$jwt_claims" |
    openssl dgst -sha256 -sign "$RUN/secret/key.pem" -binary | b64url)
TOKEN=$jwt_header.$jwt_claims.$jwt_signature
AUTH="Authorization: Bearer $TOKEN"

# ------------------------------------------------------------------------------------------------ nginx

# Settings both nginx instances share: their own temporary paths (Debian's build points them at /var/lib/nginx), no
# access log, and keep-alive connections that are never closed after N requests (nginx's default is 1000), as
# InferGate does not close them either.
nginx_http_common() {
    local dir=$1
    cat <<EOF
    access_log off;
    server_tokens off;
    client_body_temp_path $dir/client_body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    keepalive_requests 1000000;
    keepalive_timeout 120s;
    # bodies stay in memory (the create body is about 6 KB): InferGate buffers up to 1 MiB in memory as well
    client_body_buffer_size 1m;
    default_type application/json;
    types { application/json json; }
EOF
}

nginx_main_common() { # dir workers name
    local dir=$1 workers=$2
    cat <<EOF
daemon off;
worker_processes $workers;
pid $dir/nginx.pid;
lock_file $dir/nginx.lock;
error_log $ROOT/$OUT/nginx-$3-error.log ${NGINX_LOG_LEVEL:-warn};
events { worker_connections 4096; }
EOF
}

# The static control planes: one nginx, one worker (it serves both sides alike and is not what is compared, so it
# should take as little of the two cores as it can; one worker does tens of thousands of static answers a second).
# Cluster 0 answers GET of FIXED_ID with 200 and a create with 202, each with a DistributedInference; every other
# request, on every cluster, is a 404 in the vendor Error shape. The bodies are files because nginx's configuration
# parser refuses a quoted string over 4 KB. nginx's static module answers POST with 405, so the create location turns
# that 405 into a 202 with created.json (error_page redirects as a GET).
write_upstream_conf() {
    local dir=$RUN/upstream i
    {
        nginx_main_common "$dir" 1 upstream
        echo "http {"
        nginx_http_common "$dir"
        echo "    open_file_cache max=16;"
        for ((i = 0; i < CLUSTER_COUNT; i++)); do
            echo "    server {"
            echo "        listen 127.0.0.1:${PORTS[i]};"
            echo "        root $RUN/www;"
            if ((i == 0)); then
                cat <<EOF
        location = $COLLECTION/$FIXED_ID {
            try_files /get.json =500;
        }
        location = $COLLECTION {
            if (\$request_method != POST) {
                return 404 '{"code":404,"message":"Resource id not found."}';
            }
            error_page 405 =202 /created.json;
            return 405;
        }
        location = /created.json {
            internal;
        }
EOF
            fi
            echo "        location / {"
            echo "            return 404 '{\"code\":404,\"message\":\"Resource id not found.\"}';"
            echo "        }"
            echo "    }"
        done
        echo "}"
    } >"$dir/nginx.conf"
}

# The baseline: a reverse proxy in front of cluster 0 with a keep-alive pool to it. worker_processes auto (two here):
# the gateway's Vert.x event loops may use every core, so the proxy may too.
write_proxy_conf() {
    local dir=$RUN/proxy
    {
        nginx_main_common "$dir" auto proxy
        echo "http {"
        nginx_http_common "$dir"
        cat <<EOF
    upstream cluster0 {
        server 127.0.0.1:${PORTS[0]};
        keepalive 64;
        keepalive_requests 1000000;
    }
    server {
        listen 127.0.0.1:$PROXY_PORT;
        location / {
            proxy_pass http://cluster0;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }
}
EOF
    } >"$dir/nginx.conf"
}

start_nginx() { # name
    local dir=$RUN/$1
    nginx -t -q -p "$dir" -c "$dir/nginx.conf" 2>"$OUT/nginx-$1-check.log" ||
        die "nginx $1 configuration refused: $(cat "$OUT/nginx-$1-check.log")"
    nginx -p "$dir" -c "$dir/nginx.conf" >"$OUT/nginx-$1.log" 2>&1 &
    PIDS+=("$!")
}

# waits until URL answers any HTTP status; the process must stay alive meanwhile
wait_http() { # url pid label
    local deadline=$((SECONDS + 30))
    until curl -s -o /dev/null --max-time 1 "$1"; do
        kill -0 "$2" 2>/dev/null || die "$3 exited; see $OUT"
        ((SECONDS < deadline)) || die "$3 did not answer $1 within 30 s"
        sleep 0.05
    done
}

write_upstream_conf
write_proxy_conf
start_nginx upstream
UPSTREAM_PID=${PIDS[-1]}
start_nginx proxy
PROXY_PID=${PIDS[-1]}
for ((i = 0; i < CLUSTER_COUNT; i++)); do
    wait_http "http://127.0.0.1:${PORTS[i]}/" "$UPSTREAM_PID" "static clusters (nginx)"
done
wait_http "$NGINX/" "$PROXY_PID" "nginx proxy"
log "static clusters on ports ${PORTS[*]:0:CLUSTER_COUNT}; nginx proxy on $PROXY_PORT"

# ------------------------------------------------------------------------------------------------ HAProxy with JWT

# The C peer doing the same authentication work: every request's RS256 bearer token verified (signature with the
# public key, alg, issuer, audience, exp), one thread, a keep-alive pool to cluster 0. A refused token is answered 401
# in the vendor shape, as InferGate would.
cat >"$RUN/haproxy/haproxy.cfg" <<EOF
global
    nbthread 1
    maxconn 4096
defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
    http-reuse always
frontend gate
    bind 127.0.0.1:$HAPROXY_PORT
    http-request set-var(txn.bearer) http_auth_bearer
    http-request set-var(txn.alg) var(txn.bearer),jwt_header_query('\$.alg')
    http-request set-var(txn.iss) var(txn.bearer),jwt_payload_query('\$.iss')
    http-request set-var(txn.aud) var(txn.bearer),jwt_payload_query('\$.aud')
    http-request set-var(txn.exp) var(txn.bearer),jwt_payload_query('\$.exp','int')
    http-request set-var(txn.now) date()
    http-request return status 401 content-type application/json string '{"code":401,"message":"Unauthorized."}' unless { var(txn.alg) -m str RS256 } { var(txn.iss) -m str $ISSUER } { var(txn.aud) -m str infergate } { var(txn.exp),sub(txn.now) -m int gt 0 } { var(txn.bearer),jwt_verify(txn.alg,"$RUN/haproxy/public.pem") -m int 1 }
    default_backend cluster0
backend cluster0
    server c0 127.0.0.1:${PORTS[0]}
EOF
haproxy -c -q -f "$RUN/haproxy/haproxy.cfg" >"$OUT/haproxy-check.log" 2>&1 ||
    die "haproxy configuration refused: $(cat "$OUT/haproxy-check.log")"
haproxy -db -f "$RUN/haproxy/haproxy.cfg" >"$OUT/haproxy.log" 2>&1 &
PIDS+=("$!")
HAPROXY_PID=${PIDS[-1]}
wait_http "$HAPROXY/" "$HAPROXY_PID" "haproxy"
log "haproxy (JWT verified on every request) on $HAPROXY_PORT"

# ------------------------------------------------------------------------------------------------ the gateway

# CPU time (user + system, in clock ticks) of processes and their children: the gateway JVM, or nginx's master and
# workers. Unlike wall time it hardly depends on what else the machine runs, so it is the figure to trust on a busy one.
CLK_TCK=$(getconf CLK_TCK)
cpu_ticks() { # pid...
    local pid child total=0
    for pid; do
        for child in "$pid" $(cat "/proc/$pid/task/$pid/children" 2>/dev/null); do
            # fields after "pid (comm) ": utime and stime are the 12th and 13th
            total=$((total + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$child/stat")))
        done
    done
    echo "$total"
}

gateway_args=(
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$GATEWAY_PORT"
    -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$GATEWAY_MANAGEMENT_PORT"
    -Dquarkus.oidc.public-key="$PUBLIC_KEY" -Dquarkus.oidc.token.issuer="$ISSUER"
    -Dinfergate.access.admin-groups="$ADMIN_GROUP"
    -Dinfergate.policy.file="$POLICY_FILE"
)
for ((i = 0; i < CLUSTER_COUNT; i++)); do
    gateway_args+=(-Dinfergate.clusters."${CLUSTER_NAMES[i]}".id="${CLUSTER_IDS[i]}"
        -Dinfergate.clusters."${CLUSTER_NAMES[i]}".url="http://127.0.0.1:${PORTS[i]}")
done
# The floor runs on the gateway's JVM and options, without an AOT cache (it changes the start, not the steady state).
FLOOR_JVM=("${GATEWAY_JVM[@]}")
# Reactive stacks are deeper than JFR's default 64 frames: without this, a sample loses the frames that say which
# step of the request it belongs to. The option loads the jdk.jfr module, so the AOT cache is trained with it too
# (a cache made without it is refused at start, and the gateway would run without one).
jfr_opts=()
[[ ${COMPARE_JFR:-0} == 1 ]] && jfr_opts=(-XX:FlightRecorderOptions:stackdepth=512)
# As the image does: train an AOT cache with the gateway's JVM and options, then start from it (COMPARE_AOT=0: never).
AOT_NOTE="no AOT cache (COMPARE_AOT=0)"
if [[ ${COMPARE_AOT:-1} != 0 ]] && (($(java_feature "$GATEWAY_JAVA") >= 25)); then
    log "training the AOT cache (deployment/container/aot-train.sh)"
    JAVA=$GATEWAY_JAVA AOT_TRAIN_PORT=$GATEWAY_PORT AOT_TRAIN_SIMULATOR_PORT=$TRAINING_SIMULATOR_PORT \
        AOT_TRAIN_MANAGEMENT_PORT=$TRAINING_MANAGEMENT_PORT \
        deployment/container/aot-train.sh "$(dirname "$JAR")" "$RUN/app.aot" "${GATEWAY_JVM[@]}" "${jfr_opts[@]}" \
        >"$OUT/aot-train.log" 2>&1 || die "AOT training failed: $(tail -n 5 "$OUT/aot-train.log")"
    GATEWAY_JVM+=(-XX:AOTCache="$RUN/app.aot")
    AOT_NOTE="AOT cache from deployment/container/aot-train.sh"
elif [[ ${COMPARE_AOT:-1} != 0 ]]; then
    AOT_NOTE="no AOT cache: $GATEWAY_JAVA is older than JDK 25 (COMPARE_JAVA names one)"
fi
GATEWAY_CMD=("$GATEWAY_JAVA" "${GATEWAY_JVM[@]}" "${jfr_opts[@]}" "${gateway_args[@]}" -jar "$JAR")
log "gateway: ${GATEWAY_CMD[*]/$PUBLIC_KEY/<public key>}"

# Time to ready: wall time from exec to the first 200 of the readiness check, polled every 10 ms.
started_ns=$(date +%s%N)
"${GATEWAY_CMD[@]}" >"$OUT/gateway.log" 2>&1 &
GATEWAY_PID=$!
PIDS+=("$GATEWAY_PID")
while :; do
    status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$MANAGEMENT/q/health/ready" || true)
    [[ $status == 200 ]] && break
    [[ $status == 404 ]] && die "the jar has no /q/health/ready: is io.quarkus:quarkus-smallrye-health in pom.xml?"
    kill -0 "$GATEWAY_PID" 2>/dev/null || die "the gateway exited; last lines of $OUT/gateway.log:
$(tail -n 20 "$OUT/gateway.log")"
    (($(date +%s%N) - started_ns < 60000000000)) || die "the gateway was not ready within 60 s"
    sleep 0.01
done
READY_MS=$((($(date +%s%N) - started_ns) / 1000000))
READY_CPU_MS=$(($(cpu_ticks "$GATEWAY_PID") * 1000 / CLK_TCK))
QUARKUS_STARTED=$(grep -o 'started in [0-9.]*s' "$OUT/gateway.log" | head -n 1 || true)
log "gateway ready after $READY_MS ms, $READY_CPU_MS ms of CPU (Quarkus: ${QUARKUS_STARTED:-no 'started in' line})"

"$GATEWAY_JAVA" "${FLOOR_JVM[@]}" -Dquarkus.http.port="$FLOOR_PORT" -Dquarkus.management.port="$FLOOR_MANAGEMENT_PORT" \
    -Dfloor.upstream.port="${PORTS[0]}" -jar "$FLOOR_JAR" >"$OUT/floor.log" 2>&1 &
PIDS+=("$!")
FLOOR_PID=${PIDS[-1]}
wait_http "http://127.0.0.1:$FLOOR_MANAGEMENT_PORT/q/health/ready" "$FLOOR_PID" "the floor (bench/floor)"
log "floor (bare Quarkus REST pass-through) on $FLOOR_PORT"

# ------------------------------------------------------------------------------------------------ checks before load

check() { # label expected-status method url [body-file]
    local label=$1 expected=$2 method=$3 url=$4 body=${5:-} status
    local args=(-s -o "$OUT/check-$label.json" -D "$OUT/check-$label.headers" -w '%{http_code}' -X "$method" -H "$AUTH")
    [[ -n $body ]] && args+=(-H 'Content-Type: application/json' --data-binary "@$body")
    status=$(curl "${args[@]}" "$url" || true)
    [[ $status == "$expected" ]] ||
        die "$label: expected $expected, got $status: $(head -c 600 "$OUT/check-$label.json")"
}

MISS_ID=$(python3 -c 'import uuid; print(uuid.uuid4())')
check upstream-get 200 GET "http://127.0.0.1:${PORTS[0]}$COLLECTION/$FIXED_ID"
check upstream-other-cluster 404 GET "http://127.0.0.1:${PORTS[1]}$COLLECTION/$FIXED_ID"
check upstream-create 202 POST "http://127.0.0.1:${PORTS[0]}$COLLECTION" "$RUN/create.json"
status=$(curl -s -o "$OUT/check-gateway-no-token.json" -w '%{http_code}' "$GATEWAY$COLLECTION/$FIXED_ID" || true)
[[ $status == 401 ]] || die "gateway-no-token: expected 401, got $status: authentication is not on"
check gateway-preview 200 POST "$GATEWAY/infergate/v1/distributed-inferences/preview" "$RUN/create.json"
grep -q '"compliant":true' "$OUT/check-gateway-preview.json" ||
    die "the create body does not comply with $POLICY_FILE: $(head -c 1000 "$OUT/check-gateway-preview.json")"
# this get also fills the gateway's locator cache: the get scenario measures a remembered route
check gateway-get 200 GET "$GATEWAY$COLLECTION/$FIXED_ID"
check gateway-create 202 POST "$GATEWAY$COLLECTION" "$RUN/create.json"
check gateway-miss 404 GET "$GATEWAY$COLLECTION/$MISS_ID"
check nginx-get 200 GET "$NGINX$COLLECTION/$FIXED_ID"
check nginx-create 202 POST "$NGINX$COLLECTION" "$RUN/create.json"
check nginx-miss 404 GET "$NGINX$COLLECTION/$MISS_ID"
check haproxy-get 200 GET "$HAPROXY$COLLECTION/$FIXED_ID"
check haproxy-create 202 POST "$HAPROXY$COLLECTION" "$RUN/create.json"
status=$(curl -s -o "$OUT/check-haproxy-no-token.json" -w '%{http_code}' "$HAPROXY$COLLECTION/$FIXED_ID" || true)
[[ $status == 401 ]] || die "haproxy-no-token: expected 401, got $status: HAProxy does not verify the token"
status=$(curl -s -o "$OUT/check-haproxy-bad-signature.json" -w '%{http_code}' -H "${AUTH}x" "$HAPROXY$COLLECTION/$FIXED_ID" ||
    true)
[[ $status == 401 ]] || die "haproxy-bad-signature: expected 401, got $status: HAProxy does not check the signature"
check floor-get 200 GET "$FLOOR$COLLECTION/$FIXED_ID"
check floor-create 202 POST "$FLOOR$COLLECTION" "$RUN/create.json"
check floor-miss 404 GET "$FLOOR$COLLECTION/$MISS_ID"
POLICIES=$(grep -i '^x-infergate-policies:' "$OUT/check-gateway-create.headers" | cut -d: -f2- | tr -d '\r' || true)
log "checks passed: auth on (401 without a token), create compliant with policies:${POLICIES:- none}"

# ------------------------------------------------------------------------------------------------ load

declare -A RPS P50 P99 CPU_US

# Parses "KEY key=value ..." from a file into the associative array FIELDS.
declare -A FIELDS
read_fields() { # prefix file
    local line pair
    FIELDS=()
    line=$(grep -m 1 "^$1 " "$2") || die "no '$1' line in $2: $(tail -n 5 "$2")"
    for pair in ${line#"$1 "}; do FIELDS[${pair%%=*}]=${pair#*=}; done
}

# One wrk run of a scenario against nginx or the gateway; fails the whole script on any unexpected status or socket
# error. What each scenario sends is here; bench/compare.lua reads its settings from the environment.
load() { # scenario target seconds output
    local scenario=$1 target=$2 seconds=$3 output=$4 base path expected settings=() options=()
    case $target in
        nginx) base=$NGINX ;;
        haproxy) base=$HAPROXY ;;
        floor) base=$FLOOR ;;
        *) base=$GATEWAY ;;
    esac
    case $scenario in
        get) path=$COLLECTION/$FIXED_ID expected=200 ;;
        create)
            path=$COLLECTION expected=202 options=(-H 'Content-Type: application/json')
            settings=(COMPARE_METHOD=POST COMPARE_BODY_FILE="$RUN/create.json")
            ;;
        miss) path=$COLLECTION/ expected=404 settings=(COMPARE_RANDOM_PREFIX="$COLLECTION/") ;;
    esac
    env COMPARE_EXPECT="$expected" "${settings[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --timeout 10s \
        --latency -s "$LUA" -H "$AUTH" "${options[@]}" "$base$path" >"$output" 2>&1 ||
        die "wrk failed: $(tail -n 5 "$output")"
    read_fields COMPARE "$output"
    ((FIELDS[unexpected] == 0)) || die "unexpected statuses ($expected expected): ${FIELDS[statuses]} in $output"
    ((FIELDS[socket_errors] == 0)) || die "${FIELDS[socket_errors]} socket errors: $(grep -i 'errors' "$output")"
}

jcmd() { "$(dirname "$(readlink -f "$(command -v "$GATEWAY_JAVA")")")/jcmd" "$@"; }

measure() { # scenario
    local scenario=$1 target pid ticks jfr=
    for target in nginx haproxy floor gateway; do
        case $target in
            nginx) pid=$PROXY_PID ;;
            haproxy) pid=$HAPROXY_PID ;;
            floor) pid=$FLOOR_PID ;;
            *) pid=$GATEWAY_PID ;;
        esac
        log "$scenario via $target: ${WARMUP} s warm-up, ${DURATION} s measured"
        load "$scenario" "$target" "$WARMUP" "$OUT/wrk-$scenario-$target-warmup.txt"
        if [[ $target == gateway && ${COMPARE_JFR:-0} == 1 ]]; then
            jfr=$ROOT/$OUT/gateway-$scenario.jfr
            jcmd "$GATEWAY_PID" JFR.start name=compare settings=profile "jdk.ExecutionSample#period=${COMPARE_JFR_PERIOD:-2ms}" \
                filename="$jfr" >/dev/null
        fi
        ticks=$(cpu_ticks "$pid")
        load "$scenario" "$target" "$DURATION" "$OUT/wrk-$scenario-$target.txt"
        ticks=$(($(cpu_ticks "$pid") - ticks))
        if [[ -n $jfr ]]; then
            jcmd "$GATEWAY_PID" JFR.stop name=compare >/dev/null
        fi
        RPS[$scenario,$target]=${FIELDS[rps]}
        P50[$scenario,$target]=${FIELDS[p50_us]}
        P99[$scenario,$target]=${FIELDS[p99_us]}
        CPU_US[$scenario,$target]=$((ticks * 1000000 / CLK_TCK / FIELDS[requests]))
    done
}

LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
# The JIT needs tens of thousands of requests before the gateway's code (Vert.x, RESTEasy Reactive, Mutiny, OIDC,
# Jackson, ...) runs compiled; the table is about the gateway as it runs for days, and the start has its own line
# (time to ready). So the gateway first gets all three scenarios for a while, answers checked like any other run.
if ((GATEWAY_WARMUP > 0)); then
    log "warming the gateway and the floor up: get, create and locate miss, $(((GATEWAY_WARMUP + 2) / 3)) s each"
    for scenario in get create miss; do
        load "$scenario" gateway $(((GATEWAY_WARMUP + 2) / 3)) "$OUT/wrk-$scenario-gateway-jit-warmup.txt"
        load "$scenario" floor $(((GATEWAY_WARMUP + 2) / 3)) "$OUT/wrk-$scenario-floor-jit-warmup.txt"
    done
fi
for scenario in "${SCENARIOS[@]}"; do measure "$scenario"; done

declare -A FIXED_P50 FIXED_P99 FIXED_UNFINISHED LABEL=([nginx]=nginx [gateway]=InferGate)
for target in nginx gateway; do
    ((FIXED_DURATION > 0)) || break
    [[ $target == nginx ]] && base=$NGINX || base=$GATEWAY
    log "get via $target at a fixed $RATE req/s: ${FIXED_WARMUP} s warm-up, ${FIXED_DURATION} s measured"
    output=$OUT/fixed-rate-$target.txt
    "$JAVA" "${LOAD_JVM[@]}" bench/OpenLoop.java --url "$base$COLLECTION/$FIXED_ID" --header "$AUTH" --rate "$RATE" \
        --warmup "$FIXED_WARMUP" --duration "$FIXED_DURATION" --connections "$FIXED_CONNECTIONS" --expect 200 \
        >"$output" 2>&1 || die "fixed-rate run against $target failed: $(tail -n 3 "$output")"
    read_fields OPENLOOP "$output"
    FIXED_P50[$target]=${FIELDS[p50_us]}
    FIXED_P99[$target]=${FIELDS[p99_us]}
    FIXED_UNFINISHED[$target]=${FIELDS[unfinished]}
done

PEAK_RSS_KB=$(awk '/^VmHWM:/ { print $2 }' "/proc/$GATEWAY_PID/status")
curl -s -o "$OUT/gateway-metrics.txt" "$MANAGEMENT/q/metrics" || true
metric() { awk -v name="$1" '$1 == name { value = $2 } END { printf "%d", value }' "$OUT/gateway-metrics.txt"; }
LOAD_AT_END=$(cut -d' ' -f1-3 /proc/loadavg)

# ------------------------------------------------------------------------------------------------ report

ms() { awk -v n="$1" 'BEGIN { printf "%.2f", n / 1000 }'; } # µs to ms, or ms to s
verdict() { if (($1)); then echo PASS; else echo MISS; fi; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b ? a / b : 0 }'; }
# one row per scenario: requests per second and CPU per request of every peer, and InferGate's ratios
row() { # name label
    [[ -n ${RPS[$1,gateway]:-} ]] || return 0 # not among COMPARE_SCENARIOS
    printf '| %s | %.0f / %.0f / %.0f / %.0f | %s / %s / %s / %s | %s | %s |\n' "$2" \
        "${RPS[$1,nginx]}" "${RPS[$1,haproxy]}" "${RPS[$1,floor]}" "${RPS[$1,gateway]}" \
        "${CPU_US[$1,nginx]}" "${CPU_US[$1,haproxy]}" "${CPU_US[$1,floor]}" "${CPU_US[$1,gateway]}" \
        "$(ratio "${CPU_US[$1,gateway]}" "${CPU_US[$1,floor]}")" "$(ratio "${RPS[$1,gateway]}" "${RPS[$1,haproxy]}")"
}
latency_row() { # name label
    [[ -n ${RPS[$1,gateway]:-} ]] || return 0
    local target cells=()
    for target in nginx haproxy floor gateway; do
        cells+=("$(ms "${P50[$1,$target]}") / $(ms "${P99[$1,$target]}")")
    done
    printf '| %s | %s | %s | %s | %s |\n' "$2" "${cells[@]}"
}
target_line() { # text condition
    echo "- $1: $(verdict "$2")"
}

P99_DIFF_US=$((${FIXED_P99[gateway]:-0} - ${FIXED_P99[nginx]:-0}))
PEAK_RSS_MIB=$((PEAK_RSS_KB / 1024))
{
    echo "## InferGate beside nginx, HAProxy with JWT and the Quarkus floor ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores," \
        "load average ${LOAD_AT_START} at start, ${LOAD_AT_END} at end)"
    echo
    echo "wrk -t$THREADS -c$CONNECTIONS, ${WARMUP} s warm-up + ${DURATION} s measured per cell," \
        "after ${GATEWAY_WARMUP} s of warm-up of the gateway; latencies in ms."
    echo
    echo "| scenario | req/s nginx / HAProxy+JWT / floor / InferGate | CPU µs per request, same order" \
        "| InferGate CPU ÷ floor | InferGate req/s ÷ HAProxy |"
    echo "|---|---|---|---|---|"
    row get "get by id (route cached)"
    row create "create (maximal body, policies)"
    row miss "locate miss (InferGate: 10 clusters; the others: 1)"
    echo
    echo "| latency p50 / p99 ms | nginx | HAProxy+JWT | floor | InferGate |"
    echo "|---|---|---|---|---|"
    latency_row get "get by id"
    latency_row create "create"
    latency_row miss "locate miss"
    echo
    if [[ -n ${RPS[get,gateway]:-} ]]; then
        target_line "get: InferGate CPU per request at most 1.5 × the floor's ($(ratio "${CPU_US[get,gateway]}" \
            "${CPU_US[get,floor]}") ×)" "$((CPU_US[get,gateway] * 10 <= CPU_US[get,floor] * 15))"
        target_line "get: InferGate requests per second at least HAProxy+JWT's ($(ratio "${RPS[get,gateway]}" \
            "${RPS[get,haproxy]}") ×)" "$(awk -v a="${RPS[get,gateway]}" -v b="${RPS[get,haproxy]}" 'BEGIN { print (a >= b) }')"
    fi
    if [[ -n ${RPS[create,gateway]:-} ]]; then
        target_line "create: InferGate CPU per request at most 350 µs (${CPU_US[create,gateway]} µs)" \
            "$((CPU_US[create,gateway] <= 350))"
    fi
    if [[ -n ${RPS[miss,gateway]:-} && -n ${RPS[get,gateway]:-} ]]; then
        target_line "locate miss over 10 clusters: at most 3 × the get's CPU per request ($(ratio \
            "${CPU_US[miss,gateway]}" "${CPU_US[get,gateway]}") ×)" "$((CPU_US[miss,gateway] <= 3 * CPU_US[get,gateway]))"
    fi
    ((FIXED_DURATION == 0)) || echo "- fixed rate $RATE req/s, get by id (open loop, latency from each request's due time):" \
        "nginx p50 $(ms "${FIXED_P50[nginx]}") / p99 $(ms "${FIXED_P99[nginx]}") ms," \
        "InferGate p50 $(ms "${FIXED_P50[gateway]}") / p99 $(ms "${FIXED_P99[gateway]}") ms;" \
        "p99 difference $(ms "$P99_DIFF_US") ms (target ≤ 1 ms): $(verdict "$((P99_DIFF_US <= 1000))")"
    for target in nginx gateway; do
        if ((${FIXED_UNFINISHED[$target]:-0})); then
            echo "  - ${LABEL[$target]} did not keep up: ${FIXED_UNFINISHED[$target]} requests unanswered 5 s after" \
                "the last one was due, counted with their wait so far (its percentiles are lower bounds)"
        fi
    done
    echo "- InferGate peak RSS (VmHWM at the end): $PEAK_RSS_MIB MiB (target ≤ 256 MiB):" \
        "$(verdict "$((PEAK_RSS_MIB <= 256))")"
    echo "- InferGate time to ready (exec to first 200 of /q/health/ready): $(ms "$READY_MS") s" \
        "(Quarkus: ${QUARKUS_STARTED:-?}; $(ms "$READY_CPU_MS") s of CPU) (target ≤ 1.5 s):" \
        "$(verdict "$((READY_MS <= 1500))")"
    echo "- InferGate locator (whole run): $(metric 'infergate_locator_results_total{result="cache_hit"}')" \
        "cache hits, $(metric 'infergate_locator_results_total{result="not_found"}') not found after asking on" \
        "average $(awk -v sum="$(metric infergate_locator_fanout_width_sum)" \
            -v count="$(metric infergate_locator_fanout_width_count)" \
            'BEGIN { printf "%.1f", count ? sum / count : 0 }') clusters"
    echo "- InferGate JVM: ${GATEWAY_JVM[*]/#-XX:AOTCache=*/-XX:AOTCache=app.aot}; $("$GATEWAY_JAVA" -version 2>&1 |
        head -n 1); $AOT_NOTE"
} | tee "$OUT/report.md"
if [[ ${COMPARE_JFR:-0} == 1 ]]; then
    log "JFR recordings of the measured gateway runs: $OUT/gateway-<scenario>.jfr (read them with 'jfr view" \
        "hot-methods FILE' of a JDK 21 or later; a JDK 17 jfr has only 'jfr print --events jdk.ExecutionSample FILE')"
fi
log "raw outputs and logs: $OUT/"

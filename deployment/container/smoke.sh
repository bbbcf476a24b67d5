#!/usr/bin/env bash
# Builds the JVM image (deployment/container/Dockerfile.jvm) and runs it as the Kubernetes pod runs it, then proves it
# serves: readiness, the four operations against the bundled simulator, the AOT cache in use, and a graceful stop with a
# request in flight. Run by .ci/run; runs as root on a Debian machine with no registry in reach.
#
#   deployment/container/smoke.sh
#
# Environment:
#   SMOKE_BASE_IMAGE  use this existing image as both bases instead of making one with local-base.sh
#   SMOKE_KEEP=1      keep the work directory (storage, logs) instead of removing it
#   SMOKE_IMAGE_ARCHIVE=FILE
#                     once the image passed, save it there (podman save), to load into kind or minikube for the dev
#                     overlay, which names it localhost/infergate:jvm (docs/deployment.md, "Kubernetes")
#
# Everything it makes lives in one work directory of its own (podman's storage, run state and configuration, the
# build's cache mount and temporary files) plus one podman network; both are removed at the end, whatever happened,
# so the machine's own podman configuration and images are untouched.
#
# The container runs with the pod's settings from deployment/kubernetes: uid/gid 1001, read-only root filesystem, all
# capabilities dropped, no privilege escalation, a 64 MiB tmpfs at /tmp, the dev overlay's configuration mounted
# read-only at /deployments/config, the Deployment's JDK_JAVA_OPTIONS, its memory and CPU limits.
set -euo pipefail
cd "$(dirname "$0")/../.."

log() { printf '[smoke] %s\n' "$*" >&2; }
fail() { log "FAILED: $*"; exit 1; }

for tool in podman curl openssl debootstrap; do
    command -v "$tool" >/dev/null 2>&1 || fail "$tool is missing (apt-get install podman runc curl openssl debootstrap)"
done

work=$(mktemp -d /tmp/infergate-smoke.XXXXXX)
network=infergate-smoke-$$
container=infergate-smoke-$$
image=localhost/infergate:jvm
base=${SMOKE_BASE_IMAGE:-localhost/infergate-base:smoke}
mkdir -p "$work/tmp" "$work/config"

# podman and buildah read these instead of the machine's files: storage, run state and the build's cache mount
# (buildah keeps it under TMPDIR) stay in the work directory.
nofile=$(ulimit -Hn)
cat >"$work/containers.conf" <<EOF
[containers]
# root here lacks CAP_SYS_RESOURCE: a container cannot be given more than the hard limit
default_ulimits = ["nofile=$nofile:$nofile", "nproc=32768:32768"]
[engine]
# crun refuses the hybrid cgroup layout of these machines; runc works
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
cat >"$work/storage.conf" <<EOF
[storage]
driver = "overlay"
graphroot = "$work/storage"
runroot = "$work/run"
EOF
export CONTAINERS_CONF=$work/containers.conf CONTAINERS_STORAGE_CONF=$work/storage.conf TMPDIR=$work/tmp

cleanup() {
    local status=$?
    set +e
    if [[ $status -ne 0 ]] && podman container exists "$container" 2>/dev/null; then
        log "container log (last 40 lines):"
        podman logs --tail 40 "$container" 2>&1 | sed 's/^/    /' >&2
    fi
    podman rm -f -t 0 "$container" >/dev/null 2>&1
    podman network rm -f "$network" >/dev/null 2>&1
    podman rmi -a -f >/dev/null 2>&1
    # whatever podman left mounted below the work directory
    grep -o " $work/[^ ]*" /proc/mounts | sort -r | xargs -r -n 1 umount -l 2>/dev/null
    if [[ ${SMOKE_KEEP:-0} == 1 ]]; then
        log "kept $work"
    else
        rm -rf "$work"
    fi
    exit "$status"
}
trap cleanup EXIT

# --- build ----------------------------------------------------------------------------------------------------------
if [[ -z ${SMOKE_BASE_IMAGE:-} ]]; then
    deployment/container/local-base.sh "$base" "$work"
fi
log "building $image from $base"
started=$SECONDS
podman build --quiet -f deployment/container/Dockerfile.jvm \
    --build-arg BUILDER_IMAGE="$base" --build-arg RUNTIME_IMAGE="$base" \
    -t "$image" . >"$work/build.log" 2>&1 || { tail -n 40 "$work/build.log" >&2; fail "the image did not build"; }
log "built in $((SECONDS - started)) s"
# Nothing of the build is left where the pod writes: the image's /tmp is empty (a root-owned leftover there would stop
# the gateway as uid 1001 wherever /tmp is not a fresh volume).
leftovers=$(podman run --rm --entrypoint ls "$image" -A /tmp 2>/dev/null)
[[ -z $leftovers ]] || fail "the image's /tmp holds $leftovers"

# --- run as the pod does ----------------------------------------------------------------------------------------------
deployment=deployment/kubernetes/base/020-deployment.yaml
java_options=$(awk '/name: JDK_JAVA_OPTIONS/ { getline; sub(/^ *value: */, ""); print; exit }' "$deployment")
[[ -n $java_options ]] || fail "no JDK_JAVA_OPTIONS in $deployment"
# the dev overlay's ConfigMap: its application.yaml replaces the base's, the base's policies.yaml stays
cp deployment/kubernetes/overlays/dev/application.yaml deployment/kubernetes/base/policies.yaml "$work/config/"
chmod -R a+rX "$work/config"

api_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null ||
    echo 18480)
management_port=$((api_port + 1))
podman network create "$network" >/dev/null
started_at=$(date +%s%N)
podman run -d --name "$container" --network "$network" \
    -p "127.0.0.1:$api_port:8080" -p "127.0.0.1:$management_port:9000" \
    --user 1001:1001 --read-only --read-only-tmpfs=false --tmpfs /tmp:rw,size=64m,mode=1777,notmpcopyup \
    --cap-drop=ALL --security-opt=no-new-privileges \
    --memory 512m --cpus 2 \
    --workdir /deployments -v "$work/config:/deployments/config:ro" \
    -e JDK_JAVA_OPTIONS="$java_options" \
    "$image" >/dev/null 2>"$work/run.log" || { cat "$work/run.log" >&2; fail "the container did not start"; }
api=http://127.0.0.1:$api_port
management=http://127.0.0.1:$management_port

until [[ $(curl -s -o /dev/null -w '%{http_code}' "$management/q/health/ready") == 200 ]]; do
    [[ $(podman inspect -f '{{.State.Running}}' "$container") == true ]] || fail "the container exited before it was ready"
    (($(date +%s%N) - started_at < 60000000000)) || fail "not ready within 60 s"
    sleep 0.1
done
ready_ms=$((($(date +%s%N) - started_at) / 1000000))
log "ready ${ready_ms} ms after podman run (the container's start included)"

# The pod's settings really apply: uid 1001, no capabilities, nothing writable but /tmp.
[[ $(podman exec "$container" id -u) == 1001 ]] || fail "not running as uid 1001"
[[ $(podman exec "$container" awk '/^CapEff/ { print $2 }' /proc/1/status) == 0000000000000000 ]] ||
    fail "the process has capabilities"
podman exec "$container" bash -c ': > /deployments/probe' 2>/dev/null && fail "the root filesystem is writable"
podman exec "$container" bash -c ': > /tmp/probe' || fail "/tmp is not writable"

# The AOT cache is in use: the JVM maps it (a cache it refused would not be mapped, and it would say why at start).
podman exec "$container" grep -q app.aot /proc/1/maps || fail "the JVM did not map the AOT cache"
if podman logs "$container" 2>&1 | grep -Ei 'aot.*(mismatch|unable|disabled|error)|AOTCache.*not' >&2; then
    fail "the JVM warned about its AOT cache"
fi
log "the JVM runs from its AOT cache"

# --- the four operations through the container, against the simulator inside it ------------------------------------------
token=$(deployment/dev/token.sh)
auth="Authorization: Bearer $token"
collection=$api/api/v1/workloads/distributed-inferences
call() { # method url [body] -> prints the status, body in $work/body
    curl -s -o "$work/body" -w '%{http_code}' -X "$1" -H "$auth" -H 'Content-Type: application/json' ${3:+-d "$3"} "$2"
}
expect() { # status method url [body]
    local want=$1 got
    shift
    got=$(call "$@")
    [[ $got == "$want" ]] || fail "$1 $2 answered $got, not $want: $(head -c 400 "$work/body")"
}

expect 202 POST "$collection" '{"name":"smoke","projectId":"7","clusterId":"0b7d5c2e-3f4a-4b5c-8d6e-7f8091a2b3c4",
    "spec":{"workers":1,"replicas":1,"leader":{"image":"nvcr.io/nim/meta/llama-3.1-8b-instruct:1.3"},
            "worker":{"image":"nvcr.io/nim/meta/llama-3.1-8b-instruct:1.3"}}}'
workload=$(grep -o '"workloadId":"[^"]*"' "$work/body" | cut -d'"' -f4)
[[ -n $workload ]] || fail "the create answer has no workloadId"
expect 200 GET "$collection/$workload"
grep -q "\"workloadId\":\"$workload\"" "$work/body" || fail "the get answered another workload"
expect 202 PATCH "$collection/$workload" '{"spec":{"replicas":2}}'
expect 202 DELETE "$collection/$workload"
[[ $(curl -s -o /dev/null -w '%{http_code}' "$collection/$workload") == 401 ]] || fail "a request without a token was not refused"
log "create 202, get 200, patch 202, delete 202 through the container"

# --- graceful stop with a request in flight -------------------------------------------------------------------------
expect 202 POST "$collection" '{"name":"drained","projectId":"7","clusterId":"0b7d5c2e-3f4a-4b5c-8d6e-7f8091a2b3c4",
    "spec":{"replicas":1,"leader":{"image":"nvcr.io/nim/meta/llama-3.1-8b-instruct:1.3"}}}'
workload=$(grep -o '"workloadId":"[^"]*"' "$work/body" | cut -d'"' -f4)
# The simulator listens on the container's loopback only: its control API is reached from inside, with bash alone.
podman exec "$container" bash -c 'exec 3<>/dev/tcp/127.0.0.1/8091
    body="{\"latencyMs\":8000,\"operations\":[\"get\"]}"
    printf "PUT /_sim/faults HTTP/1.1\r\nHost: sim\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s" \
        ${#body} "$body" >&3
    read -r _ status _ <&3; [[ $status == 200 ]]' || fail "could not slow the simulator down"
curl -s -o "$work/in-flight" -w '%{http_code}' -H "$auth" "$collection/$workload" >"$work/in-flight.status" &
reader=$!
sleep 1
stop_started=$SECONDS
podman stop -t 70 "$container" >/dev/null &
stopper=$!
sleep 0.5
[[ $(curl -s -o /dev/null -w '%{http_code}' "$management/q/health/ready") == 503 ]] ||
    fail "readiness was not DOWN right after SIGTERM"
wait "$reader" || true
[[ $(cat "$work/in-flight.status") == 200 ]] || fail "the request in flight answered $(cat "$work/in-flight.status")"
grep -q "\"workloadId\":\"$workload\"" "$work/in-flight" || fail "the request in flight got another answer"
wait "$stopper"
exit_code=$(podman inspect -f '{{.State.ExitCode}}' "$container")
# 143: the JVM's status after SIGTERM once its shutdown hooks have run; 137 would be a SIGKILL
[[ $exit_code == 143 || $exit_code == 0 ]] || fail "the container exited with $exit_code"
log "SIGTERM with a request in flight: it completed with 200, the container stopped in $((SECONDS - stop_started)) s (exit $exit_code)"
if [[ -n ${SMOKE_IMAGE_ARCHIVE:-} ]]; then
    podman save --quiet -o "$SMOKE_IMAGE_ARCHIVE" "$image"
    log "saved $image to $SMOKE_IMAGE_ARCHIVE"
fi
log "passed"

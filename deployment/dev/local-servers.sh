# Sourced (not run) by the scripts that start servers of their own on 127.0.0.1 for a check (observability/check.sh,
# oracle/prism.sh). Before sourcing, the script sets WORK (its work directory, removed at the end unless KEEP is set)
# and FAILURE_LOGS (files under WORK whose last lines are printed when it fails); it adds every process it starts to
# PIDS. On any exit, those processes are stopped and waited for.
PIDS=()

stop_local_servers() {
    local status=$? pid log
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    if [ "$status" -ne 0 ]; then
        for log in "${FAILURE_LOGS[@]}"; do
            echo "--- last lines of $WORK/$log" >&2
            tail -n 30 "$WORK/$log" >&2 2>/dev/null || true
        done
    fi
    if [ -n "${KEEP:-}" ]; then
        echo "work directory kept: $WORK"
    else
        rm -rf "$WORK"
    fi
    exit "$status"
}
trap stop_local_servers EXIT
trap 'exit 130' INT TERM

# Prints N loopback ports nothing listens on, all different.
free_ports() {
    python3 - "$1" <<'PY'
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
}

# Polls until the URL answers 200 (with "any" as $3: answers at all) or $2 seconds have passed.
await() {
    local url=$1 seconds=$2 want=${3:-200} code
    for _ in $(seq $((seconds * 4))); do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url") || true
        if [ "$code" = 200 ] || { [ "$want" = any ] && [ "$code" != 000 ]; }; then
            return 0
        fi
        sleep 0.25
    done
    echo "no answer from $url within ${seconds}s" >&2
    return 1
}

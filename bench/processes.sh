# Sourced by the bench scripts: the processes a script starts in the background go into PIDS, and stop_processes ends
# them all at exit (SIGTERM, up to 5 s to stop, then SIGKILL).

PIDS=()

any_alive() {
    local pid
    for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && return 0; done
    return 1
}

stop_processes() {
    ((${#PIDS[@]})) || return 0
    kill -TERM "${PIDS[@]}" 2>/dev/null || true
    for _ in $(seq 50); do
        any_alive || break
        sleep 0.1
    done
    kill -KILL "${PIDS[@]}" 2>/dev/null || true
    wait "${PIDS[@]}" 2>/dev/null || true
}

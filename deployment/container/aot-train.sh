#!/usr/bin/env bash
# Writes the AOT cache of the packaged gateway (JDK 25 or later: JEP 483, 514, 515), so that the JVM starts it with its
# classes already loaded and linked and its startup methods profiled (docs/design.md, decision 32).
#
#   deployment/container/aot-train.sh APP_DIR CACHE [JAVA_OPTION...]
#
#   APP_DIR      the packaged application, holding quarkus-run.jar (target/quarkus-app, or /deployments in the image)
#   CACHE        the cache file to write, e.g. APP_DIR/app.aot
#   JAVA_OPTION  options the gateway will run with and the cache depends on (the garbage collector, heap sizing);
#                a JVM whose options do not match the cache's warns and starts without it
#
# The training run starts the jar once, in the prod profile, with a configuration of its own that the image never
# uses again: one simulated control plane served by the same process, and a public key whose private half was thrown
# away (no token can be made for it). It waits until the gateway is ready, sends what every replica gets from its
# first second on (probes, a scrape, refused calls), and stops it with SIGTERM; the JVM writes the cache as it exits.
# Only bash and java: it runs in the JRE-only runtime image, where there is no curl (requests go through /dev/tcp).
set -euo pipefail

[[ $# -ge 2 ]] || { echo "usage: $0 APP_DIR CACHE [JAVA_OPTION...]" >&2; exit 2; }
app=$1 cache=$2
shift 2
java=${JAVA:-java}
port=${AOT_TRAIN_PORT:-18080}
management_port=${AOT_TRAIN_MANAGEMENT_PORT:-19000}
sim_port=${AOT_TRAIN_SIMULATOR_PORT:-18091}
cluster=5e0a7c1d-2b3c-4d5e-8f60-718293a4b5c6
# Signs nothing: generated for this script, its private key deleted at once.
key=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA6lSee/XHgjEA6l2p8ih2rYl7BzfLNF3RmruY3GLvDxYlLbsSowwzUBKSHNpU6MlThmf/7Hu/0N75Nda/nLe9EgK9SFm052AMJ/l0mN4nddtAcYLKcN7eDVEzDICNazQQJlcKMykWG+9EyqUgC8PnMyHbEHmuFtWmO5rGYCfB5yeQcS0L+bXKtEIncWuP0nhhoRzQfywde9ga1Lx28/kM+QOjz431/ZJSqxsUKeff4KrhuMcuKbh+2SEXCqnH14UJOx9BFV7ew9P2zp9fRK4kgkcJ5Sw7ymlk1378HmfsP+2vJddR6kBhbKfiuqHKnEiGawkvKuGNyTQzmqBpyK0PiQIDAQAB
log() { printf '[aot-train] %s\n' "$*" >&2; }

rm -f "$cache"
# The training run leaves nothing in /tmp: Vert.x's file cache goes to a directory removed at the end, and no perf data
# is written (the JVM that writes the cache at exit left /tmp/hsperfdata_root behind). Left in the image's /tmp, owned by
# root, they would stop the gateway from starting as uid 1001 wherever /tmp is not a fresh volume.
scratch=$(mktemp -d)
"$java" "$@" -XX:AOTCacheOutput="$cache" -XX:-UsePerfData -Dvertx.cacheDirBase="$scratch/vertx-cache" \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
    -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$management_port" -Dquarkus.shutdown.delay-enabled=false \
    -Dquarkus.oidc.public-key="$key" -Dquarkus.oidc.token.issuer=https://aot-training.infergate.invalid \
    -Dinfergate.lifecycle.enabled=false \
    -Dinfergate.simulator.clusters.training.id="$cluster" -Dinfergate.simulator.clusters.training.port="$sim_port" \
    -Dinfergate.clusters.training.id="$cluster" -Dinfergate.clusters.training.url="http://127.0.0.1:$sim_port" \
    -jar "$app/quarkus-run.jar" &
pid=$!
trap 'kill -9 "$pid" 2>/dev/null || true; rm -rf "$scratch"' EXIT

# one HTTP/1.1 exchange with the API port, or with the management port (metrics, health) for a path under /q/; prints the
# status code (000 when nothing answers)
status() { # method path [header]
    local line to=$port
    [[ $2 == /q/* ]] && to=$management_port
    if ! exec 3<>"/dev/tcp/127.0.0.1/$to" 2>/dev/null; then
        echo 000
        return
    fi
    printf '%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n%sConnection: close\r\n\r\n{}' \
        "$1" "$2" "${3:+$3$'\r\n'}" >&3
    IFS=' ' read -r -t 10 _ line _ <&3 || line=000
    exec 3>&-
    echo "$line"
}

deadline=$((SECONDS + 120))
until [[ $(status GET /q/health/ready) == 200 ]]; do
    kill -0 "$pid" 2>/dev/null || { log "the gateway exited before it was ready"; exit 1; }
    ((SECONDS < deadline)) || { log "the gateway was not ready within 120 s"; exit 1; }
    sleep 0.2
done
collection=/api/v1/workloads/distributed-inferences
for _ in 1 2 3 4 5; do
    status GET /q/health/live >/dev/null
    status GET /q/health/ready >/dev/null
    status GET /q/metrics >/dev/null
    status POST "$collection" >/dev/null
    status GET "$collection/$cluster" 'Authorization: Bearer not.a.token' >/dev/null
done
[[ $(status POST "$collection") == 401 ]] || { log "an unauthenticated create was not refused with 401"; exit 1; }

kill -TERM "$pid"
wait "$pid" || true # 143 after SIGTERM
trap - EXIT
rm -rf "$scratch"
[[ -s $cache ]] || { log "no cache was written to $cache (is $java a JDK 25 or later?)"; exit 1; }
log "wrote $cache ($(($(wc -c <"$cache") / 1048576)) MiB)"

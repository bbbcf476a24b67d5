#!/usr/bin/env bash
# Makes a local base image for deployment/container/Dockerfile.jvm where no registry is reachable: Debian bookworm
# (minbase) from the mirror apt already uses, this machine's JDK 25 and this machine's trust anchors.
#
#   deployment/container/local-base.sh IMAGE_NAME [WORK_DIR]
#
#   IMAGE_NAME  the tag to import the base as, e.g. localhost/infergate-base:jdk25
#   WORK_DIR    where the root filesystem is assembled (default: a temporary directory, removed at the end)
#
# Environment:
#   BASE_JDK     the JDK 25 (or later) to copy into the image (default: the newest /usr/lib/jvm/*25* that has
#                bin/java and bin/jlink)
#   BASE_MIRROR  the Debian mirror (default: the one apt uses, from deployment/container/debian-mirror.sh)
#
# The image has what both stages of Dockerfile.jvm need and nothing that the production bases lack: bash, curl (the
# Maven wrapper downloads Maven with it), the CA certificates of this machine (so the build stage reaches Maven Central
# through the same TLS-inspecting egress proxy, if there is one, as the machine itself does), and the JDK at
# /opt/java/openjdk on the PATH. Runs as root: debootstrap and podman import need it.
set -euo pipefail

[[ $# -ge 1 ]] || { echo "usage: $0 IMAGE_NAME [WORK_DIR]" >&2; exit 2; }
image=$1
log() { printf '[local-base] %s\n' "$*" >&2; }
fail() { log "FAILED: $*"; exit 1; }

mirror=${BASE_MIRROR:-$("$(dirname "$0")/debian-mirror.sh")}

jdk=${BASE_JDK:-}
if [[ -z $jdk ]]; then
    jdk=$(ls -d /usr/lib/jvm/*25* 2>/dev/null | sort -V | tail -n 1 || true)
fi
[[ -x $jdk/bin/java ]] || fail "no JDK 25 found under /usr/lib/jvm; set BASE_JDK"
"$jdk/bin/java" -XX:AOTMode=auto -version >/dev/null 2>&1 || fail "$jdk cannot write AOT caches (JDK 25 or later needed)"

work=${2:-}
cleanup=""
if [[ -z $work ]]; then
    work=$(mktemp -d /tmp/infergate-base.XXXXXX)
    cleanup=$work
fi
trap '[[ -z $cleanup ]] || rm -rf "$cleanup"' EXIT
rootfs=$work/rootfs
rm -rf "$rootfs"

log "debootstrap bookworm (minbase) from $mirror"
debootstrap --variant=minbase --include=ca-certificates,curl bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    { tail -n 20 "$work/debootstrap.log" >&2; fail "debootstrap failed"; }

# This machine's extra trust anchors (an egress proxy's CA, a company CA), as its own curl and JDK trust them.
if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
    cp /usr/local/share/ca-certificates/*.crt "$rootfs/usr/local/share/ca-certificates/"
    # (TMPDIR of the caller would not exist inside the chroot)
    TMPDIR=/tmp chroot "$rootfs" update-ca-certificates >/dev/null 2>&1 || fail "update-ca-certificates failed in the new root"
fi

log "JDK from $jdk"
mkdir -p "$rootfs/opt/java"
cp -a "$jdk/." "$rootfs/opt/java/openjdk/"
# A JDK installed from a tarball keeps its own cacerts; a distribution's links to the system store. Either way the
# image gets a file of its own, with the trust anchors the JDK has on this machine.
rm -f "$rootfs/opt/java/openjdk/lib/security/cacerts"
cp -L "$jdk/lib/security/cacerts" "$rootfs/opt/java/openjdk/lib/security/cacerts"

rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/*

log "importing as $image"
tar -C "$rootfs" -c . | podman import \
    --change 'ENV=PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV=JAVA_HOME=/opt/java/openjdk' \
    --change 'ENV=LANG=C.UTF-8' \
    --quiet - "$image" >/dev/null
log "$image: $(podman image inspect --format '{{.Size}}' "$image" | awk '{ printf "%d MiB", $1 / 1048576 }')"

#!/usr/bin/env bash
# Prints the Debian mirror this machine's apt uses (the first URIs line of debian.sources, or the first deb line of
# sources.list), so that scripts fetch from where apt does and never from a hard-coded host.
set -euo pipefail
for sources in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list; do
    [[ -r $sources ]] || continue
    mirror=$(awk '/^URIs:/ { print $2; exit } /^deb / { print ($2 ~ /^\[/ ? $3 : $2); exit }' "$sources")
    if [[ -n $mirror ]]; then
        echo "${mirror%/}"
        exit 0
    fi
done
echo "no Debian mirror found in apt's sources" >&2
exit 1

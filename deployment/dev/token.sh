#!/usr/bin/env bash
# Prints a bearer token that `./mvnw quarkus:dev` accepts, signed with the dev-only key beside this script.
# Only the %dev profile trusts that key; the production profile trusts no key of its own.
#
#   TOKEN=$(deployment/dev/token.sh)                      # a member of infergate-admins
#   TOKEN=$(deployment/dev/token.sh ada ml-team)          # subject ada, groups [ml-team]
set -euo pipefail

subject="${1:-developer}"
shift || true
groups=("${@:-infergate-admins}")
key="$(dirname "$0")/dev-signing-key.pem"

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

group_list=$(printf '"%s",' "${groups[@]}")
now=$(date +%s)
header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
claims=$(printf '{"iss":"https://dev.infergate.local","aud":"infergate","sub":"%s","groups":[%s],"iat":%d,"exp":%d}' \
    "$subject" "${group_list%,}" "$now" $((now + 12 * 3600)) | b64url)
signature=$(printf '%s.%s' "$header" "$claims" | openssl dgst -sha256 -sign "$key" -binary | b64url)
printf '%s.%s.%s\n' "$header" "$claims" "$signature"

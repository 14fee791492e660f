#!/usr/bin/env bash
# Writes a new identity signing key: an EC P-256 private JWK, the format identity.signingKeyFile
# reads. Every bridge replica must mount the same file. Needs only openssl and coreutils.
#
#   deploy/container/make-identity-key.sh                      # -> deploy/container/secrets/identity-key.json
#   deploy/container/make-identity-key.sh deploy/k8s/base/secrets/identity-key.json
set -euo pipefail

out="${1:-$(dirname "$0")/secrets/identity-key.json}"
if [[ -e "$out" ]]; then
  echo "$out exists; remove it first to replace the key (replicas must all get the new one)" >&2
  exit 1
fi

# A named-curve P-256 key in SEC1 DER has a fixed layout (121 bytes): the private scalar d at
# bytes 8-39, the uncompressed public point 04|x|y at bytes 57-121.
der="$(mktemp)"
trap 'rm -f "$der"' EXIT
openssl ecparam -name prime256v1 -genkey -noout -outform DER -out "$der"
[[ "$(wc -c < "$der")" -eq 121 ]] || { echo "unexpected key encoding from openssl" >&2; exit 1; }

b64url() { base64 | tr -d '\n=' | tr '+/' '-_'; }
d="$(head -c 39 "$der" | tail -c 32 | b64url)"
x="$(head -c 89 "$der" | tail -c 32 | b64url)"
y="$(tail -c 32 "$der" | b64url)"

mkdir -p "$(dirname "$out")"
umask 077
printf '{"kty":"EC","crv":"P-256","use":"sig","alg":"ES256","x":"%s","y":"%s","d":"%s"}\n' \
  "$x" "$y" "$d" > "$out"
echo "wrote $out (mode 0600; the bridge publishes only the public half, at /.well-known/jwks.json)"
echo "docker compose mounts it as is: let the bridge's user read it (sudo chown 10001 $out)"

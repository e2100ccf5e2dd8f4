#!/usr/bin/env bash
# End-to-end checks in real VS Code builds, offline:
#   1. setup      test/e2e/harness/setup.sh (apt: chromium etc.; npm: each target's Node and code-server)
#   2. package    npm run package -> eci-annotations.vsix
#   3. build      node scripts/build.mjs --tests (dist/ for the dev extension, out/test/e2e/)
#   then for each target of test/e2e/harness/targets.json (newest first; "newest" = code-server 4.139.1 =
#   VS Code 1.139.1 on Node 24, "oldest" = the closest code-server to engines.vscode):
#   4. suite      the extension-host Mocha suite (out/test/e2e/suite) inside code-server, extension loaded
#                 as extensionDevelopmentPath; prints the VS Code and Node versions the extension host reports
#   5. ui         test/e2e/ui/*.json driven through the real UI (Chromium) against the installed .vsix
#                 (targets whose "checks" is "suite" skip this, unless E2E_ALL_CHECKS=1)
#   6. electron   the same suite under @vscode/test-electron (runs with VSCODE_EXECUTABLE_PATH, or with
#                 ECI_E2E_DOWNLOAD=1 where VS Code can be downloaded; otherwise it says "skipped")
# Each check gets a fresh copy of test/e2e/workspace. Artifacts (results.json, logs, screenshots):
# test-results/e2e/<target>/. Ends with "N passed, N failed"; exit code 0 only when nothing failed.
#
# Env: E2E_TARGETS="newest oldest" (which targets, in order), E2E_ALL_CHECKS=1 (UI checks on every target),
# E2E_SKIP_SETUP=1, E2E_ELECTRON=0 (do not try test-electron), E2E_UPDATE_SCREENSHOT=1 (copy the
# completion, Problems and Chinese display-language screenshots of the first target to docs/images/), VSCODE_E2E_CACHE (harness cache,
# default /tmp/vscode-e2e-cache), ECI_E2E_GREP (only suite tests whose title matches).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
HARNESS="$ROOT/test/e2e/harness"
ART="$ROOT/test-results/e2e"
rm -rf "$ART"; mkdir -p "$ART"
RUN="$(mktemp -d "${TMPDIR:-/tmp}/eci-e2e.XXXXXX")"

ms() { echo $(( $(date +%s%N) / 1000000 )); }
fmt() { printf '%d.%01ds' $(( $1 / 1000 )) $(( ($1 % 1000) / 100 )); }
T0=$(ms)
say() { printf '[e2e %7s] %s\n' "$(fmt $(( $(ms) - T0 )))" "$*"; }
PASSED=0; FAILED=0; PENDING=0
TIMINGS=()

# The one child running at a time; stopped by its own id on Ctrl+C / SIGTERM (drive.mjs then stops
# code-server's process group and its browser itself).
CHILD=""
exec 3>&1 # the script's own stdout, for messages printed while a stage's output is redirected
on_signal() {
  say "interrupted, stopping pid ${CHILD:-none}" >&3
  if [ -n "$CHILD" ]; then kill -TERM "$CHILD" 2>/dev/null; wait "$CHILD" 2>/dev/null; fi
  rm -rf "$RUN"; exit 130
}
trap on_signal INT TERM
trap 'rm -rf "$RUN"' EXIT
run() { # run CMD... in the background and wait for it (so a signal reaches the trap at once)
  "$@" & CHILD=$!
  wait "$CHILD"; local rc=$?
  CHILD=""; return $rc
}
stage() { # NAME CMD... : run a stage, log to $ART/NAME.log, record time; returns the command's exit code
  local name=$1; shift; local s rc; s=$(ms)
  say "$name: $*"
  # drive.mjs prints its results JSON on stdout (also in its --out dir): keep the log readable
  if [ "${STAGE_STDOUT:-}" ]; then run "$@" >"$STAGE_STDOUT" 2>"$ART/$name.log"; else run "$@" >"$ART/$name.log" 2>&1; fi; rc=$?
  local t=$(( $(ms) - s )); TIMINGS+=("$name $(fmt $t)")
  if [ $rc = 0 ]; then say "$name: ok ($(fmt $t))"; else say "$name: FAILED rc=$rc ($(fmt $t)), see $ART/$name.log"; tail -n 30 "$ART/$name.log" | sed 's/^/    /'; fi
  return $rc
}
fresh_ws() { local d="$RUN/ws-$1"; rm -rf "$d"; cp -r "$ROOT/test/e2e/workspace" "$d"; echo "$d"; }
finish() {
  say "timings: ${TIMINGS[*]/%/;} total $(fmt $(( $(ms) - T0 )))"
  say "artifacts: $ART"
  [ "$PENDING" = 0 ] || say "$PENDING pending (written, not run yet)"
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" = 0 ]
  exit $?
}
fatal() { FAILED=$((FAILED + 1)); finish; }

TARGETS_JSON="$HARNESS/targets.json"
read -r -a TARGETS <<<"${E2E_TARGETS:-$(node -p 'Object.keys(require(process.argv[1]).targets).join(" ")' "$TARGETS_JSON")}"
target_field() { node -p 'require(process.argv[1]).targets[process.argv[2]]?.[process.argv[3]] ?? ""' "$TARGETS_JSON" "$1" "$2"; }

# 1. setup ---------------------------------------------------------------------------------------------
if [ "${E2E_SKIP_SETUP:-0}" != 1 ]; then
  args=(); for t in "${TARGETS[@]}"; do args+=(--target "$t"); done
  stage setup bash "$HARNESS/setup.sh" "${args[@]}" || fatal
  grep -E '^\[setup .*\] [a-z]+: [0-9.]+ [0-9a-f]+ with Code ' "$ART/setup.log" | sed 's/^\[setup *[0-9.]*s\] /    /'
fi

# 2./3. package and build --------------------------------------------------------------------------------
# Package first (it rebuilds dist/ minified), then the development build the suite runs against.
stage package npm run --silent package || fatal
[ -f "$ROOT/eci-annotations.vsix" ] || { say "package: no eci-annotations.vsix"; fatal; }
say "package: eci-annotations.vsix $(du -k "$ROOT/eci-annotations.vsix" | cut -f1) KiB"
stage build node scripts/build.mjs --tests || fatal

summary_of() { # results.json -> "passed failed pending" from the suite's [e2e-summary] line
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const line = (r.extensionTests?.log || []).map(String).reverse().find((l) => l.includes("[e2e-summary]"));
    if (!line) { console.log("0 1 0"); process.exit(); }
    const s = JSON.parse(line.slice(line.indexOf("{")));
    console.log(`${s.passed} ${s.failed} ${s.pending}`);' "$1" 2>/dev/null || echo "0 1 0"
}
versions_of() { # results.json -> what the extension host reported ([e2e-versions]) and what drive.mjs started
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const line = (r.extensionTests?.log || []).map(String).find((l) => l.includes("[e2e-versions]"));
    const v = r.versions || {};
    if (line) { const x = JSON.parse(line.slice(line.indexOf("{"))); console.log(`extension host reports VS Code ${x.vscode}, Node ${x.node} (${x.appHost})`); }
    else if (v.vscode) console.log(`code-server ${String(v.codeServer).split(" ")[0]} = VS Code ${v.vscode}, Node ${v.node}${v.chromium ? ", Chromium " + v.chromium : ""}`);
    else console.log("versions unknown (the run stopped before code-server started)");' "$1" 2>/dev/null || echo "versions unknown"
}

for target in "${TARGETS[@]}"; do
  TA="$ART/$target"; mkdir -p "$TA"
  say "== target $target: code-server $(target_field "$target" codeServer), Node $(target_field "$target" node)"

  # 4. extension-host suite under code-server -----------------------------------------------------------
  WS=$(fresh_ws "suite-$target")
  STAGE_STDOUT=/dev/null stage "suite@$target" node "$HARNESS/drive.mjs" --target "$target" --dev-ext "$ROOT" \
    --ext-tests "$ROOT/out/test/e2e/suite/index.js" --workspace "$WS" --out "$TA/suite" --timeout 480
  rc=$?
  if [ -f "$TA/suite/results.json" ]; then
    read -r p f n < <(summary_of "$TA/suite/results.json")
    # a crash before Mocha reported counts as one failure
    if [ $rc != 0 ] && [ "$f" = 0 ]; then f=1; fi
    PASSED=$((PASSED + p)); FAILED=$((FAILED + f)); PENDING=$((PENDING + n))
    say "suite@$target: $p passed, $f failed, $n pending; $(versions_of "$TA/suite/results.json")"
    grep -E '^\[vscode [a-z]+\] +([0-9]+\) |✔|✓|- |[0-9]+ (passing|failing|pending))' "$ART/suite@$target.log" | sed 's/^\[vscode [a-z]*\]/   /' || true
  else
    FAILED=$((FAILED + 1))
  fi

  # 5. user-level checks through the UI, against the installed .vsix ---------------------------------------
  if [ "$(target_field "$target" checks)" != all ] && [ "${E2E_ALL_CHECKS:-0}" != 1 ]; then
    say "ui@$target: not run (checks: suite; E2E_ALL_CHECKS=1 runs them)"
    continue
  fi
  for spec in "$ROOT"/test/e2e/ui/*.json; do
    name="ui-$(basename "$spec" .json)"
    WS=$(fresh_ws "$name-$target")
    STAGE_STDOUT=/dev/null stage "$name@$target" node "$HARNESS/drive.mjs" --target "$target" --config "$spec" \
      --vsix "$ROOT/eci-annotations.vsix" --workspace "$WS" --out "$TA/$name" --timeout 360
    rc=$?
    if [ -f "$TA/$name/results.json" ]; then
      # every step with an expectation is one check; any failed step is a failure
      read -r p f < <(node -e '
        const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
        const s = r.steps || [];
        console.log(`${s.filter((x) => x.ok && x.expect).length} ${s.filter((x) => !x.ok).length + (r.error ? 1 : 0)}`);' "$TA/$name/results.json")
      if [ $rc != 0 ] && [ "$f" = 0 ]; then f=1; fi
      PASSED=$((PASSED + p)); FAILED=$((FAILED + f))
      say "$name@$target: $p checks passed, $f failed; $(versions_of "$TA/$name/results.json")"
      node -e '
        const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
        for (const s of r.steps || []) console.log(`    ${s.ok ? "ok  " : "FAIL"} ${s.do}${s.at ? " @" + s.at : ""}${s.error ? ": " + s.error : ""} (${s.ms} ms)`);' "$TA/$name/results.json"
    else
      FAILED=$((FAILED + 1))
    fi
  done
done

# 6. the same suite under @vscode/test-electron (skips itself offline) -----------------------------------
if [ "${E2E_ELECTRON:-1}" != 0 ]; then
  if stage electron node out/test/e2e/runElectron.js; then
    if grep -q 'skipped: no VS Code build available offline' "$ART/electron.log"; then
      say "electron: $(grep -o 'skipped: no VS Code build available offline' "$ART/electron.log")"
    else
      line=$(grep '\[e2e-summary\]' "$ART/electron.log" | tail -n1)
      p=$(echo "$line" | sed -n 's/.*"passed":\([0-9]*\).*/\1/p'); n=$(echo "$line" | sed -n 's/.*"pending":\([0-9]*\).*/\1/p')
      PASSED=$((PASSED + ${p:-0})); PENDING=$((PENDING + ${n:-0}))
    fi
  else
    line=$(grep '\[e2e-summary\]' "$ART/electron.log" | tail -n1)
    f=$(echo "$line" | sed -n 's/.*"failed":\([0-9]*\).*/\1/p')
    FAILED=$((FAILED + ${f:-1}))
  fi
fi

if [ "${E2E_UPDATE_SCREENSHOT:-0}" = 1 ]; then
  mkdir -p "$ROOT/docs/images"
  for f in ui-completion/completion.png ui-problems-quickfix/problems.png ui-display-language-zh/display-language-zh.png; do
    [ -f "$ART/${TARGETS[0]}/$f" ] && cp "$ART/${TARGETS[0]}/$f" "$ROOT/docs/images/" && say "copied $(basename "$f") (${TARGETS[0]}) to docs/images/"
  done
fi
finish

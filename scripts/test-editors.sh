#!/usr/bin/env bash
# Other real LSP clients drive the language server installed from the packed npm tarball: headless Neovim (Debian's
# `neovim`, its built-in vim.lsp, through the nvim-lsp probe at NVIM_LSP_PROBE) and Emacs eglot (Debian's `emacs-nox`
# and `elpa-eglot`, test/editors/eglot-probe.el). Not part of `npm test`: it needs those apt packages. Run it by hand:
#   apt-get install neovim emacs-nox elpa-eglot
#   NVIM_LSP_PROBE=path/to/probe.mjs bash scripts/test-editors.sh
# An editor that is not installed is skipped (and said so); the exit code is 1 when a check fails.
set -euo pipefail
cd "$(dirname "$0")/.."
probe=${NVIM_LSP_PROBE:-../shared/tools/nvim-lsp/probe.mjs}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
node scripts/build.mjs
npm pack --ignore-scripts --silent --pack-destination "$work" >/dev/null
npm install --offline --ignore-scripts --no-package-lock --silent --prefix "$work/install" "$work"/eci-annotations-*.tgz
mkdir "$work/ws"
printf 'rules:\n  legacy-key: error\n' >"$work/ws/.eci-annotations.yaml"
cat >"$work/ws/web.yaml" <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  template:
    metadata:
      annotations:
        k8s.aliyun.com/eip-bandwidth: 10
        k8s.aliyun.com/eci-image-cache: "true"
        k8s.aliyun.com/eci-
    spec:
      containers: []
YAML
server="$work/install/node_modules/.bin/eci-annotations-language-server"
status=0

if [ -f "$probe" ] && command -v nvim >/dev/null; then
echo "== Neovim"
node "$probe" --cmd "$work/install/node_modules/.bin/eci-annotations-language-server --stdio" --file "$work/ws/web.yaml" \
  --diagnostics --hover 10:20 --complete 12:28 --codeaction 10:39 --apply-fix "Quote the value" --diagnostics --text >"$work/out.json"
node - "$work/out.json" <<'JS' || status=1
const out = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
const [first, hover, complete, , after, text] = out.steps;
const check = (ok, what) => { console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); if (!ok) process.exitCode = 1; };
check(out.server?.name === 'eci-annotations', `serverInfo ${JSON.stringify(out.server)} (${out.client})`);
check(first.items.some((d) => d.code === 'not-a-string' && d.line === 10 && d.col === 39), 'not-a-string at 10:39');
check(first.items.some((d) => d.code === 'legacy-key' && d.severity === 1), 'legacy-key is an error, from .eci-annotations.yaml');
check(/eip-bandwidth/.test(hover.text ?? ''), 'hover documents eip-bandwidth');
check((complete.labels ?? []).includes('k8s.aliyun.com/eci-use-specs'), 'completion offers eci-use-specs');
check(!after.items.some((d) => d.code === 'not-a-string'), 'the quick fix removed not-a-string');
check(/k8s\.aliyun\.com\/eip-bandwidth: "10"/.test(text.text ?? ''), 'the buffer has the quoted value');
JS
else
  echo "== Neovim: skipped (needs nvim and the nvim-lsp probe at $probe)"
fi

if command -v emacs >/dev/null && [ -d /usr/share/emacs/site-lisp/elpa ] && ls /usr/share/emacs/site-lisp/elpa | grep -q '^eglot-'; then
  echo "== Emacs eglot ($(emacs --version | head -1))"
  ECI_SERVER="$server" ECI_FILE="$work/ws/web.yaml" ECI_COMPLETE=11:27 timeout 120 \
    emacs --batch -Q -l test/editors/eglot-probe.el >"$work/eglot.txt" 2>"$work/eglot.log" || true
  node - "$work/eglot.txt" <<'JS' || status=1
const out = require('fs').readFileSync(process.argv[2], 'utf8');
const check = (ok, what) => { console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); if (!ok) process.exitCode = 1; };
check(/^server eci-annotations \d/m.test(out), 'serverInfo');
check(/^diagnostic 10:39 eglot-error eci \[not-a-string\]/m.test(out), 'not-a-string at 10:39 as an error');
check(/^diagnostic 11:9 eglot-error eci \[legacy-key\]/m.test(out), 'legacy-key is an error, from .eci-annotations.yaml');
check(/^completion k8s\.aliyun\.com\/eci-use-specs$/m.test(out), 'completion offers eci-use-specs');
JS
else
  echo "== Emacs eglot: skipped (needs emacs-nox and elpa-eglot)"
fi
exit $status

#!/usr/bin/env bash
# A second real LSP client: headless Neovim (Debian's, through its built-in vim.lsp) drives the language server
# installed from the packed npm tarball. Not part of `npm test` (it needs the `neovim` apt package and the nvim-lsp
# probe); run it by hand: NVIM_LSP_PROBE=path/to/probe.mjs bash scripts/test-editors.sh
set -euo pipefail
cd "$(dirname "$0")/.."
probe=${NVIM_LSP_PROBE:-../shared/tools/nvim-lsp/probe.mjs}
[ -f "$probe" ] || { echo "no nvim-lsp probe at $probe (set NVIM_LSP_PROBE)"; exit 2; }
command -v nvim >/dev/null || { echo "nvim is not installed (apt-get install neovim)"; exit 2; }
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
node "$probe" --cmd "$work/install/node_modules/.bin/eci-annotations-language-server --stdio" --file "$work/ws/web.yaml" \
  --diagnostics --hover 10:20 --complete 12:27 --codeaction 10:39 --apply-fix "Quote the value" --diagnostics --text >"$work/out.json"
node - "$work/out.json" <<'JS'
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

// Bundles the client, the server, the CLI, the tests and the benchmark with esbuild (CommonJS, `vscode` external).
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, readFileSync, statSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { accountTransport } from './esbuild-plugins.mjs';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');

/** Every *.test.ts under a folder. */
function testFiles(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...testFiles(path));
    else if (/\.test\.ts$/.test(name) || (name === 'index.ts' && dir.includes('e2e'))) found.push(path);
  }
  return found;
}

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

const common = {
  plugins: [accountTransport],
  metafile: true,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  mainFields: ['module', 'main'],
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  external: ['vscode'],
  define: { 'process.env.ECI_VERSION': JSON.stringify(version) },
};
/** The two command-line programs of the npm package (`bin` in package.json) run as scripts. */
const bin = { banner: { js: '#!/usr/bin/env node' } };

rmSync('dist', { recursive: true, force: true });
const app = await esbuild.build({ ...common, entryPoints: { client: 'client/src/extension.ts', 'account-vpc': 'client/src/account/vpc.ts' }, outdir: 'dist' });
const bins = await esbuild.build({ ...common, ...bin, entryPoints: { server: 'server/src/server.ts', cli: 'server/src/cli/main.ts' }, outdir: 'dist' });
// The language server's validation worker (worker_threads), loaded from beside dist/server.js.
const worker = await esbuild.build({ ...common, entryPoints: { 'validation-worker': 'server/src/validationWorker.ts' }, outdir: 'dist' });
// The bundle inventory (every input of every shipped bundle), for the third-party notices test.
writeFileSync('dist/metafile.json', JSON.stringify({ inputs: { ...app.metafile.inputs, ...bins.metafile.inputs, ...worker.metafile.inputs } }));

if (args.has('--tests') || args.has('--all')) {
  rmSync('out', { recursive: true, force: true });
  const entries = [...['test/unit', 'test/protocol', 'test/cloud', 'test/cli', 'test/bundles', 'test/e2e'].filter((d) => existsSync(d)).flatMap(testFiles), 'test/e2e/runElectron.ts'];
  await esbuild.build({ ...common, entryPoints: entries, outbase: '.', outdir: 'out', sourcemap: true, minify: false });
}
if (args.has('--bench') || args.has('--all')) {
  await esbuild.build({ ...common, entryPoints: ['bench/bench.ts', 'bench/cli.ts', 'bench/lsp.ts', 'bench/internet.ts'], outdir: 'out/bench', sourcemap: false, minify: false });
}

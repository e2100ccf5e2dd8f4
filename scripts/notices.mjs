// Writes ThirdPartyNotices.txt: the license of every npm package bundled into dist/ (found with esbuild's metafile).
// Run by `npm run package`, so the .vsix carries the notices of exactly the code it ships.
import * as esbuild from 'esbuild';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { accountTransport } from './esbuild-plugins.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entryPoints = ['client/src/extension.ts', 'server/src/server.ts', 'server/src/cli/main.ts', 'client/src/account/vpc.ts'];

const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  mainFields: ['module', 'main'],
  external: ['vscode'],
  write: false,
  outdir: 'out/notices',
  metafile: true,
  plugins: [accountTransport],
  logLevel: 'error',
});

/** The package directory of a bundled input path such as `node_modules/@scope/name/lib/x.js`. */
function packageDir(input) {
  const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
  return m?.[1];
}

const dirs = new Set(Object.keys(result.metafile.inputs).map(packageDir).filter(Boolean));
const packages = [...dirs]
  .map((dir) => {
    const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    const licenseFile = readdirSync(join(root, dir)).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    return {
      name: pkg.name,
      version: pkg.version,
      license: typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? 'see package'),
      text: licenseFile ? readFileSync(join(root, dir, licenseFile), 'utf8').trim() : undefined,
      homepage: pkg.homepage ?? pkg.repository?.url ?? pkg.repository,
    };
  })
  .filter((p, i, all) => all.findIndex((q) => q.name === p.name && q.version === p.version) === i)
  .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

const sections = packages.map((p) =>
  [`${p.name} ${p.version} (${p.license})`, p.homepage ? String(p.homepage) : '', '', p.text ?? `License: ${p.license}. No license file is shipped in the package.`]
    .filter((l, i) => i !== 1 || l)
    .join('\n'),
);
const text = ['ECI Annotations includes the following third-party software. Each is distributed under its own license, reproduced below.', ...sections].join(
  '\n\n' + '-'.repeat(80) + '\n\n',
);
writeFileSync(join(root, 'ThirdPartyNotices.txt'), text + '\n');
const missing = packages.filter((p) => !p.text).map((p) => p.name);
console.log(`ThirdPartyNotices.txt: ${packages.length} packages${missing.length ? ` (no license file: ${missing.join(', ')})` : ''}.`);

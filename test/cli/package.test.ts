/**
 * The npm package as a user gets it: `npm pack`, then `npm install` of the tarball into an empty folder with no
 * network, then both bins run from node_modules/.bin, the language server driven over stdio.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { after, before, describe, it } from 'node:test';
import { DEPLOYMENT, jsonReport, PACKAGE_VERSION, remove, ROOT } from './helpers';

interface PackageJson {
  dependencies?: Record<string, string>;
  bin: Record<string, string>;
}
import { openDocument, startLanguageServer } from './lsp';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(command: string, args: string[], cwd: string, input = '') {
  const r = spawnSync(command, args, {
    cwd,
    input,
    encoding: 'utf8',
    timeout: 180_000,
    env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm package', { timeout: 300_000 }, () => {
  let work: string;
  let bin: string;
  let packed: { files: { path: string }[]; filename: string };
  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'eci-pack-'));
    const pack = run(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', work], ROOT);
    assert.equal(pack.code, 0, pack.stderr);
    packed = (JSON.parse(pack.stdout) as (typeof packed)[])[0];
    const prefix = path.join(work, 'install');
    fs.mkdirSync(prefix);
    const install = run(npm, ['install', '--offline', '--ignore-scripts', '--no-package-lock', '--prefix', prefix, path.join(work, packed.filename)], work);
    assert.equal(install.code, 0, install.stdout + install.stderr);
    bin = path.join(prefix, 'node_modules', '.bin');
  });
  after(() => remove(work));

  it('holds the bundles and metadata, not the sources or tests, and has no runtime dependencies', () => {
    const files = packed.files.map((f) => f.path).sort();
    for (const f of ['dist/cli.js', 'dist/server.js', 'package.json', 'README.md', 'LICENSE']) assert.ok(files.includes(f), f);
    assert.ok(!files.some((f) => /^(server|client|test|scripts|bench)\//.test(f) || f.endsWith('.map')), files.join(' '));
    const installed = path.join(work, 'install', 'node_modules');
    assert.deepEqual(
      fs.readdirSync(installed).filter((n) => !n.startsWith('.')),
      ['eci-annotations'],
    );
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'eci-annotations', 'package.json'), 'utf8')) as PackageJson;
    assert.equal(manifest.dependencies, undefined);
    assert.deepEqual(Object.keys(manifest.bin).sort(), ['eci-annotations', 'eci-annotations-language-server']);
  });

  it('the pre-commit hooks run a bin of the package on YAML files', () => {
    const hooks = parseYaml(fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; language: string; types: string[] }[];
    const manifest = JSON.parse(fs.readFileSync(path.join(work, 'install', 'node_modules', 'eci-annotations', 'package.json'), 'utf8')) as PackageJson;
    assert.deepEqual(
      hooks.map((h) => h.id),
      ['eci-annotations', 'eci-annotations-fix'],
    );
    for (const hook of hooks) {
      assert.equal(hook.language, 'node');
      assert.deepEqual(hook.types, ['yaml']);
      const [bin, command] = hook.entry.split(' ');
      assert.ok(manifest.bin[bin], `${hook.id}: ${bin} is a bin of the package`);
      assert.equal(command, 'check');
    }
  });

  it('eci-annotations runs from node_modules/.bin', () => {
    const dir = path.join(work, 'manifests');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'web.yaml'), DEPLOYMENT);
    const version = run(path.join(bin, 'eci-annotations'), ['--version'], dir);
    assert.equal(version.stdout, `${PACKAGE_VERSION}\n`);
    const r = run(path.join(bin, 'eci-annotations'), ['check', '.', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(jsonReport(r.stdout).summary, { files: 1, errors: 1, warnings: 1, information: 1, hints: 0, fixable: 3, fixed: 0, unreadable: 0 });
    const stdin = run(path.join(bin, 'eci-annotations'), ['check', '-', '--format', 'github'], dir, DEPLOYMENT);
    assert.match(stdin.stdout, /^::error file=<stdin>,line=13,col=39,/m);
  });

  it('eci-annotations-language-server speaks LSP over stdio from node_modules/.bin', async () => {
    const s = await startLanguageServer([path.join(bin, 'eci-annotations-language-server'), '--stdio']);
    try {
      const uri = pathToFileURL(path.join(work, 'web.yaml')).href;
      const published = s.nextDiagnostics(uri);
      openDocument(s, uri, DEPLOYMENT);
      const { diagnostics } = await published;
      assert.deepEqual(diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`).sort(), [
        '13:39 not-a-string',
        '14:9 legacy-key',
        '6:5 wrong-level',
      ]);
      // The validation worker is packed beside the server and runs from the installed package.
      assert.ok(
        s.logs.some((m) => m.startsWith('ECI: validation runs in a worker thread') && m.includes(path.join('node_modules', 'eci-annotations', 'dist', 'validation-worker.js'))),
        s.logs.join('\n'),
      );
    } finally {
      assert.equal(await s.stop(), 0);
    }
  });
});

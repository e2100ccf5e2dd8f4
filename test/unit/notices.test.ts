/** The .vsix ships notices for every package the bundler put into dist/*.js (issue #7, S3/D1). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

test('ThirdPartyNotices.txt names every bundled package with its version and license text, and is packaged', () => {
  const metafile = JSON.parse(readFileSync('dist/metafile.json', 'utf8')) as { inputs: Record<string, unknown> };
  execFileSync(process.execPath, ['scripts/notices.mjs'], { stdio: 'ignore' });
  const notices = readFileSync('ThirdPartyNotices.txt', 'utf8');
  const seen = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    const i = input.lastIndexOf('node_modules/');
    if (i < 0) continue;
    const parts = input.slice(i + 'node_modules/'.length).split('/');
    const dir = input.slice(0, i + 'node_modules/'.length) + (parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; version: string };
    seen.add(`${pkg.name} ${pkg.version}`);
  }
  assert.ok(seen.size > 20, `only ${seen.size} bundled packages found`);
  const missing = [...seen].filter((p) => !notices.includes(`\n${p} (`));
  assert.deepEqual(missing, [], 'scripts/notices.mjs misses packages the build bundles');
  assert.doesNotMatch(notices, /^debug \d/m, 'the debug logger is stubbed out of the bundles');
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { files: string[]; scripts: Record<string, string> };
  assert.ok(pkg.files.includes('ThirdPartyNotices.txt'));
  assert.match(pkg.scripts.package, /node scripts\/notices\.mjs/);
});

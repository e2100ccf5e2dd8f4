// Writes ThirdPartyNotices.txt from the bundler's own inventory (dist/metafile.json, written by scripts/build.mjs):
// every package whose code is in dist/*.js, with its version, license and license text. `--check` fails when the
// file is stale (test/unit/notices.test.ts runs it after the build). Packaged with the .vsix (.vscodeignore).
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const OUT = 'ThirdPartyNotices.txt';

/** Package directories (`…/node_modules/name` or `…/node_modules/@scope/name`) of every bundled input. */
export function bundledPackageDirs(metafile) {
  const dirs = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const i = input.lastIndexOf('node_modules/');
    if (i < 0) continue;
    const rest = input.slice(i + 'node_modules/'.length).split('/');
    dirs.add(input.slice(0, i + 'node_modules/'.length) + (rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]));
  }
  return [...dirs];
}

function licenseText(dir, pkg) {
  const file = readdirSync(dir).find((f) => /^(licen[sc]e|copying)(\.(md|txt|markdown))?$/i.test(f)) ?? readdirSync(dir).find((f) => /^licen[sc]e/i.test(f));
  if (file) return readFileSync(join(dir, file), 'utf8').trim();
  const license = licenseOf(pkg);
  const template = TEMPLATES[license.replace(/^Apache License 2\.0$/, 'Apache-2.0')];
  const who = typeof pkg.author === 'string' ? pkg.author : pkg.author?.name;
  const note = `No license file ships with this package; its package.json declares "${license}"${who ? ` and the author ${who}` : ''}. The license text:`;
  return template ? `${note}\n\n${template(who ? `Copyright (c) ${who}` : `Copyright (c) the ${pkg.name} authors`)}` : note.replace(/ The license text:$/, '');
}

/** Standard texts for the licenses that packages without a license file declare. */
const TEMPLATES = {
  MIT: (c) => `MIT License\n\n${c}\n\nPermission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files (the "Software"), to deal in the Software without restriction, including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the following conditions:\n\nThe above copyright notice and this permission notice shall be included in all copies or substantial portions of the Software.\n\nTHE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.`,
  ISC: (c) => `ISC License\n\n${c}\n\nPermission to use, copy, modify, and/or distribute this software for any purpose with or without fee is hereby granted, provided that the above copyright notice and this permission notice appear in all copies.\n\nTHE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.`,
  'Apache-2.0': (c) => `${c}\n\nLicensed under the Apache License, Version 2.0 (the "License"); you may not use this file except in compliance with the License. You may obtain a copy of the License at\n\n    http://www.apache.org/licenses/LICENSE-2.0\n\nUnless required by applicable law or agreed to in writing, software distributed under the License is distributed on an "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the License for the specific language governing permissions and limitations under the License.`,
};

function licenseOf(pkg) {
  if (typeof pkg.license === 'string') return pkg.license;
  if (pkg.license?.type) return pkg.license.type;
  if (Array.isArray(pkg.licenses)) return pkg.licenses.map((l) => l.type ?? l).join(' OR ');
  return 'UNKNOWN';
}

/** The notices text for a metafile. */
export function notices(metafile) {
  const entries = new Map();
  for (const dir of bundledPackageDirs(metafile)) {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const key = `${pkg.name}@${pkg.version}`;
    if (!entries.has(key)) entries.set(key, { name: pkg.name, version: pkg.version, license: licenseOf(pkg), text: licenseText(dir, pkg) });
  }
  const list = [...entries.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version < b.version ? -1 : 1));
  const head = [
    'ECI Annotations: third-party notices',
    '',
    'The extension bundles (dist/client.js, dist/server.js, dist/account-vpc.js) contain code from the packages below.',
    'This file is generated from the bundler\'s inventory by scripts/notices.mjs; do not edit it by hand.',
    '',
    ...list.map((e) => `- ${e.name} ${e.version} (${e.license})`),
    '',
  ];
  const body = list.map((e) => `${'='.repeat(100)}\n${e.name} ${e.version} (${e.license})\n${'-'.repeat(100)}\n${e.text}\n`);
  return `${head.join('\n')}\n${body.join('\n')}`;
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop());
if (isMain) {
  if (!existsSync('dist/metafile.json')) {
    console.error('dist/metafile.json is missing: run `node scripts/build.mjs` first.');
    process.exit(1);
  }
  const text = notices(JSON.parse(readFileSync('dist/metafile.json', 'utf8')));
  if (process.argv.includes('--check')) {
    const now = existsSync(OUT) ? readFileSync(OUT, 'utf8') : '';
    if (now !== text) {
      console.error(`${OUT} is stale: run \`node scripts/build.mjs && node scripts/notices.mjs\`.`);
      process.exit(1);
    }
    console.log(`${OUT} is up to date.`);
  } else {
    writeFileSync(OUT, text);
    console.log(`Wrote ${OUT}.`);
  }
}

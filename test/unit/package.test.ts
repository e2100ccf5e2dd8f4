/** What the .vsix carries besides the code: the README with its images inlined, the icon, the version. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = [process.cwd(), resolve(__dirname, '../../..')].find((d) => existsSync(join(d, 'scripts/package-readme.mjs'))) ?? process.cwd();

describe('package', () => {
  it('the packaged README inlines every README image as a data: URL (the extension page loads no other local image)', () => {
    execFileSync(process.execPath, [join(ROOT, 'scripts/package-readme.mjs')], { cwd: ROOT, stdio: 'pipe' });
    const source = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const packaged = readFileSync(join(ROOT, 'dist/README.md'), 'utf8');
    const images = (md: string) => [...md.matchAll(/!\[([^\]]*)\]\(([^)\s]+)\)/g)].map((m) => ({ alt: m[1], src: m[2] }));
    const relative = images(source).filter((i) => !/^[a-z]+:/i.test(i.src));
    assert.ok(relative.length >= 1, 'the README shows at least one screenshot');
    const inlined = images(packaged);
    assert.deepEqual(
      inlined.map((i) => i.alt),
      images(source).map((i) => i.alt),
    );
    for (const [n, image] of relative.entries()) {
      const m = /^data:image\/png;base64,(.+)$/.exec(inlined.find((i) => i.alt === image.alt)!.src);
      assert.ok(m, `${image.src} is inlined`);
      assert.ok(Buffer.from(m[1], 'base64').equals(readFileSync(join(ROOT, image.src))), `image ${n} has the bytes of ${image.src}`);
    }
    assert.equal(packaged.replace(/\(data:[^)]+\)/g, '(…)'), source.replace(/(!\[[^\]]*\])\([^)\s]+\)/g, '$1(…)'), 'nothing else changes');
  });

  it('the icon is a 128×128 PNG and the manifest names it', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { icon: string; version: string; galleryBanner: { color: string } };
    const png = readFileSync(join(ROOT, pkg.icon));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
    assert.match(pkg.galleryBanner.color, /^#[0-9a-f]{6}$/i);
  });

  it('the CHANGELOG has an entry for the package version', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.match(readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8'), new RegExp(`^## ${version.replace(/\./g, '\\.')}$`, 'm'));
  });
});

/** The manifest and client strings in every language: `%key%` in package.json, `vscode.l10n.t` bundles, walkthrough media. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = [process.cwd(), resolve(__dirname, '../../..')].find((d) => existsSync(join(d, 'package.nls.json'))) ?? process.cwd();
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const json = <T>(path: string): T => JSON.parse(read(path)) as T;

const TRANSLATIONS = ['zh-cn'];

/** Every `%key%` string anywhere in the manifest. */
function manifestKeys(value: unknown, found = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    const m = /^%(.+)%$/.exec(value);
    if (m) found.add(m[1]);
  } else if (Array.isArray(value)) value.forEach((v) => manifestKeys(v, found));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => manifestKeys(v, found));
  return found;
}

/** Literal first arguments of `vscode.l10n.t(…)` in the client sources. */
function clientStrings(dir: string, found: string[] = []): string[] {
  for (const name of readdirSync(join(ROOT, dir))) {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) clientStrings(path, found);
    else if (name.endsWith('.ts')) {
      for (const m of read(path).matchAll(/l10n\.t\(\s*(['"`])((?:\\.|(?!\1).)*)\1/g)) found.push(m[2].replace(/\\(.)/g, '$1'));
    }
  }
  return found;
}

describe('manifest strings', () => {
  const pkg = json<Record<string, unknown>>('package.json');
  const keys = [...manifestKeys(pkg)].sort();
  const english = json<Record<string, string>>('package.nls.json');

  it('every %key% in package.json has English text, and no English text is left unused', () => {
    assert.deepEqual(
      keys.filter((k) => !english[k]),
      [],
      'missing from package.nls.json',
    );
    assert.deepEqual(
      Object.keys(english).filter((k) => !keys.includes(k)),
      [],
      'unused in package.json',
    );
  });

  for (const locale of TRANSLATIONS) {
    it(`package.nls.${locale}.json translates every key`, () => {
      const translated = json<Record<string, string>>(`package.nls.${locale}.json`);
      assert.deepEqual(
        keys.filter((k) => !translated[k]),
        [],
        `missing from package.nls.${locale}.json`,
      );
      assert.deepEqual(
        Object.keys(translated).filter((k) => !(k in english)),
        [],
        `package.nls.${locale}.json has keys English does not`,
      );
    });
  }

  it('user-facing manifest fields are all localized (no literal text left)', () => {
    const c = pkg.contributes as {
      commands: { title: string }[];
      configuration: { title: string; properties: Record<string, Record<string, unknown>> }[];
      walkthroughs: { title: string; steps: { title: string; description: string }[] }[];
    };
    const literal: string[] = [];
    for (const cmd of c.commands) if (!/^%.+%$/.test(cmd.title)) literal.push(cmd.title);
    for (const group of c.configuration) {
      for (const [id, p] of Object.entries(group.properties)) {
        for (const field of ['markdownDescription', 'description', 'patternErrorMessage'] as const) {
          if (typeof p[field] === 'string' && !/^%.+%$/.test(p[field])) literal.push(`${id}.${field}`);
        }
        for (const d of (p.enumDescriptions as string[] | undefined) ?? []) if (!/^%.+%$/.test(d)) literal.push(`${id}.enumDescriptions`);
      }
    }
    for (const w of c.walkthroughs) for (const s of [w, ...w.steps]) if (!/^%.+%$/.test(s.title)) literal.push(s.title);
    assert.deepEqual(literal, []);
  });

  it('settings appear under the extension name, with readable group titles', () => {
    const c = pkg.contributes as { configuration: { title: string }[] };
    assert.equal(c.configuration[0].title, pkg.displayName);
    for (const g of c.configuration.slice(1)) {
      const m = /^%(.+)%$/.exec(g.title);
      assert.ok(m, `group title ${g.title} is localized`);
      assert.doesNotMatch(english[m[1]], /ECI Annotations/, 'no repeated extension name (the Settings editor truncates it)');
    }
  });

  it('walkthrough media exist in every language', () => {
    const media = keys.filter((k) => k.endsWith('.media'));
    assert.ok(media.length >= 4);
    for (const table of ['package.nls.json', ...TRANSLATIONS.map((l) => `package.nls.${l}.json`)]) {
      const strings = json<Record<string, string>>(table);
      for (const k of media) assert.ok(existsSync(join(ROOT, strings[k])), `${table}: ${k} → ${strings[k]} exists`);
    }
  });
});

describe('client strings', () => {
  const strings = clientStrings('client/src');

  it('the client has localized strings and the bundles list them', () => {
    assert.ok(strings.length > 0);
    assert.equal(json<{ l10n: string }>('package.json').l10n, './l10n');
    const base = json<Record<string, string>>('l10n/bundle.l10n.json');
    assert.deepEqual(
      strings.filter((s) => !(s in base)),
      [],
      'missing from l10n/bundle.l10n.json',
    );
  });

  for (const locale of TRANSLATIONS) {
    it(`l10n/bundle.l10n.${locale}.json translates every client string, keeping its {0} placeholders`, () => {
      const bundle = json<Record<string, string>>(`l10n/bundle.l10n.${locale}.json`);
      assert.deepEqual(
        strings.filter((s) => !bundle[s]),
        [],
        `missing from l10n/bundle.l10n.${locale}.json`,
      );
      const holes = (s: string) =>
        [...s.matchAll(/\{(\d+)\}/g)]
          .map((m) => m[1])
          .sort()
          .join();
      assert.deepEqual(
        Object.entries(bundle)
          .filter(([k, v]) => holes(k) !== holes(v))
          .map(([k]) => k),
        [],
        'placeholders differ',
      );
    });
  }

  it('every bundle entry is a string the client still uses', () => {
    const base = json<Record<string, string>>('l10n/bundle.l10n.json');
    assert.deepEqual(
      Object.keys(base).filter((k) => !strings.includes(k)),
      [],
    );
  });

  it('l10n.t gets a literal message, never a template with ${…} (the bundles could not list it)', () => {
    const bad: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(join(ROOT, dir))) {
        const path = join(dir, name);
        if (statSync(join(ROOT, path)).isDirectory()) walk(path);
        else if (name.endsWith('.ts')) for (const m of read(path).matchAll(/l10n\.t\(\s*(?!['"])([^\s)]+|`[^`]*\$\{)/g)) bad.push(`${path}: ${m[0]}`);
      }
    };
    walk('client/src');
    // The one bridge: the activation hands vscode.l10n.t to client/src/l10n.ts.
    assert.deepEqual(
      bad.filter((b) => !b.includes('client/src/l10n.ts') && b !== 'client/src/extension.ts: l10n.t(message,'),
      [],
    );
  });
});

/**
 * THE PROPERTY TEST: every quick fix on every fixture, applied alone, must
 * (1) leave YAML that parses without new errors,
 * (2) make the diagnostic it fixes go away,
 * (3) keep every line it does not claim to change byte-identical and in the same order (and every comment),
 * (4) change the parsed data by exactly the intended change and nothing else.
 * The data is read with the `yaml` package (YAML 1.1, as kubectl reads it), independently of the service.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isMap, isScalar, isSeq, Lexer, parseAllDocuments, type Document, type Node, type Pair } from 'yaml';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { editsOf } from './helpers';
import { actionsFor, applied, check, fixture, fixtureNames, type Checked } from './support';

type Path = (string | number)[];

interface Located {
  docIndex: number;
  /** Path of the pair (the last segment is its key). */
  path: Path;
  pair: Pair;
}

/** Helm/Go template lines (`{{- if … }}`) are not YAML: read them as comments, keeping every offset. */
function withoutTemplateLines(text: string): string {
  return text.replace(/^([ \t]*)\{\{(.*)$/gm, (line, indent: string) => (/\}\}[ \t\r]*$/.test(line) ? `${indent}#${line.slice(indent.length + 1)}` : line));
}

function parseDocs(text: string): Document.Parsed[] {
  return parseAllDocuments(withoutTemplateLines(text), { version: '1.1', prettyErrors: false }) as Document.Parsed[];
}

function yamlErrors(text: string): number {
  return parseDocs(text).reduce((n, d) => n + d.errors.length, 0);
}

function data(text: string): unknown[] {
  return parseDocs(text).map((d) => d.toJS({ maxAliasCount: 100 }) as unknown);
}

/** Finds the pair whose key or value starts at `offset`. */
function locate(text: string, offset: number): Located | undefined {
  const docs = parseDocs(text);
  for (let docIndex = 0; docIndex < docs.length; docIndex++) {
    let found: Located | undefined;
    const walk = (node: unknown, path: Path): void => {
      if (found) return;
      if (isMap(node)) {
        for (const pair of node.items) {
          const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
          const k = pair.key as Node | null;
          const v = pair.value as Node | null;
          if ((k?.range && k.range[0] === offset) || (v?.range && v.range[0] === offset && isScalar(v))) {
            found = { docIndex, path: [...path, key], pair };
            return;
          }
          walk(pair.value, [...path, key]);
        }
      } else if (isSeq(node)) {
        node.items.forEach((item, i) => walk(item, [...path, i]));
      }
    };
    walk(docs[docIndex].contents, []);
    if (found) return found;
  }
  return undefined;
}

function get(root: unknown, path: Path): unknown {
  let node = root as Record<string | number, unknown> | null | undefined;
  for (const s of path) node = node?.[s] as typeof node;
  return node;
}

function parentOf(root: unknown, path: Path): Record<string, unknown> {
  const parent = get(root, path.slice(0, -1));
  assert.ok(parent && typeof parent === 'object', `no parent map at ${path.join('.')}`);
  return parent as Record<string, unknown>;
}

/** A path as fix titles write it (`spec.tasks[1].template`), as segments (`['spec', 'tasks', 1, 'template']`). */
function pathOf(written: string): Path {
  return written.split('.').flatMap((s) => {
    const m = /^(.*)\[(\d+)\]$/.exec(s);
    return m ? [m[1], Number(m[2])] : [s];
  });
}

/** Deletes a key; a map left empty is removed from its parent (its lines go), and a parent left with no keys reads as null. */
function removeKey(root: unknown, path: Path, removeEmptied: boolean): void {
  const parent = parentOf(root, path);
  delete parent[path[path.length - 1] as string];
  if (removeEmptied && Object.keys(parent).length === 0 && path.length >= 2) {
    const grandPath = path.slice(0, -1);
    const grand = parentOf(root, grandPath);
    delete grand[grandPath[grandPath.length - 1] as string];
    if (Object.keys(grand).length === 0 && grandPath.length >= 2) {
      // A nested map left empty (a Job template's `metadata:`) goes too; a top-level one stays, as null.
      const gg = parentOf(root, grandPath.slice(0, -1));
      if (grandPath.length >= 3 && typeof grandPath[grandPath.length - 3] === 'string') delete gg[grandPath[grandPath.length - 2] as string];
      else gg[grandPath[grandPath.length - 2] as string] = null;
    }
  }
}

function ensureMap(root: unknown, path: Path): Record<string, unknown> {
  let node = root as Record<string, unknown>;
  for (const s of path) {
    if (node[s] === null || node[s] === undefined) node[s] = {};
    node = node[s] as Record<string, unknown>;
  }
  return node;
}

/** Original lines the edits replace (an insertion at a line start claims nothing). */
function claimedLines(edits: readonly TextEdit[]): Set<number> {
  const claimed = new Set<number>();
  for (const e of edits) {
    const { start, end } = e.range;
    const empty = start.line === end.line && start.character === end.character;
    if (empty) {
      if (start.character > 0) claimed.add(start.line);
      continue;
    }
    const last = end.character === 0 && end.line > start.line ? end.line - 1 : end.line;
    for (let l = start.line; l <= last; l++) claimed.add(l);
  }
  return claimed;
}

function splitLines(text: string): string[] {
  // Keep `\r` on the line so that CRLF is compared byte for byte.
  return text.split('\n');
}

/** Comment texts; with `fullLineOnly`, only comments that have a line of their own. */
function comments(text: string, fullLineOnly = false): string[] {
  const out: string[] = [];
  let atLineStart = true;
  for (const token of new Lexer().lex(text)) {
    if (token.startsWith('#') && (!fullLineOnly || atLineStart)) out.push(token.replace(/\r$/, '').trim());
    if (/\n$/.test(token)) atLineStart = true;
    // eslint-disable-next-line no-control-regex -- yaml's Lexer marks token kinds (document start, scalar, …) with one control character
    else if (!/^[ \t]*$/.test(token) && !/^[\x00-\x1f]$/.test(token)) atLineStart = false;
  }
  return out.sort();
}

function count(diagnostics: readonly Diagnostic[], d: Diagnostic): number {
  return diagnostics.filter((x) => x.code === d.code && x.message === d.message).length;
}

interface Case {
  file: string;
  c: Checked;
  diagnostic: Diagnostic;
  action: CodeAction;
}

/** What the fix is meant to do to the data, and which diagnostics it is meant to clear. */
function expectedChange(kase: Case, before: unknown[]): { after: unknown[]; clears: Diagnostic[] } {
  const { c, diagnostic: d, action } = kase;
  const td = TextDocument.create('file:///x', 'yaml', 1, c.text);
  const at = locate(c.text, td.offsetAt(d.range.start));
  assert.ok(at, `cannot locate the pair of ${d.code} at ${JSON.stringify(d.range.start)}`);
  const after = structuredClone(before);
  const root = after[at.docIndex];
  const key = at.path[at.path.length - 1] as string;
  const value = get(before[at.docIndex], at.path);
  const title = action.title;
  let m: RegExpExecArray | null;

  switch (d.code) {
    case 'not-a-string': {
      assert.match(title, /^Quote the value/);
      const scalar = at.pair.value as Node | null;
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a parsed scalar's value is a string, number or boolean here
      const source = isScalar(scalar) && scalar.value !== null ? (scalar.source ?? String(scalar.value)) : '';
      parentOf(root, at.path)[key] = source;
      return { after, clears: [d] };
    }
    case 'unknown-key':
    case 'legacy-key': {
      m = /^(?:Change to|Replace with) (\S+)$/.exec(title);
      assert.ok(m, `unexpected title ${title}`);
      const parent = parentOf(root, at.path);
      delete parent[key];
      parent[m[1]] = value;
      return { after, clears: [d] };
    }
    case 'conflict': {
      assert.equal(title, `Remove ${key} (ECI ignores it)`);
      removeKey(root, at.path, false);
      return { after, clears: [d] };
    }
    case 'invalid-value': {
      m = /^Change to "(.*)"$/.exec(title);
      assert.ok(m, `unexpected title ${title}`);
      parentOf(root, at.path)[key] = m[1];
      return { after, clears: [d] };
    }
    case 'wrong-placement': {
      const parent = parentOf(root, at.path);
      if ((m = /^Change to (\S+)$/.exec(title))) {
        delete parent[key];
        parent[m[1]] = value;
        return { after, clears: [d] };
      }
      m = /^Move (\S+) to labels$/.exec(title);
      assert.ok(m, `unexpected title ${title}`);
      assert.equal(m[1], key);
      const sourcePath = at.path.slice(0, -1);
      const sourceMap = get(before[at.docIndex], sourcePath) as Record<string, unknown>;
      removeKey(root, at.path, Object.keys(sourceMap).length === 1);
      ensureMap(root, [...sourcePath.slice(0, -1), 'labels'])[key] = value;
      return { after, clears: [d] };
    }
    case 'wrong-level':
    case 'in-labels': {
      const sourcePath = at.path.slice(0, -1);
      // In a `kind: List`, paths are relative to the item the annotation belongs to.
      const base: Path = at.path[0] === 'items' && typeof at.path[1] === 'number' ? at.path.slice(0, 2) : [];
      let targetPath: Path;
      let keys: string[];
      let clears: Diagnostic[];
      if ((m = /^Move all (\d+) ECI annotations to (\S+)$/.exec(title))) {
        targetPath = [...base, ...pathOf(m[2])];
        // Every diagnostic of the same code on the same source map, except keys the target already has.
        const already = (get(before[at.docIndex], targetPath) ?? {}) as Record<string, unknown>;
        const keyOf = (x: Diagnostic) => String(locate(c.text, td.offsetAt(x.range.start))!.path.at(-1));
        clears = c.diagnostics.filter((x) => {
          if (x.code !== d.code) return false;
          const other = locate(c.text, td.offsetAt(x.range.start));
          return other?.docIndex === at.docIndex && JSON.stringify(other.path.slice(0, -1)) === JSON.stringify(sourcePath) && !(keyOf(x) in already);
        });
        keys = clears.map(keyOf);
        assert.ok(keys.includes(key), 'the fix moves the key of its own diagnostic');
        assert.equal(keys.length, Number(m[1]), 'the title counts the annotations it moves');
      } else if ((m = /^Move (\S+) from labels to (\S+)$/.exec(title))) {
        assert.equal(m[1], key);
        targetPath = m[2] === 'annotations' ? [...sourcePath.slice(0, -1), 'annotations'] : [...base, ...pathOf(m[2])];
        keys = [key];
        clears = [d];
      } else if ((m = /^Move (\S+) to (\S+)$/.exec(title))) {
        assert.equal(m[1], key);
        targetPath = [...base, ...pathOf(m[2])];
        keys = [key];
        clears = [d];
      } else {
        assert.fail(`unexpected move title ${title}`);
      }
      const sourceMap = get(before[at.docIndex], sourcePath) as Record<string, unknown>;
      const existingTarget = (get(before[at.docIndex], targetPath) ?? {}) as Record<string, unknown>;
      const moving = keys.filter((k) => !(k in existingTarget));
      assert.equal(moving.length, keys.length, `a fix that says it moves ${keys.join(', ')} moves all of them`);
      for (const k of moving) removeKey(root, [...sourcePath, k], Object.keys(sourceMap).length === moving.length && k === moving[moving.length - 1]);
      const target = ensureMap(root, targetPath);
      for (const k of moving) target[k] = sourceMap[k];
      return { after, clears };
    }
    default:
      assert.fail(`a fix for ${d.code} has no expected data change defined: ${title}`);
  }
}

function cases(): Case[] {
  const all: Case[] = [];
  for (const file of fixtureNames()) {
    const c = check(fixture(file));
    for (const diagnostic of c.diagnostics) {
      for (const action of actionsFor(c, diagnostic)) all.push({ file, c, diagnostic, action });
    }
  }
  return all;
}

const ALL = cases();

describe('fix safety over every fixture', () => {
  test('there are at least 10 fixtures and they exercise every kind of fix', () => {
    assert.ok(fixtureNames().length >= 10, `only ${fixtureNames().length} fixtures`);
    const kinds = new Set(ALL.map((k) => `${k.diagnostic.code}:${k.action.title.split(' ')[0]}`));
    for (const expected of ['not-a-string:Quote', 'wrong-level:Move', 'in-labels:Move', 'unknown-key:Change', 'legacy-key:Replace', 'conflict:Remove', 'invalid-value:Change']) {
      assert.ok(kinds.has(expected), `no fixture exercises ${expected}; have ${[...kinds].join(', ')}`);
    }
    assert.ok(ALL.length >= 40, `only ${ALL.length} fixes over all fixtures`);
    // CRLF, 4-space indentation, multi-document, quoted keys and block scalars are all represented.
    const texts = fixtureNames().map(fixture);
    assert.ok(texts.some((t) => t.includes('\r\n')));
    assert.ok(texts.some((t) => /\n {4}annotations:\n {8}k8s/.test(t)));
    assert.ok(texts.some((t) => (t.match(/^---/gm) ?? []).length >= 2));
    assert.ok(texts.some((t) => /\n\s+["']k8s\.aliyun\.com\//.test(t)));
    assert.ok(texts.some((t) => /: [|>]\r?\n/.test(t)));
  });

  for (const file of fixtureNames()) {
    describe(file, () => {
      const own = ALL.filter((k) => k.file === file);
      test('no fixture is fix-free by accident', () => {
        assert.ok(check(fixture(file)).diagnostics.length > 0, `${file} has no diagnostics at all`);
      });
      for (const kase of own) {
        const { c, diagnostic: d, action } = kase;
        test(`${d.code} on line ${d.range.start.line + 1}: ${action.title}`, () => {
          const edits = editsOf(action, c.uri);
          if (action.title.startsWith(`Disable ${d.code} for `)) {
            // The only change is one comment line above (or one code added to it); the data stays the same.
            const result = applied(c, action);
            assert.deepStrictEqual(data(result), data(c.text));
            // Every diagnostic of that code on that line goes (the comment line shifts the lines below by one); no other.
            const same = (list: readonly Diagnostic[]) => list.filter((x) => x.code === d.code).length;
            const onLine = c.diagnostics.filter((x) => x.code === d.code && x.range.start.line === d.range.start.line).length;
            assert.ok(onLine >= 1);
            assert.equal(same(check(result).diagnostics), same(c.diagnostics) - (action.title.endsWith('this line') ? onLine : 1), `still reported:\n${result}`);
            const added = splitLines(result).filter((l) => !splitLines(c.text).includes(l));
            assert.equal(added.length, 1);
            assert.match(added[0], new RegExp(`^\\s*# eci-disable-next-line .*\\b${d.code}\\r?$`));
            return;
          }
          if (d.code === 'template-unquoted') {
            // A template expression is not YAML data: the fix adds ` | quote` inside it and nothing else.
            const result = applied(c, action);
            const line = d.range.start.line;
            const [was, now] = [splitLines(c.text), splitLines(result)];
            assert.equal(now.length, was.length);
            now.forEach((l, i) => (i === line ? assert.equal(l.replace(' | quote', ''), was[i]) : assert.equal(l, was[i])));
            assert.match(now[line], /\| quote -?\}\}\r?$/);
            assert.equal(check(result).diagnostics.filter((x) => x.code === d.code && x.range.start.line === line).length, 0);
            return;
          }
          assert.ok(edits.length > 0, 'the fix has edits');
          const result = applied(c, action);
          assert.notEqual(result, c.text, 'the fix changes the text');

          // (1) It still parses, without new YAML errors (by the yaml package and by the service).
          assert.ok(yamlErrors(result) <= yamlErrors(c.text), `new YAML errors:\n${result}`);
          const again = check(result);

          // (2) The diagnostic it fixes is gone (and, for "move all", every diagnostic it claims to fix).
          const before = data(c.text);
          const { after, clears } = expectedChange(kase, before);
          for (const cleared of clears) {
            assert.ok(count(again.diagnostics, cleared) < count(c.diagnostics, cleared), `still reported after the fix: ${cleared.code} ${JSON.stringify(cleared.message)}\n${result}`);
          }

          // (3) Unclaimed lines are byte-identical and in order; every comment survives.
          const claimed = claimedLines(edits);
          const kept = splitLines(c.text).filter((_, i) => !claimed.has(i));
          const out = splitLines(result);
          let j = 0;
          for (const line of kept) {
            while (j < out.length && out[j] !== line) j++;
            assert.ok(j < out.length, `line not kept in order: ${JSON.stringify(line)}\n--- result ---\n${result}`);
            j++;
          }
          // Removing an entry may drop the comment at the end of its own line; every other comment stays.
          const removes = d.code === 'conflict';
          assert.deepEqual(comments(result, removes), comments(c.text, removes), 'comments are kept');
          if (removes) assert.ok(comments(result).length >= comments(c.text).length - 1, "at most the removed line's own comment goes");
          if (c.text.includes('\r\n')) assert.ok(!/[^\r]\n/.test(result), 'CRLF stays CRLF everywhere');

          // (4) The data changed by exactly the intended change.
          assert.deepStrictEqual(data(result), after, `data differs from the intended change\n--- result ---\n${result}`);
        });
      }
    });
  }
});

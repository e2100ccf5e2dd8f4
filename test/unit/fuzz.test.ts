/**
 * Property suite (issue #8): mutates the fixtures, replays each mutation as incremental edits with requests at random
 * positions, and checks that every range is a position of the text in the LSP model, completion ranges contain the
 * cursor, the incremental state equals a fresh open, quick fixes add no YAML errors and keep the lines they do not
 * claim, and no request goes over its budget. `npm test` runs a short fixed-seed run; `npm run fuzz` a long one
 * (ECI_FUZZ_RUNS, ECI_FUZZ_SEED).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, Position, Range, TextEdit } from 'vscode-languageserver-types';
import { service } from './helpers';
import { fixture, fixtureNames } from './support';
import { maskTemplateLines } from '../../server/src/service/yaml/parse';

const RUNS = Number(process.env.ECI_FUZZ_RUNS ?? 60);
const SEED = Number(process.env.ECI_FUZZ_SEED ?? 8);
/** Budget of one request on a fixture-sized file, generous for a shared 2-core machine. */
const BUDGET_MS = Number(process.env.ECI_FUZZ_BUDGET_MS ?? 500);

const FIXTURES = fixtureNames().map((name) => ({ name, text: fixture(name) }));

/** Pieces that matter to YAML, to ECI and to line counting. */
const PIECES = [
  ' ',
  '  ',
  '\t',
  '\n',
  '\r\n',
  '\r',
  ':',
  ': ',
  '- ',
  '#',
  ' # c',
  '"',
  "'",
  '{',
  '}',
  '[',
  ']',
  ',',
  '---\n',
  '...\n',
  '&a ',
  '*a',
  '<<: *a',
  '|',
  '>',
  '{{ .Values.x }}',
  '{{- toYaml . | nindent 8 }}',
  '\u00e9',
  '\ud83d\ude00',
  'k8s.aliyun.com/eci-',
  'k8s.aliyun.com/eci-with-eip',
  'k8s.aliyun.com/eci-use-specs: ',
  'annotations:\n',
  'labels:\n',
  'true',
  '60',
  'null',
  '~',
  'x'.repeat(300),
  ' '.repeat(200),
];

interface EditStep {
  /** Where, as a fraction of the text. */
  at: number;
  /** How much to delete after it. */
  remove: number;
  insert: string;
}

const step: fc.Arbitrary<EditStep> = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  remove: fc.oneof(fc.constant(0), fc.nat(3), fc.nat(40)),
  insert: fc.array(fc.constantFrom(...PIECES), { maxLength: 3 }).map((p) => p.join('')),
});

const request: fc.Arbitrary<{ at: number; column: number }> = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), column: fc.nat(80) });

function yamlErrors(text: string): number {
  try {
    // Helm lines are read as the server reads them: as comments.
    return parseAllDocuments(maskTemplateLines(text).replace(/\r(?!\n)/g, '\n')).reduce((n, d) => n + ('errors' in d ? d.errors.length : 1), 0);
  } catch {
    return Infinity;
  }
}

function isPosition(d: TextDocument, p: Position): boolean {
  return (
    Number.isInteger(p.line) &&
    Number.isInteger(p.character) &&
    p.line >= 0 &&
    p.character >= 0 &&
    p.line < d.lineCount &&
    JSON.stringify(d.positionAt(d.offsetAt(p))) === JSON.stringify(p)
  );
}

function assertRange(d: TextDocument, r: Range, what: string): void {
  assert.ok(isPosition(d, r.start) && isPosition(d, r.end), `${what}: ${JSON.stringify(r)} is not a range of the text`);
  assert.ok(d.offsetAt(r.start) <= d.offsetAt(r.end), `${what}: reversed ${JSON.stringify(r)}`);
}

function timed<T>(what: string, fn: () => T): T {
  const t0 = performance.now();
  const result = fn();
  const ms = performance.now() - t0;
  assert.ok(ms < BUDGET_MS, `${what} took ${ms.toFixed(0)} ms`);
  return result;
}

async function timedAsync<T>(what: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const result = await fn();
  const ms = performance.now() - t0;
  assert.ok(ms < BUDGET_MS, `${what} took ${ms.toFixed(0)} ms`);
  return result;
}

/** Lines of `before` a fix does not claim (outside its edit ranges) stay, in order; moved lines reappear. */
function assertKeepsLines(before: TextDocument, edits: TextEdit[], after: string, title: string): void {
  const claimed = new Set<number>();
  for (const e of edits) for (let l = e.range.start.line; l <= e.range.end.line; l++) claimed.add(l);
  const afterLines = after.split(/\r\n|\r|\n/);
  let from = 0;
  for (let l = 0; l < before.lineCount; l++) {
    if (claimed.has(l)) continue;
    const line = before.getText({ start: { line: l, character: 0 }, end: { line: l + 1, character: 0 } }).replace(/\r?\n$|\r$/, '');
    const found = afterLines.indexOf(line, from);
    assert.ok(found >= 0, `"${title}" lost line ${l}: ${JSON.stringify(line)}`);
    from = found + 1;
  }
  if (/^Move/.test(title)) {
    for (const e of edits) {
      // Entries with a value must reappear; an emptied `labels:` or an empty `{}` may go.
      const removed = before
        .getText(e.range)
        .split(/\r\n|\r|\n/)
        .map((s) => s.trim())
        .filter((s) => /^[^#].*:\s+\S/.test(s) && !/:\s*\{\}$/.test(s));
      for (const r of removed) assert.ok(after.includes(r), `"${title}" lost ${JSON.stringify(r)}`);
    }
  }
}

async function replay(fixtureIndex: number, steps: EditStep[], requests: { at: number; column: number }[]): Promise<void> {
  const ls = service();
  const uri = `file:///fuzz/${FIXTURES[fixtureIndex].name}`;
  let d = TextDocument.create(uri, 'yaml', 1, FIXTURES[fixtureIndex].text);
  let model = timed('parse', () => ls.parse(d));
  timed('validate', () => ls.doValidation(model));
  for (const [i, s] of steps.entries()) {
    const text = d.getText();
    const start = Math.floor(s.at * text.length);
    const change: TextDocumentContentChangeEvent = {
      range: { start: d.positionAt(start), end: d.positionAt(Math.min(text.length, start + s.remove)) },
      text: s.insert,
    };
    d = TextDocument.update(d, [change], d.version + 1);
    model = timed('parse', () => ls.parse(d));
    const diagnostics = timed('validate', () => ls.doValidation(model));
    const r = requests[i % Math.max(1, requests.length)];
    if (!r) continue;
    const line = Math.floor(r.at * d.lineCount);
    const position: Position = { line, character: r.column };
    const items = (await timedAsync('completion', () => ls.doComplete(model, position))).items;
    const lineLength = d.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$|\r$/, '').length;
    for (const item of items) {
      const edit = item.textEdit as TextEdit | undefined;
      if (!edit) continue;
      assertRange(d, edit.range, `completion ${item.label}`);
      const cursor = Math.min(r.column, lineLength);
      assert.ok(
        edit.range.start.line === line && edit.range.end.line === line && edit.range.start.character <= cursor && cursor <= edit.range.end.character,
        `completion range ${JSON.stringify(edit.range)} does not contain ${line}:${cursor}`,
      );
    }
    const hover = timed('hover', () => ls.doHover(model, position));
    if (hover?.range) assertRange(d, hover.range, 'hover');
    const actions = timed('code actions', () => ls.getCodeActions(model, { start: position, end: position }, diagnostics, { accountActions: true }));
    for (const a of actions) checkAction(d, a);
  }
  // The incremental state equals a fresh open of the same text.
  const incremental = ls.doValidation(model);
  const fresh = service();
  const freshModel = fresh.parse(TextDocument.create(uri, 'yaml', d.version, d.getText()));
  assert.deepEqual(incremental, fresh.doValidation(freshModel), 'incremental diagnostics differ from a fresh open');
  for (const diagnostic of incremental) {
    assertRange(d, diagnostic.range, `diagnostic ${diagnostic.code}`);
    for (const r of diagnostic.relatedInformation ?? []) assertRange(d, r.location.range, 'related information');
  }
  checkFixes(ls, model, d, incremental);
}

function checkAction(d: TextDocument, a: CodeAction): void {
  for (const e of a.edit?.changes?.[d.uri] ?? []) assertRange(d, e.range, a.title);
  const args = a.command?.arguments?.[0] as { range?: Range } | undefined;
  if (args?.range) assertRange(d, args.range, a.title);
}

function checkFixes(ls: ReturnType<typeof service>, model: ReturnType<ReturnType<typeof service>['parse']>, d: TextDocument, diagnostics: Diagnostic[]): void {
  const before = yamlErrors(d.getText());
  const everything: Range = { start: { line: 0, character: 0 }, end: { line: d.lineCount, character: 0 } };
  for (const action of ls.getCodeActions(model, everything, diagnostics)) {
    const edits = action.edit?.changes?.[d.uri];
    if (!edits) continue;
    checkAction(d, action);
    const after = TextDocument.applyEdits(d, edits);
    assert.ok(yamlErrors(after) <= before, `"${action.title}" adds YAML errors:\n${d.getText()}\n→\n${after}`);
    assertKeepsLines(d, edits, after, action.title);
  }
}

describe('property suite: mutated fixtures replayed as incremental edits', () => {
  test(`${RUNS} runs, seed ${SEED}`, { timeout: 600_000 }, async () => {
    await fc.assert(fc.asyncProperty(fc.nat(FIXTURES.length - 1), fc.array(step, { minLength: 1, maxLength: 12 }), fc.array(request, { maxLength: 12 }), replay), {
      seed: SEED,
      numRuns: RUNS,
      endOnFailure: true,
    });
  });

  test('every fixture: requests at every position keep ranges valid and contain the cursor', async () => {
    for (const { name } of FIXTURES) {
      const text = fixture(name);
      const lines = text.split('\n').length;
      for (let line = 0; line < lines; line += 3)
        await replay(
          FIXTURES.findIndex((f) => f.name === name),
          [{ at: 0, remove: 0, insert: '' }],
          [{ at: line / lines, column: 10 }],
        );
    }
  });
});

/**
 * The server's document store (issue #8): text kept in blocks of lines, and the YAML outline kept across edits. Both
 * must be exactly what a fresh document of the same text gives: the text, LSP positions and offsets (as
 * `vscode-languageserver-textdocument` computes them), and a fresh outline.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver-types';
import { StoredDocument } from '../../server/src/documents';
import { textLines, YamlOutline } from '../../server/src/service/yaml/outline';
import { fixture, fixtureNames } from './support';
import { service } from './helpers';

const RUNS = Number(process.env.ECI_FUZZ_RUNS ?? 60);
const SEED = Number(process.env.ECI_FUZZ_SEED ?? 8);

const PIECES = ['\n', '\r\n', '\r', ' ', 'a', 'k: v', '- ', '---', '...', '--- x', '%YAML 1.2', '#', '  key: 1', 'x'.repeat(50), '\ud83d\ude00'];
const TEXTS = [...fixtureNames().map((name) => fixture(name)), 'a: 1\r\n---\r\nb: 2\r---\rc\r\n', '', '\n\n\r\r\n', 'x'.repeat(300)];

interface Edit {
  /** Where the range starts and ends, as fractions of the lines; characters may pass the line's end. */
  start: [number, number];
  end: [number, number];
  text: string;
}

const edit: fc.Arbitrary<Edit> = fc.record({
  start: fc.tuple(fc.double({ min: 0, max: 1.05, noNaN: true }), fc.nat(90)),
  end: fc.tuple(fc.double({ min: 0, max: 1.05, noNaN: true }), fc.nat(90)),
  text: fc.array(fc.constantFrom(...PIECES), { maxLength: 4 }).map((p) => p.join('')),
});

function positionOf(d: TextDocument, [at, character]: [number, number]): Position {
  return { line: Math.floor(at * d.lineCount), character };
}

/** Every position, offset, line range and line break of `stored` equal those of a fresh document of the same text. */
function assertSame(stored: StoredDocument, text: string): void {
  const fresh = TextDocument.create('file:///fresh', 'yaml', 1, text);
  assert.equal(stored.getText(), text);
  assert.equal(stored.lineCount, fresh.lineCount);
  for (let offset = -1; offset <= text.length + 1; offset++) assert.deepEqual(stored.positionAt(offset), fresh.positionAt(offset), `positionAt(${offset})`);
  for (let line = -1; line <= fresh.lineCount; line++) {
    const length = fresh.getLineRange(line).end.character;
    for (let character = 0; character <= length + 3; character++) {
      const p = { line, character };
      assert.equal(stored.offsetAt(p), fresh.offsetAt(p), `offsetAt(${line}:${character})`);
    }
    assert.deepEqual(stored.getLineRange(line), fresh.getLineRange(line), `getLineRange(${line})`);
    assert.equal(stored.getEOLCharacters(line), fresh.getEOLCharacters(line), `getEOLCharacters(${line})`);
    const range = { start: { line, character: 1 }, end: { line: line + 2, character: 2 } };
    assert.equal(stored.getText(range), fresh.getText(range), `getText(${line})`);
  }
}

describe('the document store', () => {
  test(`edits in blocks of a few lines give the text, positions and outline of a fresh document (${RUNS} runs, seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.nat(TEXTS.length - 1), fc.integer({ min: 8, max: 200 }), fc.array(edit, { minLength: 1, maxLength: 8 }), fc.boolean(), (t, blockChars, edits, early) => {
        const stored = new StoredDocument('file:///stored', 'yaml', 1, TEXTS[t], blockChars);
        let expected = TextDocument.create('file:///expected', 'yaml', 1, TEXTS[t]);
        // The outline is kept from the first request on: before the edits, or made after them.
        if (early) stored.outline();
        for (const [i, e] of edits.entries()) {
          const change: TextDocumentContentChangeEvent = { range: { start: positionOf(expected, e.start), end: positionOf(expected, e.end) }, text: e.text };
          stored.update([change], i + 2);
          expected = TextDocument.create('file:///expected', 'yaml', i + 2, TextDocument.applyEdits(expected, [{ range: change.range, newText: e.text }]));
          assert.equal(stored.getText(), expected.getText());
        }
        assertSame(stored, expected.getText());
        assert.equal(stored.version, edits.length + 1);
        assert.deepEqual(stored.outline().toJSON(), YamlOutline.of(textLines(expected.getText())).toJSON());
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  });

  test(`prepared in idle steps between edits, the store gives the text, positions and outline of a fresh document (${RUNS} runs, seed ${SEED})`, () => {
    const stepped = fc.record({ edit, steps: fc.nat(4) });
    fc.assert(
      fc.property(fc.nat(TEXTS.length - 1), fc.integer({ min: 8, max: 200 }), fc.integer({ min: 1, max: 6 }), fc.array(stepped, { maxLength: 6 }), (t, blockChars, stepLines, edits) => {
        const stored = new StoredDocument('file:///stored', 'yaml', 1, TEXTS[t], blockChars);
        let expected = TextDocument.create('file:///expected', 'yaml', 1, TEXTS[t]);
        for (const [i, { edit: e, steps }] of edits.entries()) {
          // Some steps of the preparation (each one block, or stepLines lines of the outline), then an edit.
          for (let s = 0; s < steps; s++) stored.prepareStep(0, stepLines);
          const change: TextDocumentContentChangeEvent = { range: { start: positionOf(expected, e.start), end: positionOf(expected, e.end) }, text: e.text };
          stored.update([change], i + 2);
          expected = TextDocument.create('file:///expected', 'yaml', i + 2, TextDocument.applyEdits(expected, [{ range: change.range, newText: e.text }]));
        }
        let steps = 0;
        while (!stored.prepareStep(0, stepLines)) assert.ok(++steps < 100_000);
        assert.equal(stored.prepareStep(0, stepLines), true, 'prepared once, it stays prepared');
        assertSame(stored, expected.getText());
        assert.deepEqual(stored.outline().toJSON(), YamlOutline.of(textLines(expected.getText())).toJSON());
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  });

  test('a big text is prepared one block or a few outline lines per step, in idle turns of the event loop while it is wanted', async () => {
    const text = Array.from({ length: 2000 }, (_, i) => (i % 20 === 0 ? '---' : i % 20 === 1 ? `kind: K${i}` : `  key-${i}: value`)).join('\n');
    const stored = new StoredDocument('file:///big', 'yaml', 1, text, 64);
    let steps = 1;
    while (!stored.prepareStep(0, 16)) steps++;
    // About 36,000 characters in blocks of about 64, then 2,000 lines 16 at a time (the first step takes the last block and the first lines).
    assert.ok(steps > text.length / 80 + 2000 / 16 - 2, `${steps} steps`);
    assert.deepEqual(stored.outline().toJSON(), YamlOutline.of(textLines(text)).toJSON());

    const idle = new StoredDocument('file:///idle', 'yaml', 1, text, 64);
    let turns = 0;
    await idle.prepareWhenIdle(() => ++turns > 0, 0, 16);
    assert.ok(turns > steps / 2, `${turns} turns`);
    assert.equal(idle.prepareStep(0), true);
    assert.deepEqual(idle.outline().toJSON(), YamlOutline.of(textLines(text)).toJSON());

    // A document closed meanwhile is left as it is: its first request would make the outline then.
    const closed = new StoredDocument('file:///closed', 'yaml', 1, text, 64);
    let asked = 0;
    await closed.prepareWhenIdle(() => ++asked < 3, 0, 16);
    assert.equal(asked, 3);
    assert.equal(closed.prepareStep(0), false);
  });

  test('a change without a range replaces the text; several changes apply in order', () => {
    const stored = new StoredDocument('file:///s', 'yaml', 1, 'a: 1\n---\nb: 2\n', 8);
    stored.outline();
    stored.update([{ text: 'x: 1\r\ny: 2' }], 2);
    assertSame(stored, 'x: 1\r\ny: 2');
    stored.update(
      [
        { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '---\n' },
        { range: { start: { line: 0, character: 4 }, end: { line: 1, character: 0 } }, text: '\r' },
      ],
      3,
    );
    assertSame(stored, 'x: 1\r---\ny: 2');
    assert.deepEqual(stored.outline().toJSON(), YamlOutline.of(textLines('x: 1\r---\ny: 2')).toJSON());
  });

  test('a line break typed at a block boundary joins a CR before it into one CRLF, and deleting it splits them again', () => {
    for (let line = 1; line < 12; line++) {
      const stored = new StoredDocument('file:///cr', 'yaml', 1, 'ab\r'.repeat(12), 4);
      stored.outline();
      stored.update([{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '\n---' }], 2);
      const joined = `${'ab\r'.repeat(line)}\n---${'ab\r'.repeat(12 - line)}`;
      assertSame(stored, joined);
      assert.deepEqual(stored.outline().toJSON(), YamlOutline.of(textLines(joined)).toJSON());
      stored.update([{ range: { start: { line: line - 1, character: 2 }, end: { line, character: 0 } }, text: '\r' }], 3);
      assertSame(stored, `${'ab\r'.repeat(line)}---${'ab\r'.repeat(12 - line)}`);
    }
  });

  test('hover and completion in a huge document, edited as the editor does, answer as the whole model of the same text', async () => {
    const keys = Array.from({ length: 3000 }, (_, i) => (i % 250 === 3 ? '        k8s.aliyun.com/eci-use-specs: "2-4Gi"' : `        example.com/key-${i}: "v"`));
    const text = `apiVersion: apps/v1\r\nkind: Deployment\r\nmetadata:\r\n  name: web\r\nspec:\r\n  template:\r\n    metadata:\r\n      annotations:\r\n${keys.join('\r\n')}\r\n    spec:\r\n      containers: []\r\n---\r\nkind: ConfigMap\r\n`;
    const ls = service();
    const stored = new StoredDocument('file:///huge.yaml', 'yaml', 1, text);
    let version = 1;
    for (const line of [11, 1011, 2261, 2761]) {
      // Type a character into the key and take it out, as the benchmark does.
      for (const [range, newText] of [
        [{ start: { line, character: 12 }, end: { line, character: 12 } }, 'x'],
        [{ start: { line, character: 12 }, end: { line, character: 13 } }, ''],
      ] as const) {
        stored.update([{ range, text: newText }], ++version);
        const whole = ls.parse(TextDocument.create('file:///whole.yaml', 'yaml', version, stored.getText()));
        const position = { line, character: 20 };
        const around = ls.modelAround(stored, position);
        assert.equal(around.slices[0].doc.text.length < 40_000, true, 'the stand-in is small');
        assert.deepEqual(ls.doHover(around, position), ls.doHover(whole, position), `hover at ${line}`);
        const at = { line, character: 12 };
        const focused = await ls.doComplete(ls.modelAround(stored, at), at);
        const expected = await ls.doComplete(whole, at);
        assert.ok(expected.items.length > 10);
        // The one documented difference: a key the map already has more than FOCUS_WINDOW lines away is offered too.
        const labels = new Set(expected.items.map((i) => i.label));
        for (const extra of focused.items.filter((i) => !labels.has(i.label)))
          assert.ok(stored.getText().includes(`        ${extra.label}: `), `completion at ${line} offers ${extra.label}`);
        assert.deepEqual({ ...focused, items: focused.items.filter((i) => labels.has(i.label)) }, expected, `completion at ${line}`);
      }
    }
    // In the second YAML document: parsed alone.
    const position = { line: 3011, character: 2 };
    assert.equal(ls.modelAround(stored, position).slices[0].line, 3010);
  });
});

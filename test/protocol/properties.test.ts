/**
 * Property suite over LSP (issue #8), against the built server with its validation worker: mutated fixtures (beside
 * a hundred Deployments, so that validation takes a while) are replayed as incremental didChange notifications with
 * hover and completion requests sent right after each edit, without waiting for diagnostics. Every request is
 * answered, with ranges inside the text, and the diagnostics of the last version equal those of a fresh open of the
 * same text. `npm test` runs a few fixed-seed cases (ECI_FUZZ_LSP_RUNS, ECI_FUZZ_SEED for more).
 */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionList, Diagnostic, Hover, Position, Range, TextEdit } from 'vscode-languageserver-types';
import { openDocument, startLanguageServer, type LspSession } from '../cli/lsp';
import { fixture, fixtureNames } from '../unit/support';

const SERVER = path.resolve(__dirname, '../../../dist/server.js');
const RUNS = Number(process.env.ECI_FUZZ_LSP_RUNS ?? 12);
const SEED = Number(process.env.ECI_FUZZ_SEED ?? 8);

const DEPLOYMENT = (i: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-${i}
spec:
  template:
    metadata:
      annotations:
        k8s.aliyun.com/eci-with-eip: "true"
        k8s.aliyun.com/eip-bandwidth: ${i % 10 ? '"10"' : '10'}
    spec:
      containers:
        - name: app
          image: nginx:1.27
`;
const BACKGROUND = Array.from({ length: 100 }, (_, i) => DEPLOYMENT(i)).join('---\n');
const FIXTURES = fixtureNames().map((name) => `${BACKGROUND}---\n${fixture(name)}`);

const PIECES = [
  ' ',
  '\n',
  '\r\n',
  '\r',
  ':',
  ': ',
  '- ',
  '#',
  '"',
  "'",
  '{',
  '}',
  '---\n',
  '|',
  'k8s.aliyun.com/eci-',
  'k8s.aliyun.com/eci-with-eip: ',
  'annotations:\n',
  '60',
  'x'.repeat(50),
];

const step = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  remove: fc.oneof(fc.constant(0), fc.nat(3), fc.nat(40)),
  insert: fc.array(fc.constantFrom(...PIECES), { maxLength: 3 }).map((p) => p.join('')),
  request: fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), column: fc.nat(60), hover: fc.boolean() }),
});

function assertRange(d: TextDocument, r: Range, what: string): void {
  for (const p of [r.start, r.end]) {
    const ok = p.line >= 0 && p.character >= 0 && p.line < d.lineCount && JSON.stringify(d.positionAt(d.offsetAt(p))) === JSON.stringify(p);
    assert.ok(ok, `${what}: ${JSON.stringify(r)} is not a range of the text`);
  }
}

/** Diagnostics without the uri (relatedInformation names the document). */
function comparable(diagnostics: Diagnostic[]): unknown {
  return diagnostics.map((d) => ({ ...d, relatedInformation: d.relatedInformation?.map((r) => ({ range: r.location.range, message: r.message })) }));
}

describe('property suite over LSP: edits and requests while the worker validates', () => {
  let s: LspSession;
  let run = 0;
  before(async () => {
    s = await startLanguageServer([process.execPath, SERVER, '--stdio']);
  });
  after(async () => {
    await s.stop();
  });

  test(`${RUNS} runs, seed ${SEED}`, { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(FIXTURES.length - 1), fc.array(step, { minLength: 1, maxLength: 10 }), async (index, steps) => {
        run++;
        const uri = `file:///props/${run}/edited.yaml`;
        let d = TextDocument.create(uri, 'yaml', 1, FIXTURES[index]);
        openDocument(s, uri, d.getText());
        let published: Promise<{ diagnostics: Diagnostic[] }> | undefined;
        for (const st of steps) {
          const text = d.getText();
          const start = Math.floor(st.at * text.length);
          const change = { range: { start: d.positionAt(start), end: d.positionAt(Math.min(text.length, start + st.remove)) }, text: st.insert };
          d = TextDocument.update(d, [change], d.version + 1);
          published = s.nextDiagnostics(uri, d.version);
          void s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: d.version }, contentChanges: [change] });
          // Right after the edit, while the worker validates.
          const position: Position = { line: Math.floor(st.request.at * d.lineCount), character: st.request.column };
          if (st.request.hover) {
            const hover = await s.conn.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
            if (hover?.range) assertRange(d, hover.range, 'hover');
          } else {
            const list = await s.conn.sendRequest<CompletionList>('textDocument/completion', { textDocument: { uri }, position });
            for (const item of list.items) if (item.textEdit) assertRange(d, (item.textEdit as TextEdit).range, `completion ${item.label}`);
          }
        }
        const last = await published!;
        const freshUri = `file:///props/${run}/fresh.yaml`;
        const fresh = s.nextDiagnostics(freshUri);
        openDocument(s, freshUri, d.getText());
        const expected = await fresh;
        for (const diagnostic of last.diagnostics) assertRange(d, diagnostic.range, `diagnostic ${diagnostic.code}`);
        assert.deepEqual(comparable(last.diagnostics), comparable(expected.diagnostics), 'the incremental state differs from a fresh open');
        for (const u of [uri, freshUri]) void s.conn.sendNotification('textDocument/didClose', { textDocument: { uri: u } });
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  });
});

/** Diagnostics the worker encodes as JSON are published byte for byte as if the main thread had encoded them. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { StreamMessageReader, type Message } from 'vscode-languageserver/node';
import type { Diagnostic } from 'vscode-languageserver-types';
import { encodedPublish, encodeMessageParts, PiecewiseMessageWriter } from '../../server/src/encodedDiagnostics';

/** The JSON bytes of a message, as one buffer. */
const encodeMessage = (msg: Parameters<typeof encodeMessageParts>[0]): Buffer => Buffer.concat(encodeMessageParts(msg));

const DIAGNOSTICS: Diagnostic[] = [
  {
    range: { start: { line: 4, character: 4 }, end: { line: 4, character: 31 } },
    severity: 2,
    code: 'wrong-level',
    source: 'eci',
    message: 'k8s.aliyun.com/eci-use-specs 在这里无效 → "模板"',
  },
  { range: { start: { line: 9, character: 0 }, end: { line: 9, character: 3 } }, severity: 1, code: 'not-a-string', source: 'eci', message: 'a "quoted" \\ value\n' },
];

const publish = (params: unknown): Message => ({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params }) as Message;

describe('encoded diagnostics', () => {
  for (const version of [7, undefined]) {
    test(`the publish message is the same bytes as JSON.stringify of it (version ${String(version)})`, () => {
      const bytes = new TextEncoder().encode(JSON.stringify(DIAGNOSTICS));
      const params = encodedPublish('file:///a%20b/x.yaml', version, bytes);
      const expected = Buffer.from(JSON.stringify(publish({ uri: 'file:///a%20b/x.yaml', version, diagnostics: DIAGNOSTICS })), 'utf-8');
      assert.deepEqual(encodeMessage(publish(params)), expected);
      // Read as params (another transport, or adding the account checks' diagnostics), they are the diagnostics.
      assert.deepEqual(params.diagnostics, DIAGNOSTICS);
      assert.deepEqual(Buffer.from(JSON.stringify(publish(params)), 'utf-8'), expected);
    });
  }

  test("the stdio writer frames each message, the encoded diagnostics written from the worker's own buffer, not copied", async () => {
    const bytes = new TextEncoder().encode(JSON.stringify(DIAGNOSTICS));
    const params = encodedPublish('file:///x.yaml', 3, bytes);
    assert.ok(encodeMessageParts(publish(params)).includes(bytes));
    const out = new PassThrough();
    const written: Uint8Array[] = [];
    out.on('data', (chunk: Uint8Array) => written.push(chunk));
    const received: Message[] = [];
    const reader = new StreamMessageReader(out);
    reader.listen((m) => received.push(m));
    const writer = new PiecewiseMessageWriter(out);
    const hover = { jsonrpc: '2.0', id: 3, result: { contents: { kind: 'markdown', value: '悬停 ✓' } } } as Message;
    await Promise.all([writer.write(publish(params)), writer.write(hover), writer.write(publish(encodedPublish('file:///y.yaml', undefined, bytes)))]);
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(
      written.some((chunk) => chunk.buffer === bytes.buffer && chunk.byteLength === bytes.byteLength),
      'the bytes themselves went to the stream',
    );
    assert.deepEqual(received, [publish({ uri: 'file:///x.yaml', version: 3, diagnostics: DIAGNOSTICS }), hover, publish({ uri: 'file:///y.yaml', diagnostics: DIAGNOSTICS })]);
    reader.dispose();
  });

  test('any other message is JSON.stringify of it', () => {
    const msg = { jsonrpc: '2.0', id: 3, result: { contents: { kind: 'markdown', value: '悬停 ✓' } } } as Message;
    assert.deepEqual(encodeMessage(msg), Buffer.from(JSON.stringify(msg), 'utf-8'));
  });
});

/**
 * `$/cancelRequest` interrupts a long request that is already running (issue #8), over stdio against the built
 * server: the request yields between slices of its work, reads the cancellation there and answers RequestCancelled.
 * A request counts as running once a request sent after it has been answered (the server takes requests in order).
 */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import type { CodeAction, CodeLens } from 'vscode-languageserver-types';
import { openDocument, startLanguageServer, type LspSession } from '../cli/lsp';

const SERVER = path.resolve(__dirname, '../../../dist/server.js');
const REQUEST_CANCELLED = -32800;

/** Deployment `i` with two ECI annotations on its own metadata (two wrong-level diagnostics) and an image. */
const deployment = (i: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-${i}
  annotations:
    k8s.aliyun.com/eci-use-specs: "2-4Gi"
    k8s.aliyun.com/eci-with-eip: "true"
spec:
  template:
    metadata:
      labels:
        app: web-${i}
    spec:
      containers:
        - name: app
          image: nginx:1.27
`;
const BIG = Array.from({ length: 1500 }, (_, i) => deployment(i)).join('---\n');
const PROBE = `apiVersion: v1
kind: Pod
metadata:
  name: probe
  annotations:
    k8s.aliyun.com/eci-with-eip: "true"
spec:
  containers: []
`;

/**
 * Sends `request`, waits until a hover sent after it has been answered (so the request is running), then cancels it.
 * Returns how the request settled.
 */
async function cancelWhileRunning<T>(
  s: LspSession,
  probeUri: string,
  request: (token: CancellationTokenSource['token']) => Promise<T>,
): Promise<{ answer?: T; error?: unknown; order: string[] }> {
  const order: string[] = [];
  const source = new CancellationTokenSource();
  const settled = request(source.token).then(
    (answer) => (order.push('request'), { answer }),
    (error: unknown) => (order.push('request'), { error }),
  );
  await s.conn.sendRequest('textDocument/hover', { textDocument: { uri: probeUri }, position: { line: 5, character: 10 } });
  order.push('hover');
  source.cancel();
  return { ...(await settled), order };
}

describe('cancelling a running request', () => {
  let s: LspSession;
  const big = 'file:///cancel/big.yaml';
  const probe = 'file:///cancel/probe.yaml';
  before(async () => {
    s = await startLanguageServer([process.execPath, SERVER, '--stdio']);
  });
  after(async () => {
    await s.stop();
  });

  it('a code action over thousands of diagnostics answers RequestCancelled', async () => {
    const probed = s.nextDiagnostics(probe);
    openDocument(s, probe, PROBE);
    await probed;
    const published = s.nextDiagnostics(big);
    openDocument(s, big, BIG);
    const { diagnostics } = await published;
    assert.equal(diagnostics.filter((d) => d.code === 'wrong-level').length, 3000);
    const r = await cancelWhileRunning(s, probe, (token) =>
      s.conn.sendRequest<CodeAction[]>(
        'textDocument/codeAction',
        { textDocument: { uri: big }, range: { start: { line: 0, character: 0 }, end: { line: BIG.split('\n').length, character: 0 } }, context: { diagnostics } },
        token,
      ),
    );
    assert.deepEqual(r.order, ['hover', 'request'], 'the hover sent after the code action is answered while it runs');
    assert.ok(r.error instanceof ResponseError, `expected RequestCancelled, got ${r.answer ? `${r.answer.length} actions` : String(r.error)}`);
    assert.equal(r.error.code, REQUEST_CANCELLED);
  });

  it('code lenses over a big file not parsed on the main thread yet answer RequestCancelled', async () => {
    const uri = 'file:///cancel/lenses.yaml';
    const published = s.nextDiagnostics(uri);
    openDocument(s, uri, BIG);
    await published;
    const r = await cancelWhileRunning(s, probe, (token) => s.conn.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } }, token));
    assert.deepEqual(r.order, ['hover', 'request']);
    assert.ok(r.error instanceof ResponseError, `expected RequestCancelled, got ${r.answer ? `${r.answer.length} lenses` : String(r.error)}`);
    assert.equal(r.error.code, REQUEST_CANCELLED);
    // Not cancelled, the same request completes: one Internet line per pod template.
    const lenses = await s.conn.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.equal(lenses.length, 1500);
  });
});

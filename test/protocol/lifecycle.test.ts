/**
 * Protocol abuse (issue #8), against the built server over stdio: lifecycle errors, a broken frame, a client that
 * never answers `workspace/configuration`, reused version numbers, and lazy code actions through `codeAction/resolve`.
 */
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { describe, it } from 'node:test';
import * as path from 'node:path';
import { createMessageConnection, ResponseError, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

const SERVER = path.resolve(__dirname, '../../../dist/server.js');

const POD = (value: string) => `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    k8s.aliyun.com/eci-max-pending-minute: ${value}
spec:
  containers: []
`;

interface Client {
  proc: ChildProcess;
  conn: MessageConnection;
  exited: Promise<number | null>;
  /** The next diagnostics published for a uri. */
  next(uri: string): Promise<PublishDiagnosticsParams>;
}

function spawnServer(options: { answerConfiguration?: boolean } = {}): Client {
  const proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const waiters: { uri: string; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    const i = waiters.findIndex((w) => w.uri === p.uri);
    if (i >= 0) waiters.splice(i, 1)[0].resolve(p);
  });
  conn.onNotification('window/logMessage', () => undefined);
  conn.onRequest('workspace/configuration', (params: { items: unknown[] }) => (options.answerConfiguration === false ? new Promise(() => undefined) : params.items.map(() => ({}))));
  conn.onRequest('client/registerCapability', () => null);
  conn.onError(() => undefined);
  conn.onClose(() => undefined);
  conn.listen();
  return { proc, conn, exited, next: (uri) => new Promise((resolve) => waiters.push({ uri, resolve })) };
}

async function initialize(c: Client, codeActionResolve = false): Promise<void> {
  await c.conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {
      workspace: { configuration: true },
      textDocument: codeActionResolve ? { codeAction: { dataSupport: true, resolveSupport: { properties: ['edit'] } } } : {},
    },
  });
  await c.conn.sendNotification('initialized', {});
}

async function stop(c: Client): Promise<void> {
  await c.conn.sendRequest('shutdown').catch(() => undefined);
  await c.conn.sendNotification('exit').catch(() => undefined);
  await c.exited;
  c.conn.dispose();
}

function open(c: Client, uri: string, text: string, version = 1): void {
  void c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
}

const notAString = (p: PublishDiagnosticsParams) => p.diagnostics.filter((d: Diagnostic) => d.code === 'not-a-string').length;

async function errorCodeOf(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
    return undefined;
  } catch (e) {
    return e instanceof ResponseError ? e.code : -1;
  }
}

describe('LSP lifecycle and protocol abuse', { timeout: 60_000 }, () => {
  it('a request before initialize gets ServerNotInitialized (-32002); after shutdown, InvalidRequest (-32600)', async () => {
    const c = spawnServer();
    const hover = { textDocument: { uri: 'file:///x.yaml' }, position: { line: 0, character: 0 } };
    assert.equal(await errorCodeOf(c.conn.sendRequest('textDocument/hover', hover)), -32002);
    await initialize(c);
    assert.equal(await errorCodeOf(c.conn.sendRequest('textDocument/hover', hover)), undefined);
    await c.conn.sendRequest('shutdown');
    assert.equal(await errorCodeOf(c.conn.sendRequest('textDocument/hover', hover)), -32600);
    await c.conn.sendNotification('exit');
    assert.equal(await c.exited, 0);
    c.conn.dispose();
  });

  it('a broken frame ends the server with exit code 1, so the client restarts it', async () => {
    const c = spawnServer();
    await initialize(c);
    c.proc.stdin!.write('Content-Length: twelve\r\n\r\n{"jsonrpc":"2.0"}');
    assert.equal(await c.exited, 1);
    c.conn.dispose();
  });

  it('bad JSON in a well-framed message does not end the server', async () => {
    const c = spawnServer();
    await initialize(c);
    const body = '{"jsonrpc": "2.0", "method": ';
    c.proc.stdin!.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    const uri = 'file:///after-bad-json.yaml';
    const published = c.next(uri);
    open(c, uri, POD('60'));
    assert.equal(notAString(await published), 1);
    await stop(c);
  });

  it('a client that never answers workspace/configuration still gets diagnostics and code actions (defaults)', async () => {
    const c = spawnServer({ answerConfiguration: false });
    await initialize(c);
    const uri = 'file:///silent-client.yaml';
    const published = c.next(uri);
    open(c, uri, POD('60'));
    const { diagnostics } = await published;
    assert.equal(diagnostics.filter((d) => d.code === 'not-a-string').length, 1);
    const actions = await c.conn.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0].range,
      context: { diagnostics },
    });
    assert.ok(
      actions.some((a) => a.title.startsWith('Quote the value')),
      JSON.stringify(actions),
    );
    await stop(c);
  });

  it('the latest text wins over a reused version number and over a second didOpen', async () => {
    const c = spawnServer();
    await initialize(c);
    const uri = 'file:///versions.yaml';
    let published = c.next(uri);
    open(c, uri, POD('"60"'));
    assert.equal(notAString(await published), 0);

    published = c.next(uri);
    void c.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: POD('"61"') }] });
    assert.equal(notAString(await published), 0);
    published = c.next(uri);
    void c.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: POD('62') }] });
    assert.equal(notAString(await published), 1, 'same version, new text');

    published = c.next(uri);
    open(c, uri, POD('"63"'), 2);
    assert.equal(notAString(await published), 0, 'a second didOpen at the same version');
    published = c.next(uri);
    open(c, uri, POD('64'), 2);
    assert.equal(notAString(await published), 1, 'and another one');
    await stop(c);
  });

  it('code actions come without edits when the client resolves them, and codeAction/resolve fills them in', async () => {
    const c = spawnServer();
    await initialize(c, true);
    const uri = 'file:///lazy.yaml';
    const published = c.next(uri);
    open(c, uri, POD('60'));
    const { diagnostics } = await published;
    const actions = await c.conn.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics } });
    const quote = actions.find((a) => a.title.startsWith('Quote the value'))!;
    assert.ok(quote && !quote.edit && quote.data);
    const resolved = await c.conn.sendRequest<CodeAction>('codeAction/resolve', quote);
    assert.deepEqual(resolved.edit?.changes?.[uri], [{ range: diagnostics[0].range, newText: '"60"' }]);
    await stop(c);
  });
});

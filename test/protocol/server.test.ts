/** Protocol tests: start the built server over stdio, as an editor does, and talk LSP to it. */
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { CodeAction, CompletionList, Diagnostic, Hover } from 'vscode-languageserver-types';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { ListAccountResourcesResult } from '../../server/src/protocol';

const SERVER = path.resolve(__dirname, '../../../dist/server.js');

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    k8s.aliyun.com/eci-with-eip: "true"
spec:
  replicas: 1
  template:
    metadata:
      annotations:
        k8s.aliyun.com/eip-bandwidth: 10
        k8s.al
    spec:
      containers: []
`;

interface Session {
  proc: ChildProcess;
  conn: MessageConnection;
  /** Resolves with the next diagnostics published for a uri (optionally for a version). */
  nextDiagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams>;
  settings: Record<string, unknown>;
  stderr: string[];
  /** Kinds the server asked the client to list. */
  accountRequests: string[];
}

async function startServer(): Promise<Session> {
  const proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  proc.stderr.on('data', (d) => stderr.push(String(d)));
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const waiters: { uri: string; version?: number; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  const session: Session = {
    proc,
    conn,
    settings: {},
    stderr,
    accountRequests: [],
    nextDiagnostics: (uri, version) => new Promise((resolve) => waiters.push({ uri, version, resolve })),
  };
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    const i = waiters.findIndex((w) => w.uri === p.uri && (w.version === undefined || w.version === p.version));
    if (i >= 0) waiters.splice(i, 1)[0].resolve(p);
  });
  conn.onNotification('window/logMessage', () => undefined);
  conn.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map(() => session.settings));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest<ListAccountResourcesResult, void>('eci/listAccountResources', (params: { kind: string }) => {
    session.accountRequests.push(params.kind);
    return params.kind === 'eip'
      ? { ok: true, resources: [{ kind: 'eip', id: 'eip-bp1available0001', ipAddress: '47.99.10.1', status: 'Available' }] }
      : { ok: false, message: 'No permission' };
  });
  conn.listen();
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { relatedInformation: true } } },
  });
  await conn.sendNotification('initialized', {});
  return session;
}

async function stopServer(s: Session): Promise<void> {
  const exited = new Promise<number | null>((resolve) => s.proc.once('exit', (code) => resolve(code)));
  await s.conn.sendRequest('shutdown');
  await s.conn.sendNotification('exit');
  assert.equal(await exited, 0);
  s.conn.dispose();
}

function open(s: Session, uri: string, text: string, version = 1): void {
  void s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
}

describe('language server over stdio', { timeout: 30_000 }, () => {
  let s: Session;
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await stopServer(s);
  });

  it('publishes wrong-level and not-a-string diagnostics with source, code and ranges', async () => {
    const uri = 'file:///ws/deploy.yaml';
    const published = s.nextDiagnostics(uri);
    open(s, uri, DEPLOYMENT);
    const { diagnostics } = await published;
    const wrong = diagnostics.find((d) => d.code === 'wrong-level')!;
    assert.ok(wrong, JSON.stringify(diagnostics));
    assert.equal(wrong.source, 'eci');
    assert.deepEqual(wrong.range, { start: { line: 5, character: 4 }, end: { line: 5, character: 31 } });
    const notString = diagnostics.find((d) => d.code === 'not-a-string')!;
    assert.deepEqual(notString.range, { start: { line: 11, character: 38 }, end: { line: 11, character: 40 } });
    assert.equal(notString.severity, 1);
  });

  it('re-validates after an incremental edit and honours severity settings', async () => {
    const uri = 'file:///ws/edit.yaml';
    const first = s.nextDiagnostics(uri, 1);
    open(s, uri, DEPLOYMENT);
    await first;
    const second = s.nextDiagnostics(uri, 2);
    void s.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 11, character: 38 }, end: { line: 11, character: 40 } }, text: '"10"' }],
    });
    const after = await second;
    assert.equal(after.diagnostics.filter((d: Diagnostic) => d.code === 'not-a-string').length, 0);
    assert.equal(after.diagnostics.filter((d: Diagnostic) => d.code === 'wrong-level').length, 1);

    s.settings = { rules: { 'wrong-level': 'off' } };
    const third = s.nextDiagnostics(uri, 2);
    void s.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const quiet = await third;
    assert.equal(quiet.diagnostics.filter((d: Diagnostic) => d.code === 'wrong-level').length, 0);
    s.settings = {};
  });

  it('completes annotation keys in the pod template', async () => {
    const uri = 'file:///ws/complete.yaml';
    const published = s.nextDiagnostics(uri);
    open(s, uri, DEPLOYMENT);
    await published;
    const list = await s.conn.sendRequest<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 12, character: 14 } });
    const item = list.items.find((i) => i.label === 'k8s.aliyun.com/eci-with-eip');
    assert.ok(item, `got ${list.items.map((i) => i.label).join(', ')}`);
    assert.equal(
      list.items.some((i) => i.label === 'k8s.aliyun.com/eip-bandwidth'),
      false,
      'present keys are left out',
    );
    assert.deepEqual(item.textEdit && 'range' in item.textEdit ? item.textEdit.range : undefined, { start: { line: 12, character: 8 }, end: { line: 12, character: 14 } });
  });

  it('answers hover with the catalogue docs', async () => {
    const uri = 'file:///ws/complete.yaml';
    const hover = await s.conn.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 11, character: 20 } });
    const value = (hover.contents as { value: string }).value;
    assert.match(value, /k8s\.aliyun\.com\/eip-bandwidth/);
    assert.match(value, /Takes effect only when the pod is created/);
  });

  it('returns the move and quote fixes as code actions', async () => {
    const uri = 'file:///ws/fix.yaml';
    const published = s.nextDiagnostics(uri);
    open(s, uri, DEPLOYMENT);
    const { diagnostics } = await published;
    const wrong = diagnostics.find((d) => d.code === 'wrong-level')!;
    const actions = await s.conn.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: wrong.range,
      context: { diagnostics },
    });
    const move = actions.find((a) => a.title.startsWith('Move'));
    assert.ok(move, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(move.kind, 'quickfix');
    const edits = move.edit!.changes![uri];
    assert.equal(edits.length, 2);
    const notString = diagnostics.find((d) => d.code === 'not-a-string')!;
    const quoteActions = await s.conn.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: notString.range, context: { diagnostics: [notString] } });
    const q = quoteActions.find((a) => a.title.startsWith('Quote'))!;
    assert.deepEqual(q.edit!.changes![uri], [{ range: notString.range, newText: '"10"' }]);
  });

  it('asks the client for account resources: completion values and the existence check', async () => {
    const uri = 'file:///ws/account.yaml';
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    k8s.aliyun.com/eci-eip-instanceid: "eip-bp1missing0000"\n';
    const first = s.nextDiagnostics(uri, 1);
    open(s, uri, text);
    assert.deepEqual((await first).diagnostics, []);
    assert.equal(s.accountRequests.length, 0, 'no account call before the client says the account is connected');

    s.settings = { account: { checkExistence: true } };
    const checked = s.nextDiagnostics(uri, 1);
    void s.conn.sendNotification('eci/accountStateChanged', { connected: true });
    void s.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    let diagnostics = (await checked).diagnostics;
    while (!diagnostics.some((d) => d.code === 'resource-not-found')) diagnostics = (await s.nextDiagnostics(uri, 1)).diagnostics;
    const missing = diagnostics.find((d) => d.code === 'resource-not-found')!;
    assert.deepEqual(missing.range, { start: { line: 5, character: 39 }, end: { line: 5, character: 59 } });
    assert.match(missing.message as string, /eip-bp1missing0000 does not exist in the configured account and region/);

    const list = await s.conn.sendRequest<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 5, character: 40 } });
    assert.ok(
      list.items.some((i) => i.label === '"eip-bp1available0001"'),
      JSON.stringify(list.items.map((i) => i.label)),
    );
    assert.ok(s.accountRequests.includes('eip'));
    s.settings = {};
    void s.conn.sendNotification('eci/accountStateChanged', { connected: false });
  });

  it('survives garbage and keeps answering', async () => {
    const uri = 'file:///ws/garbage.yaml';
    const published = s.nextDiagnostics(uri);
    const garbage = Array.from({ length: 4000 }, (_, i) => String.fromCharCode((i * 7919) % 65535)).join('');
    open(
      s,
      uri,
      `${garbage}\n---\n${'a: &a ["x","x","x","x","x","x","x","x","x"]\n'}${Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`).join('\n')}\n`,
    );
    const { diagnostics } = await published;
    assert.deepEqual(diagnostics, []);
    const hover = await s.conn.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } });
    assert.equal(hover, null);
    assert.equal(s.proc.exitCode, null);
  });
});

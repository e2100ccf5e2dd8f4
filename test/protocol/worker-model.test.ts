/**
 * Requests that need the whole file's model use the validation worker's (issue #8): code actions and
 * `codeAction/resolve` over thousands of diagnostics, the Internet CodeLens (also of an edit not validated yet: it
 * waits for the validation) and the account checks after a validation make no model on the main thread. The built server runs over stdio with `ECI_TRACE_MODELS=1`, which logs each whole-file model the main
 * thread makes; an edit not validated yet shows that the log works (the main thread then answers from its own model).
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { CodeAction, CodeLens, Diagnostic } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';

const SERVER = path.resolve(__dirname, '../../../dist/server.js');
const N = 2000;
/** One Deployment with N ECI annotations on its own metadata: N wrong-level diagnostics, one move-all. */
const WRONG_LEVEL = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
${Array.from({ length: N }, (_, i) => `    k8s.aliyun.com/eci-${i % 2 ? 'with-eip' : 'use-specs'}: "${i}"`).join('\n')}
spec:
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: app
          image: nginx:1.27
`;

interface Session {
  conn: MessageConnection;
  logs: string[];
  /** The `eciAnnotations` section the client answers. */
  settings: unknown;
  next(uri: string, version?: number): Promise<PublishDiagnosticsParams>;
  stop(): Promise<void>;
}

async function start(): Promise<Session> {
  const proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ECI_TRACE_MODELS: '1' } });
  proc.stderr.resume();
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const waiters: { uri: string; version?: number; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  const logs: string[] = [];
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  const session: Session = {
    conn,
    logs,
    settings: {},
    next: (uri, version) => new Promise((resolve) => waiters.push({ uri, version, resolve })),
    async stop() {
      await conn.sendRequest('shutdown');
      await conn.sendNotification('exit');
      await exited;
      conn.dispose();
    },
  };
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    const i = waiters.findIndex((w) => w.uri === p.uri && (w.version === undefined || w.version === p.version));
    if (i >= 0) waiters.splice(i, 1)[0].resolve(p);
  });
  conn.onNotification('window/logMessage', (p: { message: string }) => void logs.push(p.message));
  conn.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => session.settings));
  conn.onRequest('eci/listAccountResources', (params: { kind: string }) => ({
    ok: true,
    resources: params.kind === 'eip' ? [{ kind: 'eip', id: 'eip-bp1available0001', ipAddress: '47.0.0.1', status: 'Available' }] : [],
  }));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('workspace/codeLens/refresh', () => null);
  conn.listen();
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { workspace: { configuration: true }, textDocument: { codeAction: { dataSupport: true, resolveSupport: { properties: ['edit'] } } } },
  });
  await conn.sendNotification('initialized', {});
  return session;
}

const mainThreadModels = (s: Session, uri: string) => s.logs.filter((l) => l.startsWith(`ECI: main-thread model of ${uri} `));
const wrongLevel = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.code === 'wrong-level');
const everything = { start: { line: 0, character: 0 }, end: { line: N + 20, character: 0 } };

describe('the worker model serves code actions', { timeout: 60_000 }, () => {
  let s: Session;
  before(async () => {
    s = await start();
  });
  after(async () => {
    await s.stop();
  });

  it('a code action over thousands of diagnostics and its resolve make no model on the main thread', async () => {
    const uri = 'file:///worker/wrong-level.yaml';
    const published = s.next(uri);
    void s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: WRONG_LEVEL } });
    const { diagnostics } = await published;
    assert.equal(wrongLevel(diagnostics).length, N);

    const actions = await s.conn.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: everything, context: { diagnostics } });
    const all = actions.filter((a) => a.title.startsWith('Move all'));
    assert.equal(all.length, 1, JSON.stringify(actions.map((a) => a.title)));
    assert.deepEqual(all[0].diagnostics, wrongLevel(diagnostics), 'the action names the diagnostics the client sent, whole');
    assert.ok(!all[0].edit && all[0].data, 'the edit comes from codeAction/resolve');
    const resolved = await s.conn.sendRequest<CodeAction>('codeAction/resolve', all[0]);
    const edits = resolved.edit?.changes?.[uri];
    assert.ok(edits?.length, 'resolved with an edit');
    assert.deepEqual(mainThreadModels(s, uri), [], 'no model of the file on the main thread');

    // The fix moves every annotation: the moved text has no wrong-level diagnostic and keeps every annotation.
    const moved = TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, WRONG_LEVEL), edits);
    assert.equal(moved.split('\n').filter((l) => l.includes('k8s.aliyun.com/eci-')).length, N);
    const check = 'file:///worker/moved.yaml';
    const checked = s.next(check);
    void s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: check, languageId: 'yaml', version: 1, text: moved } });
    assert.equal(wrongLevel((await checked).diagnostics).length, 0);
  });

  it('an edit the worker has not validated yet is answered from a model on the main thread, with the same action', async () => {
    const uri = 'file:///worker/edited.yaml';
    const published = s.next(uri);
    void s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: WRONG_LEVEL } });
    const { diagnostics } = await published;
    // A comment added at the end: the diagnostics stay where they were, and the debounce holds the validation back.
    void s.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: N + 15, character: 0 }, end: { line: N + 15, character: 0 } }, text: '# edited\n' }],
    });
    const actions = await s.conn.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: everything, context: { diagnostics } });
    assert.equal(actions.filter((a) => a.title.startsWith('Move all')).length, 1);
    assert.deepEqual(mainThreadModels(s, uri), [`ECI: main-thread model of ${uri} v2`]);
  });

  it('the Internet CodeLens comes from the worker model, and an edit not validated yet waits for its validation', async () => {
    const uri = 'file:///worker/lenses.yaml';
    const pods = (eip: boolean) =>
      Array.from(
        { length: 300 },
        (_, i) =>
          `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p${i}\n  annotations:\n    k8s.aliyun.com/eci-vswitch: vsw-bp1aaaaaaaaaaaaaaaa\n${eip && i === 7 ? '    k8s.aliyun.com/eci-with-eip: "true"\n' : ''}spec:\n  containers:\n    - name: app\n      image: nginx\n`,
      ).join('---\n');
    const published = s.next(uri);
    void s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: pods(false) } });
    await published;
    const titles = (lenses: CodeLens[]) => lenses.map((l) => l.command?.title ?? '');
    const before = await s.conn.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.equal(before.length, 300);
    assert.ok(
      titles(before).every((t) => t.startsWith('Internet: no EIP')),
      titles(before)[0],
    );
    // An EIP for pod 7, and the lenses asked for at once, inside the typing debounce.
    void s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: pods(true) }] });
    const after = await s.conn.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.equal(after.length, 300);
    assert.match(titles(after)[7], /^Internet: (an )?EIP/);
    assert.equal(after[8].range.start.line, before[8].range.start.line + 1, 'the lenses of the edited text');
    assert.deepEqual(mainThreadModels(s, uri), [], 'no model of the file on the main thread');
  });

  it('the account checks after a validation use the worker model too', async () => {
    const uri = 'file:///worker/account.yaml';
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    k8s.aliyun.com/eci-eip-instanceid: "eip-bp1missing0000"\n    k8s.aliyun.com/eci-max-pending-minute: 60\n';
    const first = s.next(uri);
    void s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    await first;
    s.settings = { account: { checkExistence: true } };
    void s.conn.sendNotification('eci/accountStateChanged', { connected: true });
    void s.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    let diagnostics: Diagnostic[] = [];
    while (!diagnostics.some((d) => d.code === 'resource-not-found')) diagnostics = (await s.next(uri)).diagnostics;
    const missing = diagnostics.find((d) => d.code === 'resource-not-found')!;
    assert.deepEqual(missing.range, { start: { line: 5, character: 39 }, end: { line: 5, character: 59 } });
    assert.ok(
      diagnostics.some((d) => d.code === 'not-a-string'),
      'published with the diagnostics of the validation',
    );
    assert.deepEqual(mainThreadModels(s, uri), []);
    s.settings = {};
    void s.conn.sendNotification('eci/accountStateChanged', { connected: false });
  });
});

/**
 * The language server as other editors run it (`--stdio`, no VS Code client): account pickers only for a client that
 * declares it runs them; `.eci-annotations.yaml` under explicit settings, watched for changes.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { CodeAction } from 'vscode-languageserver-types';
import { remove, ROOT, tree, WARNING_POD } from './helpers';
import { openDocument, startLanguageServer, type LspSession } from './lsp';

const SERVER = [process.execPath, path.join(ROOT, 'dist/server.js'), '--stdio'];

const EIP_POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    k8s.aliyun.com/eci-eip-instanceid: "eip-bp1q5n8cq4p7f6dzu0000"
    k8s.aliyun.com/eip-bandwidth: 10
spec:
  containers: []
`;

/** Opens the EIP pod and returns a function that lists the code action titles on a line. */
async function openEipPod(s: LspSession, uri: string): Promise<(line: number) => Promise<string[]>> {
  const published = s.nextDiagnostics(uri);
  openDocument(s, uri, EIP_POD);
  const { diagnostics } = await published;
  return (line) => actionsAt(s, uri, line, diagnostics);
}

async function actionsAt(s: LspSession, uri: string, line: number, diagnostics: unknown[]): Promise<string[]> {
  const actions = await s.conn.sendRequest<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } },
    context: { diagnostics },
  });
  return actions.map((a) => a.title);
}

describe('standalone language server: account code actions', { timeout: 30_000 }, () => {
  it('are not offered to a client that did not declare it runs them; quick fixes are', async () => {
    const s = await startLanguageServer(SERVER);
    try {
      const actions = await openEipPod(s, 'file:///ws/eip.yaml');
      const onKey = await actions(5);
      assert.ok(!onKey.some((t) => t.startsWith('Pick') || t.startsWith('Associate')), onKey.join(' | '));
      assert.ok((await actions(6)).some((t) => t.startsWith('Quote the value')));
    } finally {
      assert.equal(await s.stop(), 0);
    }
  });

  it('are offered when the client sends pickResourceCommand, as the VS Code client does', async () => {
    const s = await startLanguageServer(SERVER, { pickResourceCommand: true });
    try {
      const actions = await openEipPod(s, 'file:///ws/eip.yaml');
      assert.ok((await actions(5)).includes('Pick an EIP from your account…'));
    } finally {
      await s.stop();
    }
  });
});

describe('standalone language server: .eci-annotations.yaml', { timeout: 30_000 }, () => {
  let dir: string;
  let s: LspSession;
  before(async () => {
    dir = tree({
      '.eci-annotations.yaml': 'rules:\n  unknown-key: error\nignore:\n  - generated/\n',
      'pod.yaml': WARNING_POD,
      'generated/pod.yaml': WARNING_POD,
    });
    s = await startLanguageServer(SERVER);
  });
  after(async () => {
    await s.stop();
    remove(dir);
  });

  const uriOf = (rel: string) => pathToFileURL(path.join(dir, rel)).href;

  it('sets severities under a rule setting the user set explicitly, and skips ignored paths', async () => {
    const uri = uriOf('pod.yaml');
    const first = s.nextDiagnostics(uri);
    openDocument(s, uri, WARNING_POD);
    assert.deepEqual(
      (await first).diagnostics.map((d) => [d.code, d.severity]),
      [['unknown-key', 1]],
      'the file makes the warning an error',
    );

    s.settings = { rules: { 'unknown-key': 'hint' } };
    const explicit = s.nextDiagnostics(uri);
    void s.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    assert.deepEqual(
      (await explicit).diagnostics.map((d) => [d.code, d.severity]),
      [['unknown-key', 4]],
      'an explicit setting wins over the file',
    );
    s.settings = {};
    const back = s.nextDiagnostics(uri);
    void s.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    assert.equal((await back).diagnostics[0].severity, 1);

    const ignored = uriOf('generated/pod.yaml');
    const none = s.nextDiagnostics(ignored);
    openDocument(s, ignored, WARNING_POD);
    assert.deepEqual((await none).diagnostics, []);
  });

  it('watches the file: a change re-checks open documents', async () => {
    const registration = await s.registered('workspace/didChangeWatchedFiles');
    assert.deepEqual(registration.registerOptions, { watchers: [{ globPattern: '**/.eci-annotations.yaml' }] });
    const uri = uriOf('pod.yaml');
    fs.writeFileSync(path.join(dir, '.eci-annotations.yaml'), 'rules:\n  unknown-key: off\n');
    const ignored = uriOf('generated/pod.yaml');
    const after = [s.nextDiagnostics(uri), s.nextDiagnostics(ignored)];
    void s.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('.eci-annotations.yaml'), type: 2 }] });
    for (const published of await Promise.all(after)) assert.deepEqual(published.diagnostics, [], 'unknown-key: off');
    const unignored = s.nextDiagnostics(ignored);
    fs.rmSync(path.join(dir, '.eci-annotations.yaml'));
    void s.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('.eci-annotations.yaml'), type: 3 }] });
    assert.deepEqual(
      (await unignored).diagnostics.map((d) => [d.code, d.severity]),
      [['unknown-key', 2]],
      'deleted: defaults again',
    );
  });
});

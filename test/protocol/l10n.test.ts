/** The built server speaks the editor's language: `initialize.locale`, overridden by `eciAnnotations.language`. */
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { describe, it } from 'node:test';
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { CompletionList, Hover, MarkupContent } from 'vscode-languageserver-types';
import type { InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

const ROOT = path.resolve(__dirname, '../../..');
const SERVER = path.join(ROOT, 'dist/server.js');

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  annotations:
    k8s.aliyun.com/eci-spot-strategy: SpotAsPriceGo
    k8s.aliyun.com/eci-use
spec:
  containers: []
`;

interface Session {
  proc: ChildProcess;
  conn: MessageConnection;
  init: InitializeResult;
  settings: Record<string, unknown>;
  published: (uri: string) => Promise<PublishDiagnosticsParams>;
}

async function start(initialize: Record<string, unknown>, settings: Record<string, unknown> = {}): Promise<Session> {
  const proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const waiters = new Map<string, (p: PublishDiagnosticsParams) => void>();
  const s = {
    proc,
    conn,
    settings,
    published: (uri: string) => new Promise<PublishDiagnosticsParams>((resolve) => waiters.set(uri, resolve)),
  } as Session;
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => waiters.get(p.uri)?.(p));
  conn.onNotification('window/logMessage', () => undefined);
  conn.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => s.settings));
  conn.onRequest('client/registerCapability', () => null);
  conn.listen();
  s.init = await conn.sendRequest<InitializeResult>('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { workspace: { configuration: true } },
    ...initialize,
  });
  await conn.sendNotification('initialized', {});
  return s;
}

async function stop(s: Session): Promise<void> {
  const exited = new Promise<number | null>((resolve) => s.proc.once('exit', (code) => resolve(code)));
  await s.conn.sendRequest('shutdown');
  await s.conn.sendNotification('exit');
  assert.equal(await exited, 0);
  s.conn.dispose();
}

/** Opens the pod, waits for its first diagnostics (so the server has read its settings), and hovers the spot key. */
async function hoverSpot(s: Session, uri: string): Promise<string> {
  const published = s.published(uri);
  await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: POD } });
  await published;
  const hover = await s.conn.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 10 } });
  return (hover.contents as MarkupContent).value;
}

describe('the server follows the display language', { timeout: 30_000 }, () => {
  it('initialize.locale = "zh-cn": Chinese hover and completion details, the Chinese doc page', async () => {
    const s = await start({ locale: 'zh-cn' });
    try {
      const md = await hoverSpot(s, 'file:///ws/zh.yaml');
      assert.match(md, /^\*\*k8s\.aliyun\.com\/eci-spot-strategy\*\* · ECI Pod 注解/);
      assert.match(md, /将 Pod 创建为抢占式实例/);
      assert.match(md, /\| 类型 \| 以下之一：SpotAsPriceGo, SpotWithPriceLimit \|/);
      assert.match(md, /\[ECI 文档\]\(https:\/\/help\.aliyun\.com\/zh\/eci\//);
      const list = await s.conn.sendRequest<CompletionList>('textDocument/completion', { textDocument: { uri: 'file:///ws/zh.yaml' }, position: { line: 6, character: 26 } });
      assert.equal(list.items.find((i) => i.label === 'k8s.aliyun.com/eci-use-specs')?.detail, '按优先级尝试的实例规格（最多 5 个）。');
    } finally {
      await stop(s);
    }
  });

  it('eciAnnotations.language = "en" overrides a Chinese editor, and changing it switches at once', async () => {
    const s = await start({ locale: 'zh-CN', initializationOptions: { language: 'en' } }, { language: 'en' });
    try {
      const md = await hoverSpot(s, 'file:///ws/en.yaml');
      assert.match(md, /· ECI pod annotation/);
      assert.match(md, /\[ECI documentation\]\(https:\/\/www\.alibabacloud\.com\/help\/en\/eci\//);

      s.settings = { language: 'auto' };
      const again = s.published('file:///ws/en.yaml');
      await s.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
      await again;
      const hover = await s.conn.sendRequest<Hover>('textDocument/hover', { textDocument: { uri: 'file:///ws/en.yaml' }, position: { line: 5, character: 10 } });
      assert.match((hover.contents as MarkupContent).value, /· ECI Pod 注解/);
    } finally {
      await stop(s);
    }
  });

  it('an English editor gets English, and serverInfo carries the package version', async () => {
    const s = await start({ locale: 'en-US' });
    try {
      assert.doesNotMatch(await hoverSpot(s, 'file:///ws/plain.yaml'), /[\u4e00-\u9fff]/);
      const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
      assert.deepEqual(s.init.serverInfo, { name: 'eci-annotations', version: pkg.version });
    } finally {
      await stop(s);
    }
  });
});

/** The built server speaks the editor's language: `initialize.locale`, overridden by `eciAnnotations.language`. */
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { describe, it } from 'node:test';
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { CompletionList, Hover, MarkupContent } from 'vscode-languageserver-types';
import type { CodeAction, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

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
---
apiVersion: v1
kind: Service
metadata:
  name: web
  annotations:
    k8s.aliyun.com/eci-with-eip: "true"
`;

/** A Deployment with a misplaced annotation, a misspelt key and an unquoted number. */
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    k8s.aliyun.com/eci-use-specs: "2-4Gi"
spec:
  replicas: 1
  template:
    metadata:
      annotations:
        k8s.aliyun.com/eci-spot-stratgy: SpotAsPriceGo
        k8s.aliyun.com/eip-bandwidth: 5
    spec:
      containers: []
`;

const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;

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

/** Opens the Deployment and gives its diagnostics and the titles of every code action on them. */
async function problems(s: Session, uri: string): Promise<{ messages: string[]; related: string[]; titles: string[] }> {
  const published = s.published(uri);
  await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: DEPLOYMENT } });
  const { diagnostics } = await published;
  const titles: string[] = [];
  for (const d of diagnostics) {
    const actions = await s.conn.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    titles.push(...actions.map((a) => a.title));
  }
  return { messages: diagnostics.map((d) => d.message as string), related: diagnostics.flatMap((d) => d.relatedInformation?.map((r) => r.message) ?? []), titles };
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

  it('initialize.locale = "zh-cn": Chinese diagnostics, related messages and quick-fix titles', async () => {
    const s = await start({ locale: 'zh-cn' });
    try {
      const { messages, related, titles } = await problems(s, 'file:///ws/zh-problems.yaml');
      assert.deepEqual(
        messages.filter((m) => !CJK.test(m)),
        [],
        'every message is Chinese',
      );
      assert.ok(messages.includes('k8s.aliyun.com/eci-spot-stratgy 不是 ECI 文档中的注解。您是否想写 k8s.aliyun.com/eci-spot-strategy？ECI 会忽略未知的注解。'), messages.join('\n'));
      assert.ok(
        messages.some((m) => m.startsWith('k8s.aliyun.com/eci-use-specs 写在 Deployment 自身的 metadata 上，ECI 看不到它：Pod 是根据 Pod 模板（spec.template.metadata）')),
        messages.join('\n'),
      );
      assert.ok(
        messages.some((m) => m.startsWith('注解的值必须是字符串，但 k8s.aliyun.com/eip-bandwidth 的值是数字 5。')),
        messages.join('\n'),
      );
      assert.ok(related.length > 0 && related.every((m) => CJK.test(m)), related.join('\n'));
      for (const title of [
        '改为 k8s.aliyun.com/eci-spot-strategy',
        '将 k8s.aliyun.com/eci-use-specs 移到 spec.template.metadata.annotations',
        '给值加引号："5"',
        '对此行禁用 unknown-key',
      ]) {
        assert.ok(titles.includes(title), `${title} in ${titles.join(' | ')}`);
      }
      assert.deepEqual(
        titles.filter((t) => !CJK.test(t)),
        [],
        'every title is Chinese',
      );
      assert.ok(
        [...messages, ...related, ...titles].every((m) => !m.includes('`')),
        'no Markdown backticks',
      );
    } finally {
      await stop(s);
    }
  });

  it('an English editor gets English diagnostics and quick-fix titles, with no Chinese', async () => {
    const s = await start({ locale: 'en-US' });
    try {
      const { messages, related, titles } = await problems(s, 'file:///ws/en-problems.yaml');
      assert.ok(
        messages.includes('k8s.aliyun.com/eci-spot-stratgy is not an annotation ECI documents. Did you mean k8s.aliyun.com/eci-spot-strategy? ECI ignores unknown keys.'),
        messages.join('\n'),
      );
      assert.ok(titles.includes('Change to k8s.aliyun.com/eci-spot-strategy') && titles.includes('Quote the value: "5"'), titles.join(' | '));
      assert.deepEqual(
        [...messages, ...related, ...titles].filter((m) => CJK.test(m)),
        [],
      );
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
      const republished = await again;
      assert.ok(republished.diagnostics.length > 0 && republished.diagnostics.every((d) => CJK.test(d.message as string)), 'the diagnostics are published again in Chinese');
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

/** Protocol tests for the places annotations live: the built server over stdio, with fixtures on disk for Helm charts. */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, CompletionList, Diagnostic, Hover } from 'vscode-languageserver-types';
import { openDocument, startLanguageServer, type LspSession } from '../cli/lsp';

const SERVER = path.resolve(__dirname, '../../../dist/server.js');
const FIXTURES = path.resolve(__dirname, '../../../test/fixtures');

function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

interface Session extends LspSession {
  open(uri: string, text: string, languageId?: string): Promise<Diagnostic[]>;
}

/** The built server, driven by the same minimal client as the standalone-server tests. */
async function start(): Promise<Session> {
  const session = await startLanguageServer([process.execPath, SERVER, '--stdio']);
  return Object.assign(session, {
    open: async (uri: string, text: string, languageId = 'yaml') => {
      const published = session.nextDiagnostics(uri);
      openDocument(session, uri, text, 1, languageId);
      return (await published).diagnostics;
    },
  });
}

const codes = (ds: Diagnostic[]) => ds.map((d) => String(d.code)).sort();

describe('places over the protocol', { timeout: 30_000 }, () => {
  let s: Session;
  before(async () => {
    s = await start();
  });
  after(async () => {
    await s.stop();
  });

  it('operator CRDs: a Volcano Job task template and a RayCluster worker template', async () => {
    const volcano = await s.open('file:///ws/volcano.yaml', fixture('volcano-job.yaml'));
    assert.deepEqual(codes(volcano), ['not-a-string', 'wrong-level']);
    const text = fixture('raycluster.yaml');
    const ray = await s.open('file:///ws/ray.yaml', text);
    assert.deepEqual(codes(ray), ['invalid-value', 'wrong-level']);
    const line = text.split('\n').findIndex((l) => l.includes('eci-spot-strategy: SpotAsPriceG'));
    const list = await s.conn.sendRequest<CompletionList>('textDocument/completion', { textDocument: { uri: 'file:///ws/ray.yaml' }, position: { line, character: 12 } });
    assert.ok(
      list.items.some((i) => i.label === 'k8s.aliyun.com/eci-with-eip'),
      list.items.map((i) => i.label).join(),
    );
  });

  it('a Helm values file beside Chart.yaml is checked; the same file elsewhere is not', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eci-chart-'));
    writeFileSync(path.join(dir, 'Chart.yaml'), fixture('chart/Chart.yaml'));
    const values = fixture('chart/values.yaml');
    const inChart = await s.open(pathToFileURL(path.join(dir, 'values.yaml')).href, values);
    assert.deepEqual(codes(inChart), ['invalid-value', 'missing-dependency', 'not-a-string', 'not-a-string']);
    mkdirSync(path.join(dir, 'other'));
    const elsewhere = await s.open(pathToFileURL(path.join(dir, 'other', 'values.yaml')).href, values);
    assert.deepEqual(elsewhere, []);
  });

  it('documents with the helm language id are served like YAML templates', async () => {
    const diagnostics = await s.open('file:///ws/chart/templates/deployment.yaml', fixture('helm-quote.yaml'), 'helm');
    assert.deepEqual(codes(diagnostics), ['template-unquoted', 'template-unquoted']);
    const actions = await s.conn.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: 'file:///ws/chart/templates/deployment.yaml' },
      range: diagnostics[0].range,
      context: { diagnostics: [diagnostics[0]] },
    });
    assert.ok(
      actions.some((a) => a.title.startsWith('Add | quote')),
      JSON.stringify(actions.map((a) => a.title)),
    );
    assert.ok(actions.some((a) => a.title === 'Disable template-unquoted for this line'));
  });

  it('eci-profile selectors JSON, Spark conf keys, a shared EIP and a read-back pod', async () => {
    assert.deepEqual(codes(await s.open('file:///ws/profile.yaml', fixture('eci-profile-configmap.yaml'))), ['invalid-value']);
    assert.deepEqual(codes(await s.open('file:///ws/spark.yaml', fixture('spark-conf.yaml'))), ['invalid-value', 'legacy-key']);
    assert.deepEqual(codes(await s.open('file:///ws/shared.yaml', fixture('shared-eip.yaml'))), ['shared-fixed-address', 'shared-fixed-address']);
    assert.deepEqual(codes(await s.open('file:///ws/readback.yaml', fixture('readback-pod.yaml'))), ['invalid-value', 'not-a-string']);
    const text = fixture('readback-pod.yaml');
    const line = text.split('\n').findIndex((l) => l.includes('eci-instance-zone'));
    const hover = await s.conn.sendRequest<Hover>('textDocument/hover', { textDocument: { uri: 'file:///ws/readback.yaml' }, position: { line, character: 10 } });
    assert.match((hover.contents as { value: string }).value, /Set by ECI/);
  });

  it('hover Markdown is escaped; completion on a key+value line keeps the value; snippets only in an empty document', async () => {
    const uri = 'file:///ws/edit.yaml';
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    k8s.aliyun.com/eci-use-specs: "2-4Gi"\n    k8s.aliyun.com/eci-spot-str: "SpotAsPriceGo"\n';
    await s.open(uri, text);
    const hover = await s.conn.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 10 } });
    assert.match((hover.contents as { value: string }).value, /`<vCPU>-<memory>Gi`/);
    const list = await s.conn.sendRequest<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 6, character: 31 } });
    const item = list.items.find((i) => i.label === 'k8s.aliyun.com/eci-spot-strategy')!;
    assert.deepEqual(item.textEdit, { range: { start: { line: 6, character: 4 }, end: { line: 6, character: 31 } }, newText: 'k8s.aliyun.com/eci-spot-strategy' });
    assert.equal(
      list.items.some((i) => i.kind === 15),
      false,
    );
    await s.open('file:///ws/empty.yaml', '');
    const empty = await s.conn.sendRequest<CompletionList>('textDocument/completion', { textDocument: { uri: 'file:///ws/empty.yaml' }, position: { line: 0, character: 0 } });
    assert.ok(empty.items.some((i) => i.label === 'eci-deployment-eip' && i.kind === 15));
  });
});

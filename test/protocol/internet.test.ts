/** Protocol tests of the Internet-access check: the built server over stdio, a fake client answering the network requests. */
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import * as path from 'node:path';
import { CancellationTokenSource, createMessageConnection, RequestType, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { CodeAction, CodeLens, Diagnostic, Hover } from 'vscode-languageserver-types';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import {
  DescribeVpcNetwork,
  DescribeVSwitches,
  type DescribeVpcNetworkParams,
  type DescribeVpcNetworkResult,
  type DescribeVSwitchesParams,
  type DescribeVSwitchesResult,
} from '../../server/src/protocol';
import type { VpcNetworkFacts } from '../../server/src/service/account';

const SERVER = path.resolve(__dirname, '../../../dist/server.js');
const VPC = 'vpc-bp1net0000000000001';
const NAT = 'ngw-bp1nat000000000001';
const RT = 'vtb-bp1sys000000000001';
const VSW_H = 'vsw-bp1hhhh00000000001';
const VSW_K = 'vsw-bp1kkkk00000000002';

const NETWORK: VpcNetworkFacts = {
  vpcId: VPC,
  natGateways: [{ id: NAT, vpcId: VPC, networkType: 'internet', status: 'Available', snatTableIds: ['stb-1'] }],
  snatEntries: [{ id: 'snat-1', natGatewayId: NAT, snatTableId: 'stb-1', sourceVSwitchId: VSW_H, snatIp: '47.96.0.1', status: 'Available' }],
  routeEntries: [{ routeTableId: RT, destinationCidr: '0.0.0.0/0', nextHopType: 'NatGateway', nextHopId: NAT, status: 'Available' }],
};

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  annotations:
    k8s.aliyun.com/eci-vswitch: "${VSW_H},${VSW_K}"
spec:
  containers:
    - name: web
      image: nginx:1.27
`;

interface Session {
  proc: ChildProcess;
  conn: MessageConnection;
  settings: Record<string, unknown>;
  /** Files whose settings say `enable: false`. */
  disabled: Set<string>;
  /** The server's log (`ECI_TRACE_MODELS=1`: a line per whole-file model the main thread makes). */
  logs: string[];
  calls: string[];
  /** When set, the VPC request reports its arrival, waits for `release` and records whether the server cancelled it. */
  holdVpc?: { arrived: () => void; release: Promise<void>; cancelled: boolean };
  nextDiagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams>;
}

async function startServer(): Promise<Session> {
  const proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ECI_TRACE_MODELS: '1' } });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const waiters: { uri: string; version?: number; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  const s: Session = {
    proc,
    conn,
    settings: {},
    disabled: new Set(),
    logs: [],
    calls: [],
    nextDiagnostics: (uri, version) => new Promise((resolve) => waiters.push({ uri, version, resolve })),
  };
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    const i = waiters.findIndex((w) => w.uri === p.uri && (w.version === undefined || w.version === p.version));
    if (i >= 0) waiters.splice(i, 1)[0].resolve(p);
  });
  conn.onNotification('window/logMessage', (p: { message: string }) => void s.logs.push(p.message));
  conn.onRequest('workspace/configuration', (params: { items: { scopeUri?: string }[] }) =>
    params.items.map((i) => (i.scopeUri && s.disabled.has(i.scopeUri) ? { ...s.settings, enable: false } : s.settings)),
  );
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('workspace/codeLens/refresh', () => null);
  conn.onRequest('eci/listAccountResources', () => ({ ok: true, resources: [] }));
  // Typed as the VS Code client registers them (one parameter, then the token), and reading the token as the client
  // does: a request sent as positional parameters would hand them `null` for a token and fail, as in the editor.
  conn.onRequest(new RequestType<DescribeVSwitchesParams, DescribeVSwitchesResult, void>(DescribeVSwitches), (params, token): DescribeVSwitchesResult => {
    token.onCancellationRequested(() => undefined).dispose();
    s.calls.push(`vSwitches ${params.vSwitchIds.join(',')}`);
    const all = [
      { id: VSW_H, vpcId: VPC, zoneId: 'cn-hangzhou-h', cidr: '192.168.1.0/24', routeTableId: RT },
      { id: VSW_K, vpcId: VPC, zoneId: 'cn-hangzhou-k', cidr: '192.168.2.0/24', routeTableId: RT },
    ];
    return { ok: true, vSwitches: all.filter((v) => params.vSwitchIds.includes(v.id)) };
  });
  conn.onRequest(new RequestType<DescribeVpcNetworkParams, DescribeVpcNetworkResult, void>(DescribeVpcNetwork), async (params, token): Promise<DescribeVpcNetworkResult> => {
    const sub = token.onCancellationRequested(() => {
      if (s.holdVpc) s.holdVpc.cancelled = true;
    });
    s.calls.push(`vpc ${params.vpcId}`);
    const hold = s.holdVpc;
    if (hold) {
      hold.arrived();
      await hold.release;
    }
    sub.dispose();
    return { ok: true, network: NETWORK };
  });
  conn.listen();
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });
  await conn.sendNotification('initialized', {});
  return s;
}

function open(s: Session, uri: string, text: string): void {
  void s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
}

const lensTitles = (lenses: CodeLens[]) => lenses.map((l) => l.command?.title);

describe('Internet access over LSP', { timeout: 30_000 }, () => {
  let s: Session;
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    const exited = new Promise((resolve) => s.proc.once('exit', resolve));
    await s.conn.sendRequest('shutdown');
    await s.conn.sendNotification('exit');
    await exited;
    s.conn.dispose();
  });

  it('offline: a CodeLens with what the annotations imply, no network call, no warning', async () => {
    const uri = 'file:///ws/offline.yaml';
    const published = s.nextDiagnostics(uri);
    open(s, uri, POD);
    assert.deepEqual((await published).diagnostics, []);
    const lenses = await s.conn.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(lensTitles(lenses), [`Internet: no EIP; through a NAT gateway only if SNAT covers ${VSW_H}, ${VSW_K} (not checked offline)`]);
    assert.deepEqual(lenses[0].range, { start: { line: 4, character: 2 }, end: { line: 4, character: 13 } });
    assert.deepEqual(s.calls, []);
  });

  it('an eci-profile in an open file that is not checked (disabled) still names the vSwitches of a pod without its own', async () => {
    const profileUri = 'file:///ws/eci-profile-off.yaml';
    s.disabled.add(profileUri);
    const profile = s.nextDiagnostics(profileUri);
    open(s, profileUri, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: eci-profile\n  namespace: kube-system\ndata:\n  vSwitchIds: ${VSW_K}\n  k8s.aliyun.com/eci-bogus: x\n`);
    assert.deepEqual((await profile).diagnostics, [], 'not checked');
    const uri = 'file:///ws/no-vswitch.yaml';
    const published = s.nextDiagnostics(uri);
    open(s, uri, POD.replace(/ {4}k8s.aliyun.com\/eci-vswitch: .*\n/, '    k8s.aliyun.com/eci-use-specs: "2-4Gi"\n'));
    await published;
    const lenses = await s.conn.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.equal(lenses.length, 1);
    assert.match(lensTitles(lenses)[0] ?? '', new RegExp(`SNAT covers ${VSW_K}\\b`));
    void s.conn.sendNotification('textDocument/didClose', { textDocument: { uri: profileUri } });
    s.disabled.delete(profileUri);
  });

  it('the CodeLens setting turns the lens off', async () => {
    s.settings = { internetCodeLens: false };
    void s.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const lenses = await s.conn.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: 'file:///ws/offline.yaml' } });
    assert.deepEqual(lenses, []);
    s.settings = {};
    void s.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  });

  it('connected: the line from the account, the warning with checkInternet, its fix; one listing per VPC', async () => {
    const uri = 'file:///ws/online.yaml';
    const first = s.nextDiagnostics(uri);
    open(s, uri, POD);
    await first;
    void s.conn.sendNotification('eci/accountStateChanged', { connected: true, network: true, region: 'cn-hangzhou' });
    const lenses = await s.conn.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(lensTitles(lenses), [`Internet: NAT gateway ${NAT} via SNAT entry on ${VSW_H}; none found for ${VSW_K}`]);
    const hover = await s.conn.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 5 } });
    const value = (hover.contents as { value: string }).value;
    assert.match(value, new RegExp(`${VSW_K} \\(zone cn-hangzhou-k, 192\\.168\\.2\\.0/24\\): no SNAT entry of NAT gateway ${NAT} takes in this vSwitch`));
    assert.match(value, /^\*\*Internet: NAT gateway /);
    assert.deepEqual(s.calls, [`vSwitches ${VSW_H},${VSW_K}`, `vpc ${VPC}`], 'the hover reused the lens listing');
    assert.deepEqual(
      s.logs.filter((l) => l.startsWith(`ECI: main-thread model of ${uri} `)),
      [],
      'the lens and the hover with network facts come from the worker model too',
    );

    s.settings = { account: { checkInternet: true } };
    let diagnostics: Diagnostic[] = [];
    const deadline = Date.now() + 10_000;
    void s.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    while (!diagnostics.some((d) => d.code === 'no-internet-access') && Date.now() < deadline) diagnostics = (await s.nextDiagnostics(uri)).diagnostics;
    const warning = diagnostics.find((d) => d.code === 'no-internet-access')!;
    assert.ok(warning, 'warned');
    assert.deepEqual(warning.range, { start: { line: 9, character: 13 }, end: { line: 9, character: 23 } });
    assert.match(warning.message as string, new RegExp(`vSwitch ${VSW_K} \\(zone cn-hangzhou-k\\) has no Internet path`));
    assert.equal(warning.codeDescription?.href, 'https://vpc.console.aliyun.com/nat/cn-hangzhou/nats');
    const actions = await s.conn.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: warning.range, context: { diagnostics: [warning] } });
    const add = actions.find((a) => a.title.startsWith('Create an EIP with the pod'));
    assert.ok(add, JSON.stringify(actions.map((a) => a.title)));
    assert.deepEqual(add.edit!.changes![uri], [{ range: { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } }, newText: '    k8s.aliyun.com/eci-with-eip: "true"\n' }]);
    s.settings = {};
    void s.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  });

  it('as the editor does it: settings and account first, then the file opens while its CodeLens is asked at once', async () => {
    s.settings = { account: { checkInternet: true } };
    void s.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    void s.conn.sendNotification('eci/accountStateChanged', { connected: true, network: true, region: 'cn-hangzhou' });
    const uri = 'file:///ws/editor-order.yaml';
    const warned = new Promise<Diagnostic[]>((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error('no warning published')), 20_000);
      const next = (): void => {
        void s.nextDiagnostics(uri).then((p) => {
          if (p.diagnostics.some((d) => d.code === 'no-internet-access')) {
            clearTimeout(deadline);
            resolve(p.diagnostics);
          } else next();
        });
      };
      next();
    });
    open(s, uri, POD);
    const lenses = await s.conn.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.equal(lensTitles(lenses).length, 1);
    assert.equal((await warned).filter((d) => d.code === 'no-internet-access').length, 1);
    s.settings = {};
    void s.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  });

  it('the warning at open, from the validation alone: no CodeLens or hover has read the network first', async () => {
    // A server of its own, so that no earlier request has cached the vSwitches.
    const fresh = await startServer();
    try {
      fresh.settings = { account: { checkInternet: true } };
      void fresh.conn.sendNotification('eci/accountStateChanged', { connected: true, network: true, region: 'cn-hangzhou' });
      const uri = 'file:///ws/open-only.yaml';
      const warned = new Promise<Diagnostic[]>((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error(`no warning published; the client was asked: ${JSON.stringify(fresh.calls)}`)), 20_000);
        const next = (): void => {
          void fresh.nextDiagnostics(uri).then((p) => {
            if (p.diagnostics.some((d) => d.code === 'no-internet-access')) {
              clearTimeout(deadline);
              resolve(p.diagnostics);
            } else next();
          });
        };
        next();
      });
      open(fresh, uri, POD);
      const warnings = (await warned).filter((d) => d.code === 'no-internet-access');
      assert.equal(warnings.length, 1);
      assert.match(warnings[0].message as string, new RegExp(`vSwitch ${VSW_K} \\(zone cn-hangzhou-k\\) has no Internet path`));
      assert.deepEqual(fresh.calls, [`vSwitches ${VSW_H},${VSW_K}`, `vpc ${VPC}`]);
      // The CodeLens and the hover on the server's own thread read what the worker's check asked for: no second call.
      const lenses = await fresh.conn.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
      assert.deepEqual(lensTitles(lenses), [`Internet: NAT gateway ${NAT} via SNAT entry on ${VSW_H}; none found for ${VSW_K}`]);
      await fresh.conn.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 5 } });
      assert.deepEqual(fresh.calls, [`vSwitches ${VSW_H},${VSW_K}`, `vpc ${VPC}`], 'one cloud call per vSwitch list and VPC for both threads');

      // Without the CodeLens (which reads the network on this thread), the hover's Internet line weighs the whole
      // file from the worker's model: the main thread makes none.
      const quiet = 'file:///ws/hover-only.yaml';
      fresh.settings = { internetCodeLens: false };
      void fresh.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
      const opened = fresh.nextDiagnostics(quiet);
      open(fresh, quiet, POD);
      await opened;
      const hover = await fresh.conn.sendRequest<Hover>('textDocument/hover', { textDocument: { uri: quiet }, position: { line: 4, character: 5 } });
      assert.match((hover.contents as { value: string }).value, new RegExp(`^\\*\\*Internet: NAT gateway ${NAT} via SNAT entry on ${VSW_H}`));
      assert.deepEqual(
        fresh.logs.filter((l) => l.startsWith(`ECI: main-thread model of ${quiet} `)),
        [],
      );
    } finally {
      const exited = new Promise((resolve) => fresh.proc.once('exit', resolve));
      await fresh.conn.sendRequest('shutdown');
      await fresh.conn.sendNotification('exit');
      await exited;
      fresh.conn.dispose();
    }
  });

  it('a cancelled CodeLens request cancels the pending cloud request', async () => {
    let release!: () => void;
    let arrived!: () => void;
    const held = new Promise<void>((r) => (arrived = r));
    s.holdVpc = { arrived, release: new Promise<void>((r) => (release = r)), cancelled: false };
    void s.conn.sendNotification('eci/accountStateChanged', { connected: true, network: true, region: 'cn-hangzhou' });
    const uri = 'file:///ws/cancel.yaml';
    const published = s.nextDiagnostics(uri);
    open(s, uri, POD.replace(`"${VSW_H},${VSW_K}"`, `"${VSW_K}"`));
    await published;
    const source = new CancellationTokenSource();
    const pending = s.conn.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } }, source.token);
    await held;
    source.cancel();
    await assert.rejects(pending, (e: { code?: number }) => e.code === -32800);
    release();
    assert.equal(s.holdVpc.cancelled, true, 'the server forwarded the cancellation to the client');
    s.holdVpc = undefined;
    void s.conn.sendNotification('eci/accountStateChanged', { connected: false });
  });
});

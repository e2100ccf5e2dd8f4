/** The Internet-access line and warning: registries, SNAT scopes, the route-table condition, vSwitch sources, fixes. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Range } from 'vscode-languageserver-types';
import type { AccountResource, Cancellation, NetworkAccount, SnatEntryFacts, VpcNetworkFacts, VSwitchFacts } from '../../server/src/service/account';
import { cidrContains, coverage, internetImage, registryHost, regionOfZone, vpcAddress } from '../../server/src/service/network';
import { NetworkCache } from '../../server/src/service/internet';
import type { InternetOptions } from '../../server/src/service/languageService';
import { applyEdits, doc, service } from './helpers';
import { rangeOf } from './support';

const VPC = 'vpc-bp1net0000000000001';
const VSW_H = 'vsw-bp1hhhh00000000001';
const VSW_K = 'vsw-bp1kkkk00000000002';
const NAT = 'ngw-bp1nat000000000001';
const RT = 'vtb-bp1sys000000000001';

const SWITCHES: Record<string, VSwitchFacts> = {
  [VSW_H]: { id: VSW_H, vpcId: VPC, zoneId: 'cn-hangzhou-h', cidr: '192.168.1.0/24', routeTableId: RT, availableIpCount: 250 },
  [VSW_K]: { id: VSW_K, vpcId: VPC, zoneId: 'cn-hangzhou-k', cidr: '192.168.2.0/24', routeTableId: RT, availableIpCount: 120 },
};
const ROUTE = { routeTableId: RT, destinationCidr: '0.0.0.0/0', nextHopType: 'NatGateway', nextHopId: NAT, status: 'Available' };
const GATEWAY = { id: NAT, vpcId: VPC, networkType: 'internet', status: 'Available', snatTableIds: ['stb-1'] };
const snat = (e: Partial<SnatEntryFacts>): SnatEntryFacts => ({ id: 'snat-1', natGatewayId: NAT, snatTableId: 'stb-1', status: 'Available', snatIp: '47.96.0.1', ...e });

/** The account's network in one of the states the issue names. */
const STATES: Record<string, VpcNetworkFacts> = {
  'no NAT': { vpcId: VPC, natGateways: [], snatEntries: [], routeEntries: [] },
  'NAT without SNAT': { vpcId: VPC, natGateways: [GATEWAY], snatEntries: [], routeEntries: [ROUTE] },
  'SNAT on another vSwitch': { vpcId: VPC, natGateways: [GATEWAY], snatEntries: [snat({ sourceVSwitchId: VSW_H })], routeEntries: [ROUTE] },
  'SNAT by CIDR': { vpcId: VPC, natGateways: [GATEWAY], snatEntries: [snat({ sourceCidr: '192.168.0.0/22' })], routeEntries: [ROUTE] },
  'SNAT for the whole VPC': { vpcId: VPC, vpcCidrs: ['192.168.0.0/16'], natGateways: [GATEWAY], snatEntries: [snat({ sourceCidr: '192.168.0.0/16' })], routeEntries: [ROUTE] },
  'SNAT but no route': { vpcId: VPC, natGateways: [GATEWAY], snatEntries: [snat({ sourceCidr: '192.168.0.0/16' })], routeEntries: [] },
};

class FakeNetwork implements NetworkAccount {
  calls: string[] = [];
  constructor(
    public facts: VpcNetworkFacts,
    private readonly regionId = 'cn-hangzhou',
  ) {}
  region(): string {
    return this.regionId;
  }
  async vSwitches(ids: readonly string[]): Promise<VSwitchFacts[]> {
    this.calls.push(`vSwitches ${ids.join(',')}`);
    return ids.map((id) => SWITCHES[id]).filter(Boolean);
  }
  async vpcNetwork(vpcId: string, token?: Cancellation): Promise<VpcNetworkFacts> {
    this.calls.push(`vpc ${vpcId}`);
    if (token?.isCancellationRequested) throw new Error('cancelled');
    return this.facts;
  }
}

const EIP: AccountResource = { kind: 'eip', id: 'eip-bp1live00000000001', ipAddress: '47.98.10.20', status: 'Available', bandwidth: '10', isp: 'BGP' };

function accountWith(network: NetworkAccount | undefined, connected = true) {
  return { isConnected: () => connected, list: async () => [EIP], network };
}

const deployment = (annotations: string, opts: { replicas?: number; image?: string; labels?: string } = {}) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${opts.replicas ?? 1}
  template:
    metadata:
      labels:
        app: web${opts.labels ?? ''}
      annotations:
        example.com/team: "shop"${annotations}
    spec:
      containers:
        - name: web
          image: ${opts.image ?? 'nginx:1.27'}
`;

async function lines(text: string, network?: NetworkAccount, opts: InternetOptions = {}) {
  const ls = service({ account: accountWith(network) });
  const model = ls.parse(doc(text));
  return { ls, model, result: await ls.checkInternet(model, { warn: true, ...opts }) };
}

describe('Internet registries', () => {
  const cases: [string, string | undefined][] = [
    ['nginx', 'Docker Hub'],
    ['nginx:1.27', 'Docker Hub'],
    ['library/nginx:1.27', 'Docker Hub'],
    ['docker.io/bitnami/redis:7.2', 'Docker Hub'],
    ['ghcr.io/org/app:v1', 'GitHub Container Registry (ghcr.io)'],
    ['quay.io/prometheus/node-exporter', 'Quay (quay.io)'],
    ['registry.k8s.io/pause:3.9', 'registry.k8s.io'],
    ['gcr.io/distroless/static', 'Google Container Registry (gcr.io)'],
    ['nvcr.io/nvidia/pytorch:24.01-py3', 'NVIDIA NGC (nvcr.io)'],
    ['public.ecr.aws/nginx/nginx:stable', 'Amazon ECR Public (public.ecr.aws)'],
    ['mcr.microsoft.com/dotnet/aspnet:8.0', 'Microsoft Container Registry (mcr.microsoft.com)'],
    ['registry.cn-hangzhou.aliyuncs.com/eci_open/nginx:1.14.2', 'ACR public endpoint (registry.cn-hangzhou.aliyuncs.com)'],
    ['registry-vpc.cn-hangzhou.aliyuncs.com/eci_open/nginx:1.14.2', undefined],
    ['myinstance-registry-vpc.cn-hangzhou.cr.aliyuncs.com/ns/app:1', undefined],
    ['harbor.example.internal/team/app:1', undefined],
    ['localhost:5000/app', undefined],
  ];
  for (const [image, registry] of cases) {
    test(`${image} → ${registry ?? 'not flagged'}`, () => assert.equal(internetImage(image)?.registry, registry));
  }
  test('registry hosts and ACR VPC addresses', () => {
    assert.equal(registryHost('nginx'), 'docker.io');
    assert.equal(registryHost('localhost:5000/app'), 'localhost:5000');
    assert.equal(vpcAddress('registry.cn-beijing.aliyuncs.com/ns/app:1'), 'registry-vpc.cn-beijing.aliyuncs.com/ns/app:1');
    assert.equal(vpcAddress('nginx'), undefined);
    assert.equal(regionOfZone('cn-hangzhou-k'), 'cn-hangzhou');
    assert.equal(regionOfZone('ap-southeast-1a'), 'ap-southeast-1');
  });
  test('CIDR containment', () => {
    assert.ok(cidrContains('192.168.0.0/16', '192.168.2.0/24'));
    assert.ok(cidrContains('192.168.2.0/24', '192.168.2.0/24'));
    assert.ok(!cidrContains('192.168.2.0/24', '192.168.0.0/16'));
    assert.ok(!cidrContains('10.0.0.0/8', '192.168.2.0/24'));
    assert.ok(!cidrContains('192.168.1.0/24', '192.168.2.0/24'));
    assert.ok(cidrContains('0.0.0.0/0', '172.16.0.0/12'));
    assert.ok(!cidrContains('not a cidr', '192.168.2.0/24'));
  });
});

describe('SNAT coverage of a vSwitch', () => {
  const k = SWITCHES[VSW_K];
  test('no NAT gateway', () => assert.deepEqual(pick(coverage(k, STATES['no NAT'])), { covered: false, reason: 'no-nat' }));
  test('NAT without SNAT', () => assert.deepEqual(pick(coverage(k, STATES['NAT without SNAT'])), { covered: false, reason: 'no-snat' }));
  test('SNAT on another vSwitch', () => assert.deepEqual(pick(coverage(k, STATES['SNAT on another vSwitch'])), { covered: false, reason: 'no-snat' }));
  test('SNAT on the vSwitch itself', () =>
    assert.deepEqual(pick(coverage(k, { ...STATES['SNAT on another vSwitch'], snatEntries: [snat({ sourceVSwitchId: VSW_K })] })), { covered: true, scope: 'vSwitch' }));
  test('SNAT by a CIDR that contains the vSwitch CIDR', () => assert.deepEqual(pick(coverage(k, STATES['SNAT by CIDR'])), { covered: true, scope: 'cidr' }));
  test('SNAT by a CIDR that does not contain it', () =>
    assert.deepEqual(pick(coverage(k, { ...STATES['SNAT by CIDR'], snatEntries: [snat({ sourceCidr: '192.168.1.0/24' })] })), { covered: false, reason: 'no-snat' }));
  test('SNAT for the whole VPC', () => assert.deepEqual(pick(coverage(k, STATES['SNAT for the whole VPC'])), { covered: true, scope: 'vpc' }));
  test('an SNAT entry that is not Available does not count', () =>
    assert.deepEqual(pick(coverage(k, { ...STATES['SNAT for the whole VPC'], snatEntries: [snat({ sourceCidr: '192.168.0.0/16', status: 'Pending' })] })), {
      covered: false,
      reason: 'no-snat',
    }));
  test('an intranet NAT gateway does not reach the Internet', () =>
    assert.deepEqual(pick(coverage(k, { ...STATES['SNAT for the whole VPC'], natGateways: [{ ...GATEWAY, networkType: 'intranet' }] })), { covered: false, reason: 'no-nat' }));
  describe('the route table', () => {
    test('SNAT without a 0.0.0.0/0 route to the gateway is not covered', () => assert.deepEqual(pick(coverage(k, STATES['SNAT but no route'])), { covered: false, reason: 'no-route' }));
    test('a 0.0.0.0/0 route to another next hop does not count', () =>
      assert.deepEqual(pick(coverage(k, { ...STATES['SNAT by CIDR'], routeEntries: [{ ...ROUTE, nextHopType: 'Instance', nextHopId: 'i-bp1proxy' }] })), {
        covered: false,
        reason: 'no-route',
      }));
    test('the route must be in the route table of the vSwitch', () =>
      assert.deepEqual(pick(coverage(k, { ...STATES['SNAT by CIDR'], routeEntries: [{ ...ROUTE, routeTableId: 'vtb-bp1other' }] })), { covered: false, reason: 'no-route' }));
    test('a narrower route is not the default route', () =>
      assert.deepEqual(pick(coverage(k, { ...STATES['SNAT by CIDR'], routeEntries: [{ ...ROUTE, destinationCidr: '8.8.8.0/24' }] })), { covered: false, reason: 'no-route' }));
  });
});

function msgOf(m: string | { value: string }): string {
  return typeof m === 'string' ? m : m.value;
}

function pick(c: ReturnType<typeof coverage>) {
  return c.covered ? { covered: true, scope: c.scope } : { covered: false, reason: c.reason };
}

describe('the Internet line', () => {
  test('EIP created with the pod, defaults', async () => {
    const { result } = await lines(deployment('\n        k8s.aliyun.com/eci-with-eip: "true"'));
    assert.equal(result.length, 1);
    assert.equal(result[0].line, 'Internet: EIP created with the pod (5 Mbit/s, BGP)');
    assert.equal(result[0].diagnostic, undefined);
  });
  test('EIP created with the pod, bandwidth and ISP from the annotations', async () => {
    const { result } = await lines(deployment('\n        k8s.aliyun.com/eci-with-eip: "true"\n        k8s.aliyun.com/eip-bandwidth: "20"\n        k8s.aliyun.com/eip-isp: BGP_PRO'));
    assert.equal(result[0].line, 'Internet: EIP created with the pod (20 Mbit/s, BGP_PRO)');
  });
  test('an existing EIP, live from the account', async () => {
    const { result } = await lines(deployment(`\n        k8s.aliyun.com/eci-eip-instanceid: "${EIP.id}"`), new FakeNetwork(STATES['no NAT']));
    assert.equal(result[0].line, `Internet: EIP ${EIP.id} (47.98.10.20, Available)`);
  });
  test('an existing EIP is not looked up unasked while the network may not be read (checkInternet off)', async () => {
    let listed = 0;
    const ls = service({ account: { isConnected: () => true, list: async () => (listed++, [EIP]) } });
    const result = await ls.checkInternet(ls.parse(doc(deployment(`\n        k8s.aliyun.com/eci-eip-instanceid: "${EIP.id}"`))));
    assert.equal(result[0].line, `Internet: EIP ${EIP.id} (associated when the pod is created)`);
    assert.equal(listed, 0);
  });
  test('an existing EIP offline', async () => {
    const ls = service();
    const result = await ls.checkInternet(ls.parse(doc(deployment(`\n        k8s.aliyun.com/eci-eip-instanceid: "${EIP.id}"`))));
    assert.equal(result[0].line, `Internet: EIP ${EIP.id} (associated when the pod is created)`);
  });
  test('the line sits on the annotations key of the pod template', async () => {
    const text = deployment('');
    const { result } = await lines(text);
    assert.deepEqual(result[0].range, rangeOf(text, 'annotations'));
  });
  test('offline, with the vSwitch from the annotation', async () => {
    const ls = service();
    const result = await ls.checkInternet(ls.parse(doc(deployment(`\n        k8s.aliyun.com/eci-vswitch: "${VSW_H},${VSW_K}"`))), { warn: true });
    assert.equal(result[0].line, `Internet: no EIP; through a NAT gateway only if SNAT covers ${VSW_H}, ${VSW_K} (not checked offline)`);
    assert.equal(result[0].diagnostic, undefined, 'no warning without the account');
  });
  test('offline, vSwitch unknown', async () => {
    const ls = service();
    const result = await ls.checkInternet(ls.parse(doc(deployment(''))));
    assert.equal(result[0].line, 'Internet: no EIP; the vSwitch is unknown, so the NAT gateway path was not checked');
    assert.match(result[0].details, /eciAnnotations\.account\.vSwitchIds/);
  });
  test('NAT gateway via SNAT entry on the vSwitch', async () => {
    const { result } = await lines(deployment(`\n        k8s.aliyun.com/eci-vswitch: "${VSW_H}"`), new FakeNetwork(STATES['SNAT on another vSwitch']));
    assert.equal(result[0].line, `Internet: NAT gateway ${NAT} via SNAT entry on ${VSW_H}`);
    assert.equal(result[0].diagnostic, undefined);
  });
  test('none found', async () => {
    const { result } = await lines(deployment(`\n        k8s.aliyun.com/eci-vswitch: "${VSW_H},${VSW_K}"`), new FakeNetwork(STATES['no NAT']));
    assert.equal(result[0].line, `Internet: none found for ${VSW_H}, ${VSW_K}`);
    assert.match(result[0].details, /has no Internet NAT gateway/);
  });
  test('a pod without Internet images gets the line but no warning', async () => {
    const { result } = await lines(
      deployment(`\n        k8s.aliyun.com/eci-vswitch: "${VSW_K}"`, { image: 'registry-vpc.cn-hangzhou.aliyuncs.com/eci_open/nginx:1.14.2' }),
      new FakeNetwork(STATES['no NAT']),
    );
    assert.equal(result[0].line, `Internet: none found for ${VSW_K}`);
    assert.equal(result[0].diagnostic, undefined);
  });
});

describe('the warning', () => {
  test('a multi-zone pod with one uncovered vSwitch names it and its zone', async () => {
    const text = deployment(`\n        k8s.aliyun.com/eci-vswitch: "${VSW_H},${VSW_K}"`);
    const { result } = await lines(text, new FakeNetwork(STATES['SNAT on another vSwitch']));
    assert.equal(result[0].line, `Internet: NAT gateway ${NAT} via SNAT entry on ${VSW_H}; none found for ${VSW_K}`);
    const d = result[0].diagnostic!;
    assert.ok(d, 'warned');
    assert.equal(d.code, 'no-internet-access');
    assert.deepEqual(d.range, rangeOf(text, 'nginx:1.27'));
    assert.match(
      msgOf(d.message),
      new RegExp(`pulls nginx:1\\.27 from Docker Hub over the Internet, but it has no EIP and vSwitch ${VSW_K} \\(zone cn-hangzhou-k\\) has no Internet path \\(no SNAT entry\\)`),
    );
    assert.doesNotMatch(msgOf(d.message), new RegExp(VSW_H));
    assert.equal(d.codeDescription?.href, 'https://vpc.console.aliyun.com/nat/cn-hangzhou/nats');
    assert.deepEqual(d.relatedInformation?.[0].location.range, rangeOf(text, `"${VSW_H},${VSW_K}"`));
  });
  for (const state of ['SNAT by CIDR', 'SNAT for the whole VPC']) {
    test(`no warning with ${state}`, async () => {
      const { result } = await lines(deployment(`\n        k8s.aliyun.com/eci-vswitch: "${VSW_H},${VSW_K}"`), new FakeNetwork(STATES[state]));
      assert.equal(result[0].diagnostic, undefined);
      assert.match(result[0].line, state === 'SNAT by CIDR' ? /via SNAT entry for 192\.168\.0\.0\/22/ : /via SNAT entry for the whole VPC/);
    });
  }
  test('SNAT without the route warns about the route', async () => {
    const { result } = await lines(deployment(`\n        k8s.aliyun.com/eci-vswitch: "${VSW_K}"`), new FakeNetwork(STATES['SNAT but no route']));
    assert.match(msgOf(result[0].diagnostic!.message), /no 0\.0\.0\.0\/0 route to the NAT gateway/);
  });
  test('no warning with an EIP', async () => {
    const { result } = await lines(deployment(`\n        k8s.aliyun.com/eci-with-eip: "true"\n        k8s.aliyun.com/eci-vswitch: "${VSW_K}"`), new FakeNetwork(STATES['no NAT']));
    assert.equal(result[0].diagnostic, undefined);
  });
  test('no warning when the setting is off or the rule is off', async () => {
    const text = deployment(`\n        k8s.aliyun.com/eci-vswitch: "${VSW_K}"`);
    assert.equal((await lines(text, new FakeNetwork(STATES['no NAT']), { warn: false })).result[0].diagnostic, undefined);
    assert.equal((await lines(text, new FakeNetwork(STATES['no NAT']), { severity: { 'no-internet-access': 'off' } })).result[0].diagnostic, undefined);
  });
  test('an ImageCache with Internet images is checked the same way', async () => {
    const text = `apiVersion: eci.alibabacloud.com/v1
kind: ImageCache
metadata:
  name: cache
  annotations:
    k8s.aliyun.com/vswitch-ids: "${VSW_K}"
spec:
  images:
    - ghcr.io/org/app:v1
`;
    const { ls, model, result } = await lines(text, new FakeNetwork(STATES['no NAT']));
    const d = result[0].diagnostic!;
    assert.match(msgOf(d.message), /^This image cache pulls ghcr\.io\/org\/app:v1 from GitHub Container Registry/);
    const actions = ls.getCodeActions(model, d.range, [d]);
    const add = actions.find((a) => /auto-create-eip/.test(a.title))!;
    assert.ok(add, JSON.stringify(actions.map((a) => a.title)));
    const fixed = applyEdits(text, add.edit!.changes![model.uri]);
    assert.ok(fixed.includes(`    k8s.aliyun.com/vswitch-ids: "${VSW_K}"\n    k8s.aliyun.com/auto-create-eip: "true"\n`), fixed);
  });
});

describe('quick fixes', () => {
  async function fixesOf(text: string, network = new FakeNetwork(STATES['no NAT'])) {
    const { ls, model, result } = await lines(text, network);
    const d = result.find((l) => l.diagnostic)!.diagnostic!;
    return { actions: ls.getCodeActions(model, d.range, [d], { accountActions: true }), uri: model.uri };
  }
  test('an ACR image in the same region moves to its registry-vpc address, keeping the quotes', async () => {
    const text = deployment(`\n        k8s.aliyun.com/eci-vswitch: "${VSW_K}"`, { image: "'registry.cn-hangzhou.aliyuncs.com/eci_open/nginx:1.14.2' # pinned" });
    const { actions, uri } = await fixesOf(text);
    const vpc = actions.find((a) => a.title.startsWith('Pull registry.cn-hangzhou'))!;
    assert.ok(vpc?.isPreferred);
    assert.equal(applyEdits(text, vpc.edit!.changes![uri]), text.replace("'registry.cn-hangzhou.", "'registry-vpc.cn-hangzhou."));
  });
  test('an ACR image in another region is not moved', async () => {
    const text = deployment(`\n        k8s.aliyun.com/eci-vswitch: "${VSW_K}"`, { image: 'registry.cn-beijing.aliyuncs.com/eci_open/nginx:1.14.2' });
    const { actions } = await fixesOf(text);
    assert.equal(actions.filter((a) => a.title.startsWith('Pull ')).length, 0);
  });
  test('one pod: add eci-with-eip or pick an existing EIP', async () => {
    const text = deployment(`\n        k8s.aliyun.com/eci-vswitch: "${VSW_K}"`);
    const { actions, uri } = await fixesOf(text);
    const add = actions.find((a) => a.title.startsWith('Create an EIP with the pod'))!;
    assert.equal(applyEdits(text, add.edit!.changes![uri]), text.replace(`"${VSW_K}"\n`, `"${VSW_K}"\n        k8s.aliyun.com/eci-with-eip: "true"\n`));
    const pickEip = actions.find((a) => a.command?.command === 'eciAnnotations.pickResource');
    assert.ok(pickEip, JSON.stringify(actions.map((a) => a.title)));
  });
  for (const [what, text] of [
    ['several replicas', deployment(`\n        k8s.aliyun.com/eci-vswitch: "${VSW_K}"`, { replicas: 3 })],
    ['a DaemonSet', deployment(`\n        k8s.aliyun.com/eci-vswitch: "${VSW_K}"`).replace('kind: Deployment', 'kind: DaemonSet').replace('  replicas: 1\n', '')],
  ] as const) {
    test(`${what}: no EIP fixes, the message points to SNAT`, async () => {
      const { actions } = await fixesOf(text);
      assert.deepEqual(
        actions.map((a) => a.title),
        [],
      );
      const { result } = await lines(text, new FakeNetwork(STATES['no NAT']));
      assert.doesNotMatch(msgOf(result[0].diagnostic!.message), /eci-with-eip/);
      assert.match(msgOf(result[0].diagnostic!.message), /Add an SNAT entry for that vSwitch on the NAT gateway/);
    });
  }
});

describe('where the vSwitches come from', () => {
  const network = () => new FakeNetwork(STATES['SNAT on another vSwitch']);
  test('1. the annotation wins over everything else', async () => {
    const text = `apiVersion: v1
kind: ConfigMap
metadata:
  name: eci-profile
  namespace: kube-system
data:
  vSwitchIds: "${VSW_H}"
---
${deployment(`\n        k8s.aliyun.com/eci-vswitch: "${VSW_K}"`)}`;
    const { result } = await lines(text, network(), { vSwitchIds: [VSW_H] });
    assert.match(result[0].details, /vSwitches from k8s\.aliyun\.com\/eci-vswitch: vsw-bp1kkkk/);
    assert.ok(result[0].diagnostic);
  });
  test('2a. an eci-profile Selector whose labels match, in another open document', async () => {
    const selector = `apiVersion: eci.aliyun.com/v1beta1
kind: Selector
metadata:
  name: web-zones
spec:
  objectLabels:
    matchLabels:
      app: web
  effect:
    annotations:
      k8s.aliyun.com/eci-vswitch: "${VSW_K}"
`;
    const ls = service({ account: accountWith(network()) });
    const other = ls.parse(doc(selector));
    const model = ls.parse(doc(deployment('')));
    const result = await ls.checkInternet(model, { warn: true, workspace: [other], vSwitchIds: [VSW_H] });
    assert.match(result[0].details, /vSwitches from eci-profile Selector web-zones: vsw-bp1kkkk/);
    assert.ok(result[0].diagnostic);
    const notMatching = await ls.checkInternet(ls.parse(doc(deployment('').replace('app: web', 'app: api'))), { workspace: [other], vSwitchIds: [VSW_H] });
    assert.match(notMatching[0].details, /from the setting/);
  });
  test('2b. the eci-profile ConfigMap in kube-system (either key spelling)', async () => {
    for (const key of ['vSwitchIds', 'vswitchIds']) {
      const text = `apiVersion: v1
kind: ConfigMap
metadata:
  name: eci-profile
  namespace: kube-system
data:
  ${key}: "${VSW_K},${VSW_H}"
---
${deployment('')}`;
      const { result } = await lines(text, network(), { vSwitchIds: [VSW_H] });
      assert.match(result[0].details, /vSwitches from the eci-profile ConfigMap \(kube-system\): vsw-bp1kkkk00000000002, vsw-bp1hhhh/, key);
    }
  });
  test('2c. an eci-profile ConfigMap in another namespace is not the profile', async () => {
    const text = `apiVersion: v1
kind: ConfigMap
metadata:
  name: eci-profile
  namespace: default
data:
  vSwitchIds: "${VSW_K}"
---
${deployment('')}`;
    const { result } = await lines(text, network());
    assert.match(result[0].line, /vSwitch is unknown/);
  });
  test('3. the setting', async () => {
    const { result } = await lines(deployment(''), network(), { vSwitchIds: [VSW_K, 'not-a-vswitch'] });
    assert.match(result[0].details, /vSwitches from the setting eciAnnotations\.account\.vSwitchIds: vsw-bp1kkkk00000000002\./);
    assert.ok(result[0].diagnostic);
  });
  test('4. none: the hover says how to name one', async () => {
    const text = deployment('');
    const { ls, model } = await lines(text, network());
    const hover = await ls.doAccountHover(model, rangeOf(text, 'annotations').start);
    assert.match(String((hover!.contents as { value: string }).value), /Name the vSwitch with `k8s\.aliyun\.com\/eci-vswitch`/);
  });
});

describe('caching and cancellation', () => {
  test('one listing per VPC for many templates', async () => {
    const net = new FakeNetwork(STATES['SNAT by CIDR']);
    const one = deployment(`\n        k8s.aliyun.com/eci-vswitch: "${VSW_H},${VSW_K}"`);
    const { result } = await lines(Array.from({ length: 20 }, () => one).join('---\n'), net);
    assert.equal(result.length, 20);
    assert.deepEqual(net.calls, [`vSwitches ${VSW_H},${VSW_K}`, `vpc ${VPC}`]);
  });
  test('failures are not cached', async () => {
    let fail = true;
    const net = new FakeNetwork(STATES['SNAT by CIDR']);
    const real = net.vpcNetwork.bind(net);
    net.vpcNetwork = async (id, token) => {
      if (fail) throw new Error('Throttling: try again later');
      return real(id, token);
    };
    const cache = new NetworkCache();
    await assert.rejects(cache.vpcNetwork(net, VPC), /Throttling/);
    fail = false;
    assert.equal((await cache.vpcNetwork(net, VPC)).vpcId, VPC);
  });
  test('an account error becomes part of the line, not a crash', async () => {
    const net = new FakeNetwork(STATES['SNAT by CIDR']);
    net.vSwitches = async () => {
      throw new Error('Forbidden.RAM: vpc:DescribeVSwitches is not allowed');
    };
    const { result } = await lines(deployment(`\n        k8s.aliyun.com/eci-vswitch: "${VSW_K}"`), net);
    assert.match(result[0].line, /NAT gateway path not checked \(Forbidden\.RAM/);
    assert.equal(result[0].diagnostic, undefined);
  });
  test('a caller cancelled while the VPC listing runs does not fail another caller waiting on the same listing', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const net = new FakeNetwork(STATES['SNAT by CIDR']);
    const slow: NetworkAccount = { region: () => 'cn-hangzhou', vSwitches: (ids) => net.vSwitches(ids), vpcNetwork: async (id) => (await gate, net.vpcNetwork(id)) };
    const cache = new NetworkCache();
    const lens = { isCancellationRequested: false };
    const first = cache.vpcNetwork(slow, VPC, lens);
    const second = cache.vpcNetwork(slow, VPC, { isCancellationRequested: false });
    lens.isCancellationRequested = true;
    release();
    await assert.rejects(first, /cancelled/);
    assert.equal((await second).vpcId, VPC);
    assert.deepEqual(net.calls, [`vpc ${VPC}`], 'one listing for both');
  });
  test('a cancelled check stops before asking the cloud', async () => {
    const net = new FakeNetwork(STATES['SNAT by CIDR']);
    const { result } = await lines(deployment(`\n        k8s.aliyun.com/eci-vswitch: "${VSW_K}"`), net, { token: { isCancellationRequested: true } });
    assert.deepEqual(result, []);
    assert.deepEqual(net.calls, []);
  });
});

describe('hover on an account ID shows the live record', () => {
  test('EIP', async () => {
    const text = deployment(`\n        k8s.aliyun.com/eci-eip-instanceid: "${EIP.id}"`);
    const { ls, model } = await lines(text);
    const at: Range = rangeOf(text, EIP.id);
    const hover = await ls.doAccountHover(model, at.start);
    const value = (hover!.contents as { value: string }).value;
    assert.match(value, /\| IP address \| 47\.98\.10\.20 \|/);
    assert.match(value, /\| Status \| Available \|/);
    assert.match(value, /\| Bandwidth \| 10 Mbit\/s \|/);
    assert.match(value, /\| Bound to \| nothing \|/);
  });
  test('an unknown ID says so; offline there is no live hover', async () => {
    const text = deployment('\n        k8s.aliyun.com/eci-eip-instanceid: "eip-bp1gone0000000000"');
    const { ls, model } = await lines(text);
    const hover = await ls.doAccountHover(model, rangeOf(text, 'eip-bp1gone').start);
    assert.match((hover!.contents as { value: string }).value, /not found in the configured account and region/);
    const offline = service({ account: accountWith(undefined, false) });
    assert.equal(await offline.doAccountHover(offline.parse(doc(text)), rangeOf(text, 'eip-bp1gone').start), null);
  });
});

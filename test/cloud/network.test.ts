/**
 * The Internet-access check end to end (#10): a pod manifest, the language service, and the client's VPC and ECS calls
 * through the real SDK and real HTTP against the fake cloud, in each network state.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NetworkAccount } from '../../server/src/service/account';
import { coverage } from '../../server/src/service/network';
import { fillTemplateIds, groupsForPod, PICK_TEXT, securityGroupItemText, selectionProblem, vSwitchItemText, type VpcAccount } from '../../client/src/account/vpc';
import { FAKE_IDS, fakeNetwork, startFakeVpc, type FakeVpc, type NetworkState } from '../fake-vpc/server';
import { doc, service } from '../unit/helpers';
import { accountFor, isolateHome, requestsOf } from './helpers';

isolateHome();

const { vswH, vswK, vswJ, natGateway: NAT, vpc: VPC } = FAKE_IDS;

/** The language service's view of the account: what the server asks the client for. */
function networkOf(account: VpcAccount): NetworkAccount {
  return {
    region: () => account.regionId,
    vSwitches: (ids) => account.vSwitches(ids),
    vpcNetwork: (vpcId) => account.vpcNetwork(vpcId),
    securityGroups: async (ids) => (await account.listSecurityGroups()).filter((g) => ids.includes(g.id)),
  };
}

const pod = (vSwitches: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  template:
    metadata:
      annotations:
        k8s.aliyun.com/eci-vswitch: "${vSwitches}"${extra}
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

const text = (m: string | { value: string }) => (typeof m === 'string' ? m : m.value);

async function check(account: VpcAccount, text: string) {
  const ls = service({ account: { isConnected: () => true, list: async () => [], network: networkOf(account) } });
  const [line] = await ls.checkInternet(ls.parse(doc(text)), { warn: true });
  return line;
}

describe('each network state, through the real SDK', () => {
  let fake: FakeVpc;
  before(async () => {
    fake = await startFakeVpc({ eips: 1 });
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.requests.length = 0;
  });

  const expect: [NetworkState, string, RegExp, RegExp | undefined][] = [
    ['noNat', vswH, new RegExp(`^Internet: none found for ${vswH}$`), /no NAT gateway/],
    ['natWithoutSnat', vswH, new RegExp(`^Internet: none found for ${vswH}$`), /\(no SNAT entry\)/],
    ['snatOtherVSwitch', vswH, new RegExp(`^Internet: none found for ${vswH}$`), /\(no SNAT entry\)/],
    ['snatOtherVSwitch', vswK, new RegExp(`^Internet: NAT gateway ${NAT} via SNAT entry on ${vswK}$`), undefined],
    ['snatByCidr', vswH, new RegExp(`^Internet: NAT gateway ${NAT} via SNAT entry for 192\\.168\\.0\\.0/20 \\(${vswH}\\)$`), undefined],
    ['snatWholeVpc', vswJ, new RegExp(`^Internet: NAT gateway ${NAT} via SNAT entry for the whole VPC \\(${vswJ}\\)$`), undefined],
    ['snatVSwitch', vswJ, new RegExp(`via SNAT entry on ${vswJ}$`), undefined],
    ['missingRoute', vswJ, new RegExp(`^Internet: none found for ${vswJ}$`), /no 0\.0\.0\.0\/0 route to the NAT gateway/],
    ['missingRoute', vswH, new RegExp(`via SNAT entry for the whole VPC \\(${vswH}\\)$`), undefined],
  ];
  for (const [state, vsw, line, warning] of expect) {
    it(`${state}, pod on ${vsw.slice(0, 18)}…: ${warning ? 'warns' : 'covered'}`, async () => {
      fake.setNetwork(state);
      const { account } = accountFor(fake);
      const result = await check(account, pod(vsw));
      assert.match(result.line, line);
      if (warning) {
        assert.ok(result.diagnostic, 'warned');
        assert.match(text(result.diagnostic.message), warning);
        assert.match(text(result.diagnostic.message), /ImagePullBackOff/);
      } else {
        assert.equal(result.diagnostic, undefined, JSON.stringify(result.diagnostic?.message));
      }
      assert.ok(fake.requests.length > 0 && fake.requests.every((r) => r.status === 200), JSON.stringify(fake.requests.map((r) => [r.action, r.status, r.code])));
    });
  }

  it('the intranet NAT gateway, whose SNAT takes in the whole VPC, never counts', async () => {
    fake.setNetwork('noNat');
    const { account } = accountFor(fake);
    const network = await account.vpcNetwork(VPC);
    assert.deepEqual(
      network.natGateways.map((g) => [g.id, g.networkType]),
      [[FAKE_IDS.intranetNat, 'intranet']],
    );
    assert.deepEqual(network.snatEntries, [], 'no SNAT listing without an Internet gateway');
    assert.deepEqual(requestsOf(fake, 'DescribeSnatTableEntries'), []);
    assert.deepEqual(requestsOf(fake, 'DescribeRouteEntryList'), []);
  });

  it('the route-table condition: the vSwitch own (custom) table decides, not the system table', async () => {
    fake.setNetwork('missingRoute');
    const { account } = accountFor(fake);
    const network = await account.vpcNetwork(VPC);
    assert.deepEqual(network.vpcCidrs, ['192.168.0.0/16']);
    assert.deepEqual(
      network.routeEntries.map((r) => [r.routeTableId, r.destinationCidr, r.nextHopType, r.nextHopId]),
      [[FAKE_IDS.systemRouteTable, '0.0.0.0/0', 'NatGateway', NAT]],
    );
    const [h, j] = await account.vSwitches([vswH, vswJ]);
    assert.equal(j.routeTableId, FAKE_IDS.customRouteTable);
    assert.equal(coverage(h, network).covered, true);
    assert.deepEqual({ ...coverage(j, network), vSwitch: undefined }, { covered: false, reason: 'no-route', natGatewayId: NAT, vSwitch: undefined });
  });

  it('a multi-zone pod with one uncovered vSwitch (added for zone J without SNAT) names it and its zone', async () => {
    fake.setNetwork('multiZone');
    const { account } = accountFor(fake);
    const result = await check(account, pod(`${vswH},${vswK},${vswJ}`));
    assert.equal(result.line, `Internet: NAT gateway ${NAT} via SNAT entry on ${vswH}, SNAT entry on ${vswK}; none found for ${vswJ}`);
    assert.match(text(result.diagnostic!.message), new RegExp(`vSwitch ${vswJ} \\(zone cn-hangzhou-j\\) has no Internet path \\(no SNAT entry\\)`));
    assert.doesNotMatch(text(result.diagnostic!.message), new RegExp(`${vswH}|${vswK}`));
    // One listing of the region's vSwitches and one of the VPC, for three vSwitches.
    assert.equal(requestsOf(fake, 'DescribeVSwitches').length, 1);
    assert.equal(requestsOf(fake, 'DescribeNatGateways').length, 1);
  });

  it('with an EIP the pod has its own Internet path: no network call at all', async () => {
    fake.setNetwork('noNat');
    const { account } = accountFor(fake);
    const result = await check(account, pod(vswH, '\n        k8s.aliyun.com/eci-with-eip: "true"'));
    assert.equal(result.line, 'Internet: EIP created with the pod (5 Mbit/s, BGP)');
    assert.equal(result.diagnostic, undefined);
    assert.equal(fake.requests.length, 0);
  });

  it('a vSwitch that is not in the account is named as not found', async () => {
    fake.setNetwork('snatWholeVpc');
    const { account } = accountFor(fake);
    const result = await check(account, pod(`${vswH},vsw-bp1doesnotexist00000`));
    assert.match(result.line, /none found for vsw-bp1doesnotexist00000/);
  });
});

describe('caching, paging and cancellation of the network calls', () => {
  it('pages every listing, also when the service caps the page size', async () => {
    const fake = await startFakeVpc({ eips: 1, pageSizeCap: 7, network: fakeNetwork('snatWholeVpc', { vSwitches: 120, securityGroups: 95, snatHosts: 60 }) });
    try {
      const { account } = accountFor(fake);
      const all = await account.listVSwitches();
      assert.equal(all.length, 124);
      assert.equal(new Set(all.map((v) => v.id)).size, 124);
      assert.equal(requestsOf(fake, 'DescribeVSwitches').length, Math.ceil(124 / 7));
      assert.ok(requestsOf(fake, 'DescribeVSwitches').every((r) => r.query.PageSize === '50'));
      const network = await account.vpcNetwork(VPC);
      assert.equal(network.snatEntries.length, 61);
      assert.ok(requestsOf(fake, 'DescribeSnatTableEntries').length >= 9);
      assert.equal(
        coverage(
          all.find((v) => v.id === vswK)!,
          network,
        ).covered,
        true,
      );
      const groups = await account.listSecurityGroups();
      assert.equal(groups.length, 99);
      assert.equal(requestsOf(fake, 'DescribeSecurityGroups').length, Math.ceil(99 / 7));
    } finally {
      await fake.close();
    }
  });

  it('one listing per VPC and per region, shared by concurrent callers; refresh reads again', async () => {
    const fake = await startFakeVpc({ eips: 1, network: 'multiZone' });
    try {
      const { account } = accountFor(fake);
      await Promise.all([account.vSwitches([vswH]), account.vSwitches([vswK]), account.vpcNetwork(VPC), account.vpcNetwork(VPC)]);
      await account.vpcNetwork(VPC);
      assert.equal(requestsOf(fake, 'DescribeVSwitches').length, 1);
      assert.equal(requestsOf(fake, 'DescribeNatGateways').length, 1);
      account.refresh();
      await account.vpcNetwork(VPC);
      assert.equal(requestsOf(fake, 'DescribeNatGateways').length, 2);
    } finally {
      await fake.close();
    }
  });

  it('cancelling stops the listing: no further request is sent', async () => {
    let answered: (action: string) => void = () => undefined;
    const fake = await startFakeVpc({ eips: 1, network: 'multiZone', onRequest: (r) => answered(r.action) });
    try {
      fake.setFault({ kind: 'slow', action: 'DescribeNatGateways', delayMs: 5_000 });
      const { account } = accountFor(fake);
      const controller = new AbortController();
      const vpcsAnswered = new Promise<void>((resolve) => (answered = (action) => action === 'DescribeVpcs' && resolve()));
      const pending = account.vpcNetwork(VPC, { signal: controller.signal });
      await vpcsAnswered;
      controller.abort();
      await assert.rejects(pending, (e: { code?: string }) => e.code === 'Cancelled');
      assert.deepEqual(requestsOf(fake, 'DescribeSnatTableEntries'), []);
    } finally {
      await fake.close();
    }
  });

  it('without vpc:DescribeVpcs the check still works (the whole-VPC entry is named by its CIDR)', async () => {
    const fake = await startFakeVpc({ eips: 1, network: 'snatWholeVpc' });
    try {
      fake.setFault({ kind: 'forbidden', action: 'DescribeVpcs' });
      const { account } = accountFor(fake);
      const result = await check(account, pod(vswH));
      assert.match(result.line, /via SNAT entry for 192\.168\.0\.0\/16/);
      assert.equal(result.diagnostic, undefined);
    } finally {
      await fake.close();
    }
  });

  it('a missing permission elsewhere is an account error in the line, naming the RAM action', async () => {
    const fake = await startFakeVpc({ eips: 1, network: 'multiZone' });
    try {
      fake.setFault({ kind: 'forbidden', action: 'DescribeSnatTableEntries' });
      const { account } = accountFor(fake);
      await assert.rejects(account.vpcNetwork(VPC), (e: { code?: string; message: string }) => e.code === 'Forbidden' && /vpc:DescribeSnatTableEntries/.test(e.message));
      fake.setFault({ kind: 'forbidden', action: 'DescribeSecurityGroups' });
      await assert.rejects(account.listSecurityGroups(), (e: { code?: string; message: string }) => e.code === 'Forbidden' && /ecs:DescribeSecurityGroups/.test(e.message));
    } finally {
      await fake.close();
    }
  });

  it('IDs from the API that are not IDs reject the whole response', async () => {
    const net = fakeNetwork('multiZone');
    net.vSwitches[0].VSwitchId = 'vsw-x"\n  k8s.aliyun.com/eci-use-specs: "a';
    net.securityGroups[0].SecurityGroupId = 'sg-$(alert)';
    const fake = await startFakeVpc({ eips: 1, network: net });
    try {
      const { account } = accountFor(fake, { ecsEndpoint: fake.endpoint });
      await assert.rejects(account.listVSwitches(), (e: { code?: string }) => e.code === 'Malformed');
      await assert.rejects(account.listSecurityGroups(), (e: { code?: string; message: string }) => e.code === 'Malformed' && /ECS API/.test(e.message));
    } finally {
      await fake.close();
    }
  });
});

describe('the vSwitch and security group pickers (texts from the fake cloud, through the real SDK)', () => {
  it('a vSwitch item shows zone, CIDR, free IPs and whether SNAT takes it to the Internet', async () => {
    const fake = await startFakeVpc({ eips: 1, network: 'multiZone' });
    try {
      const { account } = accountFor(fake);
      const network = await account.vpcNetwork(VPC);
      const [h, , j] = await account.vSwitches([vswH, vswK, vswJ]);
      assert.deepEqual(vSwitchItemText(h, network), {
        label: vswH,
        description: '192.168.1.0/24'.replace(/^/, 'cn-hangzhou-h  ') + '  eci-zone-h',
        detail: `240 free IPs · SNAT via ${NAT} · VPC ${VPC}`,
      });
      assert.match(vSwitchItemText(j, network).detail, /no SNAT: no Internet without an EIP/);
      assert.match(vSwitchItemText(j, undefined).detail, /SNAT not checked/);
      const groups = await account.listSecurityGroups();
      assert.deepEqual(securityGroupItemText(groups.find((g) => g.id === FAKE_IDS.sgEnterprise)!), {
        label: FAKE_IDS.sgEnterprise,
        description: 'eci-enterprise  enterprise',
        detail: `VPC ${VPC}`,
      });
    } finally {
      await fake.close();
    }
  });

  it("the security group picker offers the groups of the VPC of the pod's vSwitches, and every VPC's when they are unknown", async () => {
    const fake = await startFakeVpc({ eips: 1, network: 'multiZone' });
    try {
      const { account } = accountFor(fake);
      const groups = await account.listSecurityGroups();
      const switches = await account.listVSwitches();
      const inVpc = groupsForPod(groups, switches, [vswH, vswJ]);
      assert.equal(inVpc.vpcId, VPC);
      assert.deepEqual(inVpc.groups.map((g) => g.id).sort(), [FAKE_IDS.sgNormal, FAKE_IDS.sgEnterprise, FAKE_IDS.sgNormal2].sort());
      assert.match(PICK_TEXT.groupPlaceholderInVpc(inVpc.groups.length, VPC, `${vswH}, ${vswJ}`), new RegExp(`^3 security groups of ${VPC}, the VPC of the pod's vSwitches`));
      // Unknown vSwitches (not in the account), none at all, or vSwitches of two VPCs: every group, and no VPC claimed.
      for (const ids of [['vsw-bp1notinaccount0001'], [], [vswH, FAKE_IDS.vswOther]]) {
        const all = groupsForPod(groups, switches, ids);
        assert.equal(all.vpcId, undefined, ids.join());
        assert.equal(all.groups.length, groups.length);
        assert.ok(all.groups.some((g) => g.id === FAKE_IDS.sgOtherVpc));
      }
    } finally {
      await fake.close();
    }
  });

  it('API text never renders icons or line breaks in the picker', () => {
    const t = vSwitchItemText({ id: 'vsw-a', vpcId: 'vpc-a', zoneId: 'cn-hangzhou-h', cidr: '10.0.0.0/24', name: '$(alert) x\ny' }, undefined);
    assert.ok(!t.description.includes('$(') && !t.description.includes('\n'), t.description);
  });

  it('a selection of security groups: at most 5, one VPC, one type; vSwitches of one VPC', () => {
    const g = (id: string, vpcId: string = VPC, type = 'normal') => ({ id, vpcId, type });
    assert.equal(selectionProblem('securityGroup', [g('sg-1'), g('sg-2')]), undefined);
    assert.match(
      selectionProblem(
        'securityGroup',
        ['sg-1', 'sg-2', 'sg-3', 'sg-4', 'sg-5', 'sg-6'].map((id) => g(id)),
      ) ?? '',
      /at most 5/,
    );
    assert.match(selectionProblem('securityGroup', [g('sg-1'), g('sg-2', 'vpc-other')]) ?? '', /one VPC/);
    assert.match(selectionProblem('securityGroup', [g('sg-1'), g('sg-2', VPC, 'enterprise')]) ?? '', /one type/);
    const v = (id: string, vpcId: string) => ({ id, vpcId, zoneId: 'cn-hangzhou-h', cidr: '10.0.0.0/24' });
    assert.match(selectionProblem('vSwitch', [v('vsw-1', VPC), v('vsw-2', 'vpc-other')]) ?? '', /one VPC/);
    assert.equal(selectionProblem('vSwitch', [v('vsw-1', VPC), v('vsw-2', VPC)]), undefined);
  });

  it('the pick inserts the IDs comma-joined in the quoting of the template, and refuses anything that is not an ID', () => {
    assert.equal(fillTemplateIds(' "${id}"', [vswH, vswJ], 'vSwitch'), ` "${vswH},${vswJ}"`);
    assert.equal(fillTemplateIds("'${id}'", [FAKE_IDS.sgNormal], 'securityGroup'), `'${FAKE_IDS.sgNormal}'`);
    assert.throws(() => fillTemplateIds('"${id}"', ['vsw-x"\n  k8s.aliyun.com/x: "y'], 'vSwitch'), /not a valid vSwitch ID/);
    assert.throws(() => fillTemplateIds('"${id}"', [FAKE_IDS.sgNormal], 'vSwitch'), /not a valid vSwitch ID/);
    assert.throws(() => fillTemplateIds('${id}', [vswH], 'vSwitch'), /no quoted/);
  });
});

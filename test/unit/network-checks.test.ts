/** vSwitch and security group existence, and the network consistency rules (#10), through the language service with a fake account. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { NetworkAccount, SecurityGroupFacts, VSwitchFacts } from '../../server/src/service/account';
import { idsIn } from '../../server/src/service/network-checks';
import { doc, service } from './helpers';
import { rangeOf } from './support';

const VPC_A = 'vpc-bp1aaaa0000000000001';
const VPC_B = 'vpc-bp1bbbb0000000000002';
const SW: Record<string, VSwitchFacts> = {
  'vsw-bp1h0000000000000001': { id: 'vsw-bp1h0000000000000001', vpcId: VPC_A, zoneId: 'cn-hangzhou-h', cidr: '192.168.1.0/24' },
  'vsw-bp1k0000000000000002': { id: 'vsw-bp1k0000000000000002', vpcId: VPC_A, zoneId: 'cn-hangzhou-k', cidr: '192.168.2.0/24' },
  'vsw-bp1b0000000000000003': { id: 'vsw-bp1b0000000000000003', vpcId: VPC_B, zoneId: 'cn-hangzhou-h', cidr: '10.0.1.0/24' },
};
const SG: Record<string, SecurityGroupFacts> = {
  'sg-bp1normal000000000001': { id: 'sg-bp1normal000000000001', vpcId: VPC_A, type: 'normal' },
  'sg-bp1normal000000000002': { id: 'sg-bp1normal000000000002', vpcId: VPC_A, type: 'normal' },
  'sg-bp1enterprise00000003': { id: 'sg-bp1enterprise00000003', vpcId: VPC_A, type: 'enterprise' },
  'sg-bp1othervpc0000000004': { id: 'sg-bp1othervpc0000000004', vpcId: VPC_B, type: 'normal' },
};
const [H, K, B] = Object.keys(SW);
const [N1, N2, E, OTHER] = Object.keys(SG);

class Network implements NetworkAccount {
  calls: string[] = [];
  region() {
    return 'cn-hangzhou';
  }
  async vSwitches(ids: readonly string[]) {
    this.calls.push(`vSwitches ${ids.join(',')}`);
    return ids.map((id) => SW[id]).filter(Boolean);
  }
  async vpcNetwork(): Promise<never> {
    throw new Error('not used');
  }
  async securityGroups(ids: readonly string[]) {
    this.calls.push(`securityGroups ${ids.join(',')}`);
    return ids.map((id) => SG[id]).filter(Boolean);
  }
}

const pod = (annotations: string) => `apiVersion: v1
kind: Pod
metadata:
  name: web
  annotations:
${annotations
  .split('\n')
  .map((l) => `    ${l}`)
  .join('\n')}
spec:
  containers:
    - name: web
      image: nginx
`;

async function check(text: string, network: NetworkAccount | null = new Network(), settings = {}, locale: 'en' | 'zh-cn' = 'en') {
  const ls = service({ locale, account: { isConnected: () => true, list: async () => [], network: network ?? undefined } });
  return ls.checkAccountResources(ls.parse(doc(text)), settings);
}
const msg = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : '');

describe('vSwitch and security group IDs in the account', () => {
  test('IDs of a comma list each get their own range', () => {
    const raw = `"${H}, vsw-x?,${K}"`;
    assert.deepEqual(idsIn(raw, 10, /^vsw-[0-9a-z]+$/), [
      { value: H, start: 11, end: 11 + H.length },
      { value: K, start: 10 + raw.indexOf(K), end: 10 + raw.indexOf(K) + K.length },
    ]);
  });

  test('all known: nothing to report, one lookup for the whole file', async () => {
    const network = new Network();
    const text = `${pod(`k8s.aliyun.com/eci-vswitch: "${H},${K}"\nk8s.aliyun.com/eci-security-group: "${N1},${N2}"`)}---\n${pod(`k8s.aliyun.com/eci-vswitch: "${K}"`)}`;
    assert.deepEqual(await check(text, network), []);
    assert.deepEqual(network.calls, [`vSwitches ${H},${K}`, `securityGroups ${N1},${N2}`]);
  });

  test('a vSwitch that does not exist: resource-not-found on that ID only, saying why and what to do', async () => {
    const text = pod(`k8s.aliyun.com/eci-vswitch: "${H},vsw-bp1gone000000000009"`);
    const [d, ...rest] = await check(text);
    assert.deepEqual(rest, []);
    assert.equal(d.code, 'resource-not-found');
    assert.deepEqual(d.range, rangeOf(text, 'vsw-bp1gone000000000009'));
    assert.match(
      msg(d),
      /^vSwitch vsw-bp1gone000000000009 does not exist in the configured account and region \(cn-hangzhou\), so ECI cannot place the pod in it .* Pick an existing vSwitch \(Ctrl\+\.\)/,
    );
  });

  test('a security group that does not exist', async () => {
    const text = pod(`k8s.aliyun.com/eci-vswitch: "${H}"\nk8s.aliyun.com/eci-security-group: "sg-bp1gone0000000000009"`);
    const [d] = await check(text);
    assert.equal(d.code, 'resource-not-found');
    assert.deepEqual(d.range, rangeOf(text, 'sg-bp1gone0000000000009'));
    assert.match(msg(d), /^Security group sg-bp1gone0000000000009 does not exist .* ECI rejects the pod/);
  });

  test('an ImageCache uses its own keys', async () => {
    const text = `apiVersion: eci.alibabacloud.com/v1
kind: ImageCache
metadata:
  name: cache
  annotations:
    k8s.aliyun.com/vswitch-ids: "vsw-bp1gone000000000009"
    k8s.aliyun.com/security-group-id: "${OTHER}"
spec:
  images:
    - nginx
`;
    const ds = await check(text);
    assert.deepEqual(
      ds.map((d) => d.code),
      ['resource-not-found'],
    );
  });
});

describe('network findings in Chinese', () => {
  test('a zh-CN service words every network finding in Chinese, with the IDs it names', async () => {
    const text = pod(`k8s.aliyun.com/eci-vswitch: "${H},vsw-bp1gone000000000009"\nk8s.aliyun.com/eci-security-group: "${OTHER}"\nk8s.aliyun.com/eci-private-ip-address: "10.9.9.9"`);
    const ds = await check(text, new Network(), {}, 'zh-cn');
    assert.deepEqual(ds.map((d) => d.code).sort(), ['network-mismatch', 'network-mismatch', 'resource-not-found']);
    for (const d of ds) {
      assert.match(msg(d), /[\u4e00-\u9fff]/, msg(d));
      assert.doesNotMatch(msg(d), /does not exist|security groups must|outside the CIDR/, msg(d));
    }
    assert.match(msg(ds.find((d) => d.code === 'resource-not-found')!), /^交换机 vsw-bp1gone000000000009 在当前配置的账号和地域（cn-hangzhou）中不存在/);
    assert.ok(ds.some((d) => msg(d).startsWith(`安全组 ${OTHER} 属于 ${VPC_B}`)));
    assert.ok(ds.some((d) => msg(d).includes(`私网 IP 10.9.9.9 不在 Pod 的交换机 ${H}（192.168.1.0/24）的网段内`)));
  });
});

describe('network consistency (network-mismatch)', () => {
  test('a security group in another VPC than the vSwitch', async () => {
    const text = pod(`k8s.aliyun.com/eci-vswitch: "${H}"\nk8s.aliyun.com/eci-security-group: "${N1},${OTHER}"`);
    const [d, ...rest] = await check(text);
    assert.deepEqual(rest, []);
    assert.equal(d.code, 'network-mismatch');
    assert.deepEqual(d.range, rangeOf(text, OTHER));
    assert.equal(
      msg(d),
      `Security group ${OTHER} is in ${VPC_B}, but the pod's vSwitch ${H} is in ${VPC_A}. An ECI pod's security groups must be in the VPC of its vSwitches, so ECI rejects the pod. Use a security group of ${VPC_A} (Ctrl+. picks one), or a vSwitch of ${VPC_B}.`,
    );
  });

  test('security groups of mixed types', async () => {
    const text = pod(`k8s.aliyun.com/eci-vswitch: "${H}"\nk8s.aliyun.com/eci-security-group: "${N1},${E}"`);
    const [d] = await check(text);
    assert.equal(d.code, 'network-mismatch');
    assert.deepEqual(d.range, rangeOf(text, E));
    assert.match(msg(d), new RegExp(`${N1} \\(normal\\) and ${E} \\(enterprise\\) are of different types`));
  });

  test('vSwitches of two VPCs', async () => {
    const text = pod(`k8s.aliyun.com/eci-vswitch: "${H},${B}"`);
    const [d] = await check(text);
    assert.deepEqual(d.range, rangeOf(text, B));
    assert.match(msg(d), /are in different VPCs/);
  });

  test('a private IP outside the vSwitch CIDR; inside it is fine', async () => {
    const outside = pod(`k8s.aliyun.com/eci-vswitch: "${H}"\nk8s.aliyun.com/eci-private-ip-address: "192.168.9.10"`);
    const [d] = await check(outside);
    assert.equal(d.code, 'network-mismatch');
    assert.deepEqual(d.range, rangeOf(outside, '192.168.9.10'));
    assert.match(msg(d), new RegExp(`^The private IP 192\\.168\\.9\\.10 is outside the CIDR of the pod's vSwitch ${H} \\(192\\.168\\.1\\.0/24\\)\\. ECI assigns`));
    assert.deepEqual(await check(pod(`k8s.aliyun.com/eci-vswitch: "${H}"\nk8s.aliyun.com/eci-private-ip-address: "192.168.1.10"`)), []);
  });

  test('the vSwitch may come from the setting when the pod names none', async () => {
    const text = pod(`k8s.aliyun.com/eci-security-group: "${OTHER}"`);
    const [d] = await check(text, new Network(), { vSwitchIds: [H] });
    assert.match(msg(d), new RegExp(`the pod's vSwitch ${H} is in ${VPC_A}`));
  });

  test('silenced by rule settings and by the disable comment; nothing without the network account', async () => {
    const text = pod(`k8s.aliyun.com/eci-vswitch: "${H}"\nk8s.aliyun.com/eci-security-group: "${OTHER}"`);
    assert.deepEqual(await check(text, new Network(), { severity: { 'network-mismatch': 'off' } }), []);
    assert.deepEqual(await check(text.replace('    k8s.aliyun.com/eci-security-group', '    # eci-disable-next-line network-mismatch\n    k8s.aliyun.com/eci-security-group')), []);
    assert.deepEqual(await check(text, null), []);
  });

  test('an account error gives no diagnostics rather than a wrong one', async () => {
    const network = new Network();
    network.vSwitches = async () => {
      throw new Error('Permission denied');
    };
    assert.deepEqual(await check(pod(`k8s.aliyun.com/eci-vswitch: "${H}"`), network), []);
  });
});

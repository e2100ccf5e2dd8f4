/**
 * Nothing a workspace writes may steer a signed request (issue #7, S1/S2/S5): an attacker listener on 127.0.0.1
 * records any request that reaches it, next to the fake VPC API; the real SDK, real HTTP.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { AccountError, createVpcAccount } from '../../client/src/account/vpc';
import { startFakeVpc, type FakeVpc } from '../fake-vpc/server';
import { FAKE_ACCESS_KEY_ID, FAKE_ACCESS_KEY_SECRET, accountFor, isolateHome } from './helpers';

isolateHome();

const STS_TOKEN = 'CAIS' + 'FakeStsTokenForEciTests'.repeat(3);

/** A listener that stands in for the attacker: records method, URL and headers of every request and connection. */
export async function startAttacker(): Promise<{ port: number; seen: { url: string; headers: IncomingHttpHeaders }[]; connections: number; close(): Promise<void> }> {
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
  const server: Server = createServer((req, res) => {
    seen.push({ url: String(req.url), headers: req.headers });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"RequestId":"attacker","TotalCount":0,"EipAddresses":{"EipAddress":[]}}');
  });
  const state = {
    port: 0,
    seen,
    connections: 0,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
  server.on('connection', () => state.connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.port = (server.address() as AddressInfo).port;
  return state;
}

async function rejects(p: () => unknown, code: string, ...patterns: RegExp[]): Promise<AccountError> {
  let err: unknown;
  try {
    await p();
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof AccountError, `expected an AccountError, got ${String(err)}`);
  assert.equal(err.code, code, err.message);
  for (const re of patterns) assert.match(err.message, re);
  return err;
}

describe('a workspace region cannot redirect signed requests (S1)', () => {
  let fake: FakeVpc;
  let attacker: Awaited<ReturnType<typeof startAttacker>>;
  before(async () => {
    fake = await startFakeVpc({ eips: 5 });
    attacker = await startAttacker();
  });
  after(async () => {
    await fake.close();
    await attacker.close();
  });
  beforeEach(() => {
    fake.requests.length = 0;
  });

  const hostile = () => [
    `x@127.0.0.1:${attacker.port}/`,
    `127.0.0.1:${attacker.port}/`,
    'attacker.example:443/',
    'cn-hangzhou.attacker.example#',
    'cn-hangzhou/../x',
    'CN-HANGZHOU',
    ' cn-hangzhou',
    'cn-hangzhou\n',
    '',
  ];

  it('refuses every region that is not a region ID, with the SDK defaults, and sends nothing', async () => {
    for (const regionId of hostile()) {
      await rejects(
        () =>
          createVpcAccount({
            regionId,
            protocol: 'http',
            credentials: { accessKeyId: FAKE_ACCESS_KEY_ID, accessKeySecret: FAKE_ACCESS_KEY_SECRET, securityToken: STS_TOKEN },
          }).listEips(),
        'Config',
        /not an Alibaba Cloud region ID/,
        /Nothing was sent/,
      );
    }
    assert.equal(attacker.connections, 0, 'the attacker saw a connection');
    assert.deepEqual(attacker.seen, []);
  });

  it('refuses them even with the user endpoint override set (the region also goes into the request)', async () => {
    for (const regionId of hostile()) await rejects(() => accountFor(fake, { regionId }).account.listEips(), 'Config', /region ID/);
    assert.equal(fake.requests.length, 0);
    assert.equal(attacker.connections, 0);
  });

  it('calls the SDK host for valid regions: *.aliyuncs.com, named in messages as the SDK computes it (A5)', () => {
    const host = (regionId: string) => createVpcAccount({ regionId, credentials: { accessKeyId: FAKE_ACCESS_KEY_ID, accessKeySecret: FAKE_ACCESS_KEY_SECRET } }).host;
    assert.equal(host('cn-hangzhou'), 'vpc.aliyuncs.com');
    assert.equal(host('cn-beijing'), 'vpc.cn-beijing.aliyuncs.com');
    assert.equal(host('cn-beijing-gov-1'), 'vpc.aliyuncs.com');
    assert.equal(host('ap-northeast-2-pop'), 'vpc.aliyuncs.com');
    assert.equal(host('cn-zhangjiakou-na62-a01'), 'vpc.cn-zhangjiakou.aliyuncs.com');
    assert.equal(host('ap-southeast-1'), 'vpc.ap-southeast-1.aliyuncs.com');
  });

  it('with the override, only the configured host is called', async () => {
    const { account } = accountFor(fake, { regionId: 'cn-hangzhou' });
    assert.equal(account.host, fake.endpoint);
    assert.equal((await account.listEips()).length, 5);
    assert.ok(fake.requests.length > 0);
    assert.equal(attacker.connections, 0);
  });

  it('an endpoint override that is not host[:port] is a configuration error', async () => {
    for (const endpoint of [`x@127.0.0.1:${attacker.port}`, `127.0.0.1:${attacker.port}/path`, 'host name']) {
      await rejects(() => accountFor(fake, { endpoint }).account.listEips(), 'Config', /not a host name/);
    }
    assert.equal(attacker.connections, 0);
  });
});

describe('the ECS host (security groups) cannot be steered either (#10)', () => {
  let fake: FakeVpc;
  let attacker: Awaited<ReturnType<typeof startAttacker>>;
  before(async () => {
    fake = await startFakeVpc({ eips: 1 });
    attacker = await startAttacker();
  });
  after(async () => {
    await fake.close();
    await attacker.close();
  });
  beforeEach(() => {
    fake.requests.length = 0;
  });

  it('a hostile region is refused before any ECS call, with or without the ECS override', async () => {
    for (const regionId of [`x@127.0.0.1:${attacker.port}/`, `127.0.0.1:${attacker.port}/`, 'cn-hangzhou.attacker.example#', 'cn-hangzhou\n']) {
      await rejects(
        () => createVpcAccount({ regionId, protocol: 'http', credentials: { accessKeyId: FAKE_ACCESS_KEY_ID, accessKeySecret: FAKE_ACCESS_KEY_SECRET } }).listSecurityGroups(),
        'Config',
        /region ID/,
        /Nothing was sent/,
      );
      await rejects(() => accountFor(fake, { regionId, ecsEndpoint: fake.endpoint }).account.listSecurityGroups(), 'Config', /region ID/);
    }
    assert.equal(fake.requests.length, 0);
    assert.equal(attacker.connections, 0);
  });

  it('without the ECS override the host is the region ECS endpoint, never the VPC override', () => {
    const { account } = accountFor(fake, { regionId: 'cn-beijing', ecsEndpoint: undefined });
    assert.equal(account.host, fake.endpoint);
    assert.equal(account.ecsHost, 'ecs.cn-beijing.aliyuncs.com');
    assert.equal(accountFor(fake, { regionId: 'ap-southeast-1', ecsEndpoint: undefined }).account.ecsHost, 'ecs.ap-southeast-1.aliyuncs.com');
  });

  it('with the ECS override only that host is called, signed for ECS (2014-05-26)', async () => {
    const { account } = accountFor(fake, { ecsEndpoint: fake.endpoint });
    assert.equal(account.ecsHost, fake.endpoint);
    const groups = await account.listSecurityGroups();
    assert.ok(groups.length > 0);
    const calls = fake.requests.filter((r) => r.action === 'DescribeSecurityGroups');
    assert.ok(calls.length > 0 && calls.every((r) => r.status === 200 && r.version === '2014-05-26'), JSON.stringify(calls));
    assert.equal(attacker.connections, 0);
  });

  it('an ECS override that is not host[:port] is a configuration error that names the setting, and sends nothing', async () => {
    for (const ecsEndpoint of [`x@127.0.0.1:${attacker.port}`, `127.0.0.1:${attacker.port}/path`, 'host name']) {
      const { account } = accountFor(fake, { ecsEndpoint });
      await rejects(() => account.listSecurityGroups(), 'Config', /not a host name/, /ecsEndpoint/);
      assert.equal((await account.listEips()).length, 1, 'a bad ECS override leaves the VPC calls working');
    }
    assert.equal(fake.requests.filter((r) => r.action === 'DescribeSecurityGroups').length, 0);
    assert.equal(attacker.connections, 0);
  });
});

describe('IDs from the API (S2)', () => {
  it('a response with an ID that is not an ID of its kind is rejected as a whole', async () => {
    const hostileEip = 'eip-bp1x"\n    k8s.aliyun.com/eci-use-specs: "ecs.gn6i-c4g1.xlarge';
    const fake = await startFakeVpc({ eips: 3, bandwidthPackages: 1, ipPools: 1, extraIds: { eip: [hostileEip], bandwidthPackage: ['cbwp-$(alert)'], ipPool: ["pippool-x'y"] } });
    try {
      const { account, logs } = accountFor(fake);
      await rejects(() => account.listEips(), 'Malformed', /not an EIP ID/);
      await rejects(() => account.listBandwidthPackages(), 'Malformed', /not a bandwidth package ID/);
      await rejects(() => account.listIpPools(), 'Malformed', /not an IP pool ID/);
      for (const l of logs) assert.ok(!l.includes('eci-use-specs'), l);
    } finally {
      await fake.close();
    }
  });
});

describe('fidelity to the real API (A3, A4)', () => {
  it('a service that caps the page size silently: every EIP is still listed', async () => {
    const fake = await startFakeVpc({ eips: 250, bandwidthPackages: 120, pageSizeCap: 30 });
    try {
      const { account } = accountFor(fake);
      const eips = await account.listEips();
      assert.equal(eips.length, 250);
      assert.equal(new Set(eips.map((e) => e.id)).size, 250);
      assert.equal(fake.requests.filter((r) => r.action === 'DescribeEipAddresses').length, 9);
      assert.equal((await account.listBandwidthPackages()).length, 120);
      // The existence check's lookup by IDs pages too.
      const ids = Array.from({ length: 60 }, (_, i) => `eip-bp1fk${String(i * 4).padStart(12, '0')}`);
      assert.equal((await account.listEips({ ids })).length, 60);
    } finally {
      await fake.close();
    }
  });

  it('an account without IP pools may leave PublicIpAddressPoolList out: an empty list', async () => {
    const fake = await startFakeVpc({ ipPools: 0, omitEmptyPoolList: true });
    try {
      assert.deepEqual(await accountFor(fake).account.listIpPools(), []);
      assert.equal(fake.requests[0].status, 200);
    } finally {
      await fake.close();
    }
  });
});

describe('no debug channel prints signed headers or tokens (S5)', () => {
  it('DEBUG=* with the shipped SDK bundle: stderr and stdout carry no key ID, token or signature', async () => {
    const fake = await startFakeVpc({ eips: 2 });
    try {
      const bundle = join(process.cwd(), 'dist', 'account-vpc.js');
      const script = `
        const vpc = require(${JSON.stringify(bundle)});
        const acc = vpc.createVpcAccount({ regionId: 'cn-hangzhou', endpoint: ${JSON.stringify(fake.endpoint)}, protocol: 'http',
          credentials: { accessKeyId: ${JSON.stringify(FAKE_ACCESS_KEY_ID)}, accessKeySecret: ${JSON.stringify(FAKE_ACCESS_KEY_SECRET)}, securityToken: ${JSON.stringify(STS_TOKEN)} } });
        acc.listEips().then((l) => { console.log('listed ' + l.length); process.exit(0); }, (e) => { console.log('failed ' + e.code); process.exit(1); });`;
      const child = spawn(process.execPath, ['-e', script], { env: { ...process.env, DEBUG: '*', NODE_DEBUG: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const code = await new Promise<number | null>((r) => child.on('close', r));
      assert.equal(code, 0, out);
      assert.match(out, /listed 2/);
      for (const secret of [FAKE_ACCESS_KEY_ID, STS_TOKEN, 'Signature=', 'x-acs-security-token', 'authorization'])
        assert.ok(!out.toLowerCase().includes(secret.toLowerCase()), `printed ${secret}:\n${out.slice(0, 2000)}`);
      assert.equal(fake.requests.length, 1);
      assert.ok(fake.requests[0].signedHeaders.includes('x-acs-security-token'), 'the call really carried the token');
    } finally {
      await fake.close();
    }
  });
});

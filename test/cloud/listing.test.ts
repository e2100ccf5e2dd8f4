/** Listing through the real SDK against the fake VPC server: paging, filtering, sorting, cache, cancellation, gate. */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AccountError, ResourceCache, fillTemplate, pickItemText } from '../../client/src/account/vpc';
import { startFakeVpc, type FakeVpc } from '../fake-vpc/server';
import { accountFor, isolateHome, requestsOf } from './helpers';

isolateHome();

describe('listing against the fake VPC API', () => {
  let fake: FakeVpc;
  before(async () => {
    fake = await startFakeVpc({ eips: 250, bandwidthPackages: 120, ipPools: 230 });
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.requests.length = 0;
    fake.setFault(null);
  });

  it('pages through 250 EIPs with 100 per page, sequentially', async () => {
    const { account } = accountFor(fake);
    const eips = await account.listEips();
    assert.equal(eips.length, 250);
    assert.equal(new Set(eips.map((e) => e.id)).size, 250);
    const reqs = requestsOf(fake, 'DescribeEipAddresses');
    assert.deepEqual(
      reqs.map((r) => r.query.PageNumber),
      ['1', '2', '3'],
    );
    assert.ok(reqs.every((r) => r.query.PageSize === '100' && r.query.RegionId === 'cn-hangzhou' && r.status === 200));
    assert.ok(reqs.every((r) => r.signedHeaders.includes('x-acs-content-sha256')));
  });

  it('lists Available EIPs first, keeps the API order inside a group, and maps the fields', async () => {
    const { account } = accountFor(fake);
    const eips = await account.listEips();
    const firstInUse = eips.findIndex((e) => e.status !== 'Available');
    assert.ok(firstInUse > 0);
    assert.ok(eips.slice(0, firstInUse).every((e) => e.status === 'Available'));
    assert.ok(eips.slice(firstInUse).every((e) => e.status === 'InUse'));
    assert.equal(eips.filter((e) => e.status === 'InUse').length, 84);
    assert.deepEqual(
      eips.slice(0, 2).map((e) => e.id),
      ['eip-bp1fk000000000001', 'eip-bp1fk000000000002'],
    );
    const inUse = eips.find((e) => e.id === 'eip-bp1fk000000000000');
    assert.deepEqual(inUse, {
      kind: 'eip',
      id: 'eip-bp1fk000000000000',
      name: 'eci-eip-0',
      ipAddress: '47.96.0.1',
      status: 'InUse',
      bandwidth: '5',
      chargeType: 'PostPaid',
      internetChargeType: 'PayByTraffic',
      isp: 'BGP',
      attachedTo: 'EcsInstance i-bp1fk000000000000, managed by an Alibaba Cloud service',
    });
    assert.equal(eips.find((e) => e.id === 'eip-bp1fk000000000003')?.attachedTo, 'NetworkInterface eni-bp1fk000000000003');
    assert.equal(eips.find((e) => e.id === 'eip-bp1fk000000000001')?.attachedTo, undefined);
  });

  it('filters by Status and by AllocationId on the server side', async () => {
    const { account } = accountFor(fake);
    const available = await account.listEips({ status: 'Available' });
    assert.equal(available.length, 166);
    assert.ok(available.every((e) => e.status === 'Available'));
    assert.deepEqual(
      requestsOf(fake, 'DescribeEipAddresses').map((r) => r.query.Status),
      ['Available', 'Available'],
    );
    fake.requests.length = 0;
    const some = await account.listEips({ ids: ['eip-bp1fk000000000007', 'eip-bp1fk000000000200', 'eip-doesnotexist'] });
    assert.deepEqual(some.map((e) => e.id).sort(), ['eip-bp1fk000000000007', 'eip-bp1fk000000000200']);
    assert.equal(requestsOf(fake, 'DescribeEipAddresses')[0].query.AllocationId, 'eip-bp1fk000000000007,eip-bp1fk000000000200,eip-doesnotexist');
    fake.requests.length = 0;
    const many = Array.from({ length: 120 }, (_, i) => `eip-bp1fk${String(i * 2).padStart(12, '0')}`);
    const found = await account.listEips({ ids: many });
    assert.equal(found.length, 120);
    assert.deepEqual(
      requestsOf(fake, 'DescribeEipAddresses').map((r) => r.query.AllocationId.split(',').length),
      [50, 50, 20],
      'at most 50 IDs per request',
    );
  });

  it('pages bandwidth packages 50 per page', async () => {
    const { account } = accountFor(fake);
    const list = await account.listBandwidthPackages();
    assert.equal(list.length, 120);
    assert.deepEqual(
      requestsOf(fake, 'DescribeCommonBandwidthPackages').map((r) => [r.query.PageNumber, r.query.PageSize]),
      [
        ['1', '50'],
        ['2', '50'],
        ['3', '50'],
      ],
    );
    assert.deepEqual(list[1], {
      kind: 'bandwidthPackage',
      id: 'cbwp-bp1fk000000000001',
      name: 'eci-cbwp-1',
      status: 'Available',
      bandwidth: '201',
      chargeType: 'PostPaid',
      internetChargeType: 'PayByBandwidth',
      isp: 'BGP',
      attachedTo: '1 EIP',
    });
  });

  it('pages IP address pools with NextToken and MaxResults 100', async () => {
    const { account } = accountFor(fake);
    const list = await account.list('ipPool');
    assert.equal(list.length, 230);
    const reqs = requestsOf(fake, 'ListPublicIpAddressPools');
    assert.equal(reqs.length, 3);
    assert.ok(reqs.every((r) => r.query.MaxResults === '100'));
    assert.equal(reqs[0].query.NextToken, undefined);
    assert.ok(reqs[1].query.NextToken && reqs[2].query.NextToken && reqs[1].query.NextToken !== reqs[2].query.NextToken);
    assert.equal(list[229].id, 'pippool-bp1fk000000000229');
    assert.equal(list[5].attachedTo, '5 of 64 IPs used');
  });

  it('lists regions with DescribeRegions', async () => {
    const { account } = accountFor(fake);
    const regions = await account.listRegions();
    assert.ok(regions.some((r) => r.id === 'cn-hangzhou' && r.name === 'China (Hangzhou)' && r.endpoint === 'vpc.aliyuncs.com'));
    assert.equal(requestsOf(fake, 'DescribeRegions')[0].query.AcceptLanguage, 'en-US');
  });

  it('caches per (source, region, kind): the second call sends nothing, refresh() fetches again', async () => {
    const cache = new ResourceCache();
    const { account } = accountFor(fake, { cache });
    await account.listEips();
    assert.equal(fake.requests.length, 3);
    await account.listEips();
    assert.equal(fake.requests.length, 3);
    const again = accountFor(fake, { cache }).account;
    await again.listEips();
    assert.equal(fake.requests.length, 3, 'a recreated account with the same source and region shares the cache');
    await accountFor(fake, { cache, regionId: 'cn-beijing' }).account.listEips();
    assert.equal(fake.requests.length, 6, 'another region is another cache entry');
    account.refresh();
    await account.listEips();
    assert.equal(fake.requests.length, 9);
    await account.listBandwidthPackages();
    account.refresh('eip');
    fake.requests.length = 0;
    await account.listBandwidthPackages();
    assert.equal(fake.requests.length, 0, 'refresh(kind) keeps other kinds');
  });

  it('expires cached lists after the TTL', async () => {
    let clock = 1_000_000;
    const { account } = accountFor(fake, { cacheTtlMs: 60_000, now: () => clock });
    await account.listIpPools();
    clock += 59_000;
    await account.listIpPools();
    assert.equal(fake.requests.length, 3);
    clock += 2_000;
    await account.listIpPools();
    assert.equal(fake.requests.length, 6);
  });

  it('shares one fetch between concurrent callers', async () => {
    const { account } = accountFor(fake);
    const [a, b] = await Promise.all([account.listEips(), account.listEips()]);
    assert.equal(a, b);
    assert.equal(fake.requests.length, 3);
  });

  it('does not cache when the TTL is 0', async () => {
    const { account } = accountFor(fake, { cacheTtlMs: 0 });
    await account.listBandwidthPackages();
    await account.listBandwidthPackages();
    assert.equal(fake.requests.length, 6);
  });

  it('sends no request at all when the gate says no (untrusted workspace or feature off)', async () => {
    let allowed = false;
    const { account } = accountFor(fake, { allowNetwork: () => allowed });
    for (const call of [() => account.listEips(), () => account.listBandwidthPackages(), () => account.listIpPools(), () => account.listRegions()]) {
      await assert.rejects(call(), (e: unknown) => e instanceof AccountError && e.code === 'Disabled' && /not trusted/.test(e.message));
    }
    assert.equal(fake.requests.length, 0);
    allowed = true;
    assert.equal((await account.listIpPools()).length, 230);
    allowed = false;
    await assert.rejects(account.listIpPools(), { code: 'Disabled' });
  });

  it('stops between pages when the signal is aborted', async () => {
    const controller = new AbortController();
    const local = await startFakeVpc({ eips: 250, onRequest: () => controller.abort() });
    try {
      const { account, logs } = accountFor(local);
      await assert.rejects(account.listEips({}, { signal: controller.signal }), (e: unknown) => e instanceof AccountError && e.code === 'Cancelled');
      assert.equal(local.requests.length, 1);
      assert.ok(logs.some((l) => /cancelled/.test(l)));
      const after = await account.listEips();
      assert.equal(after.length, 250, 'a cancelled fetch is not cached');
    } finally {
      await local.close();
    }
  });

  it('sends nothing when the signal is already aborted', async () => {
    const { account } = accountFor(fake);
    await assert.rejects(account.listEips({}, { signal: AbortSignal.abort() }), { code: 'Cancelled' });
    assert.equal(fake.requests.length, 0);
  });

  it('keeps a shared fetch alive while another caller still waits', async () => {
    const { account } = accountFor(fake);
    const controller = new AbortController();
    const first = account.listEips({}, { signal: controller.signal });
    const second = account.listEips();
    controller.abort();
    await assert.rejects(first, { code: 'Cancelled' });
    assert.equal((await second).length, 250);
    assert.equal(fake.requests.length, 3);
  });
});

describe('QuickPick text and the inserted edit', () => {
  it('shows ID, IP and name, then status, bandwidth, charge types, ISP and attachment', () => {
    const t = pickItemText({
      kind: 'eip',
      id: 'eip-1',
      name: 'web',
      ipAddress: '47.1.2.3',
      status: 'InUse',
      bandwidth: '5',
      chargeType: 'PostPaid',
      internetChargeType: 'PayByTraffic',
      isp: 'BGP',
      attachedTo: 'EcsInstance i-1',
    });
    assert.equal(t.label, '$(warning) eip-1');
    assert.equal(t.description, '47.1.2.3  web');
    assert.equal(t.detail, 'InUse · 5 Mbit/s · PostPaid / PayByTraffic · BGP · in use by EcsInstance i-1, one EIP serves one instance');
    assert.equal(t.inUse, true);
    const a = pickItemText({ kind: 'eip', id: 'eip-2', status: 'Available', bandwidth: '10' });
    assert.deepEqual(a, { label: 'eip-2', description: '', detail: 'Available · 10 Mbit/s', inUse: false });
    assert.equal(pickItemText({ kind: 'bandwidthPackage', id: 'cbwp-1', status: 'Available', attachedTo: '2 EIPs' }).inUse, false);
  });

  it('fills the template, keeping quoting and the key line', () => {
    assert.equal(fillTemplate('"${id}"', 'eip-bp1', 'eip'), '"eip-bp1"');
    assert.equal(fillTemplate(' "${id}"', 'cbwp-bp1', 'bandwidthPackage'), ' "cbwp-bp1"');
    assert.equal(fillTemplate("k8s.aliyun.com/eci-eip-instanceid: '${id}'\n    ", 'eip-bp1', 'eip'), "k8s.aliyun.com/eci-eip-instanceid: 'eip-bp1'\n    ");
  });

  it('never inserts an ID that could add YAML, and never an unquoted placeholder (S2)', () => {
    const hostile = 'eip-bp1x"\n    k8s.aliyun.com/eci-use-specs: "ecs.gn6i-c4g1.xlarge';
    assert.throws(
      () => fillTemplate('"${id}"', hostile, 'eip'),
      (e: unknown) => e instanceof AccountError && e.code === 'Malformed' && !e.message.includes('\n'),
    );
    assert.throws(() => fillTemplate('"${id}"', 'cbwp-bp1', 'eip'), /not a valid EIP ID/);
    assert.throws(() => fillTemplate('${id}', 'eip-bp1', 'eip'), /no quoted/);
    assert.throws(() => fillTemplate('"${id}" "${id}"', 'eip-bp1', 'eip'), /no quoted/);
    // Without a kind the ID still goes through the completion's quoting code: a quote cannot end the scalar.
    assert.equal(fillTemplate('"${id}"', 'a"b'), '"a\\"b"');
    assert.equal(fillTemplate("'${id}'", "a'b"), "'a''b'");
  });

  it('QuickPick text never renders $(icon) syntax or line breaks from API data', () => {
    const t = pickItemText({ kind: 'eip', id: 'eip-1', name: '$(alert) click\nme', ipAddress: '47.1.2.3', status: 'Available', isp: '$(key)' });
    for (const text of [t.label, t.description, t.detail]) {
      assert.doesNotMatch(text, /\$\(/);
      assert.doesNotMatch(text, /\n/);
    }
  });
});

/** The fake VPC server itself: it checks ACS3-HMAC-SHA256 signatures like the real gateway (raw HTTP, no SDK). */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { acs3Signature, startFakeVpc, FAKE_ACCESS_KEY_ID, FAKE_ACCESS_KEY_SECRET, type FakeVpc } from '../fake-vpc/server';

interface Signed {
  keyId?: string;
  secret?: string;
  query?: Record<string, string>;
  action?: string;
  version?: string;
  date?: string;
  nonce?: string;
  /** Change the query after signing. */
  tamper?: Record<string, string>;
  noAuth?: boolean;
}

const EMPTY_SHA = createHash('sha256').update('').digest('hex');

/** Sends one signed POST the way the SDK does; resolves with status and JSON body. */
function send(fake: FakeVpc, s: Signed = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const query = s.query ?? { RegionId: 'cn-hangzhou', PageNumber: '1', PageSize: '10' };
  const headers: Record<string, string> = {
    host: fake.endpoint,
    'x-acs-version': s.version ?? '2016-04-28',
    'x-acs-action': s.action ?? 'DescribeEipAddresses',
    'x-acs-date': s.date ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'x-acs-signature-nonce': s.nonce ?? randomBytes(32).toString('hex'),
    'x-acs-content-sha256': EMPTY_SHA,
    accept: 'application/json',
  };
  const signed = Object.keys(headers)
    .filter((h) => h === 'host' || h.startsWith('x-acs-'))
    .sort()
    .join(';');
  const sig = acs3Signature(s.secret ?? FAKE_ACCESS_KEY_SECRET, 'POST', '/', Object.entries(query), headers, signed, EMPTY_SHA);
  if (!s.noAuth) headers.authorization = `ACS3-HMAC-SHA256 Credential=${s.keyId ?? FAKE_ACCESS_KEY_ID},SignedHeaders=${signed},Signature=${sig}`;
  const qs = new URLSearchParams({ ...query, ...s.tamper }).toString();
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: fake.port, method: 'POST', path: `/?${qs}`, headers: { ...headers, 'content-length': '0', connection: 'close' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('fake VPC server signature checks', () => {
  let fake: FakeVpc;
  before(async () => {
    fake = await startFakeVpc({ eips: 30 });
  });
  after(() => fake.close());
  beforeEach(() => fake.setFault(null));

  it('accepts a correctly signed request and pages the data', async () => {
    const r = await send(fake, { query: { RegionId: 'cn-hangzhou', PageNumber: '3', PageSize: '10', Status: 'InUse' } });
    assert.equal(r.status, 200);
    assert.equal(r.body.TotalCount, 10);
    assert.equal((r.body.EipAddresses as { EipAddress: unknown[] }).EipAddress.length, 0);
  });

  it('signs query values with RFC 3986 encoding (commas, spaces, stars)', async () => {
    const r = await send(fake, { query: { RegionId: 'cn-hangzhou', AllocationId: 'eip-bp1fk000000000001,eip-x y*', PageSize: '10' } });
    assert.equal(r.status, 200);
    assert.equal(r.body.TotalCount, 1);
  });

  it('rejects a wrong secret with 400 SignatureDoesNotMatch', async () => {
    const r = await send(fake, { secret: 'NotTheRightSecret0123456789abcdef' });
    assert.equal(r.status, 400);
    assert.equal(r.body.Code, 'SignatureDoesNotMatch');
  });

  it('rejects a query changed after signing', async () => {
    const r = await send(fake, { tamper: { RegionId: 'cn-beijing' } });
    assert.equal(r.body.Code, 'SignatureDoesNotMatch');
  });

  it('rejects an unknown AccessKey ID with 404 InvalidAccessKeyId.NotFound', async () => {
    const r = await send(fake, { keyId: 'LTAI5tNobodyHasThisKey00' });
    assert.equal(r.status, 404);
    assert.equal(r.body.Code, 'InvalidAccessKeyId.NotFound');
  });

  it('rejects a request without Authorization', async () => {
    assert.equal((await send(fake, { noAuth: true })).body.Code, 'MissingAuthorization');
  });

  it('rejects a date more than 15 minutes off', async () => {
    const r = await send(fake, { date: new Date(Date.now() - 20 * 60 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') });
    assert.equal(r.body.Code, 'InvalidTimeStamp.Expired');
  });

  it('rejects a reused nonce', async () => {
    const nonce = randomBytes(32).toString('hex');
    assert.equal((await send(fake, { nonce })).status, 200);
    assert.equal((await send(fake, { nonce })).body.Code, 'SignatureNonceUsed');
  });

  it('checks x-acs-version, the action and page sizes', async () => {
    assert.equal((await send(fake, { version: '2014-05-26' })).body.Code, 'InvalidVersion');
    assert.equal((await send(fake, { action: 'DeleteEverything' })).body.Code, 'InvalidAction.NotFound');
    assert.equal((await send(fake, { query: { RegionId: 'cn-hangzhou', PageSize: '101' } })).body.Code, 'InvalidParameter');
    assert.equal((await send(fake, { action: 'DescribeCommonBandwidthPackages', query: { RegionId: 'cn-hangzhou', PageSize: '51' } })).body.Code, 'InvalidParameter');
    assert.equal((await send(fake, { query: { PageSize: '10' } })).body.Code, 'MissingRegionId');
  });

  it('returns Forbidden.RAM with AccessDeniedDetail after the signature check', async () => {
    fake.setFault({ kind: 'forbidden', times: 1 });
    const r = await send(fake);
    assert.equal(r.status, 403);
    assert.equal(r.body.Code, 'Forbidden.RAM');
    assert.equal((r.body.AccessDeniedDetail as { AuthAction: string }).AuthAction, 'vpc:DescribeEipAddresses');
    assert.equal((await send(fake)).status, 200, 'times: 1 faults once');
    fake.setFault({ kind: 'forbidden' });
    assert.equal((await send(fake, { secret: 'NotTheRightSecret0123456789abcdef' })).body.Code, 'SignatureDoesNotMatch');
  });

  it('serves ECS DescribeSecurityGroups only under the ECS version, signed the same way', async () => {
    const q = { RegionId: 'cn-hangzhou', PageNumber: '1', PageSize: '50' };
    const ok = await send(fake, { action: 'DescribeSecurityGroups', version: '2014-05-26', query: q });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.TotalCount, 4);
    assert.equal((await send(fake, { action: 'DescribeSecurityGroups', version: '2016-04-28', query: q })).body.Code, 'InvalidVersion');
    assert.equal((await send(fake, { action: 'DescribeVSwitches', version: '2014-05-26', query: q })).body.Code, 'InvalidVersion');
    assert.equal(
      (await send(fake, { action: 'DescribeSecurityGroups', version: '2014-05-26', query: q, secret: 'NotTheRightSecret0123456789abcdef' })).body.Code,
      'SignatureDoesNotMatch',
    );
    fake.setFault({ kind: 'forbidden', times: 1 });
    const denied = await send(fake, { action: 'DescribeSecurityGroups', version: '2014-05-26', query: q });
    assert.equal((denied.body.AccessDeniedDetail as { AuthAction: string }).AuthAction, 'ecs:DescribeSecurityGroups');
  });

  it('the network actions check their required parameters and page limits', async () => {
    const region = { RegionId: 'cn-hangzhou' };
    assert.equal((await send(fake, { action: 'DescribeSnatTableEntries', query: region })).body.Code, 'MissingSnatTableId');
    assert.equal((await send(fake, { action: 'DescribeRouteEntryList', query: region })).body.Code, 'MissingRouteTableId');
    assert.equal((await send(fake, { action: 'DescribeRouteEntryList', query: { ...region, RouteTableId: 'vtb-x', MaxResult: '10' } })).body.Code, 'InvalidParameter');
    for (const action of ['DescribeVSwitches', 'DescribeNatGateways', 'DescribeRouteTableList', 'DescribeVpcs']) {
      assert.equal((await send(fake, { action, query: { ...region, PageSize: '51' } })).body.Code, 'InvalidParameter', action);
      assert.equal((await send(fake, { action, query: { PageSize: '10' } })).body.Code, 'MissingRegionId', action);
    }
  });
});

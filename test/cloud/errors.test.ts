/** Every failure becomes an AccountError with advice and without secrets: service errors, retries, timeouts, network. */
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccountError, createVpcAccount, scrub } from '../../client/src/account/vpc';
import { startFakeVpc, type FakeVpc } from '../fake-vpc/server';
import { FAKE_ACCESS_KEY_ID, FAKE_ACCESS_KEY_SECRET, accountFor, isolateHome, requestsOf } from './helpers';

isolateHome();

const allLogs: string[] = [];
const allMessages: string[] = [];

/** Asserts `p` rejects with an AccountError of `code` whose message matches every pattern; returns it. */
async function expectError(p: Promise<unknown>, code: string, ...patterns: RegExp[]): Promise<AccountError> {
  const err = await p.then(
    () => assert.fail('expected a rejection'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof AccountError, `not an AccountError: ${String(err)}`);
  assert.equal(err.code, code, err.message);
  for (const re of patterns) assert.match(err.message, re);
  allMessages.push(err.message);
  return err;
}

function assertNoSecrets(texts: readonly string[], secrets: readonly string[]): void {
  for (const t of texts) for (const s of secrets) assert.ok(!t.includes(s), `leaked a secret in: ${t}`);
}

describe('error paths against the fake VPC API', () => {
  let fake: FakeVpc;
  before(async () => {
    fake = await startFakeVpc({ eips: 250, keys: { [FAKE_ACCESS_KEY_ID]: FAKE_ACCESS_KEY_SECRET, LTAI5tOtherTestKey00cd34: 'OtherFakeSecretValue0123456789abc' } });
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.requests.length = 0;
    fake.setFault(null);
  });
  let logs: string[] = [];
  const acc = (extra: Parameters<typeof accountFor>[1] = {}) => {
    const h = accountFor(fake, extra);
    logs = h.logs;
    return h.account;
  };
  afterEach(() => allLogs.push(...logs));

  it('unknown AccessKey ID → InvalidAccessKey with the ID masked', async () => {
    const id = 'LTAI5tUnknownKeyForTest9z';
    const secret = 'UnknownKeySecretValue0123456789ab';
    const err = await expectError(
      acc({ credentials: { accessKeyId: id, accessKeySecret: secret } }).listEips(),
      'InvalidAccessKey',
      /LTAI\*\*\*\*st9z/,
      /InvalidAccessKeyId\.NotFound/,
      /Store AccessKey/,
      /aliyun configure/,
    );
    assert.equal(err.details.serviceCode, 'InvalidAccessKeyId.NotFound');
    assertNoSecrets([err.message, ...logs], [id, secret]);
  });

  it('InvalidAccessKeyId (newer wording) → InvalidAccessKey', async () => {
    fake.setFault({ kind: 'invalidAccessKey' });
    await expectError(acc().listBandwidthPackages(), 'InvalidAccessKey', /InvalidAccessKeyId\b/);
  });

  it('wrong secret → SignatureMismatch, telling the user to re-enter the secret', async () => {
    const wrong = 'ThisIsTheWrongSecretValue0123456';
    const err = await expectError(
      acc({ credentials: { accessKeyId: FAKE_ACCESS_KEY_ID, accessKeySecret: wrong } }).listEips(),
      'SignatureMismatch',
      /secret is wrong/,
      /LTAI\*\*\*\*ab12/,
      /Store AccessKey/,
    );
    assert.equal(requestsOf(fake, 'DescribeEipAddresses').length, 1, 'no retry on auth errors');
    assertNoSecrets([err.message, ...logs], [wrong, FAKE_ACCESS_KEY_ID]);
  });

  it('Forbidden.RAM → names the RAM action from AccessDeniedDetail and points to the README policy', async () => {
    fake.setFault({ kind: 'forbidden' });
    const err = await expectError(acc().listEips(), 'Forbidden', /vpc:DescribeEipAddresses/, /README lists a custom policy/, /Forbidden\.RAM/);
    assert.doesNotMatch(err.message, /AliyunVPCReadOnlyAccess covers/, 'no unverified claim about a system policy');
    assert.match(err.details.requestId ?? '', /^FAKE-/);
  });

  it('NoPermission → names the action of the call that failed', async () => {
    fake.setFault({ kind: 'noPermission', action: 'ListPublicIpAddressPools' });
    await expectError(acc().listIpPools(), 'Forbidden', /vpc:ListPublicIpAddressPools/, /README/, /NoPermission/);
  });

  it('Forbidden on page 2 fails the whole list (no partial result)', async () => {
    fake.setFault({ kind: 'forbidden', after: 1 });
    await expectError(acc().listEips(), 'Forbidden');
    assert.equal(requestsOf(fake, 'DescribeEipAddresses').length, 2);
  });

  it('retries Throttling.User with exponential backoff, then succeeds', async () => {
    fake.setFault({ kind: 'throttling', times: 2 });
    const delays: number[] = [];
    const list = await acc({ retry: { attempts: 3, baseDelayMs: 7 }, sleep: async (ms) => void delays.push(ms) }).listBandwidthPackages();
    assert.equal(list.length, 120);
    assert.deepEqual(delays, [7, 14]);
    assert.deepEqual(
      requestsOf(fake, 'DescribeCommonBandwidthPackages').map((r) => r.status),
      [400, 400, 200, 200, 200],
    );
  });

  it('gives up after the bounded number of attempts', async () => {
    fake.setFault({ kind: 'throttling' });
    const delays: number[] = [];
    await expectError(
      acc({ retry: { attempts: 3, baseDelayMs: 200 }, sleep: async (ms) => void delays.push(ms) }).listEips(),
      'Throttled',
      /Throttling\.User/,
      /3 attempts/,
      /Refresh account resources/,
    );
    assert.equal(requestsOf(fake, 'DescribeEipAddresses').length, 3);
    assert.deepEqual(delays, [200, 400]);
  });

  it('cancellation interrupts the backoff wait', async () => {
    fake.setFault({ kind: 'throttling' });
    const controller = new AbortController();
    const started = Date.now();
    const h = accountFor(fake, {
      retry: { attempts: 3, baseDelayMs: 60_000, maxDelayMs: 60_000 },
      log: (line) => {
        logs.push(line);
        if (/retrying in 60000 ms/.test(line)) controller.abort();
      },
    });
    logs = h.logs;
    await expectError(h.account.listEips({}, { signal: controller.signal }), 'Cancelled');
    assert.equal(requestsOf(fake, 'DescribeEipAddresses').length, 1);
    assert.ok(Date.now() - started < 10_000);
  });

  it('times out on a slow answer (read timeout), well before the answer comes', async () => {
    fake.setFault({ kind: 'slow', delayMs: 60_000 });
    const started = Date.now();
    await expectError(acc({ readTimeoutMs: 300 }).listEips(), 'Timeout', /did not answer DescribeEipAddresses within 300 ms/);
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 250 && elapsed < 5_000, `took ${elapsed} ms`);
  });

  it('malformed (non-JSON) response → Malformed', async () => {
    fake.setFault({ kind: 'malformed' });
    await expectError(acc().listEips(), 'Malformed', /not JSON/, /eciAnnotations\.account\.endpoint/);
  });

  it('response without the expected fields → Malformed', async () => {
    fake.setFault({ kind: 'missingFields' });
    await expectError(acc().listEips(), 'Malformed', /missing TotalCount or EipAddresses\.EipAddress/);
    // A pool listing without TotalCount and list is what an account without pools may send: an empty list.
    assert.deepEqual(await acc().listIpPools(), []);
    await expectError(acc().listRegions(), 'Malformed', /Regions\.Region/);
  });

  it('500 → Server, not retried', async () => {
    fake.setFault({ kind: 'serverError' });
    await expectError(acc().listEips(), 'Server', /500 InternalError/, /Retry later/);
    assert.equal(fake.requests.length, 1);
  });

  it('IncompleteSignature is not blamed on the secret; SignatureNonceUsed is not blamed on the clock', async () => {
    fake.setFault({ kind: 'incompleteSignature' });
    const inc = await expectError(acc().listEips(), 'Rejected', /IncompleteSignature/, /not the cause/, /proxy/, /127\.0\.0\.1:\d+/);
    assert.doesNotMatch(inc.message, /secret is wrong/);
    fake.setFault({ kind: 'nonceUsed' });
    const nonce = await expectError(acc().listBandwidthPackages(), 'Rejected', /SignatureNonceUsed/, /sent twice/);
    assert.doesNotMatch(nonce.message, /clock/);
  });

  it('clock skew → ClockSkew with advice to sync the clock', async () => {
    fake.setFault({ kind: 'clockSkew' });
    await expectError(acc().listEips(), 'ClockSkew', /clock/);
  });

  it('unknown region → Config naming the region setting', async () => {
    await expectError(acc({ regionId: 'xx-nowhere-1' }).listEips(), 'Config', /xx-nowhere-1/, /eciAnnotations\.account\.region/);
  });

  it('DNS failure (wrong region / unknown host) → Network with "check the region setting"', async () => {
    await expectError(
      acc({ endpoint: 'vpc.cn-hangzou.invalid', regionId: 'cn-hangzou' }).listEips(),
      'Network',
      /Cannot resolve vpc\.cn-hangzou\.invalid/,
      /[Cc]heck the region setting/,
      /cn-hangzou/,
    );
  });

  it('connection refused → Network', async () => {
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as AddressInfo).port;
    await new Promise<void>((r) => srv.close(() => r()));
    await expectError(acc({ endpoint: `127.0.0.1:${port}` }).listEips(), 'Network', /ECONNREFUSED/);
  });

  it('a bad endpoint setting → Config, no request', () => {
    assert.throws(
      () => createVpcAccount({ regionId: 'cn-hangzhou', endpoint: 'http://evil/path?x', credentials: { accessKeyId: FAKE_ACCESS_KEY_ID, accessKeySecret: FAKE_ACCESS_KEY_SECRET } }),
      { code: 'Config' },
    );
    assert.throws(() => createVpcAccount({ regionId: ' ' }), { code: 'Config' });
  });

  it('an endpoint with a scheme sets the protocol', async () => {
    const list = await accountFor(fake, { endpoint: fake.url, protocol: undefined }).account.listRegions();
    assert.ok(list.length > 0);
  });

  it('no credentials anywhere → NoCredentials naming every source and the Store AccessKey command', async () => {
    const logsHere: string[] = [];
    const account = createVpcAccount({ regionId: 'cn-hangzhou', endpoint: fake.endpoint, protocol: 'http', log: (l) => logsHere.push(l) });
    const started = Date.now();
    await expectError(
      account.listEips(),
      'NoCredentials',
      /ALIBABA_CLOUD_ACCESS_KEY_SECRET \(or ALIBABACLOUD_\*, ALICLOUD_\*\): not set/,
      /OIDC role .*: not set/,
      /~\/\.aliyun\/config\.json/,
      /~\/\.alibabacloud\/credentials/,
      /Store AccessKey/,
      /aliyun configure/,
    );
    assert.ok(Date.now() - started < 2_000, 'no IMDS or network probing');
    assert.equal(fake.requests.length, 0);
  });

  it('scrub() removes secrets, signatures and authorization text', () => {
    const text = `authorization: ACS3-HMAC-SHA256 Credential=${FAKE_ACCESS_KEY_ID},SignedHeaders=host,Signature=abcdef0123 secret=${FAKE_ACCESS_KEY_SECRET} "access_key_secret": "s3cr3tValue"`;
    const out = scrub(text, [FAKE_ACCESS_KEY_SECRET]);
    assert.ok(!out.includes(FAKE_ACCESS_KEY_SECRET) && !out.includes(FAKE_ACCESS_KEY_ID) && !out.includes('abcdef0123') && !out.includes('s3cr3tValue'), out);
    assert.match(scrub(`url?Signature=deadbeef&x=1 key ${FAKE_ACCESS_KEY_ID}`), /Signature=\*\*\*\*&x=1 key LTAI\*\*\*\*ab12/);
    assert.equal(
      scrub('ALIBABA_CLOUD_ACCESS_KEY_SECRET: not set; ALIBABA_CLOUD_ACCESS_KEY_SECRET=abc123XYZ'),
      'ALIBABA_CLOUD_ACCESS_KEY_SECRET: not set; ALIBABA_CLOUD_ACCESS_KEY_SECRET=****',
    );
    assert.equal(scrub('never seen: LTAI5tNeverSeenBeforeKey4321 and STS.NTkVeryLongStsKeyId99'), 'never seen: LTAI****4321 and STS.****Id99');
  });

  it('no message or log line of this suite contains a secret or a full AccessKey ID', () => {
    assert.ok(allMessages.length >= 15 && allLogs.length > 0);
    assertNoSecrets([...allMessages, ...allLogs], [FAKE_ACCESS_KEY_SECRET, FAKE_ACCESS_KEY_ID, 'OtherFakeSecretValue0123456789abc', 'ThisIsTheWrongSecretValue0123456']);
  });
});

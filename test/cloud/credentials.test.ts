/** The credential chain (env → aliyun CLI profile → ~/.alibabacloud/credentials, IMDS opt-in) from a temp HOME. */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AccountError, createVpcAccount, type VpcAccountOptions } from '../../client/src/account/vpc';
import { startFakeVpc, type FakeVpc } from '../fake-vpc/server';
import { FAKE_ACCESS_KEY_ID, FAKE_ACCESS_KEY_SECRET, isolateHome, writeCliConfig, writeIniCredentials } from './helpers';

const OTHER_ID = 'LTAI5tOtherProfileKey77ef';
const OTHER_SECRET = 'OtherProfileSecretValue0123456789';
const INI_ID = 'LTAI5tIniFileTestKey0099';
const INI_SECRET = 'IniFileSecretValue0123456789abcd';

const cliConfig = {
  current: 'default',
  profiles: [
    { name: 'default', mode: 'AK', access_key_id: FAKE_ACCESS_KEY_ID, access_key_secret: FAKE_ACCESS_KEY_SECRET, region_id: 'cn-hangzhou' },
    { name: 'staging', mode: 'AK', access_key_id: OTHER_ID, access_key_secret: OTHER_SECRET, region_id: 'cn-beijing' },
  ],
};

describe('credential chain', () => {
  let fake: FakeVpc;
  let home: string;
  before(async () => {
    fake = await startFakeVpc({ eips: 5, keys: { [FAKE_ACCESS_KEY_ID]: FAKE_ACCESS_KEY_SECRET, [OTHER_ID]: OTHER_SECRET, [INI_ID]: INI_SECRET } });
  });
  after(() => fake.close());
  beforeEach(() => {
    home = isolateHome();
    fake.requests.length = 0;
  });
  const make = (extra: Partial<VpcAccountOptions> = {}) => createVpcAccount({ regionId: 'cn-hangzhou', endpoint: fake.endpoint, protocol: 'http', ...extra });

  it('uses the current profile of ~/.aliyun/config.json', async () => {
    writeCliConfig(home, cliConfig);
    const account = make();
    assert.deepEqual(await account.describeCredentialSource(), { provider: 'default/cli_profile', profile: 'default', credentialType: 'static_ak', accessKeyId: 'LTAI****ab12' });
    await account.listEips();
    assert.equal(fake.requests[0].accessKeyId, FAKE_ACCESS_KEY_ID);
    assert.equal(fake.requests[0].credentialsProvider, 'default/cli_profile/static_ak');
  });

  it('the profile option selects another CLI profile', async () => {
    writeCliConfig(home, cliConfig);
    const account = make({ profile: 'staging' });
    const info = await account.describeCredentialSource();
    assert.equal(info.profile, 'staging');
    assert.equal(info.accessKeyId, 'LTAI****77ef');
    await account.listEips();
    assert.equal(fake.requests[0].accessKeyId, OTHER_ID);
  });

  it('ALIBABA_CLOUD_PROFILE picks the CLI profile when the option is empty', async () => {
    writeCliConfig(home, cliConfig);
    process.env.ALIBABA_CLOUD_PROFILE = 'staging';
    assert.equal((await make().describeCredentialSource()).profile, 'staging');
  });

  it('environment variables come first when no profile is set', async () => {
    writeCliConfig(home, cliConfig);
    process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = OTHER_ID;
    process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = OTHER_SECRET;
    const account = make();
    assert.deepEqual(await account.describeCredentialSource(), { provider: 'default/env', credentialType: 'static_ak', accessKeyId: 'LTAI****77ef' });
    await account.listEips();
    assert.equal(fake.requests[0].accessKeyId, OTHER_ID);
    const chosen = make({ profile: 'default' });
    const info = await chosen.describeCredentialSource();
    assert.equal(info.provider, 'default/cli_profile', 'an explicit profile wins over env vars');
    assert.deepEqual(
      info.skipped,
      ['environment variables ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET (eciAnnotations.account.profile is set)'],
      'Show account says the environment was skipped',
    );
  });

  it('falls back to ~/.alibabacloud/credentials, with its profile sections', async () => {
    writeIniCredentials(
      home,
      `[default]\ntype = access_key\naccess_key_id = ${INI_ID}\naccess_key_secret = ${INI_SECRET}\n\n[staging]\ntype = access_key\naccess_key_id = ${OTHER_ID}\naccess_key_secret = ${OTHER_SECRET}\n`,
    );
    const account = make();
    assert.deepEqual(await account.describeCredentialSource(), { provider: 'default/profile', profile: 'default', credentialType: 'static_ak', accessKeyId: 'LTAI****0099' });
    await account.listEips();
    assert.equal(fake.requests[0].accessKeyId, INI_ID);
    assert.equal((await make({ profile: 'staging' }).describeCredentialSource()).accessKeyId, 'LTAI****77ef');
  });

  it('static keys (from SecretStorage) win over the chain', async () => {
    writeCliConfig(home, cliConfig);
    const account = make({ credentials: { accessKeyId: OTHER_ID, accessKeySecret: OTHER_SECRET } });
    assert.deepEqual(await account.describeCredentialSource(), { provider: 'vscode/secret_storage', credentialType: 'static_ak', accessKeyId: 'LTAI****77ef' });
    assert.deepEqual(account.credentialChain(), ['static']);
  });

  it('follows the default chain order; ECS instance metadata only when enabled', async () => {
    assert.deepEqual(make().credentialChain(), ['env', 'oidc_role_arn', 'cli_profile', 'profile']);
    assert.deepEqual(make({ profile: 'x' }).credentialChain(), ['cli_profile', 'profile']);
    assert.deepEqual(make({ useEcsMetadata: true }).credentialChain(), ['env', 'oidc_role_arn', 'cli_profile', 'profile', 'ecs_ram_role']);
    process.env.ALIBABA_CLOUD_CREDENTIALS_URI = 'http://127.0.0.1:9/creds';
    assert.deepEqual(make({ useEcsMetadata: true }).credentialChain(), ['env', 'oidc_role_arn', 'cli_profile', 'profile', 'ecs_ram_role', 'credentials_uri']);
    delete process.env.ALIBABA_CLOUD_CREDENTIALS_URI;
    const err = await make()
      .describeCredentialSource()
      .catch((e: unknown) => e);
    assert.ok(err instanceof AccountError && err.code === 'NoCredentials');
    assert.doesNotMatch(err.message, /metadata/i);
  });

  it('a missing profile is named in the message', async () => {
    writeCliConfig(home, cliConfig);
    const err = await make({ profile: 'prod' })
      .listEips()
      .catch((e: unknown) => e);
    assert.ok(err instanceof AccountError && err.code === 'NoCredentials');
    assert.match(err.message, /aliyun CLI profile "prod" in ~\/\.aliyun\/config\.json: no profile "prod"/);
    assert.equal(fake.requests.length, 0);
  });

  it('a broken config.json never echoes its secrets', async () => {
    writeCliConfig(home, `{"current":"default","profiles":[{"name":"default","mode":"AK","access_key_id":"${OTHER_ID}","access_key_secret":"${OTHER_SECRET}"`);
    const logs: string[] = [];
    const err = await make({ log: (l) => logs.push(l) })
      .listEips()
      .catch((e: unknown) => e);
    assert.ok(err instanceof AccountError && err.code === 'NoCredentials');
    assert.match(err.message, /not valid JSON/);
    for (const t of [err.message, ...logs]) assert.ok(!t.includes(OTHER_SECRET) && !t.includes(OTHER_ID), t);
  });

  it('reads the ALIBABACLOUD_* and ALICLOUD_* names the aliyun CLI accepts, not bare ACCESS_KEY_ID', async () => {
    process.env.ACCESS_KEY_ID = OTHER_ID;
    process.env.ACCESS_KEY_SECRET = OTHER_SECRET;
    const none = await make()
      .describeCredentialSource()
      .catch((e: unknown) => e);
    assert.ok(none instanceof AccountError && none.code === 'NoCredentials', String(none));
    delete process.env.ACCESS_KEY_ID;
    delete process.env.ACCESS_KEY_SECRET;
    for (const prefix of ['ALIBABACLOUD_', 'ALICLOUD_']) {
      process.env[`${prefix}ACCESS_KEY_ID`] = OTHER_ID;
      process.env[`${prefix}ACCESS_KEY_SECRET`] = OTHER_SECRET;
      fake.requests.length = 0;
      await make().listEips();
      assert.equal(fake.requests[0].accessKeyId, OTHER_ID, prefix);
      delete process.env[`${prefix}ACCESS_KEY_ID`];
      delete process.env[`${prefix}ACCESS_KEY_SECRET`];
    }
  });

  it('an STS key pair from the environment carries its token; an expired token says so and names the source', async () => {
    process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = FAKE_ACCESS_KEY_ID;
    process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = FAKE_ACCESS_KEY_SECRET;
    process.env.ALIBABA_CLOUD_SECURITY_TOKEN = 'CAISFakeTokenValueForTests0123456789';
    await make().listEips();
    assert.ok(fake.requests[0].signedHeaders.includes('x-acs-security-token'));
    fake.setFault({ kind: 'expiredToken' });
    try {
      const err = await make()
        .listEips()
        .catch((e: unknown) => e);
      assert.ok(err instanceof AccountError && err.code === 'ExpiredToken', String(err));
      assert.match(err.message, /has expired/);
      assert.match(err.message, /from environment variables/);
      assert.match(err.message, /Store AccessKey/);
      assert.ok(!err.message.includes('CAISFakeTokenValueForTests0123456789'));
    } finally {
      fake.setFault(null);
    }
  });

  it('EcsRamRole profiles and ecs_ram_role sections are skipped unless useEcsMetadata is on (no instance metadata call)', async () => {
    writeCliConfig(home, { current: 'ecs', profiles: [{ name: 'ecs', mode: 'EcsRamRole', ram_role_name: 'role' }] });
    writeIniCredentials(home, '[default]\ntype = ecs_ram_role\nrole_name = role\n');
    const started = Date.now();
    const err = await make()
      .listEips()
      .catch((e: unknown) => e);
    assert.ok(err instanceof AccountError && err.code === 'NoCredentials', String(err));
    assert.match(err.message, /profile "ecs" uses mode EcsRamRole .*useEcsMetadata/);
    assert.match(err.message, /type ecs_ram_role .*useEcsMetadata/);
    assert.ok(Date.now() - started < 900, 'no 1 s metadata timeout was waited for');
    assert.equal(fake.requests.length, 0);
  });

  it('a deliberately unsupported mode names the mode and what to use instead', async () => {
    writeCliConfig(home, {
      current: 'uri',
      profiles: [
        { name: 'uri', mode: 'CredentialsURI', credentials_uri: 'http://127.0.0.1:9/' },
        { name: 'bearer', mode: 'BearerToken' },
      ],
    });
    const uri = await make()
      .listEips()
      .catch((e: unknown) => e);
    assert.ok(uri instanceof AccountError);
    assert.match(uri.message, /mode CredentialsURI, which this extension does not support: set ALIBABA_CLOUD_CREDENTIALS_URI/);
    const bearer = await make({ profile: 'bearer' })
      .listEips()
      .catch((e: unknown) => e);
    assert.match(String((bearer as Error).message), /mode BearerToken.*use an AK, StsToken or RamRoleArn profile/);
    writeIniCredentials(home, '[default]\ntype = rsa_key_pair\n');
    const ini = await make()
      .listEips()
      .catch((e: unknown) => e);
    assert.match(String((ini as Error).message), /type rsa_key_pair is not supported here/);
  });

  it('ALIBABA_CLOUD_CREDENTIALS_URI: keys from the URI sign the call', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          Code: 'Success',
          AccessKeyId: OTHER_ID,
          AccessKeySecret: OTHER_SECRET,
          SecurityToken: 'CAISUriTokenForTests0123456789abc',
          Expiration: new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
        }),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      process.env.ALIBABA_CLOUD_CREDENTIALS_URI = `http://127.0.0.1:${(server.address() as { port: number }).port}/creds`;
      const account = make();
      await account.listEips();
      assert.equal(fake.requests[0].accessKeyId, OTHER_ID);
      assert.equal((await account.describeCredentialSource()).provider, 'default/credentials_uri');
    } finally {
      delete process.env.ALIBABA_CLOUD_CREDENTIALS_URI;
      server.close();
    }
  });

  it('RamRoleArn profiles pass their ExternalId to AssumeRole', async () => {
    writeCliConfig(home, {
      current: 'role',
      profiles: [
        {
          name: 'role',
          mode: 'RamRoleArn',
          access_key_id: OTHER_ID,
          access_key_secret: OTHER_SECRET,
          ram_role_arn: 'acs:ram::123:role/eci',
          ram_session_name: 's',
          external_id: 'ext-42',
          sts_endpoint: '127.0.0.1:9',
        },
      ],
    });
    const err = await make({ readTimeoutMs: 500, connectTimeoutMs: 500 })
      .describeCredentialSource()
      .catch((e: unknown) => e);
    // The fake has no HTTPS STS: the AssumeRole call fails, but the provider that made it is the one with the ExternalId.
    assert.ok(err instanceof AccountError && err.code === 'NoCredentials', String(err));
    assert.doesNotMatch(err.message, /unsupported profile mode/);
    const { cliProfileProviderForTest } = await import('../../client/src/account/vpc');
    const provider = cliProfileProviderForTest('role') as { externalId?: string; roleArn?: string };
    assert.equal(provider.externalId, 'ext-42');
    assert.equal(provider.roleArn, 'acs:ram::123:role/eci');
  });
});

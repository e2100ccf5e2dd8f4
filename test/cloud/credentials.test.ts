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
    assert.deepEqual(await account.describeCredentialSource(), { provider: 'default/env', credentialType: 'env', accessKeyId: 'LTAI****77ef' });
    await account.listEips();
    assert.equal(fake.requests[0].accessKeyId, OTHER_ID);
    const chosen = make({ profile: 'default' });
    assert.equal((await chosen.describeCredentialSource()).provider, 'default/cli_profile', 'an explicit profile wins over env vars');
  });

  it('falls back to ~/.alibabacloud/credentials, with its profile sections', async () => {
    writeIniCredentials(home, `[default]\ntype = access_key\naccess_key_id = ${INI_ID}\naccess_key_secret = ${INI_SECRET}\n\n[staging]\ntype = access_key\naccess_key_id = ${OTHER_ID}\naccess_key_secret = ${OTHER_SECRET}\n`);
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

  it('leaves out ECS instance metadata unless enabled', async () => {
    assert.deepEqual(make().credentialChain(), ['env', 'cli_profile', 'profile']);
    assert.deepEqual(make({ profile: 'x' }).credentialChain(), ['cli_profile', 'profile']);
    assert.deepEqual(make({ useEcsMetadata: true }).credentialChain(), ['env', 'cli_profile', 'profile', 'ecs_ram_role']);
    const err = await make().describeCredentialSource().catch((e: unknown) => e);
    assert.ok(err instanceof AccountError && err.code === 'NoCredentials');
    assert.doesNotMatch(err.message, /metadata/i);
  });

  it('a missing profile is named in the message', async () => {
    writeCliConfig(home, cliConfig);
    const err = await make({ profile: 'prod' }).listEips().catch((e: unknown) => e);
    assert.ok(err instanceof AccountError && err.code === 'NoCredentials');
    assert.match(err.message, /aliyun CLI profile "prod" in ~\/\.aliyun\/config\.json: no profile "prod"/);
    assert.equal(fake.requests.length, 0);
  });

  it('a broken config.json never echoes its secrets', async () => {
    writeCliConfig(home, `{"current":"default","profiles":[{"name":"default","mode":"AK","access_key_id":"${OTHER_ID}","access_key_secret":"${OTHER_SECRET}"`);
    const logs: string[] = [];
    const err = await make({ log: (l) => logs.push(l) }).listEips().catch((e: unknown) => e);
    assert.ok(err instanceof AccountError && err.code === 'NoCredentials');
    assert.match(err.message, /not valid JSON/);
    for (const t of [err.message, ...logs]) assert.ok(!t.includes(OTHER_SECRET) && !t.includes(OTHER_ID), t);
  });
});

/** What a workspace may steer (issue #7): the pure decisions of client/src/account/trust.ts, and the package.json they rely on. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { hostProblem, isRegionId, plainLabel, regionProblem, resolveSettings, traceLine, type SettingsInput } from '../../client/src/account/trust';

const none: ReadonlySet<string> = new Set();
const input = (extra: Partial<SettingsInput> = {}): SettingsInput => ({ confirmed: none, ...extra });

/** The parts of package.json these tests read. */
interface PackageJson {
  capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
  contributes: { configuration: { properties: object }[]; commands: { command: string; title: string }[] };
}

describe('region and host', () => {
  test('region IDs', () => {
    for (const ok of ['cn-hangzhou', 'ap-southeast-1', 'cn-beijing-finance-1', 'cn-zhangjiakou-na62-a01', 'us-west-1']) assert.equal(isRegionId(ok), true, ok);
    for (const bad of ['x@127.0.0.1:1/', 'attacker.example:443/', 'cn-hangzhou.evil', 'cn_hangzhou', 'CN-HANGZHOU', 'cn-', 'c-x', '', 'cn-hangzhou/', `cn-${'a'.repeat(80)}`]) {
      assert.equal(isRegionId(bad), false, bad);
      assert.match(regionProblem(bad) ?? '', /not an Alibaba Cloud region ID/);
    }
  });

  test('the SDK host must be an aliyuncs.com VPC endpoint unless the user override names it', () => {
    assert.equal(hostProblem('vpc.aliyuncs.com', undefined), undefined);
    assert.equal(hostProblem('vpc.cn-beijing.aliyuncs.com', undefined), undefined);
    assert.equal(hostProblem('vpc-vpc.cn-beijing.aliyuncs.com', undefined), undefined);
    for (const bad of ['vpc.x@127.0.0.1:1/.aliyuncs.com', 'vpc.attacker.example:443/.aliyuncs.com', 'vpc.aliyuncs.com.evil', 'evil.com', 'vpc.cn.aliyuncs.com:8443']) {
      assert.match(hostProblem(bad, undefined) ?? '', /not an Alibaba Cloud endpoint/, bad);
    }
    assert.equal(hostProblem('127.0.0.1:47101', '127.0.0.1:47101'), undefined);
    assert.match(hostProblem('vpc.aliyuncs.com', '127.0.0.1:47101') ?? '', /not your endpoint override/);
  });

  test('the ECS host (security groups) must be an aliyuncs.com ECS endpoint unless the user ECS override names it', () => {
    for (const ok of ['ecs.aliyuncs.com', 'ecs.cn-beijing.aliyuncs.com', 'ecs-vpc.cn-beijing.aliyuncs.com']) assert.equal(hostProblem(ok, undefined, 'ecs'), undefined, ok);
    for (const bad of ['vpc.aliyuncs.com', 'ecs.x@127.0.0.1:1/.aliyuncs.com', 'ecs.aliyuncs.com.evil', 'ecs.cn.aliyuncs.com:8443', 'evil.com']) {
      assert.match(hostProblem(bad, undefined, 'ecs') ?? '', /ECS API host .* not an Alibaba Cloud endpoint/, bad);
    }
    assert.equal(hostProblem('127.0.0.1:47101', '127.0.0.1:47101', 'ecs'), undefined);
    assert.match(hostProblem('ecs.aliyuncs.com', '127.0.0.1:47101', 'ecs') ?? '', /not your endpoint override "127\.0\.0\.1:47101" \(eciAnnotations\.account\.ecsEndpoint\)/);
    assert.match(hostProblem('ecs.aliyuncs.com', undefined, 'vpc') ?? '', /VPC API host/, 'a VPC call never goes to the ECS host');
  });

  test('labels from API data never carry $(icon) syntax or line breaks', () => {
    assert.equal(plainLabel('$(key) a\nb').includes('$('), false);
    assert.equal(plainLabel('$(key) a\nb').includes('\n'), false);
    assert.equal(plainLabel('eip-bp1'), 'eip-bp1');
  });
});

describe('what a workspace may set', () => {
  test('enabled: a workspace can switch it off, never on against the user', () => {
    assert.equal(resolveSettings(input()).enabled, true);
    assert.equal(resolveSettings(input({ enabled: { defaultValue: true, workspaceValue: false } })).enabled, false);
    const s = resolveSettings(input({ enabled: { defaultValue: true, globalValue: false, workspaceValue: true } }));
    assert.equal(s.enabled, false);
    assert.match(s.notes.join('\n'), /Ignoring eciAnnotations\.account\.enabled = true/);
  });

  test('region: honoured when it is a region ID; anything else is a problem that blocks calls', () => {
    assert.equal(resolveSettings(input({ region: { defaultValue: '', workspaceValue: 'cn-beijing' } })).region, 'cn-beijing');
    assert.equal(resolveSettings(input({ region: { defaultValue: '' } })).region, '');
    const s = resolveSettings(input({ region: { defaultValue: '', globalValue: 'cn-hangzhou', workspaceValue: 'x@127.0.0.1:9/' } }));
    assert.match(s.regionProblem ?? '', /"x@127\.0\.0\.1:9\/"/);
  });

  test('profile: a workspace profile waits for confirmation; the user profile is used meanwhile', () => {
    const p = { defaultValue: '', globalValue: 'mine', workspaceValue: 'runs-a-command' };
    const s = resolveSettings(input({ profile: p }));
    assert.equal(s.profile, 'mine');
    assert.deepEqual(
      s.pending.map((x) => [x.key, x.store]),
      [['profile:runs-a-command', 'workspace']],
    );
    assert.match(s.pending[0].question, /run a command \(External mode\)/);
    assert.equal(resolveSettings(input({ profile: p, confirmed: new Set(['profile:runs-a-command']) })).profile, 'runs-a-command');
    assert.deepEqual(resolveSettings(input({ profile: { defaultValue: '', globalValue: 'same', workspaceValue: 'same' } })).pending, []);
  });

  test('checkInternet: a workspace true waits for its own confirmation, like the existence check', () => {
    const s = resolveSettings(input({ checkInternet: { defaultValue: false, workspaceValue: true } }));
    assert.equal(s.checkInternet, false);
    assert.deepEqual(
      s.pending.map((x) => [x.key, x.setting]),
      [['checkInternet', 'eciAnnotations.account.checkInternet']],
    );
    assert.equal(resolveSettings(input({ checkInternet: { defaultValue: false, workspaceValue: true }, confirmed: new Set(['checkExistence']) })).checkInternet, false);
    assert.equal(resolveSettings(input({ checkInternet: { defaultValue: false, workspaceValue: true }, confirmed: new Set(['checkInternet']) })).checkInternet, true);
    assert.equal(resolveSettings(input({ checkInternet: { defaultValue: false, globalValue: true } })).checkInternet, true);
    assert.equal(resolveSettings(input({ checkInternet: { defaultValue: false, globalValue: true, workspaceValue: false } })).checkInternet, false);
  });

  test('checkExistence: a workspace true waits for confirmation; false always applies', () => {
    const s = resolveSettings(input({ checkExistence: { defaultValue: false, workspaceValue: true } }));
    assert.equal(s.checkExistence, false);
    assert.deepEqual(
      s.pending.map((x) => x.key),
      ['checkExistence'],
    );
    assert.equal(resolveSettings(input({ checkExistence: { defaultValue: false, workspaceValue: true }, confirmed: new Set(['checkExistence']) })).checkExistence, true);
    assert.equal(resolveSettings(input({ checkExistence: { defaultValue: false, globalValue: true } })).checkExistence, true);
    assert.equal(resolveSettings(input({ checkExistence: { defaultValue: false, globalValue: true, workspaceValue: false } })).checkExistence, false);
  });

  test('cacheTtlSeconds: a workspace value is at least 30 s; the user 0 still disables', () => {
    assert.equal(resolveSettings(input({ cacheTtlSeconds: { defaultValue: 300, workspaceValue: 0 } })).cacheTtlSeconds, 30);
    assert.equal(resolveSettings(input({ cacheTtlSeconds: { defaultValue: 300, workspaceFolderValue: 5 } })).cacheTtlSeconds, 30);
    assert.equal(resolveSettings(input({ cacheTtlSeconds: { defaultValue: 300, workspaceValue: 600 } })).cacheTtlSeconds, 600);
    assert.equal(resolveSettings(input({ cacheTtlSeconds: { defaultValue: 300, globalValue: 0 } })).cacheTtlSeconds, 0);
    assert.equal(resolveSettings(input()).cacheTtlSeconds, 300);
  });

  test('endpoint, protocol, useEcsMetadata: never from a workspace', () => {
    const s = resolveSettings(
      input({
        endpoint: { defaultValue: '', workspaceValue: '127.0.0.1:1' },
        protocol: { defaultValue: 'https', workspaceValue: 'http' },
        useEcsMetadata: { defaultValue: false, workspaceValue: true },
      }),
    );
    assert.deepEqual([s.endpoint, s.protocol, s.useEcsMetadata], ['', 'https', false]);
    assert.equal(s.notes.filter((n) => /from the workspace: it is read from your user settings only/.test(n)).length, 3);
  });

  test('ecsEndpoint: a workspace cannot steer the ECS host; only the user value counts, confirmed in remote windows', () => {
    const ws = resolveSettings(input({ ecsEndpoint: { defaultValue: '', workspaceValue: '127.0.0.1:1' } }));
    assert.equal(ws.ecsEndpoint, '');
    assert.match(ws.notes.join('\n'), /Ignoring eciAnnotations\.account\.ecsEndpoint from the workspace/);
    const folder = resolveSettings(input({ ecsEndpoint: { defaultValue: '', globalValue: '127.0.0.1:2', workspaceFolderValue: '127.0.0.1:1' } }));
    assert.equal(folder.ecsEndpoint, '127.0.0.1:2');
    const remote = resolveSettings(input({ ecsEndpoint: { defaultValue: '', globalValue: '10.0.0.9:80' }, remoteName: 'dev-container' }));
    assert.match(remote.blocked ?? '', /ecsEndpoint value "10\.0\.0\.9:80"/);
    assert.deepEqual(
      remote.pending.map((p) => [p.key, p.store]),
      [['ecsEndpoint:10.0.0.9:80', 'global']],
    );
    assert.equal(
      resolveSettings(input({ ecsEndpoint: { defaultValue: '', globalValue: '10.0.0.9:80' }, remoteName: 'dev-container', confirmed: new Set(['ecsEndpoint:10.0.0.9:80']) })).blocked,
      undefined,
    );
  });

  test('remote windows: each machine-scope value is used after the user confirmed that exact value', () => {
    const machine = { endpoint: { defaultValue: '', globalValue: '10.0.0.1:80' }, protocol: { defaultValue: 'https', globalValue: 'http' } };
    const local = resolveSettings(input(machine));
    assert.equal(local.blocked, undefined);
    assert.deepEqual(local.pending, []);
    const remote = resolveSettings(input({ ...machine, remoteName: 'dev-container' }));
    assert.match(remote.blocked ?? '', /not confirmed yet/);
    assert.deepEqual(
      remote.pending.map((p) => [p.key, p.store]),
      [
        ['endpoint:10.0.0.1:80', 'global'],
        ['protocol:http', 'global'],
      ],
    );
    const confirmed = resolveSettings(input({ ...machine, remoteName: 'dev-container', confirmed: new Set(['endpoint:10.0.0.1:80', 'protocol:http']) }));
    assert.equal(confirmed.blocked, undefined);
    assert.equal(confirmed.endpoint, '10.0.0.1:80');
    const changed = resolveSettings(input({ endpoint: { defaultValue: '', globalValue: '10.0.0.2:80' }, remoteName: 'dev-container', confirmed: new Set(['endpoint:10.0.0.1:80']) }));
    assert.match(changed.blocked ?? '', /10\.0\.0\.2:80/, 'a different value needs its own confirmation');
    assert.deepEqual(resolveSettings(input({ remoteName: 'ssh-remote' })).pending, [], 'defaults need no confirmation');
  });
});

describe('tracing in Restricted Mode (S6)', () => {
  test('only the first line of a trace message, never the document', () => {
    const msg = 'Sending notification \'textDocument/didOpen\'.\nParams: {"textDocument":{"text":"kind: Secret\\ndata: c2VjcmV0"}}';
    assert.equal(traceLine(msg, true), msg);
    const restricted = traceLine(msg, false);
    assert.match(restricted, /^Sending notification 'textDocument\/didOpen'\./);
    assert.doesNotMatch(restricted, /Secret|c2VjcmV0|Params/);
    assert.doesNotMatch(traceLine('{"type":"send-notification","message":{"params":{"text":"kind: Secret"}}}', false), /Secret/);
  });

  test('package.json: trace and account settings are restricted, endpoint/protocol/IMDS are application-scoped', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as PackageJson;
    const restricted = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations;
    for (const k of [
      'eciAnnotations.trace.server',
      'eciAnnotations.account.region',
      'eciAnnotations.account.profile',
      'eciAnnotations.account.checkExistence',
      'eciAnnotations.account.checkInternet',
    ])
      assert.ok(restricted.includes(k), k);
    const props = Object.assign({}, ...pkg.contributes.configuration.map((c) => c.properties)) as Record<string, { scope?: string }>;
    for (const k of ['endpoint', 'ecsEndpoint', 'protocol', 'useEcsMetadata']) assert.equal(props[`eciAnnotations.account.${k}`].scope, 'application', k);
  });

  test('the palette: typing "Store AccessKey" matches only the store command', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as PackageJson;
    const nls = JSON.parse(readFileSync('package.nls.json', 'utf8')) as Record<string, string>;
    const titles = pkg.contributes.commands.map((c) => ({ ...c, title: c.title.replace(/^%(.*)%$/, (_m, k: string) => nls[k] ?? k) }));
    const matching = titles.filter((c) => /\bstore/i.test(c.title) && /accesskey/i.test(c.title));
    assert.deepEqual(
      matching.map((c) => c.command),
      ['eciAnnotations.storeAccessKey'],
    );
  });
});

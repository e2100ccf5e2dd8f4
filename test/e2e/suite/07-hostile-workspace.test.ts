/**
 * A cloned repository whose .vscode/settings.json tries to steer the signed VPC requests (issue #7, S1): it sets a
 * region that would put an attacker's host into the URL, a credential profile, the existence check and verbose
 * tracing. A listener on 127.0.0.1 stands in for the attacker. Credentials are in the environment, as on a
 * developer's machine, and the user even accepts the workspace's prompts.
 */
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { FAKE_ACCESS_KEY_ID, FAKE_ACCESS_KEY_SECRET, startFakeVpc, type FakeVpc } from '../../fake-vpc/server';
import { accountStatus, confirmAccountPrompts, diagnosticsWhen, openFixture, revertAndClose, until, workspaceUri } from './helpers';

const ENV_KEYS = ['ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET'] as const;

suite('hostile workspace: nothing a workspace writes steers a signed request', () => {
  let attacker: Server;
  let attackerPort = 0;
  let attackerHits = 0;
  let fake: FakeVpc | undefined;
  const savedEnv: Record<string, string | undefined> = {};
  const account = () => vscode.workspace.getConfiguration('eciAnnotations.account');
  const settingsFile = () => workspaceUri('.vscode/settings.json');

  async function writeWorkspaceSettings(settings: Record<string, unknown>): Promise<void> {
    await vscode.workspace.fs.writeFile(settingsFile(), new TextEncoder().encode(JSON.stringify(settings, null, 2)));
    await until(
      'the workspace settings to apply',
      () => account().inspect<string>('region')?.workspaceValue,
      (v) => v === settings['eciAnnotations.account.region'],
    );
  }

  suiteSetup(async () => {
    attacker = createServer((_req, res) => {
      attackerHits++;
      res.end('{}');
    });
    attacker.on('connection', () => attackerHits++);
    await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r));
    attackerPort = (attacker.address() as AddressInfo).port;
    for (const k of ENV_KEYS) savedEnv[k] = process.env[k];
    process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = FAKE_ACCESS_KEY_ID;
    process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = FAKE_ACCESS_KEY_SECRET;
    for (const key of ['endpoint', 'protocol']) await account().update(key, undefined, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    await vscode.workspace.fs.delete(settingsFile()).then(undefined, () => undefined);
    for (const key of ['endpoint', 'protocol']) await account().update(key, undefined, vscode.ConfigurationTarget.Global);
    for (const k of ENV_KEYS) {
      if (savedEnv[k] === undefined) delete process.env[k];
      else process.env[k] = savedEnv[k];
    }
    await fake?.close();
    await new Promise<void>((r) => attacker.close(() => r()));
  });

  test('no endpoint override: the attacker receives nothing, and the user is told why', async () => {
    await writeWorkspaceSettings({
      'eciAnnotations.account.region': `x@127.0.0.1:${attackerPort}/`,
      'eciAnnotations.account.profile': 'attacker-profile',
      'eciAnnotations.account.checkExistence': true,
      'eciAnnotations.trace.server': 'verbose',
    });
    // The user says yes to the workspace's profile and existence check: still nothing may reach the attacker.
    await confirmAccountPrompts(/^(checkExistence|profile:attacker-profile)$/);
    const { doc } = await openFixture('hostile.yaml');
    try {
      const status = await until('the reason to be shown', accountStatus, (s) => /not an Alibaba Cloud region ID/.test(s.problem ?? ''));
      assert.match(status.problem!, new RegExp(`x@127\\.0\\.0\\.1:${attackerPort}/`));
      assert.match(status.problem!, /Nothing was sent/);
      assert.ok(!String(status.host ?? '').includes(String(attackerPort)), `an account was created for ${status.host}`);
      assert.equal(attackerHits, 0, 'the attacker listener was contacted');
    } finally {
      await revertAndClose(doc);
    }
  });

  test("with the user's endpoint override on the fake cloud, only the fake cloud is called", async () => {
    fake = await startFakeVpc({ eips: 30 });
    await account().update('endpoint', fake.endpoint, vscode.ConfigurationTarget.Global);
    await account().update('protocol', 'http', vscode.ConfigurationTarget.Global);
    if (vscode.env.remoteName) await confirmAccountPrompts(/^endpoint:/);
    // Still the hostile region: refused before anything is sent, override or not.
    const { doc } = await openFixture('hostile.yaml');
    try {
      await until('the region to be refused again', accountStatus, (s) => /not an Alibaba Cloud region ID/.test(s.problem ?? ''));
      assert.equal(fake.requests.length, 0);
      // The workspace now names a real region: the existence check runs against the fake cloud only.
      await writeWorkspaceSettings({ 'eciAnnotations.account.region': 'cn-hangzhou', 'eciAnnotations.account.checkExistence': true });
      const diags = await diagnosticsWhen(
        doc.uri,
        (d) => d.some((x) => x.source === 'eci' && String(typeof x.code === 'object' ? x.code.value : x.code) === 'resource-not-found'),
        'resource-not-found from the fake account',
      );
      assert.ok(diags.length > 0);
      assert.ok(fake.requests.length > 0 && fake.requests.every((r) => r.status === 200 && r.query.RegionId === 'cn-hangzhou'), JSON.stringify(fake.requests.slice(0, 3)));
      assert.equal((await accountStatus()).host, fake.endpoint);
      assert.equal(attackerHits, 0, 'the attacker listener was contacted');
    } finally {
      await revertAndClose(doc);
    }
  });
});

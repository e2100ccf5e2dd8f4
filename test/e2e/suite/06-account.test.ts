/**
 * The account QuickPick flow against the fake VPC OpenAPI (test/fake-vpc/server.ts, started here, inside the
 * extension host, on 127.0.0.1): the code action runs `eciAnnotations.pickResource`, the QuickPick pages through
 * the fake account, the first item is accepted, and its ID lands quoted in the document: an EIP, a shared bandwidth
 * package and an IP address pool.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { FAKE_ACCESS_KEY_ID, FAKE_ACCESS_KEY_SECRET, startFakeVpc, type FakeVpc } from '../../fake-vpc/server';
import { DEADLINE_MS, confirmAccountPrompts, openFixture, positionOf, revertAndClose, short, textWhen, until } from './helpers';

const PICK_COMMAND = 'eciAnnotations.pickResource';
const ENV_KEYS = ['ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET'] as const;

suite('account: pick a resource from the (fake) VPC API', () => {
  let fake: FakeVpc | undefined;
  const savedEnv: Record<string, string | undefined> = {};
  const account = () => vscode.workspace.getConfiguration('eciAnnotations.account');

  suiteSetup(async () => {
    fake = await startFakeVpc({ eips: 250 }); // 3 pages of 100: the picker has to page
    // The default credential chain reads these first; the extension host is this process.
    for (const k of ENV_KEYS) savedEnv[k] = process.env[k];
    process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = FAKE_ACCESS_KEY_ID;
    process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = FAKE_ACCESS_KEY_SECRET;
    // Endpoint and protocol are honoured from user settings only.
    await account().update('endpoint', fake.endpoint, vscode.ConfigurationTarget.Global);
    await account().update('protocol', 'http', vscode.ConfigurationTarget.Global);
    await account().update('region', 'cn-hangzhou', vscode.ConfigurationTarget.Global);
    await until(
      'the endpoint setting to apply',
      () => account().inspect<string>('endpoint')?.globalValue,
      (v) => v === fake!.endpoint,
    );
    // code-server is a remote window: the extension asks once before it uses a user-level endpoint override there.
    if (vscode.env.remoteName) await confirmAccountPrompts(/^endpoint:/);
  });

  suiteTeardown(async () => {
    for (const key of ['endpoint', 'protocol', 'region']) await account().update(key, undefined, vscode.ConfigurationTarget.Global);
    for (const k of ENV_KEYS) {
      if (savedEnv[k] === undefined) delete process.env[k];
      else process.env[k] = savedEnv[k];
    }
    await fake?.close();
  });

  /** Runs the pick code action on `key`, accepts the first QuickPick item, and returns the edited line. */
  async function pickFirst(doc: vscode.TextDocument, key: string, title: string): Promise<string> {
    const before = doc.getText();
    const keyPos = positionOf(doc, key, 4);
    const range = new vscode.Range(keyPos, keyPos);
    const actions = await until(
      `the "${title}" code action`,
      async () => (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', doc.uri, range)) ?? [],
      (list) => list.some((a) => a.title === title),
    );
    const pick = actions.find((a) => a.title === title)!;
    const command: vscode.Command | undefined = typeof (pick as vscode.Command).command === 'string' ? (pick as vscode.Command) : (pick as vscode.CodeAction).command;
    assert.ok(command, `the action has no command: ${short(pick)}`);
    assert.equal(command.command, PICK_COMMAND);

    // Runs until the QuickPick is accepted (or hidden); do not await yet.
    let settled = false;
    const picked = Promise.resolve(vscode.commands.executeCommand<boolean>(command.command, ...((command.arguments ?? []) as unknown[]))).finally(() => {
      settled = true;
    });
    // Accept the active item once the list has loaded. Accepting while the list is still loading picks nothing
    // (the QuickPick stays open), so this retries until the command returns.
    await until(
      'the QuickPick to load and accept its first item',
      async () => {
        if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        return settled;
      },
      (done) => done,
      DEADLINE_MS,
    );
    assert.equal(await picked, true, `${PICK_COMMAND} did not insert anything`);
    await textWhen(doc, (t) => t !== before, 'the picked ID to be inserted');
    return doc.lineAt(keyPos.line).text;
  }

  test('"Pick an EIP from your account…" pages through the account and inserts the chosen ID quoted', async () => {
    const { doc } = await openFixture('account.yaml');
    try {
      const before = doc.getText();
      const line = await pickFirst(doc, 'k8s.aliyun.com/eci-eip-instanceid', 'Pick an EIP from your account…');
      const m = /^ {4}k8s\.aliyun\.com\/eci-eip-instanceid: "(eip-bp1fk(\d{12}))"$/.exec(line);
      assert.ok(m, `unexpected line: ${line}`);
      // Available EIPs are listed first; in the fake account every third EIP (0, 3, 6, …) is InUse.
      assert.notEqual(Number(m[2]) % 3, 0, `${m[1]} is InUse but was offered first`);
      assert.equal(doc.getText(), before.replace('k8s.aliyun.com/eci-eip-instanceid: ""', `k8s.aliyun.com/eci-eip-instanceid: "${m[1]}"`));

      // The listing went through the real SDK with a valid signature, page by page.
      const listed = fake!.requests.filter((r) => r.action === 'DescribeEipAddresses');
      assert.ok(listed.length >= 3, `expected 3 pages, got ${short(listed.map((r) => r.query))}`);
      assert.ok(
        listed.every((r) => r.status === 200 && r.accessKeyId === FAKE_ACCESS_KEY_ID),
        short(listed),
      );
      assert.deepEqual([...new Set(listed.map((r) => r.query.PageNumber))].sort(), ['1', '2', '3']);
      console.log(`      picked ${m[1]} after ${listed.length} DescribeEipAddresses pages from ${fake!.url}`);
    } finally {
      await revertAndClose(doc);
    }
  });

  test('bandwidth package and IP pool pickers keep the quoting style, and replace a ${…} placeholder', async () => {
    const { doc } = await openFixture('account-eip-options.yaml');
    try {
      const cbwp = await pickFirst(doc, 'k8s.aliyun.com/eip-common-bandwidth-package-id', 'Pick a shared bandwidth package…');
      assert.match(cbwp, /^ {4}k8s\.aliyun\.com\/eip-common-bandwidth-package-id: 'cbwp-bp1fk\d{12}'$/);
      const pool = await pickFirst(doc, 'k8s.aliyun.com/eip-public-ip-address-pool-id', 'Pick an IP address pool…');
      assert.match(pool, /^ {4}k8s\.aliyun\.com\/eip-public-ip-address-pool-id: "pippool-bp1fk\d{12}"$/);
      assert.ok(fake!.requests.some((r) => r.action === 'DescribeCommonBandwidthPackages' && r.status === 200));
      assert.ok(fake!.requests.some((r) => r.action === 'ListPublicIpAddressPools' && r.status === 200));
    } finally {
      await revertAndClose(doc);
    }
  });

  test('with account features off, the picker sends no request', async () => {
    await account().update('enabled', false, vscode.ConfigurationTarget.Global);
    const { doc } = await openFixture('account.yaml');
    try {
      const sent = fake!.requests.length;
      const keyPos = positionOf(doc, 'k8s.aliyun.com/eci-eip-instanceid', 4);
      const args = { uri: doc.uri.toString(), version: doc.version, kind: 'eip', range: new vscode.Range(keyPos.line, 39, keyPos.line, 41), template: '"${id}"' };
      let settled = false;
      const result = Promise.resolve(vscode.commands.executeCommand<boolean>(PICK_COMMAND, args)).finally(() => {
        settled = true;
      });
      // The command explains that the feature is off in a notification; dismissing it ends the command.
      await until(
        'the command to give up',
        async () => {
          if (!settled) await vscode.commands.executeCommand('notifications.clearAll');
          return settled;
        },
        (done) => done,
      );
      assert.equal(await result, false);
      assert.equal(fake!.requests.length, sent, 'no request may be sent while account features are off');
      assert.equal(doc.getText().includes('eci-eip-instanceid: ""'), true, 'the document is unchanged');
    } finally {
      await account().update('enabled', undefined, vscode.ConfigurationTarget.Global);
      await revertAndClose(doc);
    }
  });
});

/** Account pickers (code actions that run the client's pick command) and the existence check, with a fake account. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CodeActionKind, DiagnosticSeverity, type CodeAction, type Range } from 'vscode-languageserver-types';
import type { PickResourceArgs } from '../../server/src/protocol';
import type { AccountResources } from '../../server/src/service/account';
import type { CodeActionOptions } from '../../server/src/service/languageService';
import { applyEdits, doc, service } from './helpers';
import { ACCOUNT_RESOURCES, FakeAccount, lineOf, POD, rangeOf } from './support';

function actionsOnLine(text: string, line: number, accountActions = true, version = 1): { uri: string; actions: CodeAction[] } {
  const ls = service();
  const d = doc(text, undefined, version);
  const model = ls.parse(d);
  const range: Range = { start: { line, character: 0 }, end: { line, character: 0 } };
  return { uri: d.uri, actions: ls.getCodeActions(model, range, [], { accountActions }) };
}

function pick(action: CodeAction): PickResourceArgs {
  assert.equal(action.kind, CodeActionKind.RefactorRewrite);
  assert.equal(action.edit, undefined, 'a picker edits nothing until a resource is chosen');
  assert.equal(action.command?.command, 'eciAnnotations.pickResource');
  assert.equal(action.command?.arguments?.length, 1);
  return action.command?.arguments?.[0] as PickResourceArgs;
}

/** What the client does: replace the range with the template, `${id}` standing for the chosen ID. */
function choose(text: string, args: PickResourceArgs, id: string): string {
  return applyEdits(text, [{ range: args.range, newText: args.template.replace('${id}', id) }]);
}

describe('Pick an EIP from your account…', () => {
  const cases: [string, string, string][] = [
    // [value as written, the range it must cover, template]
    ['', '', ' "${id}"'],
    [' "${EIP}"', '"${EIP}"', '"${id}"'],
    [" 'eip-****'", "'eip-****'", "'${id}'"],
    [' eip-bp1q5n8cq4p7f6dzu0000', 'eip-bp1q5n8cq4p7f6dzu0000', '"${id}"'],
    [' "eip-bp1q5n8cq4p7f6dzu0000" # chosen', '"eip-bp1q5n8cq4p7f6dzu0000"', '"${id}"'],
  ];
  for (const [value, covered, template] of cases) {
    test(`on k8s.aliyun.com/eci-eip-instanceid:${value || ' (empty)'}`, () => {
      const text = POD(`    example.com/x: "y"\n    k8s.aliyun.com/eci-eip-instanceid:${value}`);
      const line = lineOf(text, 'eci-eip-instanceid');
      const { uri, actions } = actionsOnLine(text, line, true, 7);
      const titled = actions.filter((a) => a.title === 'Pick an EIP from your account…');
      assert.equal(titled.length, 1, JSON.stringify(actions.map((a) => a.title)));
      const args = pick(titled[0]);
      assert.equal(args.uri, uri);
      assert.equal(args.version, 7);
      assert.equal(args.kind, 'eip');
      assert.equal(args.template, template);
      if (covered) {
        assert.deepEqual(args.range, rangeOf(text, covered));
      } else {
        const character = text.split('\n')[line].length;
        assert.deepEqual(args.range, { start: { line, character }, end: { line, character } });
      }
      const chosen = choose(text, args, 'eip-bp1known0000000001');
      const q = template.includes("'") ? "'" : '"';
      assert.ok(chosen.includes(`    k8s.aliyun.com/eci-eip-instanceid: ${q}eip-bp1known0000000001${q}`), chosen);
      assert.equal(chosen.split('\n').length, text.split('\n').length);
      if (value.includes('# chosen')) assert.ok(chosen.includes('" # chosen'));
    });
  }

  test('single quotes when the map uses them, for an empty value', () => {
    const text = POD("    example.com/x: 'y'\n    k8s.aliyun.com/eci-eip-instanceid:");
    const { actions } = actionsOnLine(text, lineOf(text, 'eci-eip-instanceid'));
    assert.equal(pick(actions[0]).template, " '${id}'");
  });

  test('none when account actions are off, and none on other lines', () => {
    const text = POD('    k8s.aliyun.com/eci-eip-instanceid: eip-bp1q5n8cq4p7f6dzu0000\n    example.com/x: "y"');
    assert.deepEqual(actionsOnLine(text, lineOf(text, 'eci-eip-instanceid'), false).actions, []);
    assert.deepEqual(actionsOnLine(text, lineOf(text, 'example.com/x')).actions, []);
  });

  test("not on a Deployment's own metadata (the annotation is at the wrong level there)", () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  annotations:\n    k8s.aliyun.com/eci-eip-instanceid: ""\nspec:\n  template:\n    spec: {}\n';
    const picks = actionsOnLine(text, 4).actions.filter((a) => a.command);
    assert.deepEqual(picks, []);
  });

  test('the ImageCache key eip-instance-id gets the EIP picker too', () => {
    const text = 'apiVersion: eci.alibabacloud.com/v1\nkind: ImageCache\nmetadata:\n  annotations:\n    k8s.aliyun.com/eip-instance-id: ""\n';
    const { actions } = actionsOnLine(text, 4);
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Pick an EIP from your account…'],
    );
    assert.deepEqual(pick(actions[0]).range, rangeOf(text, '""'));
  });
});

describe('bandwidth package and IP pool pickers', () => {
  test('Pick a shared bandwidth package…', () => {
    const text = POD("    k8s.aliyun.com/eci-with-eip: 'true'\n    k8s.aliyun.com/eip-common-bandwidth-package-id: '${CBWP}'");
    const { actions } = actionsOnLine(text, lineOf(text, 'eip-common-bandwidth'));
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Pick a shared bandwidth package…'],
    );
    const args = pick(actions[0]);
    assert.equal(args.kind, 'bandwidthPackage');
    assert.deepEqual(args.range, rangeOf(text, "'${CBWP}'"));
    assert.equal(args.template, "'${id}'");
  });

  test('Pick an IP address pool…', () => {
    const text = POD('    k8s.aliyun.com/eci-with-eip: "true"\n    k8s.aliyun.com/eip-public-ip-address-pool-id: pippool-****');
    const { actions } = actionsOnLine(text, lineOf(text, 'pool-id'));
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Pick an IP address pool…'],
    );
    const args = pick(actions[0]);
    assert.equal(args.kind, 'ipPool');
    assert.deepEqual(args.range, rangeOf(text, 'pippool-****'));
    assert.equal(args.template, '"${id}"');
  });
});

describe('Associate an existing EIP…', () => {
  const DEPLOYMENT = (annotations: string, indent = '  ') =>
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      `${indent}name: w`,
      'spec:',
      `${indent}template:`,
      `${indent}${indent}metadata:`,
      `${indent}${indent}${indent}annotations:`,
      annotations,
      `${indent}${indent}spec:`,
      `${indent}${indent}${indent}containers: []`,
      '',
    ].join('\n');

  test('on a pod template annotations map without EIP keys: inserts a correctly indented line', () => {
    const text = DEPLOYMENT('        k8s.aliyun.com/eci-use-specs: "2-4Gi"\n        example.com/x: "y"');
    const { actions } = actionsOnLine(text, lineOf(text, 'eci-use-specs'));
    const associate = actions.filter((a) => a.title === 'Associate an existing EIP…');
    assert.equal(associate.length, 1);
    const args = pick(associate[0]);
    assert.equal(args.kind, 'eip');
    const insertAt = lineOf(text, 'example.com/x') + 1;
    assert.deepEqual(args.range, { start: { line: insertAt, character: 0 }, end: { line: insertAt, character: 0 } });
    assert.equal(args.template, '        k8s.aliyun.com/eci-eip-instanceid: "${id}"\n');
    assert.equal(
      choose(text, args, 'eip-bp1known0000000001'),
      text.replace('example.com/x: "y"\n', 'example.com/x: "y"\n        k8s.aliyun.com/eci-eip-instanceid: "eip-bp1known0000000001"\n'),
    );
  });

  test('4-space indentation, single quotes, CRLF', () => {
    const text = DEPLOYMENT("                example.com/x: 'y'", '    ').replace(/\n/g, '\r\n');
    const { actions } = actionsOnLine(text, lineOf(text, 'annotations:'));
    const args = pick(actions.find((a) => a.title === 'Associate an existing EIP…')!);
    assert.equal(args.template, "                k8s.aliyun.com/eci-eip-instanceid: '${id}'\r\n");
    assert.equal(choose(text, args, 'eip-1'), text.replace("example.com/x: 'y'\r\n", "example.com/x: 'y'\r\n                k8s.aliyun.com/eci-eip-instanceid: 'eip-1'\r\n"));
  });

  test('a map that is last in the file without a final newline', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    example.com/x: "y"';
    const { actions } = actionsOnLine(text, 4);
    const args = pick(actions.find((a) => a.title === 'Associate an existing EIP…')!);
    assert.equal(choose(text, args, 'eip-1'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    example.com/x: "y"\n    k8s.aliyun.com/eci-eip-instanceid: "eip-1"\n');
  });

  test('a pod template without annotations: the annotations map is created at the right level', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: w\nspec:\n  template:\n    metadata:\n      labels:\n        app: w\n    spec:\n      containers: []\n';
    const args = pick(actionsOnLine(text, lineOf(text, 'app: w')).actions.find((a) => a.title === 'Associate an existing EIP…')!);
    assert.equal(choose(text, args, 'eip-1'), text.replace('    metadata:\n', '    metadata:\n      annotations:\n        k8s.aliyun.com/eci-eip-instanceid: "eip-1"\n'));
  });

  test('a pod template without metadata, and one with `annotations: {}`', () => {
    const bare = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: w\nspec:\n  template:\n    spec:\n      containers: []\n';
    const args = pick(actionsOnLine(bare, lineOf(bare, 'containers')).actions.find((a) => a.title === 'Associate an existing EIP…')!);
    assert.equal(choose(bare, args, 'eip-1'), bare.replace('  template:\n', '  template:\n    metadata:\n      annotations:\n        k8s.aliyun.com/eci-eip-instanceid: "eip-1"\n'));
    const empty = bare.replace('  template:\n', '  template:\n    metadata:\n      annotations: {}\n');
    const args2 = pick(actionsOnLine(empty, lineOf(empty, 'annotations: {}')).actions.find((a) => a.title === 'Associate an existing EIP…')!);
    assert.equal(choose(empty, args2, 'eip-1'), empty.replace('annotations: {}', 'annotations:\n        k8s.aliyun.com/eci-eip-instanceid: "eip-1"'));
  });

  test('not offered when the map has an EIP key, on own metadata, or with account actions off', () => {
    const withEip = DEPLOYMENT('        k8s.aliyun.com/eci-with-eip: "true"');
    assert.deepEqual(
      actionsOnLine(withEip, lineOf(withEip, 'eci-with-eip')).actions.map((a) => a.title),
      [],
    );
    const own = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  annotations:\n    example.com/x: "y"\nspec:\n  template:\n    spec: {}\n';
    assert.deepEqual(actionsOnLine(own, 4).actions, []);
    const plain = DEPLOYMENT('        example.com/x: "y"');
    assert.deepEqual(actionsOnLine(plain, lineOf(plain, 'example.com/x'), false).actions, []);
    const imageCache = 'apiVersion: eci.alibabacloud.com/v1\nkind: ImageCache\nmetadata:\n  annotations:\n    k8s.aliyun.com/imc-size: "40"\n';
    assert.deepEqual(actionsOnLine(imageCache, 4).actions, []);
  });
});

describe('checkAccountResources', () => {
  const TEXT = POD(
    [
      '    k8s.aliyun.com/eci-eip-instanceid: eip-bp1unknown000000099',
      '    k8s.aliyun.com/eci-with-eip: "false"',
      '    k8s.aliyun.com/eip-common-bandwidth-package-id: "cbwp-bp1known000000001"',
      '    k8s.aliyun.com/eip-public-ip-address-pool-id: pippool-bp1gone00000001',
    ].join('\n'),
  );

  async function existence(text: string, account: AccountResources | undefined, severity?: 'off' | 'error') {
    const ls = service({ account });
    const model = ls.parse(doc(text));
    return ls.checkAccountResources(model, severity ? { severity: { 'resource-not-found': severity } } : undefined);
  }

  test('flags IDs the account does not have, on the value, and not the known ones', async () => {
    const account = new FakeAccount(ACCOUNT_RESOURCES);
    const found = await existence(TEXT, account);
    assert.deepEqual(
      found.map((d) => [d.code, d.source, d.severity, d.range]),
      [
        ['resource-not-found', 'eci', DiagnosticSeverity.Warning, rangeOf(TEXT, 'eip-bp1unknown000000099')],
        ['resource-not-found', 'eci', DiagnosticSeverity.Warning, rangeOf(TEXT, 'pippool-bp1gone00000001')],
      ],
    );
    assert.match(found[0].message as string, /^eip-bp1unknown000000099 does not exist in the configured account and region/);
    assert.equal(account.calls, 3, 'one listing per kind');
  });

  test('a known EIP is not flagged; placeholders and masked IDs are not checked', async () => {
    const text = POD(
      '    k8s.aliyun.com/eci-eip-instanceid: eip-bp1known0000000001\n    k8s.aliyun.com/eip-public-ip-address-pool-id: "${POOL}"\n    k8s.aliyun.com/eip-common-bandwidth-package-id: cbwp-****',
    );
    assert.deepEqual(await existence(text, new FakeAccount(ACCOUNT_RESOURCES)), []);
  });

  test('nothing when disconnected, without an account, when off, or when the account fails', async () => {
    assert.deepEqual(await existence(TEXT, new FakeAccount(ACCOUNT_RESOURCES, false)), []);
    assert.deepEqual(await existence(TEXT, undefined), []);
    assert.deepEqual(await existence(TEXT, new FakeAccount(ACCOUNT_RESOURCES), 'off'), []);
    const failing: AccountResources = { isConnected: () => true, list: async () => Promise.reject(new Error('throttled')) };
    assert.deepEqual(await existence(TEXT, failing), []);
  });

  test('the severity setting applies', async () => {
    const found = await existence(TEXT, new FakeAccount(ACCOUNT_RESOURCES), 'error');
    assert.ok(found.length === 2 && found.every((d) => d.severity === DiagnosticSeverity.Error));
  });

  test('only pod annotation sites are checked (not a wrong-level copy), in every document', async () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    k8s.aliyun.com/eci-eip-instanceid: eip-bp1unknown000000001
spec:
  template:
    spec: {}
---
${POD('    k8s.aliyun.com/eci-eip-instanceid: eip-bp1unknown000000002')}`;
    const found = await existence(text, new FakeAccount(ACCOUNT_RESOURCES));
    assert.deepEqual(
      found.map((d) => d.range),
      [rangeOf(text, 'eip-bp1unknown000000002')],
    );
  });
});

describe('Pick vSwitches / security groups from your account… (#10)', () => {
  const cases: [string, string, string, PickResourceArgs['kind']][] = [
    ['k8s.aliyun.com/eci-vswitch', ' "vsw-bp1a,vsw-bp1b"', 'Pick vSwitches from your account…', 'vSwitch'],
    ['k8s.aliyun.com/eci-security-group', " 'sg-bp1a'", 'Pick security groups from your account…', 'securityGroup'],
    ['k8s.aliyun.com/eci-vswitch', '', 'Pick vSwitches from your account…', 'vSwitch'],
  ];
  for (const [key, value, title, kind] of cases) {
    test(`on ${key}:${value || ' (empty)'}: the whole comma list is replaced by the chosen IDs`, () => {
      const text = POD(`    ${key}:${value}`);
      const line = lineOf(text, key);
      const { actions } = actionsOnLine(text, line);
      const titled = actions.filter((a) => a.title === title);
      assert.equal(titled.length, 1, JSON.stringify(actions.map((a) => a.title)));
      const args = pick(titled[0]);
      assert.equal(args.kind, kind);
      if (value) assert.deepEqual(args.range, rangeOf(text, value.trim()));
      const ids = kind === 'vSwitch' ? 'vsw-bp1new1,vsw-bp1new2' : 'sg-bp1new1';
      const q = value.includes("'") ? "'" : '"';
      assert.ok(choose(text, args, ids).includes(`    ${key}: ${q}${ids}${q}`), choose(text, args, ids));
    });
  }
  test("the security-group pick carries the vSwitches of the same map (the picker shows their VPC's groups); none without them", () => {
    const withVsw = POD('    k8s.aliyun.com/eci-vswitch: "vsw-bp1a, vsw-bp1b,{{ .Values.extraVSwitch }}"\n    k8s.aliyun.com/eci-security-group: "sg-bp1a"');
    const sgLine = lineOf(withVsw, 'k8s.aliyun.com/eci-security-group');
    const sgPick = actionsOnLine(withVsw, sgLine).actions.find((a) => a.title === 'Pick security groups from your account…');
    assert.ok(sgPick);
    assert.deepEqual(pick(sgPick).vSwitchIds, ['vsw-bp1a', 'vsw-bp1b']);
    const vswPick = actionsOnLine(withVsw, lineOf(withVsw, 'k8s.aliyun.com/eci-vswitch')).actions.find((a) => a.title === 'Pick vSwitches from your account…');
    assert.ok(vswPick);
    assert.equal(pick(vswPick).vSwitchIds, undefined);
    const alone = POD('    k8s.aliyun.com/eci-security-group: "sg-bp1a"');
    const alonePick = actionsOnLine(alone, lineOf(alone, 'k8s.aliyun.com/eci-security-group')).actions.find((a) => a.title === 'Pick security groups from your account…');
    assert.ok(alonePick);
    assert.equal(pick(alonePick).vSwitchIds, undefined);
  });
  test("without vSwitches in the map, the security-group pick carries the pod's vSwitches from an eci-profile in another document, else from the setting", () => {
    const ls = service();
    const pod = POD('    k8s.aliyun.com/eci-security-group: "sg-bp1a"');
    const model = ls.parse(doc(pod));
    const line = lineOf(pod, 'k8s.aliyun.com/eci-security-group');
    const range: Range = { start: { line, character: 0 }, end: { line, character: 0 } };
    const profile = ls.parse(
      doc('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: eci-profile\n  namespace: kube-system\ndata:\n  vSwitchIds: "vsw-bp1zonek,vsw-bp1zoneh"\n', 'file:///profile.yaml'),
    );
    const sgPick = (options: CodeActionOptions) =>
      ls.getCodeActions(model, range, [], { accountActions: true, ...options }).find((a) => a.title === 'Pick security groups from your account…');
    assert.deepEqual(pick(sgPick({ workspace: () => [profile], vSwitchIds: ['vsw-bp1setting'] })!).vSwitchIds, ['vsw-bp1zonek', 'vsw-bp1zoneh']);
    assert.deepEqual(pick(sgPick({ workspace: () => [], vSwitchIds: ['vsw-bp1setting'] })!).vSwitchIds, ['vsw-bp1setting']);
    assert.equal(pick(sgPick({ workspace: () => [] })!).vSwitchIds, undefined);
  });
  test('the existence check of EIPs never lists vSwitches as account resources (they go through the network account)', async () => {
    const listed: string[] = [];
    const account: AccountResources = { isConnected: () => true, list: async (k) => (listed.push(k), []) };
    const ls = service({ account });
    await ls.checkAccountResources(ls.parse(doc(POD('    k8s.aliyun.com/eci-vswitch: "vsw-bp1a"\n    k8s.aliyun.com/eci-security-group: "sg-bp1a"'))));
    assert.deepEqual(listed, []);
  });
});

/** Completion: keys only where pod annotations belong, quoted value placeholders, enum/boolean values, account values. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type CompletionList, type MarkupContent, type TextEdit } from 'vscode-languageserver-types';
import type { LanguageServiceOptions } from '../../server/src/service/languageService';
import { cursor, doc, service } from './helpers';
import { ACCOUNT_RESOURCES, FakeAccount } from './support';

async function complete(textWithBar: string, options?: LanguageServiceOptions): Promise<CompletionList> {
  const { text, position } = cursor(textWithBar);
  const ls = service(options);
  return ls.doComplete(ls.parse(doc(text)), position);
}

function labels(list: CompletionList): string[] {
  return list.items.map((i) => i.label);
}

function item(list: CompletionList, label: string): CompletionItem {
  const found = list.items.find((i) => i.label === label);
  assert.ok(found, `no item ${label} in ${labels(list).slice(0, 10).join(', ')}…`);
  return found;
}

function edit(i: CompletionItem): TextEdit {
  assert.ok(i.textEdit && 'range' in i.textEdit, 'a text edit with a range');
  return i.textEdit;
}

const DEPLOYMENT = (annotationsBlock: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: w
spec:
  replicas: 1
  template:
    metadata:
      labels:
        app: w
${annotationsBlock}
    spec:
      containers: []
`;

describe('completion of keys', () => {
  test('in a block map of the pod template: every writable key, with a quoted placeholder and docs', async () => {
    const list = await complete(DEPLOYMENT('      annotations:\n        example.com/x: "y"\n        |'));
    assert.ok(list.items.length > 40);
    const withEip = item(list, 'k8s.aliyun.com/eci-with-eip');
    assert.equal(withEip.kind, CompletionItemKind.Property);
    assert.equal(withEip.insertTextFormat, InsertTextFormat.Snippet);
    assert.deepEqual(edit(withEip), {
      range: { start: { line: 12, character: 8 }, end: { line: 12, character: 8 } },
      newText: 'k8s.aliyun.com/eci-with-eip: "${1|true,false|}"',
    });
    assert.match((withEip.documentation as MarkupContent).value, /ECI creates a pay-as-you-go EIP/);
    assert.equal(edit(item(list, 'k8s.aliyun.com/eip-bandwidth')).newText, 'k8s.aliyun.com/eip-bandwidth: "${1:5}"');
    assert.equal(edit(item(list, 'k8s.aliyun.com/eci-spot-strategy')).newText, 'k8s.aliyun.com/eci-spot-strategy: "${1|SpotAsPriceGo,SpotWithPriceLimit|}"');
    // JSON values use single quotes so the JSON stays readable.
    assert.match(edit(item(list, 'k8s.aliyun.com/eci-custom-hosts')).newText, /^k8s\.aliyun\.com\/eci-custom-hosts: '\$\{1:\[\{"host":"example\.com","ip":"100\.100\.5\.1"\\\}\]\}'$/);
  });

  test('every placeholder is a quoted string', async () => {
    const list = await complete(DEPLOYMENT('      annotations:\n        |'));
    for (const i of list.items) assert.match(edit(i).newText, /^[^:]+: (".*"|'.*')$/, i.label);
  });

  test('single quotes when the map uses them', async () => {
    const list = await complete(DEPLOYMENT("      annotations:\n        example.com/x: 'y'\n        |"));
    assert.equal(edit(item(list, 'k8s.aliyun.com/eip-bandwidth')).newText, "k8s.aliyun.com/eip-bandwidth: '${1:5}'");
  });

  test('partially typed key: the edit replaces what was typed', async () => {
    const list = await complete(DEPLOYMENT('      annotations:\n        k8s.aliyun.com/eip-b|'));
    const i = item(list, 'k8s.aliyun.com/eip-bandwidth');
    assert.deepEqual(edit(i).range, { start: { line: 11, character: 8 }, end: { line: 11, character: 28 } });
    assert.equal(i.filterText, 'k8s.aliyun.com/eip-bandwidth');
  });

  test('quoted key: the edit keeps the opening quote', async () => {
    const list = await complete(DEPLOYMENT('      annotations:\n        "k8s.aliyun.com/eci-sp|'));
    const i = item(list, 'k8s.aliyun.com/eci-spot-strategy');
    assert.deepEqual(edit(i), {
      range: { start: { line: 11, character: 8 }, end: { line: 11, character: 30 } },
      newText: '"k8s.aliyun.com/eci-spot-strategy": "${1|SpotAsPriceGo,SpotWithPriceLimit|}"',
    });
    assert.equal(i.filterText, '"k8s.aliyun.com/eci-spot-strategy');
  });

  test('in a flow map', async () => {
    const list = await complete(DEPLOYMENT('      annotations: {example.com/x: "y", |}'));
    const i = item(list, 'k8s.aliyun.com/eci-use-specs');
    assert.deepEqual(edit(i).range, { start: { line: 10, character: 40 }, end: { line: 10, character: 40 } });
    assert.equal(edit(i).newText, 'k8s.aliyun.com/eci-use-specs: "${1:2-4Gi,ecs.c6.xlarge}"');
  });

  test('empty `annotations:` with the cursor on the next indented line', async () => {
    const list = await complete(DEPLOYMENT('      annotations:\n        |'));
    assert.ok(labels(list).includes('k8s.aliyun.com/eci-with-eip'));
    assert.deepEqual(edit(item(list, 'k8s.aliyun.com/eci-with-eip')).range.start, { line: 11, character: 8 });
  });

  test("not on the Deployment's own metadata.annotations, nor under spec:, nor in other maps", async () => {
    assert.deepEqual(labels(await complete('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  annotations:\n    |\nspec: {}\n')), []);
    assert.deepEqual(labels(await complete('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: w\nspec:\n  |\n')), []);
    assert.deepEqual(labels(await complete(DEPLOYMENT('      annotations:\n        a: b').replace('      containers: []', '      containers: []\n      nodeSelector:\n        |'))), []);
    assert.deepEqual(labels(await complete('apiVersion: v1\nkind: Service\nmetadata:\n  annotations:\n    |\n')), []);
    assert.deepEqual(labels(await complete('apiVersion: batch/v1\nkind: CronJob\nspec:\n  jobTemplate:\n    metadata:\n      annotations:\n        |\n')), []);
  });

  test('CronJob: on the pod template deep inside the job template', async () => {
    const list = await complete('apiVersion: batch/v1\nkind: CronJob\nspec:\n  jobTemplate:\n    spec:\n      template:\n        metadata:\n          annotations:\n            |\n');
    assert.ok(labels(list).includes('k8s.aliyun.com/eci-spot-strategy'));
  });

  test('keys already present are left out (but the key being typed is not)', async () => {
    const list = await complete(
      DEPLOYMENT('      annotations:\n        k8s.aliyun.com/eci-with-eip: "true"\n        "k8s.aliyun.com/eip-bandwidth": "5"\n        k8s.aliyun.com/eci-use-spe|'),
    );
    assert.ok(!labels(list).includes('k8s.aliyun.com/eci-with-eip'));
    assert.ok(!labels(list).includes('k8s.aliyun.com/eip-bandwidth'));
    assert.ok(labels(list).includes('k8s.aliyun.com/eci-use-specs'));
    assert.ok(labels(list).includes('k8s.aliyun.com/eip-isp'));
  });

  test('keys already present are left out on a new empty line too (the usual case)', async () => {
    for (const after of ['', '  # a comment\n']) {
      const list = await complete(DEPLOYMENT(`      annotations:\n        k8s.aliyun.com/eci-with-eip: "true"\n${after}        |`));
      assert.ok(!labels(list).includes('k8s.aliyun.com/eci-with-eip'), JSON.stringify(after));
      assert.ok(labels(list).includes('k8s.aliyun.com/eip-bandwidth'));
    }
    const atEnd = await complete('apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    k8s.aliyun.com/eci-with-eip: "true"\n    |');
    assert.ok(!labels(atEnd).includes('k8s.aliyun.com/eci-with-eip'));
  });

  test('read-only and legacy keys are not offered; ImageCache-only keys are not offered on pods', async () => {
    const all = labels(await complete(DEPLOYMENT('      annotations:\n        |')));
    for (const key of [
      'k8s.aliyun.com/eci-instance-id',
      'k8s.aliyun.com/allocated-eipAddress',
      'k8s.aliyun.com/eci-image-cache',
      'k8s.aliyun.com/eci-instance-type',
      'k8s.aliyun.com/pod-fail-on-create-err',
    ]) {
      assert.ok(!all.includes(key), key);
    }
    assert.ok(!all.includes('k8s.aliyun.com/eip-instance-id'));
    assert.ok(!all.includes('k8s.aliyun.com/auto-create-eip'));
  });

  test('ImageCache offers its own keys: eip-instance-id, not eci-with-eip', async () => {
    const list = await complete('apiVersion: eci.alibabacloud.com/v1\nkind: ImageCache\nmetadata:\n  name: imc\n  annotations:\n    |\nspec:\n  images: [nginx]\n');
    const all = labels(list);
    assert.ok(all.includes('k8s.aliyun.com/eip-instance-id'));
    assert.ok(all.includes('k8s.aliyun.com/auto-create-eip'));
    assert.ok(all.includes('k8s.aliyun.com/imc-size'));
    assert.ok(!all.includes('k8s.aliyun.com/eci-with-eip'));
    assert.ok(!all.includes('k8s.aliyun.com/eci-eip-instanceid'));
  });

  test('labels offer alibabacloud.com/eci with a quoted "true"', async () => {
    const list = await complete(DEPLOYMENT('').replace('        app: w\n', '        app: w\n        |\n'));
    const i = item(list, 'alibabacloud.com/eci');
    assert.equal(edit(i).newText, 'alibabacloud.com/eci: "true"');
    assert.ok(!labels(list).includes('k8s.aliyun.com/eci-with-eip'));
  });

  test('positions are right in the third document', async () => {
    const first = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n';
    const list = await complete(`${first}---\n${first}---\napiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    k8s.aliyun.com/eci-w|\n`);
    assert.deepEqual(edit(item(list, 'k8s.aliyun.com/eci-with-eip')).range, { start: { line: 14, character: 4 }, end: { line: 14, character: 24 } });
  });
});

describe('completion of values', () => {
  const POD = (line: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    ${line}\nspec: {}\n`;

  test('enum values are quoted', async () => {
    const list = await complete(POD('k8s.aliyun.com/eci-spot-strategy: |'));
    assert.deepEqual(labels(list), ['"SpotAsPriceGo"', '"SpotWithPriceLimit"']);
    assert.deepEqual(edit(list.items[0]), { range: { start: { line: 4, character: 38 }, end: { line: 4, character: 38 } }, newText: '"SpotAsPriceGo"' });
    assert.equal(list.items[0].kind, CompletionItemKind.EnumMember);
    assert.match((list.items[1].documentation as MarkupContent).value, /maximum hourly price/);
  });

  test('boolean values are quoted', async () => {
    const list = await complete(POD('k8s.aliyun.com/eci-with-eip: |'));
    assert.deepEqual(
      list.items.map((i) => edit(i).newText),
      ['"true"', '"false"'],
    );
  });

  test('an already-typed quote is respected and replaced', async () => {
    const single = await complete(POD("k8s.aliyun.com/eci-spot-strategy: 'Sp|"));
    assert.deepEqual(edit(single.items[0]), { range: { start: { line: 4, character: 38 }, end: { line: 4, character: 41 } }, newText: "'SpotAsPriceGo'" });
    const double = await complete(POD('k8s.aliyun.com/eci-with-eip: "|"'));
    assert.deepEqual(edit(double.items[0]), { range: { start: { line: 4, character: 33 }, end: { line: 4, character: 35 } }, newText: '"true"' });
  });

  test('an unquoted value being typed is replaced with a quoted one', async () => {
    const list = await complete(POD('k8s.aliyun.com/eci-fail-strategy: fail-f|'));
    const i = item(list, '"fail-fast"');
    assert.deepEqual(edit(i), { range: { start: { line: 4, character: 38 }, end: { line: 4, character: 44 } }, newText: '"fail-fast"' });
  });

  test('no values for free text or read-only keys, or outside annotation maps', async () => {
    assert.deepEqual(labels(await complete(POD('k8s.aliyun.com/eci-use-specs: |'))), []);
    assert.deepEqual(labels(await complete(POD('k8s.aliyun.com/eci-instance-id: |'))), []);
    assert.deepEqual(labels(await complete('apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  k8s.aliyun.com/eci-with-eip: |\n')), []);
  });

  test('account resources appear when an account is connected', async () => {
    const account = new FakeAccount(ACCOUNT_RESOURCES);
    const list = await complete(POD('k8s.aliyun.com/eci-eip-instanceid: |'), { account });
    assert.deepEqual(labels(list), ['"eip-bp1known0000000001"', '"eip-bp1known0000000002"']);
    assert.deepEqual(edit(list.items[0]).range, { start: { line: 4, character: 39 }, end: { line: 4, character: 39 } });
    assert.match(list.items[0].detail ?? '', /47\.1\.2\.3/);
    assert.equal(account.calls, 1);
    const packages = await complete(POD("k8s.aliyun.com/eip-common-bandwidth-package-id: '|'"), { account });
    assert.deepEqual(labels(packages), ["'cbwp-bp1known000000001'"]);
    const pools = await complete(POD('k8s.aliyun.com/eip-public-ip-address-pool-id: |'), { account });
    assert.deepEqual(labels(pools), ['"pippool-bp1known00000001"']);
  });

  test('no account resources when disconnected or when the account fails', async () => {
    const account = new FakeAccount(ACCOUNT_RESOURCES, false);
    assert.deepEqual(labels(await complete(POD('k8s.aliyun.com/eci-eip-instanceid: |'), { account })), []);
    assert.equal(account.calls, 0);
    assert.deepEqual(labels(await complete(POD('k8s.aliyun.com/eci-eip-instanceid: |'))), []);
    const failing = { isConnected: () => true, list: async () => Promise.reject(new Error('boom')) };
    assert.deepEqual(labels(await complete(POD('k8s.aliyun.com/eci-eip-instanceid: |'), { account: failing })), []);
  });
});

/** Every place pod annotations really live: operator CRDs, shape-recognised templates, Lists, Helm, JSON and Spark carriers. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import type { CompletionItem, Hover, MarkupContent } from 'vscode-languageserver-types';
import { KIND_PLACEMENTS } from '../../server/src/service/catalogue/kinds';
import { applyEdits, cursor, doc, positionOf, service } from './helpers';
import { applyFix, check, codes, diagnosticAt, fixesFor, fixture, rangeOf, withCode, type Checked } from './support';

/** Checks a text read as a Helm values file. */
function checkValues(text: string): Checked {
  const ls = service();
  const d = doc(text, 'file:///chart/values.yaml');
  const model = ls.parse(d, { helmValues: true });
  return { ls, uri: d.uri, text, model, diagnostics: ls.doValidation(model) as Checked['diagnostics'] };
}

async function completeAt(textWithBar: string, helmValues = false): Promise<{ text: string; items: CompletionItem[] }> {
  const { text, position } = cursor(textWithBar);
  const ls = service();
  const model = ls.parse(doc(text), { helmValues });
  return { text, items: (await ls.doComplete(model, position)).items };
}

function hoverText(h: Hover | null): string {
  assert.ok(h, 'a hover');
  return (h.contents as MarkupContent).value;
}

function hoverAt(text: string, needle: string, helmValues = false, delta = 2): string {
  const ls = service();
  const model = ls.parse(doc(text), { helmValues });
  return hoverText(ls.doHover(model, positionOf(text, needle, delta)));
}

/** The text after applying a completion item's edit, with snippet placeholders replaced by their defaults. */
function accept(text: string, item: CompletionItem): string {
  const edit = item.textEdit as { range: never; newText: string };
  const plain = edit.newText
    .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '')
    .replace(/\\([\\$}])/g, '$1');
  return applyEdits(text, [{ range: edit.range, newText: plain }]);
}

function yamlErrors(text: string): string[] {
  return parseAllDocuments(text.replace(/^([ \t]*)\{\{.*\}\}[ \t]*$/gm, '$1#'), { version: '1.1' }).flatMap((d) => d.errors.map((e) => e.message));
}

describe('the kind table', () => {
  test('every row says whether the operator copies its own annotations, with an https source', () => {
    for (const row of KIND_PLACEMENTS) {
      assert.equal(typeof row.propagatesOwnAnnotations, 'boolean', row.kinds.join());
      assert.match(row.source, /^https:\/\//, row.kinds.join());
      assert.ok(row.apiVersions.length > 0, `${row.kinds.join()} is matched by API group`);
      // A kind whose controller ignores its own annotations flags them; one that copies them reads them as a site.
      const own = (s: { annotations: string }) => s.annotations === 'metadata.annotations';
      if (row.propagatesOwnAnnotations) assert.ok(row.sites.some(own), row.kinds.join());
      else assert.ok(row.ignoredSites.some(own), row.kinds.join());
    }
  });

  test('the new operators are in the table', () => {
    const kinds = KIND_PLACEMENTS.flatMap((r) => r.kinds.map((k) => `${k}@${r.apiVersions[0]}`));
    for (const k of [
      'CloneSet@apps.kruise.io/',
      'StatefulSet@apps.kruise.io/',
      'DaemonSet@apps.kruise.io/',
      'BroadcastJob@apps.kruise.io/',
      'AdvancedCronJob@apps.kruise.io/',
      'RayCluster@ray.io/',
      'RayJob@ray.io/',
      'RayService@ray.io/',
      'Job@batch.volcano.sh/',
      'PyTorchJob@kubeflow.org/',
      'TFJob@kubeflow.org/',
      'MPIJob@kubeflow.org/',
      'FlinkDeployment@flink.apache.org/',
      'Rollout@argoproj.io/',
      'InferenceService@serving.kserve.io/',
    ]) {
      assert.ok(kinds.includes(k), k);
    }
  });
});

describe('operator CRDs', () => {
  test('OpenKruise CloneSet: template checked, own metadata is wrong-level with the move fix', () => {
    const c = check(fixture('kruise-cloneset.yaml'));
    assert.deepEqual(codes(c), ['not-a-string', 'single-instance', 'wrong-level']);
    const moved = applyFix(c, diagnosticAt(c, 'wrong-level', 'eci-use-specs'));
    assert.match(
      moved,
      /app: web\n      annotations:\n        k8s.aliyun.com\/eci-spot-strategy: SpotAsPriceGo\n        k8s.aliyun.com\/eci-max-pending-minute: 60\n        k8s.aliyun.com\/eci-use-specs: "2-4Gi"   # ignored on the CloneSet itself\n/,
    );
    assert.deepEqual(yamlErrors(moved), []);
  });

  test('KubeRay: head and worker templates are checked; the RayCluster metadata moves to the head template', async () => {
    const c = check(fixture('raycluster.yaml'));
    assert.deepEqual(codes(c), ['invalid-value', 'wrong-level']);
    assert.deepEqual(withCode(c, 'invalid-value')[0].range, rangeOf(c.text, 'SpotAsPriceG', 1));
    const moved = applyFix(c, withCode(c, 'wrong-level')[0]);
    assert.match(moved, /headGroupSpec:[\s\S]*annotations:\n          k8s.aliyun.com\/eci-use-specs: "4-8Gi"\n          k8s.aliyun.com\/eci-spot-strategy: "SpotAsPriceGo"\n/);
    // A worker group's template gets completion.
    const { items } = await completeAt(fixture('raycluster.yaml').replace('            k8s.aliyun.com/eci-spot-strategy: SpotAsPriceG\n', '            k8s.aliyun.com/eci-sp|\n'));
    assert.ok(
      items.some((i) => i.label === 'k8s.aliyun.com/eci-spot-strategy'),
      items.map((i) => i.label).join(),
    );
  });

  test('a Volcano Job is not a batch/v1 Job: tasks[].template is checked, spec.template is not', () => {
    const c = check(fixture('volcano-job.yaml'));
    assert.deepEqual(codes(c), ['not-a-string', 'wrong-level']);
    assert.deepEqual(withCode(c, 'not-a-string')[0].range, rangeOf(c.text, '10'));
    // Through a list, the move is offered to each task template that does not have the key yet; none is preferred.
    const wrong = withCode(c, 'wrong-level')[0];
    assert.match(wrong.message, /spec\.tasks\[\]\.template\.metadata\.annotations/);
    const fixes = fixesFor(c, wrong);
    assert.deepEqual(
      fixes.map((f) => [f.title, f.isPreferred]),
      [['Move k8s.aliyun.com/eci-with-eip to spec.tasks[1].template.metadata.annotations', false]],
    );
    assert.match(
      applyFix(c, wrong),
      /- name: worker\n      replicas: 2\n      template:\n        metadata:\n          annotations:\n            k8s.aliyun.com\/eci-use-specs: "2-4Gi"\n            k8s.aliyun.com\/eci-with-eip: "true"\n/,
    );
    const batch = check(fixture('volcano-job.yaml').replace('batch.volcano.sh/v1alpha1', 'batch/v1'));
    assert.equal(withCode(batch, 'not-a-string').length, 0, 'a batch/v1 Job has no tasks[] pod templates');
  });

  test('Kubeflow: every replica role template is a site; the role placeholder names the target', () => {
    const c = check(fixture('kubeflow-pytorchjob.yaml'));
    assert.deepEqual(codes(c), ['deprecated-value', 'missing-dependency', 'missing-dependency', 'wrong-level']);
    const wrong = withCode(c, 'wrong-level')[0];
    assert.match(wrong.message, /spec\.pytorchReplicaSpecs\.<role>\.template\.metadata\.annotations/);
    assert.deepEqual(
      fixesFor(c, wrong).map((f) => f.title),
      [
        'Move k8s.aliyun.com/eci-use-specs to spec.pytorchReplicaSpecs.Master.template.metadata.annotations',
        'Move k8s.aliyun.com/eci-use-specs to spec.pytorchReplicaSpecs.Worker.template.metadata.annotations',
      ],
    );
  });

  test('Flink: the common and per-manager pod templates are checked', () => {
    const c = check(fixture('flink-deployment.yaml'));
    assert.deepEqual(codes(c), ['invalid-value', 'invalid-value', 'not-a-string']);
    assert.ok(withCode(c, 'invalid-value').some((d) => d.range.start.line === rangeOf(c.text, '"True"').start.line));
  });

  test('Argo Rollouts: own metadata is wrong-level with the move fix', () => {
    const c = check(fixture('argo-rollout.yaml'));
    assert.deepEqual(codes(c), ['wrong-level']);
    const moved = applyFix(c, c.diagnostics[0]);
    assert.match(moved, /template:\n    metadata:\n      annotations:\n        k8s.aliyun.com\/eci-use-specs: "2-4Gi"\n      labels:\n/);
    assert.match(moved, /^metadata:\n  name: rollouts-demo\nspec:/m);
  });

  test('KServe copies the InferenceService annotations to its pods: value checks there, no wrong-level', () => {
    const c = check(fixture('kserve-inferenceservice.yaml'));
    assert.deepEqual(codes(c), ['invalid-value']);
    assert.deepEqual(c.diagnostics[0].range, rangeOf(c.text, '"ture"'));
  });
});

describe('a fixed address on a template of a group', () => {
  test('a Volcano task or Ray worker group with replicas > 1 and a fixed EIP: single-instance, counted per group', () => {
    const volcano = fixture('volcano-job.yaml').replace('k8s.aliyun.com/eci-use-specs: "2-4Gi"', 'k8s.aliyun.com/eci-eip-instanceid: "eip-bp1q5n8cq4p7f6dzu0009"');
    const c = check(volcano);
    const d = diagnosticAt(c, 'single-instance', 'eci-eip-instanceid');
    assert.match(d.message, /makes 2 pods/);
    assert.deepEqual(d.relatedInformation?.[0].location.range, rangeOf(volcano, 'replicas', 1));
    // The master task (replicas: 1) with the same key is fine.
    const one = check(
      fixture('volcano-job.yaml').replace(
        'k8s.aliyun.com/eci-with-eip: "true"\n            k8s.aliyun.com/eip-bandwidth: 10',
        'k8s.aliyun.com/eci-eip-instanceid: "eip-bp1q5n8cq4p7f6dzu0009"',
      ),
    );
    assert.equal(withCode(one, 'single-instance').length, 0);
    const ray = check(fixture('raycluster.yaml').replace('k8s.aliyun.com/eci-use-specs: "ecs.gn6i-c4g1.xlarge"', 'k8s.aliyun.com/eci-eip-instanceid: "eip-bp1q5n8cq4p7f6dzu0009"'));
    assert.equal(withCode(ray, 'single-instance').length, 1);
    const kubeflow = check(
      fixture('kubeflow-pytorchjob.yaml').replace('k8s.aliyun.com/eci-spot-strategy: "SpotWithPriceLimit"', 'k8s.aliyun.com/eci-private-ip-address: "192.168.0.8"'),
    );
    assert.match(diagnosticAt(kubeflow, 'single-instance', 'eci-private-ip-address').message, /makes 2 pods/);
  });
});

describe('shapes, Lists and lost indentation', () => {
  const CUSTOM = `apiVersion: example.com/v1
kind: GameServerSet
metadata:
  name: gs
  annotations:
    k8s.aliyun.com/eci-use-specs: "2-4Gi"
spec:
  podTemplate:
    metadata:
      annotations:
        k8s.aliyun.com/eip-bandwidth: 10
        |
    spec:
      containers:
        - name: game
          image: game:1
`;

  test('an unknown kind with a pod template (template/podTemplate whose spec has containers): completion, hover, checks, no wrong-level', async () => {
    const { text, items } = await completeAt(CUSTOM);
    assert.ok(items.some((i) => i.label === 'k8s.aliyun.com/eci-with-eip'));
    const c = check(text);
    assert.deepEqual(codes(c), ['missing-dependency', 'not-a-string']);
    assert.match(hoverAt(text, 'eip-bandwidth'), /Peak bandwidth/);
  });

  test('kind: List items are checked like documents, and the move stays inside the item', async () => {
    const c = check(fixture('list.yaml'));
    assert.deepEqual(codes(c), ['missing-dependency', 'not-a-string', 'wrong-level']);
    const moved = applyFix(c, withCode(c, 'wrong-level')[0]);
    assert.match(
      moved,
      / {6}name: api\n {4}spec:\n {6}replicas: 1\n {6}template:\n {8}metadata:\n {10}annotations:\n {12}k8s.aliyun.com\/eci-spot-strategy: SpotAsPriceGo\n {10}labels:\n/,
    );
    assert.deepEqual(yamlErrors(moved), []);
    const { items } = await completeAt(fixture('list.yaml').replace('            app: api\n', '            app: api\n          annotations:\n            k8s.aliyun.com/eci-w|\n'));
    assert.ok(items.some((i) => i.label === 'k8s.aliyun.com/eci-with-eip'));
  });

  test('annotations at the document root and spec under metadata: warned, moved where the target is certain', () => {
    const c = check(fixture('root-annotations.yaml'));
    assert.deepEqual(codes(c), ['wrong-level', 'wrong-level', 'wrong-level']);
    const root = diagnosticAt(c, 'wrong-level', 'eci-use-specs');
    assert.match(root.message, /document root/);
    const moved = applyFix(c, root);
    assert.match(moved, /template:\n    metadata:\n      annotations:\n        k8s.aliyun.com\/eci-use-specs: "2-4Gi"\n      labels:\n        app: lost\n/);
    assert.ok(!/^annotations:/m.test(moved.split('---')[0]));
    const nested = diagnosticAt(c, 'wrong-level', 'eci-spot-strategy');
    assert.match(nested.message, /Outdent spec/);
    assert.deepEqual(fixesFor(c, nested), []);
    const pod = diagnosticAt(c, 'wrong-level', 'eci-with-eip');
    assert.match(applyFix(c, pod), /metadata:\n  annotations:\n    k8s.aliyun.com\/eci-with-eip: "true"\n  name: loose\nspec:/);
  });

  test('read-back objects: the keys ECI set are not warnings, but they get hover', () => {
    const c = check(fixture('readback-pod.yaml'));
    assert.deepEqual(codes(c), ['invalid-value', 'not-a-string']);
    assert.match(hoverAt(c.text, 'eci-instance-cpu'), /Set by ECI/);
    assert.match(hoverAt(c.text, 'eci-instance-cpu'), /Not in ECI's documentation/);
    // The same key written by hand on a template is still flagged.
    const written = check(
      fixture('readback-pod.yaml')
        .replace(/ {2}creationTimestamp.*\n/, '')
        .replace(/ {2}ownerReferences:[\s\S]*?uid: 1111.*\n/, '')
        .replace(/status:\n.*\n/, ''),
    );
    assert.ok(withCode(written, 'read-only').length >= 7, JSON.stringify(codes(written)));
  });
});

describe('Helm', () => {
  test('values files: maps of ECI keys anywhere get value checks including quoting; no wrong-level', () => {
    const c = checkValues(fixture('chart/values.yaml'));
    assert.deepEqual(codes(c), ['invalid-value', 'missing-dependency', 'not-a-string', 'not-a-string']);
    assert.deepEqual(
      withCode(c, 'not-a-string').map((d) => d.range),
      [rangeOf(c.text, '10'), rangeOf(c.text, 'true', 1)],
    );
    assert.equal(applyFix(c, withCode(c, 'not-a-string')[0]).includes('k8s.aliyun.com/eip-bandwidth: "10"'), true);
    // The same text as a plain manifest is not ours to judge.
    assert.deepEqual(check(fixture('chart/values.yaml')).diagnostics, []);
  });

  test('values files: hover, and key completion in podAnnotations-style maps', async () => {
    assert.match(hoverAt(fixture('chart/values.yaml'), 'eci-ram-role-name', true), /RAM role/);
    const { items } = await completeAt(fixture('chart/values.yaml').replace('  prometheus.io/port: 8080\n', '  prometheus.io/port: 8080\n  k8s.aliyun.com/eci-sp|\n'), true);
    assert.ok(items.some((i) => i.label === 'k8s.aliyun.com/eci-spot-strategy'));
    const none = await completeAt('replicaCount: 1\nimage:\n  |\n', true);
    assert.deepEqual(none.items, []);
  });

  test('templates: an unquoted {{ }} value on an ECI key gets | quote', () => {
    const c = check(fixture('helm-quote.yaml'));
    assert.deepEqual(codes(c), ['template-unquoted', 'template-unquoted']);
    assert.match(applyFix(c, diagnosticAt(c, 'template-unquoted', 'eci-with-eip')), /k8s.aliyun.com\/eci-with-eip: \{\{ .Values.eci.withEip \| quote \}\}\n/);
    assert.match(applyFix(c, diagnosticAt(c, 'template-unquoted', 'eip-bandwidth')), /k8s.aliyun.com\/eip-bandwidth: \{\{- .Values.eci.bandwidth \| quote -\}\}\n/);
  });
});

describe('other carriers', () => {
  test('eci-profile ConfigMap selectors JSON: value checks at the JSON value, hover on its keys, no text fix', () => {
    const c = check(fixture('eci-profile-configmap.yaml'));
    assert.deepEqual(codes(c), ['invalid-value']);
    assert.deepEqual(c.diagnostics[0].range, rangeOf(c.text, '"SpotAsPriceGoo"'));
    assert.deepEqual(fixesFor(c, c.diagnostics[0]), []);
    assert.match(hoverAt(c.text, '"k8s.aliyun.com/eci-use-specs"', false, 5), /eci-use-specs/);
    assert.deepEqual(check(fixture('eci-profile-configmap.yaml').replace('name: eci-profile', 'name: other')).diagnostics, []);
  });

  test('Spark conf spark.kubernetes.{driver,executor}.annotation.<key>: value checks, hover, renames keep the prefix', () => {
    const c = check(fixture('spark-conf.yaml'));
    assert.deepEqual(codes(c), ['invalid-value', 'legacy-key']);
    assert.deepEqual(withCode(c, 'invalid-value')[0].range, rangeOf(c.text, '"2-4Gi,4-8gi"'));
    assert.match(applyFix(c, withCode(c, 'legacy-key')[0]), /\n {4}spark\.kubernetes\.executor\.annotation\.k8s\.aliyun\.com\/eci-auto-imc: "true"\n/);
    assert.match(hoverAt(c.text, 'eci-kube-proxy-enabled'), /kube-proxy/);
  });
});

describe('catalogue and wording', () => {
  test('new keys are known; system-set ones are not renamed to keys of another meaning', () => {
    for (const key of ['eci-kube-proxy-enabled', 'eci-network-policy-enable']) {
      assert.deepEqual(check(`apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    k8s.aliyun.com/${key}: "true"\n`).diagnostics, []);
    }
    const knative = `apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  name: k\nspec:\n  template:\n    metadata:\n      annotations:\n        knative.aliyun.com/reserve-instance-eci-use-specs: "ecs.t6-c1m1.large,2-4G"\n`;
    assert.deepEqual(codes(check(knative)), ['invalid-value']);
    const cpu = check(`apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    k8s.aliyun.com/eci-instance-cpu: "2"\n    k8s.aliyun.com/eci-instance-cpus: "2"\n`);
    assert.deepEqual(codes(cpu), ['read-only', 'unknown-key']);
    assert.doesNotMatch(withCode(cpu, 'unknown-key')[0].message, /eci-instance-type/);
  });

  test('did-you-mean: eci-eip-bandwidth → eip-bandwidth; a word of another meaning is never proposed', () => {
    const c = check(
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    k8s.aliyun.com/eci-with-eip: "true"\n    k8s.aliyun.com/eci-eip-bandwidth: "5"\n    k8s.aliyun.com/eci-instance-memory: "4"\n    k8s.aliyun.com/eci-spot-stratgy: SpotAsPriceGo\n`,
    );
    assert.match(diagnosticAt(c, 'unknown-key', 'eci-eip-bandwidth').message, /Did you mean k8s\.aliyun\.com\/eip-bandwidth\?/);
    assert.doesNotMatch(diagnosticAt(c, 'unknown-key', 'eci-instance-memory').message, /Did you mean/);
    assert.match(diagnosticAt(c, 'unknown-key', 'eci-spot-stratgy').message, /Did you mean k8s\.aliyun\.com\/eci-spot-strategy\?/);
  });

  test('the legacy GPU spec ecigpu-<type>-<n> is a legacy note, not an invalid value', () => {
    const c = check(`apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    k8s.aliyun.com/eci-use-specs: "ecigpu-P100-4"\n`);
    assert.deepEqual(codes(c), ['deprecated-value']);
  });

  test('hover: ImageCache keys speak of image caches; a pod key leaves out its ImageCache namesake; Markdown escaped; enum values as a list', () => {
    const imc = `apiVersion: eci.alibabacloud.com/v1\nkind: ImageCache\nmetadata:\n  name: c\n  annotations:\n    k8s.aliyun.com/eip-bandwidth: "5"\nspec:\n  images: [nginx]\n`;
    const onCache = hoverAt(imc, 'eip-bandwidth');
    assert.match(onCache, /ImageCache annotation/);
    assert.match(onCache, /auto-create-eip/);
    assert.doesNotMatch(onCache, /eci-with-eip/);
    assert.doesNotMatch(onCache, /pod is created/);
    const pod = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    k8s.aliyun.com/eip-bandwidth: "5"\n    k8s.aliyun.com/eci-use-specs: "2-4Gi"\n    k8s.aliyun.com/eci-spot-strategy: SpotAsPriceGo\n`;
    const onPod = hoverAt(pod, 'eip-bandwidth');
    assert.match(onPod, /eci-with-eip/);
    assert.doesNotMatch(onPod, /auto-create-eip/);
    assert.match(hoverAt(pod, 'eci-use-specs'), /`<vCPU>-<memory>Gi`/);
    assert.match(hoverAt(pod, 'eci-spot-strategy'), /\n- `SpotAsPriceGo`: .*\n- `SpotWithPriceLimit`: /);
  });
});

describe('editing that never breaks the file', () => {
  const POD_WITH = (line: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n${line}\nspec:\n  containers: []\n`;

  test('completion on a line with a key and a value replaces only the key and keeps the value', async () => {
    const { text, items } = await completeAt(POD_WITH('    k8s.aliyun.com/eci-spot-str|: "SpotAsPriceGo"'));
    const item = items.find((i) => i.label === 'k8s.aliyun.com/eci-spot-strategy')!;
    const after = accept(text, item);
    assert.match(after, /\n {4}k8s\.aliyun\.com\/eci-spot-strategy: "SpotAsPriceGo"\n/);
    assert.deepEqual(yamlErrors(after), []);
    // With a colon but no value yet, the value placeholder is written after the key.
    const empty = await completeAt(POD_WITH('    k8s.aliyun.com/eci-with-e|:'));
    assert.match(
      accept(
        empty.text,
        empty.items.find((i) => i.label === 'k8s.aliyun.com/eci-with-eip')!,
      ),
      /k8s\.aliyun\.com\/eci-with-eip: "true"\n/,
    );
  });

  test('deprecated and discontinued keys rank last, with the deprecated tag', async () => {
    const { items } = await completeAt(POD_WITH('    |'));
    const sorted = [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
    const tail = sorted
      .slice(-4)
      .map((i) => i.label)
      .sort();
    assert.deepEqual(tail, ['alibabacloud.com/burst-resource', 'k8s.aliyun.com/eci-cpu-option-core', 'k8s.aliyun.com/eci-cpu-option-ht', 'k8s.aliyun.com/eci-resource-group-id']);
    assert.ok(sorted.slice(-4).every((i) => i.tags?.includes(1)));
    assert.ok(sorted.slice(0, -4).every((i) => !i.tags));
  });

  test('whole-manifest snippets only where a manifest can start', async () => {
    const empty = await completeAt('|');
    assert.ok(empty.items.some((i) => i.label === 'eci-deployment-eip' && i.kind === 15));
    const typed = await completeAt('# my pod\n---\neci-po|\n');
    const pod = typed.items.find((i) => i.label === 'eci-pod-eip')!;
    const after = accept(typed.text, pod);
    assert.deepEqual(yamlErrors(after), []);
    assert.match(after, /^# my pod\n---\napiVersion: v1\nkind: Pod\n/);
    for (const where of [
      POD_WITH('    |').replace('containers: []', 'containers:\n    - name: c\n      |'),
      'apiVersion: v1\nkind: ConfigMap\ndata:\n  |\n',
      'name: ci\non: push\njobs:\n  build:\n    |\n',
    ]) {
      const { items } = await completeAt(where);
      assert.ok(!items.some((i) => i.kind === 15), where);
    }
  });

  test('every diagnostic offers "Disable for this line", non-pod-kind included', () => {
    const c = check(
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  annotations:\n    - k8s.aliyun.com/eci-with-eip\n    k8s.aliyun.com/eci-with-eip: "true"\n`.replace(
        '    - k8s.aliyun.com/eci-with-eip\n',
        '',
      ),
    );
    const d = withCode(c, 'non-pod-kind')[0];
    const actions = c.ls.getCodeActions(c.model, d.range, [d]);
    const disable = actions.find((a) => a.title === 'Disable non-pod-kind for this line')!;
    const after = applyEdits(c.text, disable.edit!.changes![c.uri]);
    assert.match(after, /\n {4}# eci-disable-next-line non-pod-kind\n {4}k8s.aliyun.com\/eci-with-eip: "true"\n/);
    assert.deepEqual(check(after).diagnostics, []);
    // A second code joins the comment that is already there.
    const two = check(POD_WITH('    # eci-disable-next-line invalid-value\n    k8s.aliyun.com/eci-max-pending-minute: 5000'));
    const ns = withCode(two, 'not-a-string')[0];
    const joined = applyEdits(two.text, two.ls.getCodeActions(two.model, ns.range, [ns]).find((a) => a.title.startsWith('Disable'))!.edit!.changes![two.uri]);
    assert.match(joined, /# eci-disable-next-line invalid-value not-a-string\n/);
    assert.deepEqual(check(joined).diagnostics, []);
  });

  test('the CronJob move leaves no empty metadata behind', () => {
    const c = check(fixture('cronjob.yaml'));
    const d = c.diagnostics.find((x) => x.code === 'wrong-level' && x.message.includes('jobTemplate.metadata'))!;
    assert.ok(d, JSON.stringify(codes(c)));
    const fixes = fixesFor(c, d);
    const after = applyEdits(c.text, fixes[0].edit!.changes![c.uri]);
    assert.doesNotMatch(after, /jobTemplate:\n\s+metadata:\s*\n\s+spec:/);
    assert.deepEqual(yamlErrors(after), []);
  });

  test('the same fixed EIP on two pods of one file is a warning of its own, with its own severity', () => {
    const c = check(fixture('shared-eip.yaml'));
    assert.deepEqual(codes(c), ['shared-fixed-address', 'shared-fixed-address']);
    assert.match(c.diagnostics[0].message, /Pod a, line 7; StatefulSet b, line 28/);
    assert.deepEqual(check(fixture('shared-eip.yaml'), { severity: { 'shared-fixed-address': 'off' } }).diagnostics, []);
    assert.deepEqual(check(fixture('shared-eip.yaml').replace(/shared"\n(\s+k8s.aliyun.com\/eci-private)/, 'other0"\n$1')).diagnostics, []);
  });
});

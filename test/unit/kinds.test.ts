/** Every kind in the kind table: annotations are checked where its pods' annotations live, and flagged on its own metadata. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { applied, check, codes, fixesFor, rangeOf, withCode } from './support';

const BAD = 'k8s.aliyun.com/eci-spot-strategy: Bogus';
const OWN = 'k8s.aliyun.com/eci-use-specs: "2-4Gi"';

/** `@@` lines take the bad annotation, `%%` lines the own-metadata one (same indentation). */
function fill(template: string, site = true, own = true): string {
  return template.replace(/^( *)@@$/gm, site ? `$1${BAD}` : '$1example.com/x: "y"').replace(/^( *)%%$/gm, own ? `$1${OWN}` : '$1example.com/own: "y"');
}

const WORKLOAD = (kind: string, apiVersion = 'apps/v1') => `apiVersion: ${apiVersion}
kind: ${kind}
metadata:
  name: w
  annotations:
    %%
spec:
  template:
    metadata:
      annotations:
        @@
    spec:
      containers:
        - name: c
          image: busybox
`;

const KINDS: Record<string, { text: string; sites: number; ownIsWrong: boolean; moveTo?: string }> = {
  Pod: {
    text: `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    @@
spec:
  containers: []
`,
    sites: 1,
    ownIsWrong: false,
  },
  Deployment: { text: WORKLOAD('Deployment'), sites: 1, ownIsWrong: true, moveTo: 'spec.template.metadata.annotations' },
  ReplicaSet: { text: WORKLOAD('ReplicaSet'), sites: 1, ownIsWrong: true, moveTo: 'spec.template.metadata.annotations' },
  StatefulSet: { text: WORKLOAD('StatefulSet'), sites: 1, ownIsWrong: true, moveTo: 'spec.template.metadata.annotations' },
  DaemonSet: { text: WORKLOAD('DaemonSet'), sites: 1, ownIsWrong: true, moveTo: 'spec.template.metadata.annotations' },
  Job: { text: WORKLOAD('Job', 'batch/v1'), sites: 1, ownIsWrong: true, moveTo: 'spec.template.metadata.annotations' },
  ReplicationController: { text: WORKLOAD('ReplicationController', 'v1'), sites: 1, ownIsWrong: true, moveTo: 'spec.template.metadata.annotations' },
  CronJob: {
    text: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: cj
  annotations:
    %%
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        metadata:
          annotations:
            @@
        spec:
          containers: []
`,
    sites: 1,
    ownIsWrong: true,
    moveTo: 'spec.jobTemplate.spec.template.metadata.annotations',
  },
  PodTemplate: {
    text: `apiVersion: v1
kind: PodTemplate
metadata:
  name: pt
  annotations:
    %%
template:
  metadata:
    annotations:
      @@
  spec:
    containers: []
`,
    sites: 1,
    ownIsWrong: true,
    moveTo: 'template.metadata.annotations',
  },
  'Knative Service': { text: WORKLOAD('Service', 'serving.knative.dev/v1'), sites: 1, ownIsWrong: true, moveTo: 'spec.template.metadata.annotations' },
  'Argo Workflow (templates[] and podMetadata)': {
    text: `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: wf-
  annotations:
    %%
spec:
  entrypoint: main
  podMetadata:
    annotations:
      @@
  templates:
    - name: main
      steps: []
    - name: work
      metadata:
        annotations:
          @@
      container:
        image: busybox
`,
    sites: 2,
    ownIsWrong: true,
    moveTo: 'spec.podMetadata.annotations',
  },
  'Argo WorkflowTemplate': {
    text: `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: wt
  annotations:
    %%
spec:
  templates:
    - name: work
      metadata:
        annotations:
          @@
      container:
        image: busybox
`,
    sites: 1,
    ownIsWrong: true,
    moveTo: 'spec.podMetadata.annotations',
  },
  'Argo CronWorkflow': {
    text: `apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata:
  name: cw
  annotations:
    %%
spec:
  schedule: "* * * * *"
  workflowSpec:
    podMetadata:
      annotations:
        @@
    templates:
      - name: work
        metadata:
          annotations:
            @@
        container:
          image: busybox
`,
    sites: 2,
    ownIsWrong: true,
    moveTo: 'spec.workflowSpec.podMetadata.annotations',
  },
  'SparkApplication (driver and executor)': {
    text: `apiVersion: sparkoperator.k8s.io/v1beta2
kind: SparkApplication
metadata:
  name: pi
  annotations:
    %%
spec:
  type: Scala
  driver:
    cores: 1
    annotations:
      @@
  executor:
    instances: 1
    annotations:
      @@
`,
    sites: 2,
    ownIsWrong: true,
    moveTo: 'spec.driver.annotations',
  },
  'ElasticWorkload (elasticUnit[])': {
    text: `apiVersion: autoscaling.alibabacloud.com/v1beta1
kind: ElasticWorkload
metadata:
  name: ew
  annotations:
    %%
spec:
  sourceTarget:
    name: web
    kind: Deployment
  elasticUnit:
    - name: ecs
      max: 2
    - name: eci
      annotations:
        @@
`,
    sites: 1,
    ownIsWrong: true,
  },
  'eci-profile Selector': {
    text: `apiVersion: eci.aliyun.com/v1
kind: Selector
metadata:
  name: sel
  annotations:
    %%
spec:
  objectLabels:
    matchLabels:
      app: web
  effect:
    annotations:
      @@
`,
    sites: 1,
    ownIsWrong: true,
    moveTo: 'spec.effect.annotations',
  },
};

describe('every kind in the kind table', () => {
  for (const [name, k] of Object.entries(KINDS)) {
    describe(name, () => {
      test('a bad value at the pod annotations site is checked, on the right line', () => {
        const text = fill(k.text, true, false);
        const c = check(text);
        const found = withCode(c, 'invalid-value');
        assert.equal(found.length, k.sites, JSON.stringify(c.diagnostics.map((d) => [d.code, d.range.start.line])));
        found.forEach((d, i) => assert.deepEqual(d.range, rangeOf(text, 'Bogus', i)));
        assert.deepEqual(codes(c), Array(k.sites).fill('invalid-value'));
      });

      test('a clean manifest has no diagnostics', () => {
        assert.deepEqual(check(fill(k.text, false, false)).diagnostics, []);
      });

      if (k.ownIsWrong) {
        test('an ECI key on its own metadata is at the wrong level', () => {
          const text = fill(k.text, false, true);
          const c = check(text);
          assert.deepEqual(codes(c), ['wrong-level']);
          assert.deepEqual(c.diagnostics[0].range, rangeOf(text, 'k8s.aliyun.com/eci-use-specs'));
          if (k.moveTo) assert.ok(c.diagnostics[0].message.includes(`Move it to ${k.moveTo}.`), c.diagnostics[0].message);
          const fixes = fixesFor(c, c.diagnostics[0]);
          if (!k.moveTo) {
            // A path through a list names no single map: the move goes to each existing item, written with its index
            // (never a made-up `elasticUnit[]:` key), and none is preferred when there are several.
            assert.ok(
              fixes.every((f) => /^Move k8s\.aliyun\.com\/eci-use-specs to \S+\[\d+\]\S*$/.test(f.title)),
              JSON.stringify(fixes.map((f) => f.title)),
            );
            for (const f of fixes) assert.doesNotMatch(applied(c, f), /\[\]:/);
            return;
          }
          assert.equal(fixes.length, 1);
          assert.equal(fixes[0].title, `Move k8s.aliyun.com/eci-use-specs to ${k.moveTo}`);
          const moved = parse(applied(c, fixes[0])) as Record<string, unknown>;
          let at: unknown = moved;
          for (const s of k.moveTo.split('.')) at = (at as Record<string, unknown>)[s];
          assert.equal((at as Record<string, unknown>)['k8s.aliyun.com/eci-use-specs'], '2-4Gi');
          assert.equal((moved.metadata as Record<string, unknown>).annotations, undefined, 'the emptied source map is removed');
          assert.deepEqual(check(applied(c, fixes[0])).diagnostics, []);
        });
      }
    });
  }

  test('SparkApplication executors with instances > 1 and a fixed EIP', () => {
    const text = fill(KINDS['SparkApplication (driver and executor)'].text, false, false)
      .replace('instances: 1', 'instances: 4')
      .replace(/( +)example\.com\/x: "y"\n$/, '$1k8s.aliyun.com/eci-eip-instanceid: eip-bp1q5n8cq4p7f6dzu****\n');
    const c = check(text);
    assert.deepEqual(codes(c), ['single-instance']);
    assert.match(c.diagnostics[0].message, /makes 4 pods/);
  });

  test('an Argo Workflow needs the argoproj.io apiVersion; an unknown kind gets checks only in a pod template found by its shape', () => {
    const argo = fill(KINDS['Argo Workflow (templates[] and podMetadata)'].text, true, true);
    assert.deepEqual(check(argo.replace('argoproj.io/v1alpha1', 'example.com/v1')).diagnostics, []);
    const custom = fill(WORKLOAD('MyCustomThing', 'example.com/v1'));
    const c = check(custom);
    // The template (spec.template.spec.containers) is checked; its own metadata is not judged (no wrong-level).
    assert.deepEqual(codes(c), ['invalid-value']);
    assert.deepEqual(c.diagnostics[0].range, rangeOf(custom, 'Bogus'));
  });

  test('ImageCache: its own metadata is the site, with its own keys (R18)', () => {
    const text = `apiVersion: eci.alibabacloud.com/v1
kind: ImageCache
metadata:
  name: imc
  annotations:
    k8s.aliyun.com/imc-cpu-arch: sparc
    k8s.aliyun.com/eip-instance-id: eip-bp1q5n8cq4p7f6dzu****
spec:
  images: [nginx]
`;
    const c = check(text);
    assert.deepEqual(codes(c), ['invalid-value']);
    assert.deepEqual(c.diagnostics[0].range, rangeOf(text, 'sparc'));
  });
});

/** Quick fixes, one by one, with the exact text they produce. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CodeActionKind } from 'vscode-languageserver-types';
import { applyFix, check, diagnosticAt, fixesFor, POD, withCode } from './support';

describe('quote the value', () => {
  test('double quotes by default; the trailing comment stays', () => {
    const text = POD('    k8s.aliyun.com/eci-max-pending-minute: 60 # an hour\n    example.com/x: y');
    const c = check(text);
    const [fix] = fixesFor(c, c.diagnostics[0]);
    assert.equal(fix.title, 'Quote the value: "60"');
    assert.equal(fix.kind, CodeActionKind.QuickFix);
    assert.equal(fix.isPreferred, true);
    assert.equal(applyFix(c, c.diagnostics[0]), text.replace('minute: 60 #', 'minute: "60" #'));
  });

  test('single quotes when the siblings use single quotes', () => {
    const text = POD("    k8s.aliyun.com/eci-with-eip: 'true'\n    k8s.aliyun.com/eip-bandwidth: 10\n    k8s.aliyun.com/eip-isp: 'BGP'");
    const c = check(text);
    assert.equal(applyFix(c, withCode(c, 'not-a-string')[0], "Quote the value: '10'"), text.replace('bandwidth: 10', "bandwidth: '10'"));
  });

  test('booleans, YAML 1.1 booleans and hex keep their spelling inside the quotes', () => {
    for (const raw of ['true', 'yes', 'on', 'off', '0x0A', '5.5']) {
      const text = POD(`    example.com/x: ${raw}`);
      const c = check(text);
      assert.equal(applyFix(c, c.diagnostics[0]), text.replace(`x: ${raw}`, `x: "${raw}"`), raw);
    }
  });

  test('null, ~ and an empty value become ""', () => {
    for (const [raw, fixed] of [
      [' null', ' ""'],
      [' ~', ' ""'],
      ['', ' ""'],
    ]) {
      const text = POD(`    example.com/x:${raw}\n    example.com/y: "z"`);
      const c = check(text);
      assert.equal(applyFix(c, c.diagnostics[0], 'Quote the value: ""'), text.replace(`example.com/x:${raw}\n`, `example.com/x:${fixed}\n`), JSON.stringify(raw));
    }
  });

  test('an empty value with a quoted key', () => {
    const text = POD('    "example.com/x":\n    example.com/y: "z"');
    const c = check(text);
    assert.equal(applyFix(c, c.diagnostics[0]), text.replace('"example.com/x":\n', '"example.com/x": ""\n'));
  });

  test('a map value cannot be quoted: no fix', () => {
    const c = check(POD('    example.com/x:\n      a: b'));
    assert.equal(c.diagnostics.length, 1);
    assert.deepEqual(fixesFor(c, c.diagnostics[0]), []);
  });
});

describe('move a wrong-level annotation to the pod template', () => {
  test('creates the missing annotations: under an existing metadata, keeps the non-ECI annotation and comments', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    # why an EIP
    k8s.aliyun.com/eci-with-eip: "true" # every pod
    deployment.kubernetes.io/revision: "3"
    k8s.aliyun.com/eip-bandwidth: "10"
spec:
  template:
    metadata:
      labels:
        app: web
    spec:
      containers: []
`;
    const c = check(text);
    const d = diagnosticAt(c, 'wrong-level', 'eci-with-eip');
    assert.deepEqual(
      fixesFor(c, d).map((f) => [f.title, f.isPreferred]),
      [
        ['Move all 2 ECI annotations to spec.template.metadata.annotations', true],
        ['Move k8s.aliyun.com/eci-with-eip to spec.template.metadata.annotations', false],
      ],
    );
    assert.equal(
      applyFix(c, d, /^Move all/),
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    deployment.kubernetes.io/revision: "3"
spec:
  template:
    metadata:
      annotations:
        # why an EIP
        k8s.aliyun.com/eci-with-eip: "true" # every pod
        k8s.aliyun.com/eip-bandwidth: "10"
      labels:
        app: web
    spec:
      containers: []
`,
    );
    assert.equal(
      applyFix(c, d, /^Move k8s/),
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    deployment.kubernetes.io/revision: "3"
    k8s.aliyun.com/eip-bandwidth: "10"
spec:
  template:
    metadata:
      annotations:
        # why an EIP
        k8s.aliyun.com/eci-with-eip: "true" # every pod
      labels:
        app: web
    spec:
      containers: []
`,
    );
  });

  test('creates the whole metadata.annotations path and removes the emptied source map', () => {
    const text = `apiVersion: batch/v1
kind: Job
metadata:
  name: once
  annotations:
    k8s.aliyun.com/eci-spot-strategy: SpotAsPriceGo
spec:
  template:
    spec:
      restartPolicy: Never
`;
    const c = check(text);
    assert.equal(
      applyFix(c, c.diagnostics[0]),
      `apiVersion: batch/v1
kind: Job
metadata:
  name: once
spec:
  template:
    metadata:
      annotations:
        k8s.aliyun.com/eci-spot-strategy: SpotAsPriceGo
    spec:
      restartPolicy: Never
`,
    );
  });

  test('merges into an existing map, at its end, keeping its comments', () => {
    const text = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  annotations:
    k8s.aliyun.com/eci-fixed-ip: "true"
spec:
  template:
    metadata:
      annotations:
        # existing
        k8s.aliyun.com/eci-use-specs: 2-4Gi
        # trailing comment in the map
    spec:
      containers: []
`;
    const c = check(text);
    assert.equal(
      applyFix(c, c.diagnostics[0]),
      `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  template:
    metadata:
      annotations:
        # existing
        k8s.aliyun.com/eci-use-specs: 2-4Gi
        k8s.aliyun.com/eci-fixed-ip: "true"
        # trailing comment in the map
    spec:
      containers: []
`,
    );
  });

  test('comments between the moved entries stay where they were', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    k8s.aliyun.com/eci-with-eip: "true"

    # a note about the bandwidth, not attached
    
    k8s.aliyun.com/eip-bandwidth: "10"
spec:
  template:
    spec: {}
`;
    const c = check(text);
    const fixed = applyFix(c, c.diagnostics[0], /^Move all/);
    assert.ok(fixed.includes('    # a note about the bandwidth, not attached\n'), fixed);
    assert.deepEqual(check(fixed).diagnostics, []);
  });

  test('4-space files keep 4-space indentation', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
    name: api
    annotations:
        k8s.aliyun.com/eci-use-specs: "2-4Gi"
spec:
    template:
        spec:
            containers: []
`;
    const c = check(text);
    assert.equal(
      applyFix(c, c.diagnostics[0]),
      `apiVersion: apps/v1
kind: Deployment
metadata:
    name: api
spec:
    template:
        metadata:
            annotations:
                k8s.aliyun.com/eci-use-specs: "2-4Gi"
        spec:
            containers: []
`,
    );
  });

  test('a multi-line value moves whole and re-indented', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    k8s.aliyun.com/eci-custom-hosts: |
      [{"host": "a", "ip": "1.1.1.1"}]
spec:
  template:
    metadata:
      annotations:
        a: b
`;
    const c = check(text);
    assert.equal(
      applyFix(c, withCode(c, 'wrong-level')[0]),
      `apiVersion: apps/v1
kind: Deployment
metadata:
spec:
  template:
    metadata:
      annotations:
        a: b
        k8s.aliyun.com/eci-custom-hosts: |
          [{"host": "a", "ip": "1.1.1.1"}]
`,
    );
  });

  test('into an empty `annotations: {}` or `annotations:`', () => {
    const empty = (value: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    k8s.aliyun.com/eci-use-specs: 2-4Gi
spec:
  template:
    metadata:
      annotations:${value}
      labels: {app: x}
`;
    const expected = `apiVersion: apps/v1
kind: Deployment
metadata:
spec:
  template:
    metadata:
      annotations:
        k8s.aliyun.com/eci-use-specs: 2-4Gi
      labels: {app: x}
`;
    for (const value of [' {}', '', ' ~']) {
      const c = check(empty(value));
      assert.equal(applyFix(c, c.diagnostics[0]), expected, JSON.stringify(value));
    }
  });

  test("from a CronJob's spec.jobTemplate.metadata", () => {
    const text = `apiVersion: batch/v1
kind: CronJob
spec:
  jobTemplate:
    metadata:
      labels:
        a: b
      annotations:
        k8s.aliyun.com/eci-use-specs: 2-4Gi
    spec:
      template:
        spec:
          containers: []
`;
    const c = check(text);
    assert.equal(
      applyFix(c, c.diagnostics[0]),
      `apiVersion: batch/v1
kind: CronJob
spec:
  jobTemplate:
    metadata:
      labels:
        a: b
    spec:
      template:
        metadata:
          annotations:
            k8s.aliyun.com/eci-use-specs: 2-4Gi
        spec:
          containers: []
`,
    );
  });

  test('CRLF', () => {
    const text =
      'kind: Deployment\r\nmetadata:\r\n  annotations:\r\n    # c\r\n    k8s.aliyun.com/eci-use-specs: 2-4Gi\r\nspec:\r\n  template:\r\n    metadata:\r\n      annotations:\r\n        a: b\r\n';
    const c = check(text);
    assert.equal(
      applyFix(c, c.diagnostics[0]),
      'kind: Deployment\r\nmetadata:\r\nspec:\r\n  template:\r\n    metadata:\r\n      annotations:\r\n        a: b\r\n        # c\r\n        k8s.aliyun.com/eci-use-specs: 2-4Gi\r\n',
    );
  });

  test('a key the pod template already has is not moved (no duplicate key)', () => {
    const text = `kind: Deployment
metadata:
  annotations:
    k8s.aliyun.com/eci-with-eip: "true"
    k8s.aliyun.com/eip-bandwidth: "10"
spec:
  template:
    metadata:
      annotations:
        k8s.aliyun.com/eci-with-eip: "true"
`;
    const c = check(text);
    assert.deepEqual(fixesFor(c, diagnosticAt(c, 'wrong-level', 'eci-with-eip')), []);
    const bw = diagnosticAt(c, 'wrong-level', 'eip-bandwidth');
    assert.deepEqual(
      fixesFor(c, bw).map((f) => f.title),
      ['Move k8s.aliyun.com/eip-bandwidth to spec.template.metadata.annotations'],
    );
  });

  test('flow-map sources are not moved (no line-based edit can be safe there)', () => {
    const c = check('kind: Deployment\nmetadata: {annotations: {k8s.aliyun.com/eci-use-specs: 2-4Gi}}\nspec:\n  template:\n    spec: {}\n');
    assert.equal(withCode(c, 'wrong-level').length, 1);
    assert.deepEqual(fixesFor(c, c.diagnostics[0]), []);
  });
});

describe('label → annotation', () => {
  test('moves beside the labels, creating annotations', () => {
    const text = `kind: Pod
metadata:
  labels:
    app: web
    k8s.aliyun.com/eci-spot-strategy: SpotAsPriceGo
spec: {}
`;
    const c = check(text);
    const d = withCode(c, 'in-labels')[0];
    assert.deepEqual(
      fixesFor(c, d).map((f) => f.title),
      ['Move k8s.aliyun.com/eci-spot-strategy from labels to annotations'],
    );
    assert.equal(
      applyFix(c, d),
      `kind: Pod
metadata:
  annotations:
    k8s.aliyun.com/eci-spot-strategy: SpotAsPriceGo
  labels:
    app: web
spec: {}
`,
    );
  });

  test('merges into existing annotations and removes an emptied labels map', () => {
    const text = `kind: Deployment
spec:
  template:
    metadata:
      labels:
        k8s.aliyun.com/eci-with-eip: "true"
      annotations:
        k8s.aliyun.com/eip-bandwidth: "10"
`;
    const c = check(text);
    assert.equal(
      applyFix(c, withCode(c, 'in-labels')[0]),
      `kind: Deployment
spec:
  template:
    metadata:
      annotations:
        k8s.aliyun.com/eip-bandwidth: "10"
        k8s.aliyun.com/eci-with-eip: "true"
`,
    );
  });

  test("labels on a workload's own metadata go to the pod template", () => {
    const text = `kind: Deployment
metadata:
  labels:
    app: web
    k8s.aliyun.com/eci-use-specs: 2-4Gi
spec:
  template:
    spec: {}
`;
    const c = check(text);
    const d = withCode(c, 'in-labels')[0];
    assert.equal(
      applyFix(c, d, 'Move k8s.aliyun.com/eci-use-specs from labels to spec.template.metadata.annotations'),
      `kind: Deployment
metadata:
  labels:
    app: web
spec:
  template:
    metadata:
      annotations:
        k8s.aliyun.com/eci-use-specs: 2-4Gi
    spec: {}
`,
    );
  });
});

describe('rename keys', () => {
  test('misspelling → documented key, keeping the key quotes', () => {
    const text = POD(
      '    k8s.aliyun.com/eci-with-eip: "true"\n    "k8s.aliyun.com/eip-common-bandwith-package-id": cbwp-2ze0000****\n    k8s.aliyun.com/eci-spot-stratgy: SpotAsPriceGo',
    );
    const c = check(text);
    const bandwith = diagnosticAt(c, 'unknown-key', 'bandwith');
    assert.equal(
      applyFix(c, bandwith, 'Change to k8s.aliyun.com/eip-common-bandwidth-package-id'),
      text.replace('"k8s.aliyun.com/eip-common-bandwith-package-id"', '"k8s.aliyun.com/eip-common-bandwidth-package-id"'),
    );
    const spot = diagnosticAt(c, 'unknown-key', 'stratgy');
    assert.equal(applyFix(c, spot), text.replace('eci-spot-stratgy', 'eci-spot-strategy'));
  });

  test('no rename when the documented key is already there', () => {
    const c = check(POD('    k8s.aliyun.com/eci-spot-strategy: SpotAsPriceGo\n    k8s.aliyun.com/eci-spot-stratgy: SpotAsPriceGo'));
    assert.deepEqual(fixesFor(c, withCode(c, 'unknown-key')[0]), []);
  });

  test('legacy → successor', () => {
    const text = POD("    k8s.aliyun.com/eci-image-cache: 'true'\n    k8s.aliyun.com/eci-image-snapshot-id: imc-2zebxkiifuyzzlhl****");
    const c = check(text);
    assert.equal(applyFix(c, diagnosticAt(c, 'legacy-key', 'eci-image-cache'), 'Replace with k8s.aliyun.com/eci-auto-imc'), text.replace('eci-image-cache', 'eci-auto-imc'));
    assert.equal(applyFix(c, diagnosticAt(c, 'legacy-key', 'eci-image-snapshot-id')), text.replace('eci-image-snapshot-id', 'eci-imc-id'));
  });

  test('no legacy rename when the value would be wrong for the successor, or the successor is already set', () => {
    const wrongValue = check(POD('    k8s.aliyun.com/pod-fail-on-create-err: "true"'));
    assert.deepEqual(fixesFor(wrongValue, wrongValue.diagnostics[0]), []);
    const both = check(POD('    k8s.aliyun.com/eci-instance-type: ecs.c6.large\n    k8s.aliyun.com/eci-use-specs: ecs.c6.large'));
    assert.deepEqual(fixesFor(both, withCode(both, 'legacy-key')[0]), []);
  });
});

describe('remove the losing side of a conflict', () => {
  test('eci-eip-instanceid goes, with its comment line above kept', () => {
    const text = POD('    k8s.aliyun.com/eci-with-eip: "true"\n    # chosen by hand\n    k8s.aliyun.com/eci-eip-instanceid: eip-bp1q5n8cq4p7f6dzu****\n    example.com/x: "y"');
    const c = check(text);
    const d = withCode(c, 'conflict')[0];
    assert.deepEqual(
      fixesFor(c, d).map((f) => f.title),
      ['Remove k8s.aliyun.com/eci-eip-instanceid (ECI ignores it)'],
    );
    assert.equal(applyFix(c, d), text.replace('    k8s.aliyun.com/eci-eip-instanceid: eip-bp1q5n8cq4p7f6dzu****\n', ''));
  });

  test('privatepool id with Open', () => {
    const text = POD(
      '    k8s.aliyun.com/eci-use-specs: ecs.c6.large\n    k8s.aliyun.com/eci-privatepool-matchcriteria: Open\n    k8s.aliyun.com/eci-privatepool-id: eap-bp67acfmxazb4****',
    );
    const c = check(text);
    assert.equal(applyFix(c, withCode(c, 'conflict')[0]), text.replace('    k8s.aliyun.com/eci-privatepool-id: eap-bp67acfmxazb4****\n', ''));
  });
});

describe('fix an enum value', () => {
  test('a plain value is replaced by the quoted suggestion', () => {
    const text = POD('    k8s.aliyun.com/eci-fail-strategy: FAIL-FAST');
    const c = check(text);
    assert.equal(applyFix(c, c.diagnostics[0], 'Change to "fail-fast"'), text.replace('FAIL-FAST', '"fail-fast"'));
  });

  test('a typo gets the nearest value; quoting style is kept', () => {
    const text = POD("    k8s.aliyun.com/eci-schedule-strategy: 'VSwitchOrderd'\n    k8s.aliyun.com/eci-vswitch: vsw-a,vsw-b");
    const c = check(text);
    assert.equal(applyFix(c, withCode(c, 'invalid-value')[0]), text.replace("'VSwitchOrderd'", "'VSwitchOrdered'"));
  });

  test('no fix when nothing is close', () => {
    const c = check(POD('    k8s.aliyun.com/eci-spot-strategy: Cheap'));
    assert.doesNotMatch(c.diagnostics[0].message, /Did you mean/);
    assert.deepEqual(fixesFor(c, c.diagnostics[0]), []);
  });
});

describe('code actions only for our diagnostics in range', () => {
  test('a diagnostic from another source or another range gets no fix', () => {
    const c = check(POD('    k8s.aliyun.com/eci-max-pending-minute: 60'));
    const d = c.diagnostics[0];
    assert.deepEqual(c.ls.getCodeActions(c.model, d.range, [{ ...d, source: 'yaml' }]), []);
    assert.deepEqual(c.ls.getCodeActions(c.model, d.range, [{ ...d, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } }]), []);
    assert.deepEqual(
      c.ls.getCodeActions(c.model, d.range, [d]).map((a) => a.title),
      ['Quote the value: "60"', 'Disable not-a-string for this line'],
    );
  });
});

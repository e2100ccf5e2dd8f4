/** Every diagnostic rule (except resource-not-found, tested with the account): codes, messages, ranges, related lines. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver-types';
import { RULES } from '../../server/src/service/rules';
import { applyFix, check, codes, diagnosticAt, rangeOf, withCode } from './support';

/** A Pod with these annotation lines (already indented by 4). */
function pod(annotations: string, kind = 'Pod', apiVersion = 'v1'): string {
  return `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: p\n  annotations:\n${annotations}\nspec:\n  containers:\n    - name: c\n      image: busybox\n`;
}

/** A Deployment with pod-template annotation lines (indented by 8) and optional own-metadata lines (indented by 4). */
function deployment(template: string, own = '', replicas = 1, kind = 'Deployment'): string {
  return [
    'apiVersion: apps/v1',
    `kind: ${kind}`,
    'metadata:',
    '  name: web',
    ...(own ? ['  annotations:', own] : []),
    'spec:',
    `  replicas: ${replicas}`,
    '  selector:',
    '    matchLabels:',
    '      app: web',
    '  template:',
    '    metadata:',
    '      labels:',
    '        app: web',
    ...(template ? ['      annotations:', template] : []),
    '    spec:',
    '      containers:',
    '        - name: web',
    '          image: nginx',
    '',
  ].join('\n');
}

/** The range of `value` written right after `before`. */
function valueRange(text: string, before: string, value: string) {
  const r = rangeOf(text, before + value);
  return { start: { line: r.start.line, character: r.start.character + before.length }, end: r.end };
}

describe('rule codes', () => {
  test('the rule table is stable', () => {
    assert.deepEqual(
      RULES.map((r) => r.code),
      [
        'wrong-level',
        'non-pod-kind',
        'in-labels',
        'not-a-string',
        'invalid-value',
        'list-too-long',
        'missing-dependency',
        'conflict',
        'single-instance',
        'legacy-key',
        'unknown-key',
        'read-only',
        'wrong-placement',
        'deprecated-value',
        'storage-binding',
        'shared-fixed-address',
        'template-unquoted',
        'resource-not-found',
        'no-internet-access',
        'network-mismatch',
      ],
    );
  });

  test('every diagnostic has source eci, a known code and the rule default severity', () => {
    const c = check(
      pod(
        [
          '    k8s.aliyun.com/eci-with-eip: true',
          '    k8s.aliyun.com/eci-spot-strategy: Bogus',
          '    k8s.aliyun.com/eci-image-cache: "true"',
          '    k8s.aliyun.com/eci-instance-id: "x"',
          '    k8s.aliyun.com/eci-gpu-driver-version: tesla=525',
          '    k8s.aliyun.com/eci-use-specs: 2-4Gi',
        ].join('\n'),
      ),
    );
    assert.ok(c.diagnostics.length >= 5);
    const severity = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, information: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint };
    for (const d of c.diagnostics) {
      assert.equal(d.source, 'eci');
      const rule = RULES.find((r) => r.code === d.code);
      assert.ok(rule, `unknown code ${String(d.code)}`);
      assert.equal(d.severity, severity[rule.defaultSeverity as keyof typeof severity]);
    }
    assert.deepEqual(codes(c), ['deprecated-value', 'invalid-value', 'legacy-key', 'not-a-string', 'read-only']);
  });
});

describe('wrong-level (R1)', () => {
  test("an ECI key on a Deployment's own metadata", () => {
    const text = deployment('        app.kubernetes.io/x: "y"', '    k8s.aliyun.com/eci-with-eip: "true"');
    const c = check(text);
    assert.deepEqual(codes(c), ['wrong-level']);
    const d = c.diagnostics[0];
    assert.deepEqual(d.range, rangeOf(text, 'k8s.aliyun.com/eci-with-eip'));
    assert.equal(d.severity, DiagnosticSeverity.Warning);
    assert.deepEqual(d.tags, [DiagnosticTag.Unnecessary]);
    assert.match(d.message, /is on the Deployment's own metadata, where ECI never sees it/);
    assert.match(d.message, /Move it to spec\.template\.metadata\.annotations/);
    // The related location is the pod template's annotations key.
    assert.equal(d.relatedInformation?.length, 1);
    assert.equal(d.relatedInformation?.[0].location.uri, c.uri);
    assert.deepEqual(d.relatedInformation?.[0].location.range, rangeOf(text, 'annotations', 1));
  });

  test("a CronJob's own metadata and spec.jobTemplate.metadata are both wrong", () => {
    const text = [
      'apiVersion: batch/v1',
      'kind: CronJob',
      'metadata:',
      '  name: cj',
      '  annotations:',
      '    k8s.aliyun.com/eci-spot-strategy: SpotAsPriceGo',
      'spec:',
      '  schedule: "* * * * *"',
      '  jobTemplate:',
      '    metadata:',
      '      annotations:',
      '        k8s.aliyun.com/eci-use-specs: 2-4Gi',
      '    spec:',
      '      template:',
      '        metadata:',
      '          annotations:',
      '            k8s.aliyun.com/eci-fail-strategy: fail-fast',
      '        spec:',
      '          containers: []',
      '',
    ].join('\n');
    const c = check(text);
    assert.deepEqual(codes(c), ['wrong-level', 'wrong-level']);
    const own = diagnosticAt(c, 'wrong-level', 'eci-spot-strategy');
    const job = diagnosticAt(c, 'wrong-level', 'eci-use-specs');
    assert.deepEqual(job.range, rangeOf(text, 'k8s.aliyun.com/eci-use-specs'));
    assert.match(job.message, /spec\.jobTemplate\.metadata/);
    for (const d of [own, job]) assert.match(d.message, /spec\.jobTemplate\.spec\.template\.metadata\.annotations/);
  });

  test('no false alarm at the right level, or for non-ECI keys on the own metadata', () => {
    const text = deployment('        k8s.aliyun.com/eci-with-eip: "true"\n        k8s.aliyun.com/eip-bandwidth: "10"', '    deployment.kubernetes.io/revision: "2"', 1);
    assert.deepEqual(check(text).diagnostics, []);
    assert.deepEqual(check(pod('    k8s.aliyun.com/eci-use-specs: "2-4Gi,ecs.c6.large"')).diagnostics, []);
  });
});

describe('non-pod-kind', () => {
  for (const kind of ['Service', 'ConfigMap']) {
    test(`an ECI key on a ${kind}`, () => {
      const text = `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: x\n  annotations:\n    k8s.aliyun.com/eci-with-eip: "true"\n    service.beta.kubernetes.io/foo: "bar"\n`;
      const c = check(text);
      assert.deepEqual(codes(c), ['non-pod-kind']);
      assert.deepEqual(c.diagnostics[0].range, rangeOf(text, 'k8s.aliyun.com/eci-with-eip'));
      assert.match(c.diagnostics[0].message, new RegExp(`${kind} never makes pods`));
    });
  }

  test('a Knative serving.knative.dev/v1 Service is a pod kind', () => {
    const right = [
      'apiVersion: serving.knative.dev/v1',
      'kind: Service',
      'metadata:',
      '  name: hello',
      'spec:',
      '  template:',
      '    metadata:',
      '      annotations:',
      '        k8s.aliyun.com/eci-spot-strategy: SpotAsPriceGo',
      '        k8s.aliyun.com/eci-max-pending-minute: "5"',
      '',
    ].join('\n');
    assert.deepEqual(codes(check(right)), ['invalid-value']);
    const wrong = right.replace('  name: hello\n', '  name: hello\n  annotations:\n    k8s.aliyun.com/eci-use-specs: 2-4Gi\n');
    const c = check(wrong);
    assert.deepEqual(codes(c), ['invalid-value', 'wrong-level']);
    assert.match(withCode(c, 'wrong-level')[0].message, /revision template/);
  });
});

describe('in-labels', () => {
  test('an ECI key under the pod template labels', () => {
    const text = deployment('').replace('        app: web\n    spec', '        app: web\n        k8s.aliyun.com/eci-spot-strategy: SpotAsPriceGo\n    spec');
    const c = check(text);
    assert.deepEqual(codes(c), ['in-labels']);
    assert.deepEqual(c.diagnostics[0].range, rangeOf(text, 'k8s.aliyun.com/eci-spot-strategy'));
    assert.match(c.diagnostics[0].message, /written under labels/);
  });

  test('the routing label alibabacloud.com/eci is fine in labels', () => {
    const text = deployment('').replace('        app: web\n    spec', '        app: web\n        alibabacloud.com/eci: "true"\n    spec');
    assert.deepEqual(check(text).diagnostics, []);
  });
});

describe('not-a-string (R2)', () => {
  const cases: [string, RegExp][] = [
    ['10', /the number 10/],
    ['5.5', /the number 5\.5/],
    ['0x0A', /the number 0x0A/],
    ['true', /the boolean true/],
    ['yes', /the boolean yes in YAML 1\.1/],
    ['on', /the boolean on in YAML 1\.1/],
    ['off', /the boolean off in YAML 1\.1/],
    ['null', /empty \(null\)/],
    ['~', /empty \(null\)/],
  ];
  for (const [raw, what] of cases) {
    test(`unquoted ${raw} is an error on the value`, () => {
      const text = pod(`    k8s.aliyun.com/eci-data-cache-bucket: ${raw}`);
      const c = check(text);
      assert.deepEqual(codes(c), ['not-a-string']);
      const d = c.diagnostics[0];
      assert.equal(d.severity, DiagnosticSeverity.Error);
      assert.deepEqual(d.range, valueRange(text, 'k8s.aliyun.com/eci-data-cache-bucket: ', raw));
      assert.match(d.message, what);
      assert.match(d.message, /k8s\.aliyun\.com\/eci-data-cache-bucket/);
      assert.match(d.message, /cannot unmarshal/);
    });
  }

  test('an empty value is flagged on the key', () => {
    const text = pod('    k8s.aliyun.com/eci-data-cache-bucket:\n    k8s.aliyun.com/eci-use-specs: "2-4Gi"');
    const c = check(text);
    assert.deepEqual(codes(c), ['not-a-string']);
    assert.deepEqual(c.diagnostics[0].range, rangeOf(text, 'k8s.aliyun.com/eci-data-cache-bucket'));
    assert.match(c.diagnostics[0].message, /empty \(null\)/);
  });

  test('quoted values and plain strings are fine', () => {
    const text = pod(
      [
        '    k8s.aliyun.com/eci-data-cache-bucket: "10"',
        "    example.com/d: '5.5'",
        '    example.com/a: "yes"',
        "    example.com/b: ''",
        '    example.com/c: "null"',
        '    k8s.aliyun.com/eci-use-specs: 2-4Gi',
        '    k8s.aliyun.com/eip-internet-charge-type: PayByTraffic',
        '    k8s.aliyun.com/eci-with-eip: "true"',
        '    k8s.aliyun.com/eci-custom-tags: env:prod',
        '    kubernetes.io/ingress-bandwidth: 40M',
        '    example.com/hosts: 100.100.5.1,100.100.5.2',
      ].join('\n'),
    );
    assert.deepEqual(check(text).diagnostics, []);
  });

  test('applies to non-ECI annotations and to labels too', () => {
    const text = pod('    prometheus.io/port: 8080\n    example.com/enabled: on').replace('  name: p\n', '  name: p\n  labels:\n    tier: 1\n');
    const c = check(text);
    assert.deepEqual(codes(c), ['not-a-string', 'not-a-string', 'not-a-string']);
    const label = diagnosticAt(c, 'not-a-string', 'tier: 1');
    assert.match(label.message, /^Label values must be strings/);
    assert.deepEqual(label.range, valueRange(text, 'tier: ', '1'));
    assert.match(diagnosticAt(c, 'not-a-string', 'prometheus.io/port').message, /^Annotation values must be strings.*the number 8080/);
  });

  test('a map value is flagged but cannot be quoted', () => {
    const text = pod('    example.com/x:\n      nested: "1"');
    const c = check(text);
    assert.deepEqual(codes(c), ['not-a-string']);
    assert.match(c.diagnostics[0].message, /a map/);
  });
});

describe('invalid-value (R11, R12, R13)', () => {
  test('enum typo with a did-you-mean', () => {
    const text = pod('    k8s.aliyun.com/eci-spot-strategy: SpotAsPriceG');
    const c = check(text);
    assert.deepEqual(codes(c), ['invalid-value']);
    assert.deepEqual(c.diagnostics[0].range, rangeOf(text, 'SpotAsPriceG'));
    assert.match(c.diagnostics[0].message, /"SpotAsPriceG" is not a valid value for k8s\.aliyun\.com\/eci-spot-strategy/);
    assert.match(c.diagnostics[0].message, /Valid values: SpotAsPriceGo, SpotWithPriceLimit/);
    assert.match(c.diagnostics[0].message, /Did you mean "SpotAsPriceGo"\?/);
  });

  test('enum value in the wrong case', () => {
    const c = check(pod('    k8s.aliyun.com/eci-fail-strategy: "FAIL_FAST"'));
    assert.match(withCode(c, 'invalid-value')[0].message, /Did you mean "fail-fast"\?/);
  });

  test('an ID with the wrong prefix; the range includes the quotes', () => {
    const text = pod('    k8s.aliyun.com/eci-eip-instanceid: "cbwp-2ze0000"');
    const c = check(text);
    assert.deepEqual(codes(c), ['invalid-value']);
    assert.deepEqual(c.diagnostics[0].range, rangeOf(text, '"cbwp-2ze0000"'));
    assert.match(c.diagnostics[0].message, /EIP ID \(eip-…\)/);
  });

  test('integer range 10–1440', () => {
    for (const [v, bad] of [
      ['9', true],
      ['10', false],
      ['240', false],
      ['1440', false],
      ['1441', true],
      ['ten', true],
    ] as const) {
      const c = check(pod(`    k8s.aliyun.com/eci-max-pending-minute: "${v}"`));
      assert.deepEqual(codes(c), bad ? ['invalid-value'] : [], `value ${v}`);
      if (bad && v !== 'ten') assert.match(c.diagnostics[0].message, /between 10 and 1440/);
    }
  });

  test('a bad spec item', () => {
    const c = check(pod('    k8s.aliyun.com/eci-use-specs: "2-4Gi,2C4G"'));
    assert.deepEqual(codes(c), ['invalid-value']);
    assert.match(c.diagnostics[0].message, /"2C4G" is not a spec ECI understands/);
  });

  test('bad JSON', () => {
    const c = check(pod(`    k8s.aliyun.com/eci-custom-dnsconfig: '{"nameservers": "223.5.5.5"'`));
    assert.deepEqual(codes(c), ['invalid-value']);
    assert.match(c.diagnostics[0].message, /must hold JSON/);
    const shape = check(pod(`    k8s.aliyun.com/eci-custom-hosts: '{"host": "a", "ip": "1.1.1.1"}'`));
    assert.match(withCode(shape, 'invalid-value')[0].message, /JSON array/);
    assert.deepEqual(check(pod(`    k8s.aliyun.com/eci-custom-hosts: '[{"host": "a", "ip": "1.1.1.1"}]'`)).diagnostics, []);
  });

  test('placeholders and masked IDs are not judged', () => {
    const c = check(pod('    k8s.aliyun.com/eci-eip-instanceid: "${EIP_ID}"\n    k8s.aliyun.com/eci-imc-id: "imc-2zeb****"'));
    assert.deepEqual(c.diagnostics, []);
  });
});

describe('list-too-long (R11, R12)', () => {
  const cases: [string, string, string, RegExp][] = [
    ['k8s.aliyun.com/eci-use-specs', '1-2Gi,2-4Gi,4-8Gi,8-16Gi,ecs.c6.large,ecs.c6.xlarge', '1-2Gi,2-4Gi,4-8Gi,8-16Gi,ecs.c6.large', /at most 5 specs; this has 6/],
    ['k8s.aliyun.com/eci-custom-tags', 'a:1,b:2,c:3,d:4', 'a:1,b:2,c:3', /at most 3 .*this has 4/],
    ['k8s.aliyun.com/eci-security-group', 'sg-1,sg-2,sg-3,sg-4,sg-5,sg-6', 'sg-1,sg-2,sg-3,sg-4,sg-5', /at most 5 IDs; this has 6/],
  ];
  for (const [key, tooLong, ok, message] of cases) {
    test(key, () => {
      const text = pod(`    ${key}: "${tooLong}"`);
      const c = check(text);
      assert.deepEqual(codes(c), ['list-too-long']);
      assert.deepEqual(c.diagnostics[0].range, rangeOf(text, `"${tooLong}"`));
      assert.match(c.diagnostics[0].message, message);
      assert.deepEqual(check(pod(`    ${key}: "${ok}"`)).diagnostics, []);
    });
  }
});

describe('missing-dependency (R3, R7, R8, R9)', () => {
  test('eip-bandwidth without eci-with-eip', () => {
    const text = pod('    k8s.aliyun.com/eip-bandwidth: "10"');
    const c = check(text);
    assert.deepEqual(codes(c), ['missing-dependency']);
    assert.deepEqual(c.diagnostics[0].range, rangeOf(text, 'k8s.aliyun.com/eip-bandwidth'));
    assert.match(c.diagnostics[0].message, /needs k8s\.aliyun\.com\/eci-with-eip: "true"/);
    assert.equal(c.diagnostics[0].relatedInformation, undefined);
  });

  test('eip-bandwidth with eci-with-eip "false" points at that line', () => {
    const text = pod('    k8s.aliyun.com/eci-with-eip: "false"\n    k8s.aliyun.com/eip-bandwidth: "10"');
    const c = check(text);
    assert.deepEqual(codes(c), ['missing-dependency']);
    assert.deepEqual(c.diagnostics[0].relatedInformation?.[0].location.range, rangeOf(text, 'k8s.aliyun.com/eci-with-eip'));
    assert.deepEqual(check(pod('    k8s.aliyun.com/eci-with-eip: "true"\n    k8s.aliyun.com/eip-bandwidth: "10"')).diagnostics, []);
  });

  test('spot price limit', () => {
    const alone = check(pod('    k8s.aliyun.com/eci-spot-price-limit: "0.5"'));
    assert.deepEqual(codes(alone), ['missing-dependency']);
    assert.match(alone.diagnostics[0].message, /needs k8s\.aliyun\.com\/eci-spot-strategy: "SpotWithPriceLimit"/);
    const wrongStrategy = check(pod('    k8s.aliyun.com/eci-spot-strategy: SpotAsPriceGo\n    k8s.aliyun.com/eci-spot-price-limit: "0.5"'));
    assert.deepEqual(codes(wrongStrategy), ['missing-dependency']);
    const noLimit = check(pod('    k8s.aliyun.com/eci-spot-strategy: SpotWithPriceLimit'));
    assert.deepEqual(codes(noLimit), ['missing-dependency']);
    assert.match(noLimit.diagnostics[0].message, /^k8s\.aliyun\.com\/eci-spot-strategy: "SpotWithPriceLimit" needs k8s\.aliyun\.com\/eci-spot-price-limit/);
    assert.deepEqual(check(pod('    k8s.aliyun.com/eci-spot-strategy: SpotWithPriceLimit\n    k8s.aliyun.com/eci-spot-price-limit: "0.5"')).diagnostics, []);
  });

  test('privatepool Target without an id', () => {
    const text = pod('    k8s.aliyun.com/eci-use-specs: ecs.c6.large\n    k8s.aliyun.com/eci-privatepool-matchcriteria: Target');
    const c = check(text);
    assert.deepEqual(codes(c), ['missing-dependency']);
    assert.deepEqual(c.diagnostics[0].range, rangeOf(text, 'k8s.aliyun.com/eci-privatepool-matchcriteria'));
    assert.match(c.diagnostics[0].message, /needs k8s\.aliyun\.com\/eci-privatepool-id/);
    const withId = pod(
      '    k8s.aliyun.com/eci-use-specs: ecs.c6.large\n    k8s.aliyun.com/eci-privatepool-matchcriteria: Target\n    k8s.aliyun.com/eci-privatepool-id: eap-bp67acfmxazb4****',
    );
    assert.deepEqual(check(withId).diagnostics, []);
  });

  test('fixed-ip-retain-hour without eci-fixed-ip', () => {
    const c = check(pod('    k8s.aliyun.com/eci-fixed-ip-retain-hour: "24"'));
    assert.deepEqual(codes(c), ['missing-dependency']);
    assert.match(c.diagnostics[0].message, /needs k8s\.aliyun\.com\/eci-fixed-ip: "true"/);
    assert.deepEqual(check(pod('    k8s.aliyun.com/eci-fixed-ip: "true"\n    k8s.aliyun.com/eci-fixed-ip-retain-hour: "24"')).diagnostics, []);
  });
});

describe('conflict (R4)', () => {
  test('eci-eip-instanceid with eci-with-eip "true" points at the other key', () => {
    const text = pod('    k8s.aliyun.com/eci-with-eip: "true"\n    k8s.aliyun.com/eci-eip-instanceid: eip-bp1q5n8cq4p7f6dzu****');
    const c = check(text);
    assert.deepEqual(codes(c), ['conflict']);
    const d = c.diagnostics[0];
    assert.deepEqual(d.range, rangeOf(text, 'k8s.aliyun.com/eci-eip-instanceid'));
    assert.match(d.message, /conflicts with k8s\.aliyun\.com\/eci-with-eip: "true", and ECI ignores k8s\.aliyun\.com\/eci-eip-instanceid/);
    assert.equal(d.relatedInformation?.length, 1);
    assert.equal(d.relatedInformation?.[0].location.uri, c.uri);
    assert.deepEqual(d.relatedInformation?.[0].location.range, rangeOf(text, 'k8s.aliyun.com/eci-with-eip'));
    assert.deepEqual(d.tags, [DiagnosticTag.Unnecessary]);
  });

  test('no conflict with eci-with-eip "false"', () => {
    assert.deepEqual(check(pod('    k8s.aliyun.com/eci-with-eip: "false"\n    k8s.aliyun.com/eci-eip-instanceid: eip-bp1q5n8cq4p7f6dzu****')).diagnostics, []);
  });
});

describe('single-instance (R5, R10)', () => {
  const eip = '        k8s.aliyun.com/eci-eip-instanceid: eip-bp1q5n8cq4p7f6dzu****';
  test('replicas 3 with a fixed EIP, related to the replicas line', () => {
    const text = deployment(eip, '', 3);
    const c = check(text);
    assert.deepEqual(codes(c), ['single-instance']);
    assert.deepEqual(c.diagnostics[0].range, rangeOf(text, 'k8s.aliyun.com/eci-eip-instanceid'));
    assert.match(c.diagnostics[0].message, /this Deployment makes 3 pods/);
    assert.deepEqual(c.diagnostics[0].relatedInformation?.[0].location.range, rangeOf(text, 'replicas'));
  });

  test('replicas 1 (or no replicas) gives no warning', () => {
    assert.deepEqual(check(deployment(eip, '', 1)).diagnostics, []);
    assert.deepEqual(check(deployment(eip, '', 1).replace('  replicas: 1\n', '')).diagnostics, []);
  });

  test('a DaemonSet runs one pod per node', () => {
    const c = check(deployment(eip, '', 1, 'DaemonSet').replace('  replicas: 1\n', ''));
    assert.deepEqual(codes(c), ['single-instance']);
    assert.match(c.diagnostics[0].message, /a DaemonSet runs one pod per node/);
  });

  test('an HorizontalPodAutoscaler in the same file that scales the workload past one pod', () => {
    const hpa = (name: string, max: number) =>
      `---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web-hpa\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: ${name}\n  minReplicas: 1\n  maxReplicas: ${max}\n`;
    const c = check(deployment(eip, '', 1) + hpa('web', 5));
    assert.deepEqual(codes(c), ['single-instance']);
    assert.match(c.diagnostics[0].message, /web-hpa scales this Deployment up to 5 pods/);
    assert.deepEqual(check(deployment(eip, '', 1) + hpa('other', 5)).diagnostics, [], 'another target');
    assert.deepEqual(check(deployment(eip, '', 1) + hpa('web', 1)).diagnostics, [], 'max 1');
  });

  test('a fixed private IP in a StatefulSet with 2 replicas', () => {
    const c = check(deployment('        k8s.aliyun.com/eci-private-ip-address: "172.16.0.11"', '', 2, 'StatefulSet'));
    assert.deepEqual(codes(c), ['single-instance']);
    assert.match(c.diagnostics[0].message, /eci-private-ip-address names one fixed resource/);
  });
});

describe('legacy-key (R14)', () => {
  test('eci-image-cache is superseded by eci-auto-imc', () => {
    const text = pod('    k8s.aliyun.com/eci-image-cache: "true"');
    const c = check(text);
    assert.deepEqual(codes(c), ['legacy-key']);
    const d = c.diagnostics[0];
    assert.equal(d.severity, DiagnosticSeverity.Information);
    assert.deepEqual(d.tags, [DiagnosticTag.Deprecated]);
    assert.deepEqual(d.range, rangeOf(text, 'k8s.aliyun.com/eci-image-cache'));
    assert.match(d.message, /legacy annotation; current ECI docs use k8s\.aliyun\.com\/eci-auto-imc/);
  });

  for (const [legacy, successor] of [
    ['k8s.aliyun.com/eci-image-snapshot-id', 'k8s.aliyun.com/eci-imc-id'],
    ['k8s.aliyun.com/acr-instance-id', 'k8s.aliyun.com/acr-instance-ids'],
    ['k8s.aliyun.com/pod-fail-on-create-err', 'k8s.aliyun.com/eci-fail-strategy'],
    ['k8s.aliyun.com/eci-reschedule-enable', 'k8s.aliyun.com/eci-fail-strategy'],
    ['k8s.aliyun.com/eci-gpu-type', 'k8s.aliyun.com/eci-use-specs'],
    ['k8s.aliyun.com/eci-instance-type', 'k8s.aliyun.com/eci-use-specs'],
    ['k8s.aliyun.com/eci-ipv6-count', 'k8s.aliyun.com/eci-enable-ipv6'],
  ]) {
    test(`${legacy} → ${successor}`, () => {
      const c = check(pod(`    ${legacy}: "x"`));
      const d = withCode(c, 'legacy-key');
      assert.equal(d.length, 1);
      assert.ok(d[0].message.includes(successor));
    });
  }
});

describe('unknown-key', () => {
  test('a typo gets a did-you-mean', () => {
    const text = pod('    k8s.aliyun.com/eci-spot-stratgy: SpotAsPriceGo');
    const c = check(text);
    assert.deepEqual(codes(c), ['unknown-key']);
    assert.deepEqual(c.diagnostics[0].range, rangeOf(text, 'k8s.aliyun.com/eci-spot-stratgy'));
    assert.match(c.diagnostics[0].message, /is not an annotation ECI documents\. Did you mean k8s\.aliyun\.com\/eci-spot-strategy\?/);
  });

  test('the documented bandwith misspelling (R15)', () => {
    const c = check(pod('    k8s.aliyun.com/eci-with-eip: "true"\n    k8s.aliyun.com/eip-common-bandwith-package-id: cbwp-2ze0000****'));
    assert.deepEqual(codes(c), ['unknown-key']);
    assert.match(c.diagnostics[0].message, /Did you mean k8s\.aliyun\.com\/eip-common-bandwidth-package-id\?/);
  });

  test('far from every key: no suggestion; other namespaces are left alone', () => {
    const c = check(pod('    k8s.aliyun.com/eci-something-entirely-different-here: "x"\n    example.com/eci-foo: "x"\n    k8s.aliyun.com/custom: "x"'));
    assert.deepEqual(codes(c), ['unknown-key']);
    assert.doesNotMatch(c.diagnostics[0].message, /Did you mean/);
  });
});

describe('read-only', () => {
  test('eci-instance-id is added by the system', () => {
    const text = pod('    k8s.aliyun.com/eci-instance-id: eci-2ze0000');
    const c = check(text);
    assert.deepEqual(codes(c), ['read-only']);
    assert.deepEqual(c.diagnostics[0].range, rangeOf(text, 'k8s.aliyun.com/eci-instance-id'));
    assert.match(c.diagnostics[0].message, /added by ECI after the pod is scheduled/);
  });
});

describe('wrong-placement (R18)', () => {
  const imageCache = (annotations: string) =>
    `apiVersion: eci.alibabacloud.com/v1\nkind: ImageCache\nmetadata:\n  name: imc\n  annotations:\n${annotations}\nspec:\n  images: [nginx]\n`;

  test('a pod key on an ImageCache', () => {
    const text = imageCache('    k8s.aliyun.com/eci-with-eip: "true"');
    const c = check(text);
    assert.deepEqual(codes(c), ['wrong-placement']);
    assert.deepEqual(c.diagnostics[0].range, rangeOf(text, 'k8s.aliyun.com/eci-with-eip'));
    assert.match(c.diagnostics[0].message, /On an ImageCache the key is k8s\.aliyun\.com\/auto-create-eip/);
    assert.equal(applyFix(c, c.diagnostics[0], 'Change to k8s.aliyun.com/auto-create-eip'), text.replace('k8s.aliyun.com/eci-with-eip', 'k8s.aliyun.com/auto-create-eip'));
  });

  test('a pod key without an ImageCache counterpart gets no rename', () => {
    const c = check(imageCache('    k8s.aliyun.com/eci-use-specs: "2-4Gi"'));
    assert.deepEqual(codes(c), ['wrong-placement']);
    assert.match(c.diagnostics[0].message, /ImageCache uses its own keys/);
    assert.throws(() => applyFix(c, c.diagnostics[0]), /expected one fix/);
  });

  test('the ImageCache key auto-create-eip on a Pod', () => {
    const text = pod('    k8s.aliyun.com/auto-create-eip: "true"');
    const c = check(text);
    assert.deepEqual(codes(c), ['wrong-placement']);
    assert.match(c.diagnostics[0].message, /ImageCache annotation; ECI ignores it on pods\. On pods the key is k8s\.aliyun\.com\/eci-with-eip/);
    assert.equal(applyFix(c, c.diagnostics[0], 'Change to k8s.aliyun.com/eci-with-eip'), text.replace('auto-create-eip', 'eci-with-eip'));
  });

  test("ImageCache keys on the ImageCache's own metadata are right (no wrong-level)", () => {
    const c = check(imageCache('    k8s.aliyun.com/auto-create-eip: "true"\n    k8s.aliyun.com/eip-bandwidth: "10"\n    k8s.aliyun.com/imc-size: "40"'));
    assert.deepEqual(c.diagnostics, []);
    const dep = check(imageCache('    k8s.aliyun.com/eip-bandwidth: "10"'));
    assert.match(withCode(dep, 'missing-dependency')[0].message, /needs k8s\.aliyun\.com\/auto-create-eip: "true"/);
  });

  test('the routing label written as an annotation, moved to labels', () => {
    const text = pod('    alibabacloud.com/eci: "true"\n    k8s.aliyun.com/eci-use-specs: "2-4Gi"');
    const c = check(text);
    assert.deepEqual(codes(c), ['wrong-placement']);
    assert.match(c.diagnostics[0].message, /is a label, not an annotation/);
    const fixed = applyFix(c, c.diagnostics[0], 'Move alibabacloud.com/eci to labels');
    assert.equal(fixed, text.replace('  annotations:\n    alibabacloud.com/eci: "true"\n', '  labels:\n    alibabacloud.com/eci: "true"\n  annotations:\n'));
    assert.deepEqual(check(fixed).diagnostics, []);
  });

  test('the only annotation is the routing label: the emptied annotations map becomes labels', () => {
    const text = pod('    # route to ECI\n    alibabacloud.com/eci: "true"');
    const c = check(text);
    const fixed = applyFix(c, c.diagnostics[0], 'Move alibabacloud.com/eci to labels');
    assert.equal(fixed, text.replace('  annotations:\n    # route to ECI\n', '  labels:\n    # route to ECI\n'));
  });
});

describe('deprecated-value (R17)', () => {
  test('tesla=525', () => {
    const text = pod('    k8s.aliyun.com/eci-use-specs: ecs.gn6i-c4g1.xlarge\n    k8s.aliyun.com/eci-gpu-driver-version: tesla=525.85.12');
    const c = check(text);
    assert.deepEqual(codes(c), ['deprecated-value']);
    assert.equal(c.diagnostics[0].severity, DiagnosticSeverity.Information);
    assert.deepEqual(c.diagnostics[0].range, rangeOf(text, 'tesla=525.85.12'));
    assert.match(c.diagnostics[0].message, /525 is no longer supported/);
    assert.deepEqual(check(text.replace('tesla=525.85.12', 'tesla=535')).diagnostics, []);
  });
});

describe('storage-binding (R16)', () => {
  const storageClass = (mode: string) =>
    `apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: disk-topology\nprovisioner: diskplugin.csi.alibabacloud.com\nvolumeBindingMode: ${mode}\n`;
  const workload = pod('    k8s.aliyun.com/eci-vswitch: vsw-aaa,vsw-bbb');

  test('a WaitForFirstConsumer StorageClass in the same file and eci-vswitch', () => {
    const text = `${storageClass('WaitForFirstConsumer')}---\n${workload}`;
    const c = check(text);
    assert.deepEqual(codes(c), ['storage-binding']);
    assert.equal(c.diagnostics[0].severity, DiagnosticSeverity.Information);
    assert.deepEqual(c.diagnostics[0].range, rangeOf(text, 'k8s.aliyun.com/eci-vswitch'));
    assert.match(c.diagnostics[0].message, /WaitForFirstConsumer StorageClass \(disk-topology in this file\)/);
  });

  test('fail-fast too, but not fail-back; not with an Immediate class or no class', () => {
    assert.deepEqual(codes(check(`${storageClass('WaitForFirstConsumer')}---\n${pod('    k8s.aliyun.com/eci-fail-strategy: fail-fast')}`)), ['storage-binding']);
    assert.deepEqual(check(`${storageClass('WaitForFirstConsumer')}---\n${pod('    k8s.aliyun.com/eci-fail-strategy: fail-back')}`).diagnostics, []);
    assert.deepEqual(check(`${storageClass('Immediate')}---\n${workload}`).diagnostics, []);
    assert.deepEqual(check(workload).diagnostics, []);
  });
});

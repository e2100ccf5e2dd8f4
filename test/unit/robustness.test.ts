/** Robustness: multi-document files, CRLF, tabs, Helm templates, broken YAML, flow maps, huge files, alias bombs, garbage. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Position } from 'vscode-languageserver-types';
import { doc, service } from './helpers';
import { applyFix, check, codes, diagnosticAt, fixesFor, fixture, fixtureNames, lineOf, POD, rangeOf, withCode } from './support';

/** Runs every entry point at every line of a text; none may throw. */
async function exercise(text: string, step = 1): Promise<void> {
  const ls = service();
  const d = doc(text);
  const model = ls.parse(d);
  const diagnostics = ls.doValidation(model);
  const lines = text.split('\n');
  for (let line = 0; line < lines.length; line += step) {
    for (const character of [0, Math.floor(lines[line].length / 2), lines[line].length]) {
      const position: Position = { line, character };
      await ls.doComplete(model, position);
      ls.doHover(model, position);
      ls.getCodeActions(model, { start: position, end: position }, diagnostics, { accountActions: true });
    }
  }
  await ls.checkAccountResources(model);
}

describe('multi-document files', () => {
  test('positions are right in the third document', () => {
    const text = [
      POD('    k8s.aliyun.com/eci-use-specs: "2-4Gi"'),
      '---\n# second\n' + POD('    example.com/a: "b"'),
      '---\n' + POD('    example.com/a: "b"\n    k8s.aliyun.com/eci-spot-strategy: Bogus\n    k8s.aliyun.com/eci-max-pending-minute: 60'),
    ].join('');
    const c = check(text);
    assert.deepEqual(codes(c), ['invalid-value', 'not-a-string']);
    assert.deepEqual(withCode(c, 'invalid-value')[0].range, rangeOf(text, 'Bogus'));
    assert.deepEqual(withCode(c, 'not-a-string')[0].range, rangeOf(text, '60'));
    assert.ok(withCode(c, 'invalid-value')[0].range.start.line > 20);
  });

  test('a fix in the third document edits the third document', () => {
    const first = POD('    example.com/a: "b"');
    const text = `${first}---\n${first}---\n${POD('    k8s.aliyun.com/eci-max-pending-minute: 60')}`;
    const c = check(text);
    const fixed = applyFix(c, diagnosticAt(c, 'not-a-string', 'eci-max-pending-minute'));
    assert.equal(fixed, text.replace('minute: 60', 'minute: "60"'));
  });

  test('rules that read the whole file see every document; an edit to one document re-checks it', () => {
    const ls = service();
    const uri = 'file:///multi.yaml';
    const text = `${POD('    k8s.aliyun.com/eci-spot-strategy: Bogus')}---\n${POD('    k8s.aliyun.com/eci-fail-strategy: fail-back')}`;
    const v1 = ls.parse(doc(text, uri, 1));
    assert.deepEqual(
      ls.doValidation(v1).map((d) => d.code),
      ['invalid-value'],
    );
    const edited = text.replace('fail-back', 'Bogus');
    const v2 = ls.parse(doc(edited, uri, 2));
    assert.equal(v2.slices[0].doc, v1.slices[0].doc, 'the unchanged document is reused');
    assert.notEqual(v2.slices[1].doc, v1.slices[1].doc);
    assert.deepEqual(
      ls.doValidation(v2).map((d) => [d.code, d.range.start.line]),
      [
        ['invalid-value', lineOf(edited, 'Bogus')],
        ['invalid-value', lineOf(edited, 'Bogus', 1)],
      ],
    );
  });

  test('--- inside a block scalar or a string does not split documents wrongly', () => {
    const text = POD('    example.com/notes: |\n      a\n      ---\n      b\n    k8s.aliyun.com/eci-spot-strategy: Bogus');
    const c = check(text);
    assert.deepEqual(
      c.diagnostics.map((d) => d.range),
      [rangeOf(text, 'Bogus')],
    );
  });
});

describe('CRLF', () => {
  const lf = POD('    k8s.aliyun.com/eci-spot-strategy: Bogus\n    k8s.aliyun.com/eci-max-pending-minute: 60');
  const crlf = lf.replace(/\n/g, '\r\n');

  test('ranges are the same as with LF', () => {
    const a = check(lf).diagnostics.map((d) => [d.code, d.range]);
    const b = check(crlf).diagnostics.map((d) => [d.code, d.range]);
    assert.equal(a.length, 2);
    assert.deepEqual(b, a);
  });

  test('a quote fix keeps CRLF', () => {
    const c = check(crlf);
    assert.equal(applyFix(c, withCode(c, 'not-a-string')[0]), crlf.replace('minute: 60', 'minute: "60"'));
  });

  test('a move fix writes CRLF lines', () => {
    const text =
      'apiVersion: apps/v1\r\nkind: Deployment\r\nmetadata:\r\n  name: w\r\n  annotations:\r\n    k8s.aliyun.com/eci-use-specs: "2-4Gi"\r\nspec:\r\n  template:\r\n    spec:\r\n      containers: []\r\n';
    const c = check(text);
    const fixed = applyFix(c, withCode(c, 'wrong-level')[0]);
    assert.equal(
      fixed,
      'apiVersion: apps/v1\r\nkind: Deployment\r\nmetadata:\r\n  name: w\r\nspec:\r\n  template:\r\n    metadata:\r\n      annotations:\r\n        k8s.aliyun.com/eci-use-specs: "2-4Gi"\r\n    spec:\r\n      containers: []\r\n',
    );
  });
});

describe('tabs', () => {
  test('tabs inside values and comments: right positions, no false alarms', () => {
    const text = POD('    example.com/a: "x\ty"\t# tab\t comment\n    k8s.aliyun.com/eci-spot-strategy:\tBogus');
    const c = check(text);
    assert.deepEqual(codes(c), ['invalid-value']);
    assert.deepEqual(c.diagnostics[0].range, rangeOf(text, 'Bogus'));
  });

  test('tab indentation (invalid YAML) does not throw', async () => {
    const text = POD('\tk8s.aliyun.com/eci-with-eip: true\n\t\texample.com/x: 1');
    await exercise(text);
  });
});

describe('Helm templates', () => {
  test('templated values raise no false alarms', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "app.fullname" . }}
spec:
  replicas: {{ .Values.replicas }}
  template:
    metadata:
      annotations:
        k8s.aliyun.com/eci-eip-instanceid: "{{ .Values.eip }}"
        k8s.aliyun.com/eci-use-specs: {{ .Values.specs | quote }}
        k8s.aliyun.com/eci-max-pending-minute: {{ .Values.pending | toString | quote }}
        k8s.aliyun.com/eci-with-eip: {{ .Values.withEip | quote }}
        k8s.aliyun.com/eip-bandwidth: "{{ .Values.bandwidth }}"
        {{ .Values.extraKey }}: "x"
    spec:
      containers: []
`;
    assert.deepEqual(check(text).diagnostics, []);
  });

  test('{{- if }} / {{- with }} lines: no crash, no false alarms, real problems still found on the right lines', async () => {
    const text = fixture('helm-template.yaml');
    const c = check(text);
    assert.deepEqual(codes(c), ['not-a-string', 'wrong-level', 'wrong-level']);
    assert.deepEqual(withCode(c, 'not-a-string')[0].range, rangeOf(text, '30'));
    assert.deepEqual(diagnosticAt(c, 'wrong-level', 'eci-spot-strategy').range, rangeOf(text, 'k8s.aliyun.com/eci-spot-strategy'));
    await exercise(text);
  });

  test('a template line inside the annotations does not hide the keys after it', () => {
    const text = POD('    {{- range $k, $v := .Values.annotations }}\n    {{ $k }}: {{ $v | quote }}\n    {{- end }}\n    k8s.aliyun.com/eci-spot-strategy: Bogus');
    const c = check(text);
    assert.deepEqual(
      c.diagnostics.map((d) => [d.code, d.range]),
      [['invalid-value', rangeOf(text, 'Bogus')]],
    );
  });
});

describe('broken and half-typed YAML', () => {
  const broken = [
    POD('    k8s.aliyun.com/eci-'),
    POD('    k8s.aliyun.com/eci-with-eip: "true'),
    POD("    k8s.aliyun.com/eci-with-eip: 'tr"),
    POD('    k8s.aliyun.com/eci-with-eip: {'),
    POD('    k8s.aliyun.com/eci-with-eip: [1, 2'),
    POD('  k8s.aliyun.com/eci-with-eip: "true"\n      bad: indent'),
    POD('    : "no key"\n    k8s.aliyun.com/eci-spot-strategy: Bogus'),
    'apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    k8s.aliyun.com/eci-with-eip: "true"\n    k8s.aliyun.com/eci-with-eip: "false"\n',
    'kind: Pod\nmetadata:\n  annotations: "not a map"\n',
    'kind: Pod\nmetadata:\n  annotations:\n    - a\n    - b\n',
    'kind: Pod\nmetadata: [1, 2]\n',
    'kind:\n  - Pod\n',
    '- just\n- a list\n',
    '"just a string"',
    '',
    '\n\n\n',
    '---\n---\n---\n',
    '%YAML 1.2\n---\nkind: Pod\nmetadata:\n  annotations:\n    k8s.aliyun.com/eci-spot-strategy: Bogus\n',
    'kind: Pod\nmetadata:\n  annotations:\n    ? complex\n    : key\n    [a, b]: c\n',
    'kind: Pod\nmetadata:\n  annotations:\n    !!binary k8s: x\n    k8s.aliyun.com/eci-with-eip: !custom "true"\n',
  ];
  broken.forEach((text, i) => {
    test(`sample ${i + 1} does not throw anywhere`, async () => {
      await exercise(text);
    });
  });

  test('half-typed: a key without a colon yet does not hide the problems around it', () => {
    const text = POD('    k8s.aliyun.com/eci-max-pending-minute: "5"\n    k8s.aliyun.com/eci-');
    const c = check(text);
    assert.deepEqual(
      withCode(c, 'invalid-value').map((d) => d.range),
      [rangeOf(text, '"5"')],
    );
  });

  test('every prefix of a real manifest (typing it from scratch) is handled', async () => {
    const text = fixture('comments-everywhere.yaml');
    const ls = service();
    for (let i = 0; i <= text.length; i += 3) {
      const model = ls.parse(doc(text.slice(0, i), 'file:///typing.yaml', i));
      const diagnostics = ls.doValidation(model);
      for (const d of diagnostics) assert.ok(d.range.end.line <= text.slice(0, i).split('\n').length - 1);
      const last = text.slice(0, i).split('\n');
      await ls.doComplete(model, { line: last.length - 1, character: last[last.length - 1].length });
    }
  });
});

describe('flow maps and JSON-style documents', () => {
  test('a JSON document: positions on the values', () => {
    const text = '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "annotations": {"k8s.aliyun.com/eci-with-eip": true, "k8s.aliyun.com/eci-spot-strategy": "Bogus"}}}';
    const c = check(text);
    assert.deepEqual(
      c.diagnostics.map((d) => [d.code, d.range]),
      [
        ['not-a-string', rangeOf(text, 'true')],
        ['invalid-value', rangeOf(text, '"Bogus"')],
      ],
    );
  });

  test('a multi-line JSON document with a wrong level', () => {
    const text =
      '{\n  "apiVersion": "apps/v1",\n  "kind": "Deployment",\n  "metadata": {\n    "name": "w",\n    "annotations": {"k8s.aliyun.com/eci-use-specs": "2-4Gi"}\n  },\n  "spec": {"template": {"spec": {"containers": []}}}\n}\n';
    const c = check(text);
    assert.deepEqual(
      c.diagnostics.map((d) => [d.code, d.range]),
      [['wrong-level', rangeOf(text, '"k8s.aliyun.com/eci-use-specs"')]],
    );
  });

  test('a flow map of annotations: quoting works in place', () => {
    const text = POD('    {k8s.aliyun.com/eci-with-eip: true, example.com/x: "y"}').replace('  annotations:\n    {', '  annotations: {').replace('"y"}\n', '"y"}\n');
    const c = check(text);
    assert.deepEqual(codes(c), ['not-a-string']);
    assert.equal(applyFix(c, c.diagnostics[0]), text.replace('eip: true', 'eip: "true"'));
  });
});

describe('size and hostile input', () => {
  test('2,000 documents: no crash, every document checked', () => {
    const one = (i: number) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d${i}\nspec:\n  replicas: 1\n  template:\n    metadata:\n      annotations:\n        k8s.aliyun.com/eci-max-pending-minute: 60\n    spec:\n      containers: []\n`;
    const text = Array.from({ length: 2000 }, (_, i) => one(i)).join('---\n');
    const started = Date.now();
    const c = check(text);
    assert.equal(c.diagnostics.length, 2000);
    assert.equal(c.diagnostics[1999].range.start.line, lineOf(text, 'minute: 60', 1999));
    assert.ok(Date.now() - started < 30_000);
  });

  test('an alias bomb (billion laughs) returns quickly', async () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: lol
  annotations:
    a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
    f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
    g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
    h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
    i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
    k8s.aliyun.com/eci-with-eip: *i
spec:
  containers: []
`;
    const started = Date.now();
    await exercise(text);
    assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
  });

  test('an alias value is reported on its own key, not on the anchor', () => {
    const text = POD('    example.com/level: &lvl Bogus\n    k8s.aliyun.com/eci-spot-strategy: *lvl\n    example.com/n: &n 60\n    k8s.aliyun.com/eci-max-pending-minute: *n');
    const c = check(text);
    assert.deepEqual(
      c.diagnostics.map((d) => [d.code, d.range]),
      [
        ['invalid-value', rangeOf(text, 'k8s.aliyun.com/eci-spot-strategy')],
        ['not-a-string', rangeOf(text, '60')],
      ],
    );
    // The alias itself is not quoted (the anchor is, where the number is written).
    assert.deepEqual(fixesFor(c, withCode(c, 'invalid-value')[0]), []);
  });

  test('random bytes and NULs never throw', async () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 20; n++) {
      let text = '';
      const length = 50 + Math.floor(random() * 2000);
      for (let i = 0; i < length; i++) text += String.fromCharCode(Math.floor(random() * (n % 2 ? 256 : 65536)));
      await exercise(text, 7);
    }
    await exercise('\u0000'.repeat(1000));
    await exercise('kind: Pod\nmetadata:\n  annotations:\n    k8s.aliyun.com/eci-with-eip: "\u0000\u0001"\n\u0000: x\n');
  });

  test('every fixture survives every entry point at every line', async () => {
    for (const name of fixtureNames()) await exercise(fixture(name));
  });
});

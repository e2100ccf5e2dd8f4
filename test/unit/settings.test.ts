/** Severity settings and `# eci-disable-next-line` suppression. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { check, codes, lineOf, withCode } from './support';

const TEXT = `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    k8s.aliyun.com/eci-max-pending-minute: 60
    k8s.aliyun.com/eci-spot-strategy: Bogus
    k8s.aliyun.com/eci-image-cache: "true"
spec:
  containers: []
`;

describe('severity settings', () => {
  test('defaults', () => {
    const c = check(TEXT);
    assert.deepEqual(codes(c), ['invalid-value', 'legacy-key', 'not-a-string']);
    assert.equal(withCode(c, 'not-a-string')[0].severity, DiagnosticSeverity.Error);
    assert.equal(withCode(c, 'invalid-value')[0].severity, DiagnosticSeverity.Warning);
    assert.equal(withCode(c, 'legacy-key')[0].severity, DiagnosticSeverity.Information);
  });

  test('off removes only that rule', () => {
    const c = check(TEXT, { severity: { 'not-a-string': 'off' } });
    assert.deepEqual(codes(c), ['invalid-value', 'legacy-key']);
  });

  test('error, hint and information change the severity of that rule only', () => {
    const c = check(TEXT, { severity: { 'invalid-value': 'error', 'legacy-key': 'hint', 'not-a-string': 'information' } });
    assert.equal(withCode(c, 'invalid-value')[0].severity, DiagnosticSeverity.Error);
    assert.equal(withCode(c, 'legacy-key')[0].severity, DiagnosticSeverity.Hint);
    assert.equal(withCode(c, 'not-a-string')[0].severity, DiagnosticSeverity.Information);
    const other = check(TEXT, { severity: { 'wrong-level': 'error' } });
    assert.equal(withCode(other, 'invalid-value')[0].severity, DiagnosticSeverity.Warning);
  });

  test('settings apply per call on the same model', () => {
    const c = check(TEXT);
    assert.equal(c.ls.doValidation(c.model, { severity: { 'invalid-value': 'off' } }).length, 2);
    assert.equal(c.ls.doValidation(c.model).length, 3);
  });
});

describe('# eci-disable-next-line', () => {
  const two = `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    k8s.aliyun.com/eci-max-pending-minute: 60
    k8s.aliyun.com/imc-match-count-request: 2
    k8s.aliyun.com/eci-spot-duration: 1
spec:
  containers: []
`;

  test('with a code, it silences that code on the next line only', () => {
    const text = two.replace('    k8s.aliyun.com/imc-match-count-request', '    # eci-disable-next-line not-a-string\n    k8s.aliyun.com/imc-match-count-request');
    const c = check(text);
    const lines = withCode(c, 'not-a-string').map((d) => d.range.start.line);
    assert.deepEqual(lines, [lineOf(text, 'eci-max-pending-minute'), lineOf(text, 'eci-spot-duration')]);
  });

  test('bare, it silences every code on the next line only', () => {
    const text = two.replace('    k8s.aliyun.com/eci-max-pending-minute', '    # eci-disable-next-line\n    k8s.aliyun.com/eci-max-pending-minute');
    const c = check(text);
    assert.deepEqual(
      withCode(c, 'not-a-string').map((d) => d.range.start.line),
      [lineOf(text, 'imc-match-count-request'), lineOf(text, 'eci-spot-duration')],
    );
  });

  test('another code does not silence it; several codes may be listed', () => {
    const other = two.replace('    k8s.aliyun.com/eci-spot-duration', '    # eci-disable-next-line invalid-value\n    k8s.aliyun.com/eci-spot-duration');
    assert.equal(withCode(check(other), 'not-a-string').length, 3);
    const listed = two.replace('    k8s.aliyun.com/eci-spot-duration', '    # eci-disable-next-line invalid-value, not-a-string\n    k8s.aliyun.com/eci-spot-duration');
    assert.equal(withCode(check(listed), 'not-a-string').length, 2);
  });

  test('a value on the next line is silenced even when the finding is on the value, and nothing further down', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    # eci-disable-next-line
    k8s.aliyun.com/eci-spot-strategy: Bogus
    k8s.aliyun.com/eci-fail-strategy: Bogus
spec:
  containers: []
`;
    const c = check(text);
    assert.deepEqual(
      c.diagnostics.map((d) => [d.code, d.range.start.line]),
      [['invalid-value', lineOf(text, 'eci-fail-strategy')]],
    );
  });

  test('a comment further up, separated by a non-comment line, does nothing', () => {
    const text = two.replace('    k8s.aliyun.com/eci-max-pending-minute', '    # eci-disable-next-line not-a-string\n    example.com/x: "y"\n    k8s.aliyun.com/eci-max-pending-minute');
    assert.equal(withCode(check(text), 'not-a-string').length, 3);
  });
});

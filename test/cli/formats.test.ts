/** `eci-annotations check` output formats: readable text, JSON, SARIF 2.1.0 (schema-validated) and GitHub annotations. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type * as Sarif from 'sarif';
import { RULES } from '../../server/src/service/rules';
import { cli, DEPLOYMENT, jsonReport, PACKAGE_VERSION, remove, ROOT, tree, WARNING_POD, CLEAN_POD } from './helpers';

const SARIF_SCHEMA = path.join(ROOT, 'test/cli/sarif/sarif-2.1.0-rtm.5.json');

/**
 * The official schema, compiled with Ajv 8. It is draft-04, whose only keyword Ajv 8 reads differently is the
 * top-level `id` (draft-07 `$id`); its `language` pattern has a stray `]` that is invalid with the `u` flag, so
 * patterns are compiled without it, as draft-04 validators did.
 */
function sarifValidator() {
  const { id, $schema: _draft, ...schema } = JSON.parse(fs.readFileSync(SARIF_SCHEMA, 'utf8')) as { id: string; [keyword: string]: unknown };
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile({ ...schema, $id: id });
}

describe('output formats', () => {
  let dir: string;
  before(() => {
    dir = tree({ 'deploy/web.yaml': DEPLOYMENT, 'deploy/typo.yaml': WARNING_POD, 'deploy/clean.yaml': CLEAN_POD });
  });
  after(() => remove(dir));

  it('text: file:line:col, severity, code and message, grouped per file, no colour when not a terminal', () => {
    const r = cli(['check', 'deploy'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.ok(!r.stdout.includes('\x1b['), 'no ANSI colour when stdout is a pipe');
    const lines = r.stdout.split('\n');
    // Files come in path order, each as a heading and then its findings.
    const clean = lines.indexOf('deploy/clean.yaml');
    const typo = lines.indexOf('deploy/typo.yaml');
    const web = lines.indexOf('deploy/web.yaml');
    assert.equal(clean, -1, 'a clean file gets no group');
    assert.ok(typo >= 0 && web > typo, r.stdout);
    assert.match(
      lines[typo + 1],
      /^deploy\/typo\.yaml:6:5\s+warning\s+unknown-key\s+k8s\.aliyun\.com\/eci-instance-famly is not an annotation ECI documents.*Did you mean k8s\.aliyun\.com\/eci-instance-family\? ECI ignores unknown keys\. \(fixable\)$/,
    );
    assert.match(lines[web + 1], /^deploy\/web\.yaml:6:5\s+warning\s+wrong-level\s+/);
    assert.match(lines[web + 2], /^deploy\/web\.yaml:13:39\s+error\s+not-a-string\s+Annotation values must be strings/);
    assert.match(lines[web + 3], /^deploy\/web\.yaml:14:9\s+information\s+legacy-key\s+/);
    assert.match(r.stdout, /4 problems \(1 error, 2 warnings, 1 information\) in 2 of 3 files\. 4 can be fixed with --fix\.\n$/);
  });

  it('text: colour when asked (as on a terminal)', () => {
    const r = cli(['check', 'deploy/web.yaml', '--color'], { cwd: dir });
    assert.ok(r.stdout.includes('\x1b[31merror'), r.stdout);
    assert.ok(r.stdout.includes('\x1b[33mwarning'), r.stdout);
  });

  it('text: a clean run says so', () => {
    const r = cli(['check', 'deploy/clean.yaml'], { cwd: dir });
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'No ECI annotation problems in 1 file.\n');
  });

  it('json: every finding with position, severity, code, message, docs and fixability, and a summary', () => {
    const r = cli(['check', 'deploy', '--format', 'json'], { cwd: dir });
    assert.equal(r.code, 1);
    const out = jsonReport(r.stdout);
    assert.equal(out.tool, 'eci-annotations');
    assert.equal(out.version, PACKAGE_VERSION);
    assert.deepEqual(out.summary, { files: 3, errors: 1, warnings: 2, information: 1, hints: 0, fixable: 4, fixed: 0, unreadable: 0 });
    assert.deepEqual(
      out.files.map((f: { path: string }) => f.path),
      ['deploy/typo.yaml', 'deploy/web.yaml'],
    );
    const notString = out.files[1].findings.find((f: { code: string }) => f.code === 'not-a-string')!;
    assert.deepEqual(notString, {
      line: 13,
      column: 39,
      endLine: 13,
      endColumn: 41,
      severity: 'error',
      code: 'not-a-string',
      message: notString.message,
      annotation: 'k8s.aliyun.com/eip-bandwidth',
      docs: notString.docs,
      fixable: true,
    });
    assert.match(notString.docs ?? '', /^https:\/\/www\.alibabacloud\.com\/help\/en\//);
  });

  it('sarif: valid against the official SARIF 2.1.0 schema, with rule metadata and Alibaba doc links', () => {
    const r = cli(['check', 'deploy', '--format', 'sarif'], { cwd: dir });
    assert.equal(r.code, 1);
    const log = JSON.parse(r.stdout) as Sarif.Log;
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    // The validator is not vacuous: a broken log fails.
    assert.equal(validate({ ...log, version: '2.0.0' }), false);
    assert.equal(validate({ ...log, runs: [{ ...log.runs[0], results: [{ message: {} }] }] }), false);

    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'eci-annotations');
    const rules = run.tool.driver.rules!;
    for (const rule of RULES) {
      const d = rules.find((x) => x.id === rule.code);
      assert.ok(d, rule.code);
      assert.match(d.helpUri!, /^https:\/\/www\.alibabacloud\.com\/help\//);
      assert.ok(d.fullDescription!.text.length > 20);
      assert.ok(!d.shortDescription!.text.includes('`'), 'plain text, no markdown');
    }
    assert.equal(rules.find((x) => x.id === 'not-a-string')!.defaultConfiguration!.level, 'error');
    assert.equal(rules.find((x) => x.id === 'legacy-key')!.defaultConfiguration!.level, 'note');
    assert.equal(run.results!.length, 4);
    const result = run.results!.find((x) => x.ruleId === 'not-a-string')!;
    assert.equal(result.level, 'error');
    assert.equal(rules[result.ruleIndex!].id, 'not-a-string');
    assert.deepEqual(result.locations![0].physicalLocation, {
      artifactLocation: { uri: 'deploy/web.yaml', uriBaseId: 'SRCROOT' },
      region: { startLine: 13, startColumn: 39, endLine: 13, endColumn: 41 },
    });
    assert.equal(result.properties!.annotation, 'k8s.aliyun.com/eip-bandwidth');
    assert.match(String(result.properties!.helpUri), /^https:\/\/www\.alibabacloud\.com\/help\/en\/eci\//);
    assert.ok(run.originalUriBaseIds!.SRCROOT.uri!.startsWith('file://'));
    assert.ok(run.originalUriBaseIds!.SRCROOT.uri!.endsWith('/'));
    assert.equal(run.invocations![0].executionSuccessful, true);
  });

  it('sarif in Chinese (--locale zh-cn): rule texts and the doc page in Chinese, still valid', () => {
    const r = cli(['check', 'deploy', '--format', 'sarif', '--locale', 'zh-cn'], { cwd: dir });
    const log = JSON.parse(r.stdout) as Sarif.Log;
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    const rules = log.runs[0].tool.driver.rules!;
    assert.equal(rules.length, RULES.length + 1);
    for (const d of rules) {
      for (const text of [d.shortDescription!.text, d.fullDescription!.text, d.help!.text]) {
        assert.match(text, /[\u4e00-\u9fff]/, `${d.id}: ${text}`);
        assert.ok(!text.includes('`'), `${d.id}: plain text`);
      }
      assert.equal(d.helpUri, 'https://help.aliyun.com/zh/eci/user-guide/pod-annotations');
    }
    assert.match(rules.find((x) => x.id === 'wrong-level')!.shortDescription!.text, /。$/);
    assert.match(log.runs[0].results!.find((x) => x.ruleId === 'not-a-string')!.message.text ?? '', /[\u4e00-\u9fff]/);
  });

  it('sarif: an unreadable path is a tool notification and the log stays valid', () => {
    const r = cli(['check', 'deploy/web.yaml', 'deploy/missing.yaml', '--format', 'sarif'], { cwd: dir });
    assert.equal(r.code, 2);
    const log = JSON.parse(r.stdout) as Sarif.Log;
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors));
    const invocation = log.runs[0].invocations![0];
    assert.equal(invocation.executionSuccessful, false);
    assert.match(invocation.toolExecutionNotifications![0].message.text!, /deploy\/missing\.yaml: no such file or folder/);
  });

  it('github: one workflow command per finding, with position and escaped text', () => {
    const r = cli(['check', 'deploy', '--format', 'github'], { cwd: dir });
    assert.equal(r.code, 1);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 4);
    assert.match(lines[0], /^::warning file=deploy\/typo\.yaml,line=6,col=5,endLine=6,endColumn=38,title=ECI unknown-key::k8s\.aliyun\.com\/eci-instance-famly is not/);
    const error = lines.find((l) => l.startsWith('::error '))!;
    assert.match(error, /^::error file=deploy\/web\.yaml,line=13,col=39,endLine=13,endColumn=41,title=ECI not-a-string::Annotation values must be strings/);
    assert.ok(
      lines.some((l) => l.startsWith('::notice file=deploy/web.yaml,line=14,')),
      'information becomes a notice',
    );
    for (const l of lines) assert.doesNotMatch(l.slice(l.indexOf('::', 2)), /[\r\n]/);
  });

  it('github: property values escape commas and colons, messages escape newlines', () => {
    const d = tree({ 'a,b:c.yaml': WARNING_POD });
    try {
      const r = cli(['check', '.', '--format', 'github'], { cwd: d });
      assert.match(r.stdout, /^::warning file=a%2Cb%3Ac\.yaml,line=6,/);
    } finally {
      remove(d);
    }
  });
});

/** `eci-annotations check`: what it reads (files, folders, globs, stdin) and its exit codes. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cli, CLEAN_POD, DEPLOYMENT, jsonReport, PACKAGE_VERSION, remove, ROOT, tree, WARNING_POD } from './helpers';

const paths = (stdout: string): string[] => jsonReport(stdout).files.map((f: { path: string }) => f.path);

describe('inputs', () => {
  let dir: string;
  before(() => {
    dir = tree({
      'k8s/app/web.yaml': DEPLOYMENT,
      'k8s/app/typo.yml': WARNING_POD,
      'k8s/app/clean.yaml': CLEAN_POD,
      'k8s/app/notes.txt': WARNING_POD,
      'k8s/node_modules/dep/bad.yaml': WARNING_POD,
      'k8s/.git/bad.yaml': WARNING_POD,
      'other/typo.yaml': WARNING_POD,
    });
  });
  after(() => remove(dir));

  it('recurses folders for .yaml and .yml, skipping node_modules and .git', () => {
    const r = cli(['check', 'k8s', '--format', 'json'], { cwd: dir });
    assert.deepEqual(paths(r.stdout), ['k8s/app/typo.yml', 'k8s/app/web.yaml']);
    assert.equal(jsonReport(r.stdout).summary.files, 3);
  });

  it('checks the current folder when given no paths', () => {
    const r = cli(['check', '--format', 'json'], { cwd: path.join(dir, 'k8s') });
    assert.deepEqual(paths(r.stdout), ['app/typo.yml', 'app/web.yaml']);
  });

  it('expands quoted globs, with ** across folders', () => {
    assert.deepEqual(paths(cli(['check', '**/typo.*', '--format', 'json'], { cwd: dir }).stdout), ['k8s/app/typo.yml', 'other/typo.yaml']);
    assert.deepEqual(paths(cli(['check', 'k8s/*/*.yaml', '--format', 'json'], { cwd: dir }).stdout), ['k8s/app/web.yaml']);
    assert.deepEqual(paths(cli(['check', 'k8s/app/{web,typo}.y*ml', '--format', 'json'], { cwd: dir }).stdout), ['k8s/app/typo.yml', 'k8s/app/web.yaml']);
  });

  it('takes a named file whatever its extension, once', () => {
    const r = cli(['check', 'k8s/app/notes.txt', 'k8s/app/notes.txt', '--format', 'json'], { cwd: dir });
    assert.deepEqual(paths(r.stdout), ['k8s/app/notes.txt']);
  });

  it('reads stdin for "-", named <stdin>, as `helm template . | eci-annotations check -` does', () => {
    const r = cli(['check', '-'], { cwd: dir, input: `${CLEAN_POD}---\n${DEPLOYMENT}` });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^<stdin>:17:5\s+warning\s+wrong-level/m);
    assert.match(r.stdout, /^<stdin>:24:39\s+error\s+not-a-string/m);
  });

  it('reads values*.yaml beside a Chart.yaml as a Helm values file, as the editor does', () => {
    const values = 'podAnnotations:\n  k8s.aliyun.com/eip-bandwidth: 10\n  k8s.aliyun.com/eci-with-eip: "true"\n';
    const charts = tree({ 'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n', 'chart/values.yaml': values, 'loose/values.yaml': values });
    try {
      const inChart = jsonReport(cli(['check', 'chart/values.yaml', '--format', 'json'], { cwd: charts }).stdout);
      const codes = inChart.files.flatMap((f: { findings: { code: string; line: number }[] }) => f.findings.map((x) => `${x.code}@${x.line}`));
      assert.deepEqual(codes, ['not-a-string@2']);
      const loose = jsonReport(cli(['check', 'loose/values.yaml', '--format', 'json'], { cwd: charts }).stdout);
      assert.deepEqual(loose.files, [], 'a values.yaml without a chart is not read as one');
      const piped = jsonReport(cli(['check', '-', '--stdin-filename', 'chart/values.yaml', '--format', 'json'], { cwd: charts, input: values }).stdout);
      assert.deepEqual(
        piped.files.flatMap((f: { findings: { code: string }[] }) => f.findings.map((x) => x.code)),
        ['not-a-string'],
      );
    } finally {
      remove(charts);
    }
  });

  it('names stdin with --stdin-filename', () => {
    const r = cli(['check', '-', '--stdin-filename', 'chart/values.yaml', '--format', 'json'], { cwd: dir, input: WARNING_POD });
    assert.deepEqual(paths(r.stdout), ['chart/values.yaml']);
    const usage = cli(['check', 'k8s', '--stdin-filename', 'x.yaml'], { cwd: dir });
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--stdin-filename names what "-" \(stdin\) holds/);
  });

  it('exit 0 when clean, 1 with a warning by default, and --fail-on moves the bar', () => {
    assert.equal(cli(['check', 'k8s/app/clean.yaml'], { cwd: dir }).code, 0);
    assert.equal(cli(['check', 'k8s/app/typo.yml'], { cwd: dir }).code, 1);
    assert.equal(cli(['check', 'k8s/app/typo.yml', '--fail-on', 'error'], { cwd: dir }).code, 0);
    assert.equal(cli(['check', 'k8s/app/web.yaml', '--fail-on', 'error'], { cwd: dir }).code, 1);
    // web.yaml without its error and warning: the legacy key (information) fails only at --fail-on information.
    const rules = ['--rule', 'not-a-string=off', '--rule', 'wrong-level=off'];
    assert.equal(cli(['check', 'k8s/app/web.yaml', ...rules], { cwd: dir }).code, 0);
    assert.equal(cli(['check', 'k8s/app/web.yaml', ...rules, '--fail-on', 'information'], { cwd: dir }).code, 1);
    assert.equal(cli(['check', 'k8s/app/web.yaml', ...rules, '--fail-on=hint'], { cwd: dir }).code, 1);
  });

  it('exit 2 on usage errors, with a message', () => {
    for (const [args, message] of [
      [['check', '--format', 'xml'], /--format must be one of text, json, sarif, github/],
      [['check', '--fail-on', 'fatal'], /--fail-on must be one of error, warning, information, hint/],
      [['check', '--rule', 'no-such-rule=error'], /unknown rule "no-such-rule"/],
      [['check', '--rule', 'legacy-key=loud'], /severity must be off, hint, information, warning or error/],
      [['check', '--bogus'], /Unknown option --bogus/],
      [['lint', 'x.yaml'], /Unknown command "lint"/],
      [['check', '--fix', '-'], /for stdin use --fix-dry-run/],
    ] as const) {
      const r = cli([...args], { cwd: dir });
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    }
  });

  it('exit 2 for a missing path or a glob without matches; the other files are still checked and reported', () => {
    const r = cli(['check', 'k8s/app/typo.yml', 'nope.yaml', 'none/**/*.yaml'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stdout, /^k8s\/app\/typo\.yml:6:5\s+warning/m);
    assert.match(r.stdout, /^nope\.yaml: error no such file or folder$/m);
    assert.match(r.stdout, /^none\/\*\*\/\*\.yaml: error no file matches this pattern$/m);
    assert.match(r.stdout, /2 files could not be read\./);
    const json = cli(['check', 'nope.yaml', '--format', 'json'], { cwd: dir });
    assert.equal(json.code, 2);
    assert.deepEqual(jsonReport(json.stdout).files, [{ path: 'nope.yaml', error: 'no such file or folder', findings: [] }]);
    assert.match(json.stderr, /nope\.yaml: no such file or folder/);
  });

  it('exit 2 for an unreadable file, reported, and the run goes on', () => {
    const d = tree({ 'a.yaml': WARNING_POD, 'locked.yaml': WARNING_POD });
    try {
      let unreadable = path.join(d, 'locked.yaml');
      fs.chmodSync(unreadable, 0o000);
      // root reads any file; a file the kernel refuses to read stands in for it.
      if (process.getuid?.() === 0) unreadable = '/proc/self/mem';
      const r = cli(['check', 'a.yaml', unreadable, '--format', 'json'], { cwd: d });
      assert.equal(r.code, 2);
      const out = jsonReport(r.stdout);
      assert.equal(out.summary.unreadable, 1);
      assert.match(out.files.find((f: { error?: string }) => f.error)?.error ?? '', /^cannot be read: /);
      assert.equal(out.files.find((f: { path: string }) => f.path === 'a.yaml')?.findings.length, 1);
    } finally {
      fs.chmodSync(path.join(d, 'locked.yaml'), 0o644);
      remove(d);
    }
  });

  it('reports broken YAML as yaml-syntax and never crashes on binary or hostile input', () => {
    const d = tree({
      'broken.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  annotations: {\n    k8s.aliyun.com/eci-use-specs: "2-4Gi"\n  name: [x\n',
      'binary.yaml': String.fromCharCode(...Array.from({ length: 3000 }, (_, i) => (i * 7919) % 65535)),
      'bomb.yaml': `a: &a ["x","x","x","x","x","x","x","x","x"]\n${Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`).join('\n')}\n`,
      'helm/templates/deploy.yaml': fs.readFileSync(path.join(ROOT, 'test/fixtures/helm-template.yaml'), 'utf8'),
    });
    try {
      const r = cli(['check', '.', '--format', 'json'], { cwd: d });
      assert.equal(r.code, 1, r.stderr);
      const out = jsonReport(r.stdout);
      const broken = out.files.find((f: { path: string }) => f.path === 'broken.yaml')!;
      assert.equal(broken.findings[0].code, 'yaml-syntax');
      assert.equal(broken.findings[0].severity, 'error');
      assert.match(broken.findings[0].message, /not valid YAML/);
      // A Helm template is not YAML until rendered: checked as the editor does, without a syntax finding.
      const helm = out.files.find((f: { path: string }) => f.path === 'helm/templates/deploy.yaml')!;
      assert.ok(helm.findings.some((f: { code: string }) => f.code === 'not-a-string'));
      assert.ok(!helm.findings.some((f: { code: string }) => f.code === 'yaml-syntax'));
      assert.equal(r.stderr, '');
    } finally {
      remove(d);
    }
  });

  it('worker threads give the same report as one thread', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 150; i++) files[`m/${String(i).padStart(3, '0')}.yaml`] = [DEPLOYMENT, WARNING_POD, CLEAN_POD][i % 3];
    const d = tree(files);
    try {
      const one = cli(['check', '.', '--format', 'json', '--jobs', '1'], { cwd: d });
      const three = cli(['check', '.', '--format', 'json', '--jobs', '3'], { cwd: d });
      assert.equal(one.code, 1);
      assert.equal(three.code, 1);
      assert.equal(jsonReport(one.stdout).summary.files, 150);
      assert.equal(three.stdout, one.stdout);
    } finally {
      remove(d);
    }
  });

  it('--help lists the examples and the fixes; --version is package.json’s', () => {
    const help = cli(['--help'], { cwd: dir });
    assert.equal(help.code, 0);
    assert.match(help.stdout, /helm template \.\/chart \| eci-annotations check -/);
    for (const code of ['not-a-string', 'wrong-level', 'in-labels', 'unknown-key', 'legacy-key']) assert.match(help.stdout, new RegExp(`^  ${code}\\s+\\S`, 'm'));
    const version = cli(['--version'], { cwd: dir });
    assert.equal(version.stdout, `${PACKAGE_VERSION}\n`);
  });
});

/** `.eci-annotations.yaml` in the CLI: found upward from each file, rule severities and ignored paths, precedence. */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { parseProjectConfig } from '../../server/src/config/projectConfig';
import { globToRegExp } from '../../server/src/config/glob';
import { cli, jsonReport, remove, tree, WARNING_POD } from './helpers';

const codes = (stdout: string, file: string): string[] =>
  (jsonReport(stdout).files.find((f: { path: string }) => f.path === file)?.findings ?? []).map((f: { code: string; severity: string }) => `${f.code}:${f.severity}`);

describe('.eci-annotations.yaml', () => {
  let dir: string;
  before(() => {
    dir = tree({
      '.eci-annotations.yaml': 'rules:\n  unknown-key: off\n  legacy-key: error\nignore:\n  - vendor/\n  - "**/*.generated.yaml"\n',
      'app/pod.yaml': WARNING_POD,
      'team/.eci-annotations.yaml': '# this team wants typos to fail the build\nrules:\n  unknown-key: error\n',
      'team/pod.yaml': WARNING_POD,
      'vendor/pod.yaml': WARNING_POD,
      'app/pod.generated.yaml': WARNING_POD,
    });
  });
  after(() => remove(dir));

  it('the nearest file above each file decides, and ignored paths are not checked', () => {
    const r = cli(['check', '.', '--format', 'json'], { cwd: dir });
    const out = jsonReport(r.stdout);
    assert.equal(out.summary.files, 2, 'vendor/ and *.generated.yaml are ignored');
    assert.deepEqual(codes(r.stdout, 'app/pod.yaml'), []);
    assert.deepEqual(codes(r.stdout, 'team/pod.yaml'), ['unknown-key:error']);
    assert.equal(r.code, 1);
  });

  it('ignored paths apply to files named on the command line too', () => {
    const r = cli(['check', 'vendor/pod.yaml', '--format', 'json'], { cwd: dir });
    assert.equal(jsonReport(r.stdout).summary.files, 0);
    assert.equal(r.code, 0);
  });

  it('--rule wins over the file; --no-config ignores it', () => {
    const r = cli(['check', 'app', 'team', '--rule', 'unknown-key=information', '--format', 'json'], { cwd: dir });
    assert.deepEqual(codes(r.stdout, 'app/pod.yaml'), ['unknown-key:information']);
    assert.deepEqual(codes(r.stdout, 'team/pod.yaml'), ['unknown-key:information']);
    const none = cli(['check', '.', '--no-config', '--format', 'json'], { cwd: dir });
    assert.equal(jsonReport(none.stdout).summary.files, 4);
    assert.deepEqual(codes(none.stdout, 'app/pod.yaml'), ['unknown-key:warning']);
  });

  it('stdin finds its config from --stdin-filename', () => {
    const r = cli(['check', '-', '--stdin-filename', 'team/new.yaml', '--format', 'json'], { cwd: dir, input: WARNING_POD });
    assert.deepEqual(codes(r.stdout, 'team/new.yaml'), ['unknown-key:error']);
    const plain = cli(['check', '-', '--format', 'json'], { cwd: dir, input: WARNING_POD });
    assert.deepEqual(codes(plain.stdout, '<stdin>'), [], 'stdin without a name uses the working folder’s config');
  });

  it('reports what it cannot use, never takes account settings, and still checks', () => {
    const d = tree({
      '.eci-annotations.yaml': 'rules:\n  unknown-key: loud\n  no-such-rule: error\naccount:\n  region: cn-beijing\n  endpoint: 127.0.0.1:1\nextra: 1\n',
      'pod.yaml': WARNING_POD,
    });
    try {
      const r = cli(['check', '.', '--format', 'json'], { cwd: d });
      assert.deepEqual(codes(r.stdout, 'pod.yaml'), ['unknown-key:warning']);
      assert.match(r.stderr, /\.eci-annotations\.yaml: rule "unknown-key": the severity must be one of off, hint, information, warning, error/);
      assert.match(r.stderr, /unknown rule "no-such-rule"/);
      assert.match(r.stderr, /"account" is ignored: account settings are never read from \.eci-annotations\.yaml/);
      assert.match(r.stderr, /unknown key "extra"/);
      assert.equal(r.stderr.match(/unknown rule/g)!.length, 1, 'each problem once');
      assert.doesNotMatch(r.stderr, /`/, 'no Markdown backticks on a terminal');

      const zh = cli(['check', '.', '--format', 'json', '--locale', 'zh-cn'], { cwd: d });
      assert.match(zh.stderr, /\.eci-annotations\.yaml: 规则“unknown-key”：严重级别必须是 off, hint, information, warning, error 之一/);
      assert.match(zh.stderr, /未知规则“no-such-rule”/);
      assert.match(zh.stderr, /已忽略“account”：账号设置从不从 \.eci-annotations\.yaml 读取/);
      assert.match(zh.stderr, /未知键“extra”/);
      assert.doesNotMatch(zh.stderr, /unknown (rule|key)|is ignored|severity must/, 'a Chinese run has no English config problems');
    } finally {
      remove(d);
    }
  });

  it('# eci-disable-next-line silences the named rule on the next line only', () => {
    const d = tree({
      'a.yaml': WARNING_POD.replace('    k8s.aliyun.com/eci-instance-famly', '    # eci-disable-next-line unknown-key\n    k8s.aliyun.com/eci-instance-famly'),
      'b.yaml': WARNING_POD.replace('    k8s.aliyun.com/eci-instance-famly', '    # eci-disable-next-line not-a-string\n    k8s.aliyun.com/eci-instance-famly'),
    });
    try {
      const r = cli(['check', '.', '--format', 'json'], { cwd: d });
      assert.deepEqual(codes(r.stdout, 'a.yaml'), []);
      assert.deepEqual(codes(r.stdout, 'b.yaml'), ['unknown-key:warning']);
    } finally {
      remove(d);
    }
  });
});

describe('config parsing and globs', () => {
  it('reads severities, a bare YAML off, and ignore patterns relative to the file', () => {
    const c = parseProjectConfig('rules:\n  conflict: off\n  single-instance: "hint"\nignore: generated/\n', '/repo/.eci-annotations.yaml');
    assert.deepEqual(c.rules, { conflict: 'off', 'single-instance': 'hint' });
    assert.deepEqual(c.problems, []);
    assert.equal(c.isIgnored('/repo/generated/a.yaml'), true);
    assert.equal(c.isIgnored('/repo/src/generated/a.yaml'), true, 'a pattern without a slash inside matches at any depth');
    assert.equal(c.isIgnored('/repo/generated.yaml'), false);
    assert.equal(c.isIgnored('/other/generated/a.yaml'), false, 'never outside its folder');
  });

  it('survives broken YAML and wrong shapes', () => {
    assert.match(parseProjectConfig('rules: [\n', '/r/.eci-annotations.yaml').problems[0], /not valid YAML/);
    assert.match(parseProjectConfig('- a\n', '/r/.eci-annotations.yaml').problems[0], /expected a map/);
    assert.match(parseProjectConfig('rules: 3\n', '/r/.eci-annotations.yaml').problems[0], /must be a map/);
    assert.match(parseProjectConfig('rules: 3\n', '/r/.eci-annotations.yaml', 'zh-cn').problems[0], /^rules 必须是规则代码到严重级别的映射$/);
    assert.match(parseProjectConfig('rules: [\n', '/r/.eci-annotations.yaml', 'zh-cn').problems[0], /^不是有效的 YAML：/);
  });

  it('globs: ** spans folders, * and ? stay in one, braces and classes', () => {
    const cases: [string, string, boolean][] = [
      ['**/*.yaml', 'a/b/c.yaml', true],
      ['**/*.yaml', 'c.yaml', true],
      ['k8s/*.yaml', 'k8s/a.yaml', true],
      ['k8s/*.yaml', 'k8s/x/a.yaml', false],
      ['k8s/?.yaml', 'k8s/ab.yaml', false],
      ['k8s/{a,b}.yaml', 'k8s/b.yaml', true],
      ['k8s/[ab].yaml', 'k8s/c.yaml', false],
      ['/top.yaml', 'x/top.yaml', false],
      ['top.yaml', 'x/top.yaml', true],
      ['k8s/{a.yaml', 'k8s/{a.yaml', true],
    ];
    for (const [glob, file, expected] of cases) assert.equal(globToRegExp(glob).test(file), expected, `${glob} ~ ${file}`);
  });
});

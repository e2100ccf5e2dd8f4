/** The CLI speaks English or Simplified Chinese: `--locale`, else LC_ALL, LC_MESSAGES and LANG, as gettext reads them. */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { cli, DEPLOYMENT, remove, tree } from './helpers';

const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;

describe('the language of the CLI', () => {
  let dir: string;
  before(() => {
    dir = tree({ 'deploy/web.yaml': DEPLOYMENT, 'deploy/api.yaml': DEPLOYMENT.replace('name: web', 'name: api'), 'deploy/broken.yaml': 'a: [1, 2\n' });
  });
  after(() => remove(dir));

  it('--locale zh-cn: Chinese messages, summary and fixable mark; the exit code is unchanged', () => {
    const r = cli(['check', 'deploy', '--locale', 'zh-cn'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /deploy\/web\.yaml:6:5\s+warning\s+wrong-level\s+k8s\.aliyun\.com\/eci-use-specs 写在 Deployment 自身的 metadata 上，ECI 看不到它/);
    assert.match(r.stdout, /not-a-string\s+注解的值必须是字符串，但 k8s\.aliyun\.com\/eip-bandwidth 的值是数字 10。.*请给值加上引号。（可修复）/);
    assert.match(r.stdout, /deploy\/broken\.yaml:\d+:\d+\s+error\s+yaml-syntax\s+这不是有效的 YAML/);
    const summary = r.stdout.trim().split('\n').pop()!;
    assert.match(summary, /^3 个文件中有 3 个存在问题，共 \d+ 个问题（\d+ 个错误，\d+ 个警告，\d+ 条信息）。其中 \d+ 个可以用 --fix 修复。$/);
    for (const line of r.stdout.split('\n').filter((l) => /^\S+:\d+:\d+/.test(l))) assert.match(line, CJK, line);
  });

  it('follows LANG, LC_MESSAGES and LC_ALL in gettext order; --locale wins over them', () => {
    const zh = (env: Record<string, string>, args: string[] = []) => CJK.test(cli(['check', 'deploy/web.yaml', ...args], { cwd: dir, env }).stdout);
    assert.equal(zh({ LANG: 'zh_CN.UTF-8' }), true, 'LANG=zh_CN.UTF-8');
    assert.equal(zh({ LANG: 'en_US.UTF-8', LC_MESSAGES: 'zh_CN.UTF-8' }), true, 'LC_MESSAGES over LANG');
    assert.equal(zh({ LANG: 'zh_CN.UTF-8', LC_ALL: 'en_US.UTF-8' }), false, 'LC_ALL over LANG');
    assert.equal(zh({ LANG: 'zh_TW.UTF-8' }), false, 'Traditional Chinese has no table yet: English');
    assert.equal(zh({ LANG: 'C.UTF-8' }), false, 'C');
    assert.equal(zh({ LANG: 'zh_CN.UTF-8' }, ['--locale', 'en']), false, '--locale en');
    assert.equal(zh({ LANG: 'C' }, ['--locale=zh_CN.UTF-8']), true, '--locale=zh_CN.UTF-8');
  });

  it('worker threads check in the same language, and JSON links the Chinese doc page', () => {
    const r = cli(['check', 'deploy/web.yaml', 'deploy/api.yaml', '--jobs', '2', '--format', 'json'], { cwd: dir, env: { LANG: 'zh_CN.UTF-8' } });
    const out = JSON.parse(r.stdout) as { files: { findings: { message: string; docs?: string }[] }[] };
    const findings = out.files.flatMap((f) => f.findings);
    assert.equal(out.files.length, 2);
    assert.deepEqual(
      findings.filter((f) => !CJK.test(f.message)),
      [],
    );
    assert.ok(
      findings.some((f) => f.docs?.startsWith('https://help.aliyun.com/zh/')),
      JSON.stringify(findings.map((f) => f.docs)),
    );
  });

  it('English stays English, and an unknown --locale is a usage error named in --help', () => {
    const r = cli(['check', 'deploy'], { cwd: dir, env: { LANG: 'en_US.UTF-8' } });
    assert.doesNotMatch(r.stdout, CJK);
    assert.match(r.stdout, /in 3 of 3 files\. \d+ can be fixed with --fix\.$/m);
    const bad = cli(['check', 'deploy', '--locale', 'fr'], { cwd: dir });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--locale takes en or zh-cn/);
    assert.match(cli(['--help'], { cwd: dir }).stdout, /--locale <en\|zh-cn>\s+the language of messages \(default: from LC_ALL, LC_MESSAGES or LANG;/);
  });
});

describe('help and usage errors in the user language', () => {
  it('--help in Chinese with LANG=zh_CN.UTF-8, every --fix rule described; English otherwise', () => {
    const zh = cli(['--help'], { cwd: '/', env: { LANG: 'zh_CN.UTF-8' } }).stdout;
    assert.match(zh, /^eci-annotations：检查 Kubernetes 清单中的 ECI Pod 注解/);
    assert.match(zh, /\n {2}not-a-string {8}给未加引号的数字、布尔值或 null 加引号\n/);
    assert.match(zh, /--locale <en\|zh-cn> {17}消息语言/);
    const en = cli(['--help'], { cwd: '/' }).stdout;
    assert.match(en, /\n {2}wrong-level {9}move annotations from the workload's own metadata to the pod template\n/);
    assert.doesNotMatch(en, CJK);
  });

  it('a usage error follows LANG', () => {
    const r = cli(['check', '--jobs', 'many'], { cwd: '/', env: { LANG: 'zh_CN.UTF-8' } });
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'eci-annotations: --jobs 的值为线程数（至少 1）或 "auto"，而不是 "many"。\n');
    assert.equal(cli(['check', '--jobs', 'many'], { cwd: '/' }).stderr, 'eci-annotations: --jobs takes a number of threads (1 or more) or "auto", not "many".\n');
  });
});

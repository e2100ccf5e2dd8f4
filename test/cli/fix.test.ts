/** `--fix` and `--fix-dry-run`: the editor's byte-preserving quick fixes, applied without a choice; the unified diff. */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { unifiedDiff } from '../../server/src/cli/diff';
import { cli, CLEAN_POD, DEPLOYMENT, DEPLOYMENT_FIXED, jsonReport, read, remove, tree } from './helpers';

const DEPLOYMENT_DIFF = `--- a/web.yaml
+++ b/web.yaml
@@ -2,16 +2,15 @@
 kind: Deployment
 metadata:
   name: web
-  annotations:
-    k8s.aliyun.com/eci-use-specs: "2-4Gi"
 spec:
   replicas: 1
   template:
     metadata:
       annotations:
         k8s.aliyun.com/eci-with-eip: "true"
-        k8s.aliyun.com/eip-bandwidth: 10
-        k8s.aliyun.com/eci-image-cache: "true"
+        k8s.aliyun.com/eip-bandwidth: "10"
+        k8s.aliyun.com/eci-auto-imc: "true"
+        k8s.aliyun.com/eci-use-specs: "2-4Gi"
     spec:
       containers:
         - name: app
`;

describe('--fix', () => {
  it('writes the fixes that need no choice, byte for byte as the editor would, and reports what is left', () => {
    const d = tree({ 'web.yaml': DEPLOYMENT, 'clean.yaml': CLEAN_POD });
    try {
      const before = fs.statSync(path.join(d, 'clean.yaml')).mtimeMs;
      const r = cli(['check', '.', '--fix'], { cwd: d });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.equal(read(d, 'web.yaml'), DEPLOYMENT_FIXED);
      assert.match(r.stdout, /No ECI annotation problems in 2 files\. Fixed 3 problems\./);
      assert.equal(fs.statSync(path.join(d, 'clean.yaml')).mtimeMs, before, 'a file without fixes is not rewritten');
      const again = cli(['check', '.', '--fix', '--format', 'json'], { cwd: d });
      assert.equal(jsonReport(again.stdout).summary.fixed, 0);
      assert.equal(read(d, 'web.yaml'), DEPLOYMENT_FIXED);
    } finally {
      remove(d);
    }
  });

  it('keeps CRLF line ends, comments and quoting style, and leaves fixes that need a choice alone', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: p # the pod',
      '  annotations:',
      '    # bandwidth in Mbit/s',
      "    'k8s.aliyun.com/eip-bandwidth': 20",
      "    'k8s.aliyun.com/eci-with-eip': 'true'",
      '    k8s.aliyun.com/eci-eip-instanceid: "eip-bp1q5n8cq4p7f6dzu0000" # conflicts: which one to keep is a choice',
      '    k8s.aliyun.com/eci-instance-famly: "c6"',
      'spec:',
      '  containers: []',
      '',
    ].join('\r\n');
    const d = tree({ 'pod.yaml': text });
    try {
      const r = cli(['check', 'pod.yaml', '--fix', '--format', 'json'], { cwd: d });
      const fixed = read(d, 'pod.yaml');
      assert.equal(
        fixed,
        // The new quotes follow the map's values (mostly double), as the editor's quick fix does.
        text.replace("'k8s.aliyun.com/eip-bandwidth': 20", `'k8s.aliyun.com/eip-bandwidth': "20"`).replace('eci-instance-famly', 'eci-instance-family'),
      );
      const out = jsonReport(r.stdout);
      assert.equal(out.summary.fixed, 2);
      assert.deepEqual(
        out.files[0].findings.map((f: { code: string; fixable: boolean }) => [f.code, f.fixable]),
        [['conflict', false]],
      );
      assert.equal(r.code, 1);
    } finally {
      remove(d);
    }
  });

  it('fixes many problems in many YAML documents of one file', () => {
    const docs = Array.from({ length: 40 }, (_, i) => DEPLOYMENT.replace('name: web', `name: web-${i}`));
    const d = tree({ 'all.yaml': docs.join('---\n') });
    try {
      const r = cli(['check', 'all.yaml', '--fix'], { cwd: d });
      assert.equal(r.code, 0, r.stdout);
      assert.equal(read(d, 'all.yaml'), docs.map((_, i) => DEPLOYMENT_FIXED.replace('name: web', `name: web-${i}`)).join('---\n'));
    } finally {
      remove(d);
    }
  });

  it('--fix-dry-run prints a unified diff that git applies, and writes nothing', () => {
    const d = tree({ 'web.yaml': DEPLOYMENT, 'clean.yaml': CLEAN_POD });
    try {
      const r = cli(['check', '.', '--fix-dry-run'], { cwd: d });
      assert.equal(r.stdout, DEPLOYMENT_DIFF);
      assert.equal(r.code, 0, 'nothing would be left after the fixes');
      assert.equal(read(d, 'web.yaml'), DEPLOYMENT);
      const git = spawnSync('git', ['apply', '-p1', '-'], { cwd: d, input: r.stdout, encoding: 'utf8' });
      if (git.error) return; // no git here: the exact diff above is the check
      assert.equal(git.status, 0, git.stderr);
      assert.equal(read(d, 'web.yaml'), DEPLOYMENT_FIXED);
    } finally {
      remove(d);
    }
  });

  it('--fix-dry-run reads stdin and names it by --stdin-filename', () => {
    const d = tree({});
    try {
      const r = cli(['check', '-', '--stdin-filename', 'web.yaml', '--fix-dry-run'], { cwd: d, input: DEPLOYMENT });
      assert.equal(r.stdout, DEPLOYMENT_DIFF);
      assert.deepEqual(fs.readdirSync(d), []);
    } finally {
      remove(d);
    }
  });
});

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    assert.equal(unifiedDiff('a\n', 'a\n', 'a', 'b'), '');
  });

  it('makes separate hunks for distant changes and merges close ones', () => {
    const old = Array.from({ length: 20 }, (_, i) => `line ${i}\n`).join('');
    const changed = old.replace('line 2\n', 'LINE 2\n').replace('line 17\n', 'LINE 17\n');
    assert.equal(
      unifiedDiff(old, changed, 'a/f', 'b/f'),
      '--- a/f\n+++ b/f\n@@ -1,6 +1,6 @@\n line 0\n line 1\n-line 2\n+LINE 2\n line 3\n line 4\n line 5\n' +
        '@@ -15,6 +15,6 @@\n line 14\n line 15\n line 16\n-line 17\n+LINE 17\n line 18\n line 19\n',
    );
    const close = old.replace('line 2\n', 'LINE 2\n').replace('line 6\n', 'LINE 6\n');
    assert.equal((unifiedDiff(old, close, 'a/f', 'b/f').match(/^@@/gm) ?? []).length, 1);
  });

  it('marks a missing newline at the end, and handles insertions into an empty file', () => {
    assert.equal(unifiedDiff('a\nb', 'a\nc', 'a/f', 'b/f'), '--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n');
    assert.equal(unifiedDiff('', 'x\n', 'a/f', 'b/f'), '--- a/f\n+++ b/f\n@@ -0,0 +1,1 @@\n+x\n');
  });
});

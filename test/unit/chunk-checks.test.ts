/**
 * What validation keeps of each YAML document between versions (issue #8, the cold check of a file of many documents):
 * its part of the file facts and its diagnostics, not its parse, unless a rule read a file fact or it has a finding
 * (whose fixes code actions ask for). A check of any version after any edits equals a fresh service's check of that text.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Diagnostic } from 'vscode-languageserver-types';
import { getLanguageService, type ValidationSettings } from '../../server/src/service/languageService';
import { doc } from './helpers';

const workload = (kind: string, name: string, replicas: number, annotations: string[]) =>
  `apiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  name: ${name}\nspec:\n  replicas: ${replicas}\n  selector:\n    matchLabels:\n      app: ${name}\n  template:\n    metadata:\n      labels:\n        app: ${name}\n      annotations:\n${annotations.map((a) => `        ${a}\n`).join('')}    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n`;

const POOL = [
  workload('Deployment', 'web', 1, ['k8s.aliyun.com/eci-eip-instanceid: "eip-bp1sharedsharedshared"']),
  workload('StatefulSet', 'db', 1, ['k8s.aliyun.com/eci-eip-instanceid: "eip-bp1sharedsharedshared"', 'k8s.aliyun.com/eci-vswitch: vsw-aaa']),
  workload('Deployment', 'api', 1, ['k8s.aliyun.com/eci-with-eip: "true"', 'k8s.aliyun.com/eip-bandwidth: 10']),
  workload('Deployment', 'plain', 2, ['k8s.aliyun.com/eci-use-specs: "2-4Gi"']),
  `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web-hpa\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n  maxReplicas: 4\n`,
  `apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: disk-topology\nprovisioner: diskplugin.csi.alibabacloud.com\nvolumeBindingMode: WaitForFirstConsumer\n`,
  `# a comment only\n`,
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: broken\n  annotations:\n    k8s.aliyun.com/eci-with-eip: [unclosed\n`,
];

/** Diagnostics of a text from a service that has seen nothing before. */
function fresh(text: string, settings?: ValidationSettings): Diagnostic[] {
  const ls = getLanguageService();
  return ls.doValidation(ls.parse(doc(text)), settings);
}

describe('what validation keeps of each YAML document', () => {
  test('a cold check keeps the parse only of documents whose rules read a file fact or that have a finding', () => {
    const ls = getLanguageService();
    const text = [POOL[0], POOL[2], POOL[3], POOL[1]].join('---\n');
    const model = ls.parse(doc(text));
    const diagnostics = ls.doValidation(model);
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['shared-fixed-address', 'not-a-string', 'shared-fixed-address'],
    );
    // The fixed EIPs read the file facts (shared? autoscaled?), the unquoted number is a finding a code action fixes;
    // the document without either keeps no parse.
    assert.deepEqual(
      model.slices.map((s) => s.entry?.parsed !== undefined),
      [true, true, false, true],
    );
  });

  test('a fact that changes in another document updates the unchanged documents that read it', () => {
    const ls = getLanguageService();
    const uri = 'file:///chunks/facts.yaml';
    const versions = [
      [POOL[0], POOL[3], POOL[2]],
      [POOL[0], POOL[3], POOL[2], POOL[4]], // an autoscaler of `web`: single-instance on the unchanged first document
      [POOL[0], POOL[3], POOL[2], POOL[4], POOL[1]], // the same EIP on a second pod
      [POOL[6], POOL[0], POOL[3], POOL[2], POOL[4], POOL[1]], // every line moves: the message's line numbers with it
      [POOL[5], POOL[0], POOL[3], POOL[2], POOL[1]], // a WaitForFirstConsumer StorageClass; the autoscaler gone
    ];
    const seen: string[][] = [];
    versions.forEach((docs, i) => {
      const text = docs.join('---\n');
      const got = ls.doValidation(ls.parse(doc(text, uri, i + 1)));
      assert.deepEqual(got, fresh(text), `version ${i + 1}`);
      seen.push(got.map((d) => String(d.code)));
    });
    assert.deepEqual(seen, [
      ['not-a-string'],
      ['single-instance', 'not-a-string'],
      ['single-instance', 'shared-fixed-address', 'not-a-string', 'shared-fixed-address'],
      ['single-instance', 'shared-fixed-address', 'not-a-string', 'shared-fixed-address'],
      ['shared-fixed-address', 'not-a-string', 'shared-fixed-address', 'storage-binding'],
    ]);
  });

  test('after any edits, each version checks as a fresh service checks it, with any severities', () => {
    const settings = fc.constantFrom<ValidationSettings | undefined>(undefined, { severity: { 'shared-fixed-address': 'off' } }, { severity: { 'not-a-string': 'hint' } });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.array(fc.integer({ min: 0, max: POOL.length - 1 }), { maxLength: 7 }), settings), { minLength: 1, maxLength: 8 }), (versions) => {
        const ls = getLanguageService();
        const uri = 'file:///chunks/random.yaml';
        versions.forEach(([picks, s], i) => {
          const text = picks.map((p) => POOL[p]).join('---\n');
          assert.deepEqual(ls.doValidation(ls.parse(doc(text, uri, i + 1)), s), fresh(text, s), `version ${i + 1}: ${JSON.stringify(picks)}`);
        });
      }),
      { seed: 8, numRuns: 150 },
    );
  });
});

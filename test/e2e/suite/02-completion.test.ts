import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { completionAt, labelOf, openFixture, positionOf, revertAndClose, short, until } from './helpers';

suite('completion', () => {
  test('offers ECI keys at spec.template.metadata.annotations', async () => {
    const { doc, editor } = await openFixture('completion.yaml');
    try {
      // A new, empty entry line under the pod template's annotations, as a user would type it.
      const existing = positionOf(doc, 'k8s.aliyun.com/eci-use-specs');
      const lineEnd = doc.lineAt(existing.line).range.end;
      assert.ok(await editor.edit((b) => b.insert(lineEnd, '\n' + ' '.repeat(existing.character))));
      const at = new vscode.Position(existing.line + 1, existing.character);
      const list = await until(
        'completion items with k8s.aliyun.com/eci-with-eip',
        () => completionAt(doc, at),
        (l) => !!l && l.items.some((i) => labelOf(i) === 'k8s.aliyun.com/eci-with-eip'),
      );
      const labels = list.items.map(labelOf);
      assert.ok(labels.includes('k8s.aliyun.com/eip-bandwidth'), `labels: ${short(labels)}`);
      // Keys already in the map are not offered again.
      assert.ok(!labels.includes('k8s.aliyun.com/eci-use-specs'), `eci-use-specs is already set but offered: ${short(labels)}`);
    } finally {
      await revertAndClose(doc);
    }
  });

  test('offers no ECI keys on a Deployment\'s own metadata.labels', async () => {
    const { doc, editor } = await openFixture('completion.yaml');
    try {
      // spec.selector.matchLabels is not a place for annotations.
      const existing = positionOf(doc, 'app: api');
      const lineEnd = doc.lineAt(existing.line).range.end;
      assert.ok(await editor.edit((b) => b.insert(lineEnd, '\n' + ' '.repeat(existing.character))));
      const at = new vscode.Position(existing.line + 1, existing.character);
      // Make sure the server is up (it answers at the right place) before trusting an empty answer.
      const inTemplate = new vscode.Position(positionOf(doc, 'k8s.aliyun.com/eci-use-specs').line, 8);
      await until('the server to answer completion', () => completionAt(doc, inTemplate), (l) => !!l && l.items.some((i) => labelOf(i).startsWith('k8s.aliyun.com/')));
      const labels = (await completionAt(doc, at)).items.map(labelOf);
      assert.ok(!labels.includes('k8s.aliyun.com/eci-with-eip'), `offered under matchLabels: ${short(labels)}`);
    } finally {
      await revertAndClose(doc);
    }
  });
});

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { completionAt, labelOf, openFixture, positionOf, revertAndClose, short, until } from './helpers';

suite('completion', () => {
  /** Adds an empty entry line after `key`'s line, indented like it, as a user pressing Enter would. */
  async function newEntryLineAfter(editor: vscode.TextEditor, key: string): Promise<vscode.Position> {
    const doc = editor.document;
    const existing = positionOf(doc, key);
    const lineEnd = doc.lineAt(existing.line).range.end;
    assert.ok(await editor.edit((b) => b.insert(lineEnd, '\n' + ' '.repeat(existing.character))));
    return new vscode.Position(existing.line + 1, existing.character);
  }

  test('offers ECI keys at spec.template.metadata.annotations', async () => {
    const { doc, editor } = await openFixture('completion.yaml');
    try {
      const at = await newEntryLineAfter(editor, 'k8s.aliyun.com/eci-use-specs');
      const list = await until(
        'completion items with k8s.aliyun.com/eci-with-eip',
        () => completionAt(doc, at),
        (l) => !!l && l.items.some((i) => labelOf(i) === 'k8s.aliyun.com/eci-with-eip'),
      );
      const labels = list.items.map(labelOf);
      assert.ok(labels.includes('k8s.aliyun.com/eip-bandwidth'), `labels: ${short(labels)}`);
      const item = list.items.find((i) => labelOf(i) === 'k8s.aliyun.com/eci-with-eip')!;
      assert.equal(item.kind, vscode.CompletionItemKind.Property);
    } finally {
      await revertAndClose(doc);
    }
  });

  test('does not offer keys the map already has (new line after its last entry)', async () => {
    const { doc, editor } = await openFixture('completion.yaml');
    try {
      const at = await newEntryLineAfter(editor, 'k8s.aliyun.com/eci-use-specs');
      const list = await until(
        'ECI completion items',
        () => completionAt(doc, at),
        (l) => !!l && l.items.some((i) => labelOf(i) === 'k8s.aliyun.com/eci-with-eip'),
      );
      const labels = list.items.map(labelOf);
      assert.ok(!labels.includes('k8s.aliyun.com/eci-use-specs'), 'k8s.aliyun.com/eci-use-specs is already set in this map but is offered again');
    } finally {
      await revertAndClose(doc);
    }
  });

  test('offers no ECI keys under spec.selector.matchLabels', async () => {
    const { doc, editor } = await openFixture('completion.yaml');
    try {
      // spec.selector.matchLabels is not a place for annotations.
      const at = await newEntryLineAfter(editor, 'app: api');
      // Make sure the server is up (it answers at the right place) before trusting an empty answer.
      const inTemplate = new vscode.Position(positionOf(doc, 'k8s.aliyun.com/eci-use-specs').line, 8);
      await until(
        'the server to answer completion',
        () => completionAt(doc, inTemplate),
        (l) => !!l && l.items.some((i) => labelOf(i).startsWith('k8s.aliyun.com/')),
      );
      const labels = (await completionAt(doc, at)).items.map(labelOf);
      assert.ok(!labels.includes('k8s.aliyun.com/eci-with-eip'), `offered under matchLabels: ${short(labels)}`);
    } finally {
      await revertAndClose(doc);
    }
  });
});

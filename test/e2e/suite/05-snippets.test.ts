import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseDocument } from 'yaml';
import { EXTENSION_ID, completionAt, labelOf, openFixture, revertAndClose, short, textWhen, until } from './helpers';

const PREFIX = 'eci-deployment-eip';

suite('snippets', () => {
  test('whole-manifest snippets come from the language server, not from contributes.snippets', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const contributes = (ext.packageJSON as { contributes?: { snippets?: unknown } }).contributes;
    assert.equal(contributes?.snippets, undefined, `package.json still contributes snippets: ${short(contributes?.snippets)}`);
  });

  test(`"${PREFIX}" inserts a Deployment with the EIP annotation on the pod template`, async () => {
    const { doc, editor } = await openFixture('snippet.yaml');
    try {
      // The editor offers it as a completion in an empty YAML file ...
      const list = await until(
        `a snippet completion "${PREFIX}"`,
        () => completionAt(doc, new vscode.Position(0, 0)),
        (l) => !!l && l.items.some((i) => labelOf(i) === PREFIX && i.kind === vscode.CompletionItemKind.Snippet),
      );
      const item = list.items.find((i) => labelOf(i) === PREFIX)!;
      const body = item.insertText instanceof vscode.SnippetString ? item.insertText : new vscode.SnippetString(String(item.insertText ?? ''));
      // ... and accepting it gives valid YAML with the annotation at spec.template.metadata.annotations.
      await editor.insertSnippet(body, new vscode.Position(0, 0));
      const text = await textWhen(doc, (t) => t.length > 0, 'the snippet to be inserted');
      const parsed = parseDocument(text);
      assert.deepEqual(
        parsed.errors.map((e) => e.message),
        [],
        text,
      );
      const value = parsed.toJS() as {
        kind?: string;
        metadata?: { annotations?: Record<string, string> };
        spec?: { template?: { metadata?: { annotations?: Record<string, unknown> } } };
      };
      assert.equal(value.kind, 'Deployment', text);
      assert.equal(value.spec?.template?.metadata?.annotations?.['k8s.aliyun.com/eci-with-eip'], 'true', text);
      assert.equal(value.metadata?.annotations?.['k8s.aliyun.com/eci-with-eip'], undefined, "not on the Deployment's own metadata");

      // Inside the manifest (in spec.template.spec.containers) no whole-manifest snippet is offered.
      const lines = text.split('\n');
      const inContainers = lines.findIndex((l) => /^\s+- name:/.test(l));
      assert.ok(inContainers > 0, text);
      const inside = await completionAt(doc, new vscode.Position(inContainers, lines[inContainers].length));
      assert.equal(
        inside.items.some((i) => i.kind === vscode.CompletionItemKind.Snippet && labelOf(i).startsWith('eci-')),
        false,
        short(inside.items.map(labelOf)),
      );
    } finally {
      await revertAndClose(doc);
    }
  });
});

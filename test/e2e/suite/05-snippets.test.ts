import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseDocument } from 'yaml';
import { EXTENSION_ID, completionAt, labelOf, openFixture, revertAndClose, short, textWhen, until } from './helpers';

const PREFIX = 'eci-deployment-eip';

interface SnippetDef {
  prefix: string | string[];
  body: string | string[];
  description?: string;
}

/** The snippets the extension contributes for yaml, read from its package.json and snippet files. */
async function contributedSnippets(): Promise<Map<string, SnippetDef>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext);
  const contributions = (ext.packageJSON.contributes?.snippets ?? []) as { language: string; path: string }[];
  const files = contributions.filter((c) => c.language === 'yaml');
  assert.ok(files.length > 0, `package.json contributes no yaml snippets: ${short(ext.packageJSON.contributes?.snippets)}`);
  const all = new Map<string, SnippetDef>();
  for (const f of files) {
    const raw = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(ext.extensionUri, f.path)));
    // Snippet files are JSON with comments.
    const json = JSON.parse(raw.replace(/^\s*\/\/.*$/gm, '')) as Record<string, SnippetDef>;
    for (const [name, def] of Object.entries(json)) all.set(name, def);
  }
  return all;
}

suite('snippets', () => {
  test(`"${PREFIX}" inserts a Deployment with the EIP annotation on the pod template`, async () => {
    const snippets = await contributedSnippets();
    const entry = [...snippets].find(([, s]) => [s.prefix].flat().includes(PREFIX));
    assert.ok(entry, `no snippet with prefix ${PREFIX}; prefixes: ${short([...snippets.values()].map((s) => s.prefix))}`);
    const [name] = entry;

    const { doc } = await openFixture('snippet.yaml');
    try {
      // The editor offers it as a completion in an empty YAML file ...
      const list = await until(`a snippet completion "${PREFIX}"`, () => completionAt(doc, new vscode.Position(0, 0)),
        (l) => !!l && l.items.some((i) => labelOf(i) === PREFIX && i.kind === vscode.CompletionItemKind.Snippet));
      assert.ok(list.items.length > 0);
      // ... and inserting it by name gives valid YAML with the annotation at spec.template.metadata.annotations.
      await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'yaml', name });
      const text = await textWhen(doc, (t) => t.length > 0, 'the snippet to be inserted');
      const parsed = parseDocument(text);
      assert.deepEqual(parsed.errors.map((e) => e.message), [], text);
      const value = parsed.toJS() as { kind?: string; metadata?: { annotations?: Record<string, string> }; spec?: { template?: { metadata?: { annotations?: Record<string, unknown> } } } };
      assert.equal(value.kind, 'Deployment', text);
      assert.equal(value.spec?.template?.metadata?.annotations?.['k8s.aliyun.com/eci-with-eip'], 'true', text);
      assert.equal(value.metadata?.annotations?.['k8s.aliyun.com/eci-with-eip'], undefined, 'not on the Deployment\'s own metadata');
    } finally {
      await revertAndClose(doc);
    }
  });
});

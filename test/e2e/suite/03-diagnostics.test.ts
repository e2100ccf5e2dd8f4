import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { applyCodeAction, describe, diagnosticsWhen, eciDiagnostics, openFixture, positionOf, quickFixes, readWorkspaceFile, revertAndClose, short, textWhen, until } from './helpers';

suite('diagnostics and quick fixes', () => {
  test('a clean Deployment gets no eci diagnostics', async () => {
    const { doc } = await openFixture('deployment.yaml');
    // Proof that the server has looked at this document: it answers a hover on an annotation key.
    // (Diagnostics are pushed; an empty set is also the initial state, so wait for the server first.)
    const key = positionOf(doc, 'k8s.aliyun.com/eci-with-eip', 2);
    await until(
      'a hover from the server',
      async () => (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, key)) ?? [],
      (h) => h.length > 0,
    );
    const all = eciDiagnostics(vscode.languages.getDiagnostics(doc.uri));
    assert.deepEqual(all.map(describe), []);
  });

  test("wrong-level: eci-with-eip on the Deployment's own metadata, then the move fix", async () => {
    const { doc } = await openFixture('wrong-level.yaml');
    try {
      const before = doc.getText();
      const keyPos = positionOf(doc, 'k8s.aliyun.com/eci-with-eip');
      const diags = await diagnosticsWhen(doc.uri, (d) => eciDiagnostics(d, 'wrong-level').length > 0, 'a wrong-level diagnostic');
      const wrong = eciDiagnostics(diags, 'wrong-level');
      assert.equal(wrong.length, 1, short(diags.map(describe)));
      const d = wrong[0];
      assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
      assert.equal(d.range.start.line, keyPos.line, `diagnostic on line ${d.range.start.line + 1}, key on ${keyPos.line + 1}`);
      // Nothing else is reported for this file.
      assert.deepEqual(eciDiagnostics(diags).map(describe), wrong.map(describe));

      const fixes = await until(
        'quick fixes for the wrong-level diagnostic',
        () => quickFixes(doc, d.range),
        (a) => a.some((x) => x.title.includes('Move')),
      );
      const move = fixes.find((a) => a.title.includes('Move') && a.title.includes('spec.template.metadata.annotations'));
      assert.ok(move, `no move fix among ${short(fixes.map((a) => a.title))}`);
      await applyCodeAction(move);

      const expected = await readWorkspaceFile('expected/wrong-level.yaml');
      const after = await textWhen(doc, (t) => t !== before, 'the move fix to change the document');
      assert.equal(after, expected);
      // The warning goes away once the annotation is where it belongs.
      await diagnosticsWhen(doc.uri, (ds) => eciDiagnostics(ds).length === 0, 'the eci diagnostics to clear after the fix');
    } finally {
      await revertAndClose(doc);
    }
  });

  test('not-a-string: an unquoted number gets the Quote fix', async () => {
    const { doc } = await openFixture('quote.yaml');
    try {
      const before = doc.getText();
      const valuePos = positionOf(doc, 'k8s.aliyun.com/eip-bandwidth: 10', 'k8s.aliyun.com/eip-bandwidth: '.length);
      const diags = await diagnosticsWhen(doc.uri, (ds) => eciDiagnostics(ds, 'not-a-string').length > 0, 'a not-a-string diagnostic');
      const bad = eciDiagnostics(diags, 'not-a-string');
      assert.equal(bad.length, 1, short(diags.map(describe)));
      assert.equal(bad[0].range.start.line, valuePos.line);
      assert.deepEqual(eciDiagnostics(diags).map(describe), bad.map(describe), 'only the unquoted value is reported');

      const fixes = await until(
        'quick fixes for not-a-string',
        () => quickFixes(doc, bad[0].range),
        (a) => a.some((x) => x.title.startsWith('Quote')),
      );
      const quote = fixes.find((a) => a.title.startsWith('Quote'));
      assert.ok(quote, `no Quote fix among ${short(fixes.map((a) => a.title))}`);
      await applyCodeAction(quote);

      const after = await textWhen(doc, (t) => t !== before, 'the quote fix to change the document');
      assert.equal(after, before.replace('k8s.aliyun.com/eip-bandwidth: 10', 'k8s.aliyun.com/eip-bandwidth: "10"'));
      assert.equal(doc.lineAt(valuePos.line).text, '        k8s.aliyun.com/eip-bandwidth: "10"');
      await diagnosticsWhen(doc.uri, (ds) => eciDiagnostics(ds).length === 0, 'the eci diagnostics to clear after quoting');
    } finally {
      await revertAndClose(doc);
    }
  });
});

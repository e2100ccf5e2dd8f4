import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, diagnosticsWhen, eciDiagnostics, hoverText, openFixture, positionOf, revertAndClose, until } from './helpers';

suite('language', () => {
  teardown(async () => {
    await vscode.workspace.getConfiguration('eciAnnotations').update('language', undefined, vscode.ConfigurationTarget.Global);
  });

  test('eciAnnotations.language = zh-cn gives Chinese hover docs and the Chinese doc page, without a restart', async () => {
    const { doc } = await openFixture('deployment.yaml');
    const onKey = positionOf(doc, 'k8s.aliyun.com/eci-with-eip', 'k8s.aliyun.com/eci-'.length);
    await until(
      'an English hover first',
      () => hoverText(doc, onKey),
      (t) => /takes effect only when the pod is created/i.test(t),
    );
    await vscode.workspace.getConfiguration('eciAnnotations').update('language', 'zh-cn', vscode.ConfigurationTarget.Global);
    const text = await until(
      'a Chinese hover',
      () => hoverText(doc, onKey),
      (t) => /仅在创建 Pod 时生效/.test(t),
    );
    assert.match(text, /自动创建一个按量付费的 EIP/, text);
    assert.match(text, /help\.aliyun\.com\/zh\/eci\//, text);
    assert.doesNotMatch(text, /takes effect only when the pod is created/i, text);
    await revertAndClose(doc);
  });

  test('the walkthrough command opens the sample manifest, and its mistake is reported', async () => {
    await vscode.commands.executeCommand('eciAnnotations.openSample');
    const editor = await until(
      'the sample editor',
      () => vscode.window.activeTextEditor,
      (e) => e?.document.languageId === 'yaml' && e.document.isUntitled,
    );
    const doc = editor!.document;
    assert.match(doc.getText(), /kind: Deployment/);
    const diagnostics = await diagnosticsWhen(doc.uri, (d) => eciDiagnostics(d, 'wrong-level').length > 0, 'wrong-level on the sample');
    const wrong = diagnostics.find((d) => codeOf(d) === 'wrong-level')!;
    assert.equal(doc.getText(wrong.range), 'k8s.aliyun.com/eci-use-specs');
    await revertAndClose(doc);
  });
});

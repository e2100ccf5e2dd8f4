import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, openFixture, until } from './helpers';

suite('activation', () => {
  test('runs in the VS Code and Node the harness pinned', function () {
    // drive.mjs sets these from test/e2e/harness/targets.json; a desktop run (runElectron) has no pins
    const { ECI_E2E_EXPECT_VSCODE: wantCode, ECI_E2E_EXPECT_NODE: wantNode } = process.env;
    if (!wantCode || !wantNode) this.skip();
    assert.equal(vscode.version, wantCode, 'VS Code version of the extension host');
    assert.equal(process.versions.node, wantNode, 'Node version of the extension host');
  });

  test(`opening a YAML file activates ${EXTENSION_ID} (onLanguage:yaml)`, async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(
      ext,
      `${EXTENSION_ID} is not loaded; extensions: ${vscode.extensions.all
        .map((e) => e.id)
        .filter((id) => !id.startsWith('vscode.'))
        .join(', ')}`,
    );
    assert.ok((ext.packageJSON as { activationEvents: string[] }).activationEvents.includes('onLanguage:yaml'));
    console.log(
      `vscode ${vscode.version}, appHost ${vscode.env.appHost}, uiKind ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'}, remote ${vscode.env.remoteName ?? '-'}, node ${process.version}`,
    );
    // Nothing in the suite calls activate(): opening a yaml document must do it.
    await openFixture('deployment.yaml');
    await until(
      'the extension to become active',
      () => ext.isActive,
      (active) => active,
    );
  });
});

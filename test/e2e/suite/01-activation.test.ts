import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, openFixture, until } from './helpers';

suite('activation', () => {
  test(`opening a YAML file activates ${EXTENSION_ID} (onLanguage:yaml)`, async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded; extensions: ${vscode.extensions.all.map((e) => e.id).filter((id) => !id.startsWith('vscode.')).join(', ')}`);
    assert.ok((ext.packageJSON.activationEvents as string[]).includes('onLanguage:yaml'));
    console.log(`vscode ${vscode.version}, appHost ${vscode.env.appHost}, uiKind ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'}, remote ${vscode.env.remoteName ?? '-'}, node ${process.version}`);
    // Nothing in the suite calls activate(): opening a yaml document must do it.
    await openFixture('deployment.yaml');
    await until('the extension to become active', () => ext.isActive, (active) => active);
  });
});

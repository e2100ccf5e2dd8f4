import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { describe, diagnosticsWhen, eciDiagnostics, openFixture, revertAndClose, short, workspaceUri } from './helpers';

const LEGACY_POD = `apiVersion: v1
kind: Pod
metadata:
  name: legacy
  annotations:
    k8s.aliyun.com/eci-image-cache: "true"
spec:
  containers: []
`;

suite('.eci-annotations.yaml', () => {
  const write = (rel: string, text: string) => vscode.workspace.fs.writeFile(workspaceUri(rel), new TextEncoder().encode(text));
  const rule = () => vscode.workspace.getConfiguration('eciAnnotations.rules', workspaceUri('project/legacy.yaml'));
  const legacySeverity = (uri: vscode.Uri, severity: vscode.DiagnosticSeverity, what: string) =>
    diagnosticsWhen(uri, (ds) => eciDiagnostics(ds, 'legacy-key').some((d) => d.severity === severity), what);

  test('the file sets severities under an explicit setting, and a change to it is picked up', async () => {
    await write('project/.eci-annotations.yaml', 'rules:\n  legacy-key: error\n');
    await write('project/legacy.yaml', LEGACY_POD);
    const { doc } = await openFixture('project/legacy.yaml');
    try {
      // The default is information; the file makes it an error.
      const first = await legacySeverity(doc.uri, vscode.DiagnosticSeverity.Error, 'legacy-key as an error (from the file)');
      assert.equal(eciDiagnostics(first).length, 1, short(first.map(describe)));

      // A setting the user sets wins over the file; taking it away gives the file's value back.
      await rule().update('legacy-key', 'hint', vscode.ConfigurationTarget.Workspace);
      await legacySeverity(doc.uri, vscode.DiagnosticSeverity.Hint, 'legacy-key as a hint (explicit setting)');
      await rule().update('legacy-key', undefined, vscode.ConfigurationTarget.Workspace);
      await legacySeverity(doc.uri, vscode.DiagnosticSeverity.Error, 'legacy-key as an error again');

      // The server watches the file.
      await write('project/.eci-annotations.yaml', 'rules:\n  legacy-key: warning\n');
      await legacySeverity(doc.uri, vscode.DiagnosticSeverity.Warning, 'legacy-key as a warning after the file changed');
    } finally {
      await rule().update('legacy-key', undefined, vscode.ConfigurationTarget.Workspace);
      await revertAndClose(doc);
      await vscode.workspace.fs.delete(workspaceUri('project'), { recursive: true });
    }
  });
});

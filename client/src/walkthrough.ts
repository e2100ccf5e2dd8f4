/** The Getting Started walkthrough's command: a sample Deployment, in the display language, with one mistake to fix. */
import * as vscode from 'vscode';

export const OPEN_SAMPLE_COMMAND = 'eciAnnotations.openSample';

/** The sample manifest: an ECI annotation on the Deployment's own metadata (a `wrong-level` warning) and one in the right place. */
export function sampleManifest(): string {
  return [
    `# ${vscode.l10n.t('ECI Annotations sample. Hover an annotation key to read what it does on ECI.')}`,
    `# ${vscode.l10n.t('The first annotation sits on the Deployment itself, where ECI never sees it: put the cursor on it and press Ctrl+. to move it to the pod template.')}`,
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    '  annotations:',
    '    k8s.aliyun.com/eci-use-specs: "2-4Gi,4-8Gi"',
    'spec:',
    '  replicas: 1',
    '  selector:',
    '    matchLabels:',
    '      app: web',
    '  template:',
    '    metadata:',
    '      labels:',
    '        app: web',
    '        alibabacloud.com/eci: "true"',
    '      annotations:',
    `        # ${vscode.l10n.t('Type k8s.aliyun.com/ on a new line below for every documented key.')}`,
    '        k8s.aliyun.com/eci-spot-strategy: "SpotAsPriceGo"',
    '    spec:',
    '      containers:',
    '        - name: web',
    '          image: nginx:1.27',
    '',
  ].join('\n');
}

export function registerWalkthrough(): vscode.Disposable {
  return vscode.commands.registerCommand(OPEN_SAMPLE_COMMAND, async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: sampleManifest() });
    await vscode.window.showTextDocument(doc);
  });
}

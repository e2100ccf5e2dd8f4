/** The VS Code client: starts the ECI language server for YAML files and wires the account features. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { activateAccount } from './account';
import { registerWalkthrough } from './walkthrough';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'yaml', scheme: 'file' },
      { language: 'yaml', scheme: 'untitled' },
    ],
    synchronize: { configurationSection: 'eciAnnotations' },
    // The server follows the display language (initialize.locale); this setting overrides it from the first message.
    initializationOptions: { language: vscode.workspace.getConfiguration('eciAnnotations').get<string>('language', 'auto') },
    outputChannelName: 'ECI Annotations',
  };
  client = new LanguageClient('eciAnnotations', 'ECI Annotations', serverOptions, clientOptions);
  context.subscriptions.push(activateAccount(context, client), registerWalkthrough());
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

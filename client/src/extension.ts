/** The VS Code client: starts the ECI language server for YAML files and wires the account features. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { activateAccount } from './account';
import type { EciInitializationOptions } from '../../server/src/protocol';
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
      // Chart templates, as the Kubernetes extension marks them.
      { language: 'helm', scheme: 'file' },
      { language: 'helm', scheme: 'untitled' },
    ],
    synchronize: { configurationSection: 'eciAnnotations' },
    outputChannelName: 'ECI Annotations',
    initializationOptions: {
      // The server follows the display language (initialize.locale); this setting overrides it from the first message.
      language: vscode.workspace.getConfiguration('eciAnnotations').get<string>('language', 'auto'),
      // This client runs the account pickers' command.
      pickResourceCommand: true,
    } satisfies EciInitializationOptions,
    middleware: {
      workspace: {
        // Rule severities: send only what the user set, so that .eci-annotations.yaml decides the rest.
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) return result;
          return result.map((value: unknown, i) => (params.items[i]?.section === 'eciAnnotations' ? withExplicitRules(value, params.items[i].scopeUri) : value));
        },
      },
    },
  };
  client = new LanguageClient('eciAnnotations', 'ECI Annotations', serverOptions, clientOptions);
  context.subscriptions.push(activateAccount(context, client), registerWalkthrough());
  await client.start();
}

/** The `eciAnnotations` section with `rules` reduced to the rules set explicitly (user, workspace or folder). */
function withExplicitRules(section: unknown, scopeUri: string | undefined): unknown {
  if (!section || typeof section !== 'object') return section;
  const config = vscode.workspace.getConfiguration('eciAnnotations', scopeUri ? vscode.Uri.parse(scopeUri) : undefined);
  const rules: Record<string, unknown> = {};
  for (const code of Object.keys((section as { rules?: object }).rules ?? {})) {
    const set = config.inspect(`rules.${code}`);
    const value = set?.workspaceFolderValue ?? set?.workspaceValue ?? set?.globalValue;
    if (value !== undefined) rules[code] = value;
  }
  return { ...section, rules };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

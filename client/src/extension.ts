/** The VS Code client: starts the ECI language server for YAML files and wires the account features. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { activateAccount, type AccountHandle } from './account';
import { traceLine } from './account/trust';
import type { EciInitializationOptions } from '../../server/src/protocol';
import { useTranslator } from './l10n';
import { registerWalkthrough } from './walkthrough';

let client: LanguageClient | undefined;

/** What `vscode.extensions.getExtension(…).exports` gives other extensions and the real-editor tests. */
export interface EciAnnotationsApi {
  /** The last account problem shown to the user, the host account calls go to, settings waiting for confirmation, the open vSwitch or security group picker. */
  accountStatus(): ReturnType<AccountHandle['status']>;
}

/** The LSP trace channel: in Restricted Mode only message names are written, never their contents (documents). */
function restrictedTrace(channel: vscode.LogOutputChannel): vscode.LogOutputChannel {
  return new Proxy(channel, {
    get(target, prop) {
      if (prop === 'trace') return (message: string, ...args: unknown[]) => target.trace(traceLine(message, vscode.workspace.isTrusted), ...(vscode.workspace.isTrusted ? args : []));
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

export async function activate(context: vscode.ExtensionContext): Promise<EciAnnotationsApi> {
  useTranslator((message, ...args) => vscode.l10n.t(message, ...args));
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const channel = vscode.window.createOutputChannel('ECI Annotations', { log: true });
  context.subscriptions.push(channel);
  // Set once the account features are activated; the configuration middleware reads it from then on.
  let account: AccountHandle | undefined = undefined;
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'yaml', scheme: 'file' },
      { language: 'yaml', scheme: 'untitled' },
      // Chart templates, as the Kubernetes extension marks them.
      { language: 'helm', scheme: 'file' },
      { language: 'helm', scheme: 'untitled' },
    ],
    synchronize: { configurationSection: 'eciAnnotations' },
    outputChannel: channel,
    traceOutputChannel: restrictedTrace(channel),
    initializationOptions: {
      // The server follows the display language (initialize.locale); this setting overrides it from the first message.
      language: vscode.workspace.getConfiguration('eciAnnotations').get<string>('language', 'auto'),
      // This client runs the account pickers' command.
      pickResourceCommand: true,
    } satisfies EciInitializationOptions,
    middleware: {
      workspace: {
        // Rule severities: send only what the user set, so that .eci-annotations.yaml decides the rest. Account
        // values a workspace may not decide alone (enabled, checkExistence) are replaced by the effective ones.
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) return result;
          return result.map((value: unknown, i) => {
            const section = params.items[i]?.section;
            const withRules = section === 'eciAnnotations' ? withExplicitRules(value, params.items[i].scopeUri) : value;
            return account ? account.patchConfiguration(section, withRules) : withRules;
          });
        },
      },
    },
  };
  client = new LanguageClient('eciAnnotations', 'ECI Annotations', serverOptions, clientOptions);
  const handle = activateAccount(context, client);
  account = handle;
  context.subscriptions.push(handle, registerWalkthrough());
  await client.start();
  return { accountStatus: () => handle.status() };
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

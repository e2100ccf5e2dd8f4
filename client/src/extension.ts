/** The VS Code client: starts the ECI language server for YAML files and wires the account features. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { activateAccount, type AccountHandle } from './account';
import { traceLine } from './account/trust';

let client: LanguageClient | undefined;

/** What `vscode.extensions.getExtension(…).exports` gives other extensions and the real-editor tests. */
export interface EciAnnotationsApi {
  /** The last account problem shown to the user, the host account calls go to, and settings waiting for confirmation. */
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
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const channel = vscode.window.createOutputChannel('ECI Annotations', { log: true });
  context.subscriptions.push(channel);
  let account: AccountHandle | undefined;
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'yaml', scheme: 'file' },
      { language: 'yaml', scheme: 'untitled' },
    ],
    synchronize: { configurationSection: 'eciAnnotations' },
    outputChannel: channel,
    traceOutputChannel: restrictedTrace(channel),
    middleware: {
      workspace: {
        // The server reads account.enabled/checkExistence through here: the values a workspace may not decide alone are replaced.
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!account || !Array.isArray(result)) return result;
          return result.map((value, i) => account!.patchConfiguration(params.items[i]?.section, value));
        },
      },
    },
  };
  client = new LanguageClient('eciAnnotations', 'ECI Annotations', serverOptions, clientOptions);
  const handle = activateAccount(context, client);
  account = handle;
  context.subscriptions.push(handle);
  await client.start();
  return { accountStatus: () => handle.status() };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/**
 * A minimal LSP client over stdio, as an editor that is not VS Code drives the server: the standalone language server
 * and protocol tests, and the benchmark over LSP (`bench/lsp.ts`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { ClientCapabilities, PublishDiagnosticsParams, Registration } from 'vscode-languageserver-protocol';

export interface LspSession {
  proc: ChildProcess;
  conn: MessageConnection;
  /** What `workspace/configuration` answers for the `eciAnnotations` section. */
  settings: Record<string, unknown>;
  /** Dynamic registrations the server asked for. */
  registrations: Registration[];
  /** The messages of the server's `window/logMessage` notifications, in order. */
  logs: string[];
  /** The next diagnostics published for a uri (optionally for a version). */
  nextDiagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams>;
  /** Resolves once the server has registered a capability for `method`. */
  registered(method: string): Promise<Registration>;
  stop(): Promise<number | null>;
}

export interface StartOptions {
  /** The client's capabilities (default: configuration, watched files, related information). */
  capabilities?: ClientCapabilities;
  /** The server's stderr: read and dropped (default), or shown as this process's. */
  stderr?: 'pipe' | 'inherit';
}

const DEFAULT_CAPABILITIES: ClientCapabilities = {
  workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
  textDocument: { publishDiagnostics: { relatedInformation: true } },
};

/** Starts `command` (argv) and initializes it as a client with the given initialization options. */
export async function startLanguageServer(command: string[], initializationOptions?: unknown, options: StartOptions = {}): Promise<LspSession> {
  const proc = spawn(command[0], command.slice(1), { stdio: ['pipe', 'pipe', options.stderr ?? 'pipe'] });
  proc.stderr?.resume();
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const waiters: { uri: string; version?: number; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  const registrationWaiters: { method: string; resolve: (r: Registration) => void }[] = [];
  const session: LspSession = {
    proc,
    conn,
    settings: {},
    registrations: [],
    logs: [],
    nextDiagnostics: (uri, version) => new Promise((resolve) => waiters.push({ uri, version, resolve })),
    registered: (method) => {
      const done = session.registrations.find((r) => r.method === method);
      return done ? Promise.resolve(done) : new Promise((resolve) => registrationWaiters.push({ method, resolve }));
    },
    async stop() {
      const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
      await conn.sendRequest('shutdown');
      await conn.sendNotification('exit');
      const code = await exited;
      conn.dispose();
      return code;
    },
  };
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    const i = waiters.findIndex((w) => w.uri === p.uri && (w.version === undefined || w.version === p.version));
    if (i >= 0) waiters.splice(i, 1)[0].resolve(p);
  });
  conn.onNotification('window/logMessage', (p: { message: string }) => void session.logs.push(p.message));
  conn.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map(() => session.settings));
  conn.onRequest('client/registerCapability', (params: { registrations: Registration[] }) => {
    session.registrations.push(...params.registrations);
    for (const r of params.registrations) {
      for (let i = registrationWaiters.length - 1; i >= 0; i--) if (registrationWaiters[i].method === r.method) registrationWaiters.splice(i, 1)[0].resolve(r);
    }
    return null;
  });
  conn.listen();
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    initializationOptions,
    capabilities: options.capabilities ?? DEFAULT_CAPABILITIES,
  });
  await conn.sendNotification('initialized', {});
  return session;
}

export function openDocument(s: LspSession, uri: string, text: string, version = 1, languageId = 'yaml'): void {
  void s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
}

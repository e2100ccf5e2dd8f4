/**
 * The server's end of the wire, with the LSP lifecycle rules the library leaves to servers: a request before
 * `initialize` gets ServerNotInitialized, a request after `shutdown` gets InvalidRequest, and a broken frame
 * (a header the reader cannot make sense of) ends the process with code 1 so that the client restarts it.
 */
import {
  ErrorCodes,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  type Connection,
  type DataCallback,
  type Disposable,
  type Message,
  type MessageReader,
  type MessageWriter,
  type PartialMessageInfo,
} from 'vscode-languageserver/node';
import { PiecewiseMessageWriter } from './encodedDiagnostics';

export interface LifecycleTransport {
  reader: MessageReader;
  writer: MessageWriter;
  /** Routes `console.*` to the client's log (stdout carries the protocol). */
  attach(connection: Connection): void;
}

interface RequestLike {
  id?: number | string | null;
  method?: unknown;
}

/** A transport for `--stdio` or `--node-ipc`; undefined for the others, which the library sets up itself. */
export function lifecycleTransport(argv: readonly string[]): LifecycleTransport | undefined {
  const stdio = argv.includes('--stdio');
  if (!stdio && !argv.includes('--node-ipc')) return undefined;
  const inner: MessageReader = stdio ? new StreamMessageReader(process.stdin) : new IPCMessageReader(process);
  const writer: MessageWriter = stdio ? new PiecewiseMessageWriter(process.stdout) : new IPCMessageWriter(process);
  let state: 'new' | 'running' | 'shutdown' = 'new';

  const refuse = (id: number | string, code: number, message: string) => void writer.write({ jsonrpc: '2.0', id, error: { code, message } } as Message);

  const reader: MessageReader = {
    onError: (listener) => inner.onError(listener),
    onClose: (listener) => inner.onClose(listener),
    onPartialMessage: (listener: (info: PartialMessageInfo) => void) => inner.onPartialMessage(listener),
    dispose: () => inner.dispose(),
    listen(callback: DataCallback): Disposable {
      return inner.listen((message) => {
        const m = message as RequestLike;
        const isRequest = typeof m.method === 'string' && m.id !== undefined && m.id !== null;
        if (isRequest) {
          const id = m.id as number | string;
          if (state === 'shutdown') return refuse(id, ErrorCodes.InvalidRequest, `${String(m.method)} after shutdown`);
          if (state === 'new' && m.method !== 'initialize') return refuse(id, ErrorCodes.ServerNotInitialized, 'The server is not initialized yet.');
          if (state === 'running' && m.method === 'initialize') return refuse(id, ErrorCodes.InvalidRequest, 'The server is already initialized.');
          if (m.method === 'initialize') state = 'running';
          else if (m.method === 'shutdown') {
            callback(message);
            state = 'shutdown';
            return;
          }
        } else if (state === 'new' && typeof m.method === 'string' && m.method !== 'exit') {
          // Notifications before initialize are dropped, except exit.
          return;
        }
        callback(message);
      });
    },
  };

  // A frame the reader cannot parse leaves it out of step with the stream for good: exit and let the client restart.
  inner.onError((error) => {
    if (error instanceof SyntaxError) return;
    process.stderr.write(`ECI: broken message frame (${error.message.split('\n')[0]}); exiting.\n`);
    process.exit(1);
  });
  if (stdio) {
    const end = () => process.exit(state === 'shutdown' ? 0 : 1);
    process.stdin.on('end', end);
    process.stdin.on('close', end);
  }

  return {
    reader,
    writer,
    attach(connection) {
      if (!stdio) return;
      console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
      console.info = (...args: unknown[]) => connection.console.info(args.map(String).join(' '));
      console.warn = (...args: unknown[]) => connection.console.warn(args.map(String).join(' '));
      console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));
    },
  };
}

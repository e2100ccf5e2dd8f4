/**
 * Diagnostics the validation worker encoded as JSON (UTF-8 bytes, moved to the main thread without a copy): the
 * stdio writer writes them into the publish message as they are, so the main thread neither decodes nor encodes
 * thousands of diagnostics while requests wait. Anything else that reads the params gets the array, parsed on use.
 */
import { AbstractMessageWriter, type Message, type MessageWriter } from 'vscode-languageserver/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

const ENCODED = Symbol('encoded diagnostics');

type WithEncoded = PublishDiagnosticsParams & { [ENCODED]?: Uint8Array };

/** Publish params whose diagnostics are the JSON bytes of an array of diagnostics. */
export function encodedPublish(uri: string, version: number | undefined, bytes: Uint8Array): PublishDiagnosticsParams {
  let parsed: Diagnostic[] | undefined;
  const params: WithEncoded = {
    uri,
    version,
    get diagnostics(): Diagnostic[] {
      return (parsed ??= JSON.parse(new TextDecoder().decode(bytes)) as Diagnostic[]);
    },
    [ENCODED]: bytes,
  };
  return params;
}

/**
 * The JSON bytes of a message in pieces: encoded diagnostics are one piece, the worker's own bytes, not copied (a copy
 * of 10 MB into new memory cost the main thread 40–80 ms here, while requests waited).
 */
export function encodeMessageParts(msg: Message): Uint8Array[] {
  const params = (msg as { params?: unknown }).params as WithEncoded | undefined;
  const bytes = params && typeof params === 'object' ? params[ENCODED] : undefined;
  if (!bytes) return [Buffer.from(JSON.stringify(msg), 'utf-8')];
  const { method } = msg as { method?: string };
  const head = JSON.stringify({ jsonrpc: msg.jsonrpc, method, params: { uri: params!.uri, version: params!.version, diagnostics: 0 } });
  // `head` ends with `"diagnostics":0}}`: the bytes take the place of the 0.
  return [Buffer.from(head.slice(0, -3), 'utf-8'), bytes, Buffer.from('}}', 'utf-8')];
}

/**
 * Writes LSP frames to a stream (stdout): the header, then each piece of the message as it is, in the order of the
 * calls (Node keeps a stream's writes in order, and every piece is written at once).
 */
export class PiecewiseMessageWriter extends AbstractMessageWriter implements MessageWriter {
  private errors = 0;

  constructor(private readonly out: NodeJS.WritableStream) {
    super();
    out.on('error', (e: Error) => this.fireError(e));
    out.on('close', () => this.fireClose());
  }

  write(msg: Message): Promise<void> {
    let parts: Uint8Array[];
    try {
      parts = encodeMessageParts(msg);
    } catch (e) {
      this.fireError(e, msg, ++this.errors);
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    const length = parts.reduce((n, p) => n + p.byteLength, 0);
    return new Promise((resolve, reject) => {
      this.out.write(`Content-Length: ${length}\r\n\r\n`, 'ascii');
      parts.forEach((part, i) => {
        if (i < parts.length - 1) this.out.write(part);
        else
          this.out.write(part, (e?: Error | null) => {
            if (!e) return resolve();
            this.fireError(e, msg, ++this.errors);
            reject(e);
          });
      });
    });
  }

  end(): void {
    this.out.end();
  }
}

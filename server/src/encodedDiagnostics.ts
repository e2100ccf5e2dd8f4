/**
 * Diagnostics the validation worker encoded as JSON (UTF-8 bytes, moved to the main thread without a copy): the
 * stdio writer puts them into the publish message as they are, so the main thread neither decodes nor encodes
 * thousands of diagnostics while requests wait. Anything else that reads the params gets the array, parsed on use.
 */
import type { Message } from 'vscode-languageserver/node';
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

/** The JSON bytes of a message, with encoded diagnostics copied in as they are. */
export function encodeMessage(msg: Message): Buffer {
  const params = (msg as { params?: unknown }).params as WithEncoded | undefined;
  const bytes = params && typeof params === 'object' ? params[ENCODED] : undefined;
  if (!bytes) return Buffer.from(JSON.stringify(msg), 'utf-8');
  const { method } = msg as { method?: string };
  const head = JSON.stringify({ jsonrpc: msg.jsonrpc, method, params: { uri: params!.uri, version: params!.version, diagnostics: 0 } });
  // `head` ends with `"diagnostics":0}}`: the bytes take the place of the 0.
  return Buffer.concat([Buffer.from(head.slice(0, -3), 'utf-8'), bytes, Buffer.from('}}', 'utf-8')]);
}

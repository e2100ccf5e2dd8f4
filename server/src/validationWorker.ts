/**
 * The validation worker (`dist/validation-worker.js`, a `worker_threads` worker of the language server): parses and
 * checks documents off the server's main thread, so that the main thread always answers requests at once. One
 * worker serves every document; a newer version (or a close) of a document stops its running validation.
 */
import { parentPort } from 'node:worker_threads';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { getLanguageService, type EciLanguageService, type ValidationSettings } from './service/languageService';
import type { Locale } from './service/l10n';
import { slices } from './slices';

/** What the server sends the worker. */
export type ToValidationWorker =
  { type: 'validate'; id: number; uri: string; version: number; text: string; helmValues: boolean; locale: Locale; settings: ValidationSettings } | { type: 'forget'; uri: string };

/** What the worker answers: diagnostics, or nothing when a newer request for the document took over. */
export type FromValidationWorker =
  { type: 'diagnostics'; id: number; diagnostics: Diagnostic[]; busyMs: number } | { type: 'stale'; id: number } | { type: 'failed'; id: number; message: string };

const port = parentPort;
let locale: Locale | undefined;
let service: EciLanguageService | undefined;
/** The newest request per document: an older one stops at its next pause. */
const latest = new Map<string, number>();

function serviceFor(next: Locale): EciLanguageService {
  if (!service || next !== locale) {
    locale = next;
    service = getLanguageService({ locale });
  }
  return service;
}

async function validate(request: Extract<ToValidationWorker, { type: 'validate' }>): Promise<FromValidationWorker> {
  const current = () => latest.get(request.uri) === request.id;
  const work = slices(current);
  // Later messages may already be queued: wait for them before starting (a burst of edits validates only the last).
  await new Promise((resolve) => setImmediate(resolve));
  work.restart();
  if (!current()) return { type: 'stale', id: request.id };
  const ls = serviceFor(request.locale);
  const text = request.text;
  const document = { uri: request.uri, version: request.version, getText: () => text } as TextDocument;
  const model = ls.parse(document, { helmValues: request.helmValues });
  const diagnostics = await ls.doValidationInSteps(model, request.settings, work.pause);
  if (!diagnostics || !current()) return { type: 'stale', id: request.id };
  return { type: 'diagnostics', id: request.id, diagnostics, busyMs: work.busyMs() };
}

port?.on('message', (message: ToValidationWorker) => {
  if (message.type === 'forget') {
    latest.delete(message.uri);
    service?.forget(message.uri);
    return;
  }
  latest.set(message.uri, message.id);
  validate(message).then(
    (reply) => port.postMessage(reply),
    (e: unknown) => port.postMessage({ type: 'failed', id: message.id, message: (e as Error)?.message ?? String(e) } satisfies FromValidationWorker),
  );
});

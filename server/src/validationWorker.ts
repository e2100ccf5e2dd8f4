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

/** One replacement in a text: from `start` to `end` (offsets in the text before it) becomes `text`. */
export interface TextChange {
  start: number;
  end: number;
  text: string;
}

/**
 * What the server sends the worker. A version comes as its whole `text`, or as the `changes` made to the last text
 * the worker was sent for the document (the worker keeps it), so a keystroke in a 5 MB file does not copy the file.
 */
export type ToValidationWorker =
  | { type: 'validate'; id: number; uri: string; version: number; text?: string; changes?: TextChange[]; helmValues: boolean; locale: Locale; settings: ValidationSettings }
  | { type: 'forget'; uri: string };

/** What the worker answers: diagnostics, or nothing when a newer request for the document took over. */
export type FromValidationWorker =
  { type: 'diagnostics'; id: number; diagnostics: Diagnostic[]; busyMs: number } | { type: 'stale'; id: number } | { type: 'failed'; id: number; message: string };

const port = parentPort;
let locale: Locale | undefined;
let service: EciLanguageService | undefined;
/** The newest request per document: an older one stops at its next pause. */
const latest = new Map<string, number>();
/** The last text of each document, which the next changes apply to. */
const texts = new Map<string, string>();

function applyChanges(text: string, changes: readonly TextChange[]): string {
  for (const c of changes) text = text.slice(0, c.start) + c.text + text.slice(c.end);
  return text;
}

function serviceFor(next: Locale): EciLanguageService {
  if (!service || next !== locale) {
    locale = next;
    service = getLanguageService({ locale });
  }
  return service;
}

async function validate(request: Extract<ToValidationWorker, { type: 'validate' }>, text: string): Promise<FromValidationWorker> {
  const current = () => latest.get(request.uri) === request.id;
  const work = slices(current);
  // Later messages may already be queued: wait for them before starting (a burst of edits validates only the last).
  await new Promise((resolve) => setImmediate(resolve));
  work.restart();
  if (!current()) return { type: 'stale', id: request.id };
  const ls = serviceFor(request.locale);
  const document = { uri: request.uri, version: request.version, getText: () => text } as TextDocument;
  const model = ls.parse(document, { helmValues: request.helmValues });
  const diagnostics = await ls.doValidationInSteps(model, request.settings, work.pause);
  if (!diagnostics || !current()) return { type: 'stale', id: request.id };
  return { type: 'diagnostics', id: request.id, diagnostics, busyMs: work.busyMs() };
}

port?.on('message', (message: ToValidationWorker) => {
  if (message.type === 'forget') {
    latest.delete(message.uri);
    texts.delete(message.uri);
    service?.forget(message.uri);
    return;
  }
  latest.set(message.uri, message.id);
  // Every version's changes apply, whether or not it is validated: the next ones build on it.
  const base = texts.get(message.uri);
  const text = message.text ?? (base !== undefined && message.changes ? applyChanges(base, message.changes) : undefined);
  if (text === undefined) {
    port.postMessage({ type: 'failed', id: message.id, message: 'changes for a document the worker has no text of' } satisfies FromValidationWorker);
    return;
  }
  texts.set(message.uri, text);
  validate(message, text).then(
    (reply) => port.postMessage(reply),
    (e: unknown) => port.postMessage({ type: 'failed', id: message.id, message: (e as Error)?.message ?? String(e) } satisfies FromValidationWorker),
  );
});

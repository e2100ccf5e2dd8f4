/**
 * The validation worker (`dist/validation-worker.js`, a `worker_threads` worker of the language server): parses and
 * checks documents off the server's main thread, so that the main thread always answers requests at once. One
 * worker serves every document; a newer version (or a close) of a document stops its running validation.
 */
import { parentPort } from 'node:worker_threads';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, Range, WorkspaceEdit } from 'vscode-languageserver-types';
import { getLanguageService, type CodeActionOptions, type EciLanguageService, type EciModel, type ValidationSettings } from './service/languageService';
import type { Locale } from './service/l10n';
import { slices } from './slices';

/**
 * What the server sends the worker. Code actions and their resolve run over the model of a validation the worker
 * answered (`validated`, its id), so that the main thread does not parse the file again for them.
 */
export type ToValidationWorker =
  | { type: 'validate'; id: number; uri: string; version: number; text: string; helmValues: boolean; locale: Locale; settings: ValidationSettings }
  | { type: 'codeActions'; id: number; uri: string; validated: number; range: Range; diagnostics: Diagnostic[]; options: CodeActionOptions }
  | { type: 'resolve'; id: number; uri: string; validated: number; action: CodeAction }
  | { type: 'cancel'; id: number }
  | { type: 'forget'; uri: string };

/**
 * What the worker answers: diagnostics, or nothing when a newer request for the document took over; code actions,
 * or a resolved edit; `stale` also when the validated model a request names is gone (the server answers it itself).
 */
export type FromValidationWorker =
  | { type: 'diagnostics'; id: number; diagnostics: Diagnostic[]; busyMs: number }
  | { type: 'codeActions'; id: number; actions: CodeAction[] }
  | { type: 'resolved'; id: number; edit?: WorkspaceEdit }
  | { type: 'stale'; id: number }
  | { type: 'failed'; id: number; message: string };

const port = parentPort;
let locale: Locale | undefined;
let service: EciLanguageService | undefined;
/** The newest request per document: an older one stops at its next pause. */
const latest = new Map<string, number>();
/** The model of each document's last answered validation, with the service that made it (its findings are kept on it). */
const validated = new Map<string, { id: number; model: EciModel; ls: EciLanguageService }>();
/** Code action requests running, until they end or are cancelled. */
const running = new Set<number>();

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
  validated.set(request.uri, { id: request.id, model, ls });
  return { type: 'diagnostics', id: request.id, diagnostics, busyMs: work.busyMs() };
}

/** Code actions over a validated model, in slices; stale when that model is gone or the request was cancelled. */
async function codeActions(request: Extract<ToValidationWorker, { type: 'codeActions' }>): Promise<FromValidationWorker> {
  const at = validated.get(request.uri);
  if (at?.id !== request.validated) return { type: 'stale', id: request.id };
  running.add(request.id);
  try {
    const work = slices(() => running.has(request.id));
    const actions = await at.ls.getCodeActionsInSteps(at.model, request.range, request.diagnostics, request.options, work.pause);
    return actions ? { type: 'codeActions', id: request.id, actions } : { type: 'stale', id: request.id };
  } finally {
    running.delete(request.id);
  }
}

/** The edit of a lazy quick fix, from a validated model. */
function resolve(request: Extract<ToValidationWorker, { type: 'resolve' }>): FromValidationWorker {
  const at = validated.get(request.uri);
  if (at?.id !== request.validated) return { type: 'stale', id: request.id };
  return { type: 'resolved', id: request.id, edit: at.ls.resolveCodeAction(at.model, request.action).edit };
}

/** Answers a request, or tells the server why it could not. */
function answer(id: number, reply: Promise<FromValidationWorker> | FromValidationWorker): void {
  Promise.resolve(reply).then(
    (r) => port?.postMessage(r),
    (e: unknown) => port?.postMessage({ type: 'failed', id, message: (e as Error)?.message ?? String(e) } satisfies FromValidationWorker),
  );
}

port?.on('message', (message: ToValidationWorker) => {
  switch (message.type) {
    case 'forget':
      latest.delete(message.uri);
      validated.delete(message.uri);
      service?.forget(message.uri);
      return;
    case 'cancel':
      running.delete(message.id);
      return;
    case 'codeActions':
      return answer(message.id, codeActions(message));
    case 'resolve':
      return answer(message.id, new Promise<FromValidationWorker>((done) => done(resolve(message))));
    case 'validate':
      latest.set(message.uri, message.id);
      return answer(message.id, validate(message));
  }
});

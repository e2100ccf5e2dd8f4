/**
 * The validation worker (`dist/validation-worker.js`, a `worker_threads` worker of the language server): parses and
 * checks documents off the server's main thread, so that the main thread always answers requests at once. One
 * worker serves every document; a newer version (or a close) of a document stops its running validation. It keeps
 * the model of each document's last validation, over which it answers code actions, their resolve, the Internet
 * lines (the CodeLens), the account hover and the account checks (whose cloud calls it asks the server to make).
 */
import { parentPort } from 'node:worker_threads';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, Hover, Position, Range, WorkspaceEdit } from 'vscode-languageserver-types';
import { getLanguageService, type CodeActionOptions, type EciLanguageService, type EciModel, type ValidationSettings } from './service/languageService';
import type { AccountResources, Cancellation, NetworkAccount } from './service/account';
import type { Locale } from './service/l10n';
import { slices } from './slices';

/** The account as the worker sees it: the server's state, and calls the server makes through the client. */
export interface WorkerAccountState {
  connected: boolean;
  region?: string;
  /** The client reads the network facts (the Internet check). */
  network: boolean;
}

/** What the account checks of a validated document need besides its model. */
export interface AccountCheckSettings extends ValidationSettings {
  checkExistence: boolean;
  checkInternet: boolean;
  vSwitchIds: string[];
}

/** What the Internet lines of a validated document (the CodeLens) need besides its model. */
export interface InternetLineSettings extends ValidationSettings {
  vSwitchIds: string[];
}

/** The Internet line of a pod template: where the CodeLens goes, and its title. */
export interface InternetLens {
  range: Range;
  line: string;
}

/** A call of the account the worker asks the server to make. */
export type AccountCall =
  { method: 'list'; args: [Parameters<AccountResources['list']>[0]] } | { method: 'vSwitches' | 'securityGroups'; args: [string[]] } | { method: 'vpcNetwork'; args: [string] };

/**
 * What the server sends the worker. Code actions, their resolve and the account checks run over the model of a
 * validation the worker answered (`validated`, its id), so that the main thread does not parse the file again.
 */
export type ToValidationWorker =
  | { type: 'validate'; id: number; uri: string; version: number; text: string; helmValues: boolean; locale: Locale; settings: ValidationSettings }
  | { type: 'codeActions'; id: number; uri: string; validated: number; range: Range; diagnostics: Diagnostic[]; options: CodeActionOptions }
  | { type: 'resolve'; id: number; uri: string; validated: number; action: CodeAction }
  | { type: 'accountChecks'; id: number; uri: string; validated: number; account: WorkerAccountState; settings: AccountCheckSettings }
  | { type: 'internetLines'; id: number; uri: string; validated: number; account: WorkerAccountState; settings: InternetLineSettings }
  | { type: 'accountHover'; id: number; uri: string; validated: number; position: Position; account: WorkerAccountState; settings: InternetLineSettings }
  | { type: 'answer'; call: number; ok: true; value: unknown }
  | { type: 'answer'; call: number; ok: false; message: string }
  | { type: 'remember'; uri: string; version: number; text: string; helmValues: boolean; locale: Locale }
  | { type: 'clearAccountCache' }
  | { type: 'cancel'; id: number }
  | { type: 'forget'; uri: string };

/**
 * What the worker answers: diagnostics, or nothing when a newer request for the document took over; code actions,
 * or a resolved edit; `stale` also when the validated model a request names is gone (the server answers it itself).
 */
export type FromValidationWorker =
  | { type: 'diagnostics'; id: number; diagnostics: Uint8Array; busyMs: number }
  | { type: 'codeActions'; id: number; actions: CodeAction[] }
  | { type: 'resolved'; id: number; edit?: WorkspaceEdit }
  | { type: 'accountDiagnostics'; id: number; diagnostics: Diagnostic[] }
  | { type: 'internetLines'; id: number; lines: InternetLens[] }
  | { type: 'hover'; id: number; hover: Hover | null }
  | { type: 'stale'; id: number }
  | { type: 'failed'; id: number; message: string };

/** A call of the account the worker asks the server to make (not an answer: it has no request id). */
export type AccountCallMessage = { type: 'call'; call: number } & AccountCall;

/** The worker gave up a call it asked for (its request was cancelled): the server cancels the cloud request with it. */
export type CancelCallMessage = { type: 'cancelCall'; call: number };

const port = parentPort;
let locale: Locale | undefined;
let service: EciLanguageService | undefined;
/** The newest request per document: an older one stops at its next pause. */
const latest = new Map<string, number>();
/** The model of each document's last answered validation, with the service that made it (its findings are kept on it). */
const validated = new Map<string, { id: number; model: EciModel; ls: EciLanguageService }>();
/** Documents the server does not have checked (disabled), where an eci-profile may still be. */
const remembered = new Map<string, { model: EciModel; ls: EciLanguageService }>();
/** Code action requests running, until they end or are cancelled. */
const running = new Set<number>();

/** The account as of the last account check the server asked for. */
let accountState: WorkerAccountState = { connected: false, network: false };
/** Account calls sent to the server, until it answers. */
const calls = new Map<number, { resolve: (value: unknown) => void; reject: (e: Error) => void }>();
let nextCall = 1;

/**
 * Asks the server to make an account call (it owns the connection to the client, which owns the credentials). When
 * the caller's token can be watched and is cancelled first, the server is told to cancel the call.
 */
function callServer<T>(call: AccountCall, token?: Cancellation): Promise<T> {
  const id = nextCall++;
  return new Promise<T>((resolve, reject) => {
    calls.set(id, { resolve: (value) => resolve(value as T), reject });
    port?.postMessage({ type: 'call', call: id, ...call } satisfies AccountCallMessage);
    const watch = (token as { onCancellationRequested?: unknown } | undefined)?.onCancellationRequested;
    if (typeof watch !== 'function') return;
    (token as RequestToken).onCancellationRequested(() => {
      if (calls.has(id)) port?.postMessage({ type: 'cancelCall', call: id } satisfies CancelCallMessage);
    });
  });
}

const network: NetworkAccount = {
  region: () => accountState.region,
  vSwitches: (ids, token) => callServer({ method: 'vSwitches', args: [[...ids]] }, token),
  vpcNetwork: (vpcId, token) => callServer({ method: 'vpcNetwork', args: [vpcId] }, token),
  securityGroups: (ids, token) => callServer({ method: 'securityGroups', args: [[...ids]] }, token),
};

/** The cancellation of a worker request, with the shape of an LSP token (the network cache watches it). */
interface RequestToken extends Cancellation {
  onCancellationRequested(listener: () => void): { dispose(): void };
}

/**
 * The cancellation of running requests, by id, for the `cancel` message (the client cancelled). A newer version of
 * the document stops a request too, but lets its cloud calls finish: the next request wants the same facts.
 */
const cancellable = new Map<number, () => void>();
const account: AccountResources = {
  isConnected: () => accountState.connected,
  list: (kind) => callServer({ method: 'list', args: [kind] }),
  get network() {
    return accountState.connected && accountState.network ? network : undefined;
  },
};

function serviceFor(next: Locale): EciLanguageService {
  if (!service || next !== locale) {
    locale = next;
    service = getLanguageService({ locale, account });
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
  // Encoded here: the server copies the bytes into its publish message (`encodedDiagnostics.ts`).
  return { type: 'diagnostics', id: request.id, diagnostics: new TextEncoder().encode(JSON.stringify(diagnostics)), busyMs: work.busyMs() };
}

/** The other documents the worker has validated or been given with the same service: the workspace an eci-profile may be in. */
function workspaceOf(uri: string, ls: EciLanguageService): EciModel[] {
  return [...validated.values(), ...remembered.values()].filter((v) => v.model.uri !== uri && v.ls === ls).map((v) => v.model);
}

/** Code actions over a validated model, in slices; stale when that model is gone or the request was cancelled. */
async function codeActions(request: Extract<ToValidationWorker, { type: 'codeActions' }>): Promise<FromValidationWorker> {
  const at = validated.get(request.uri);
  if (at?.id !== request.validated) return { type: 'stale', id: request.id };
  running.add(request.id);
  try {
    const work = slices(() => running.has(request.id));
    const options = { ...request.options, workspace: () => workspaceOf(request.uri, at.ls) };
    const actions = await at.ls.getCodeActionsInSteps(at.model, request.range, request.diagnostics, options, work.pause);
    return actions ? { type: 'codeActions', id: request.id, actions } : { type: 'stale', id: request.id };
  } finally {
    running.delete(request.id);
  }
}

/**
 * The account checks of a validated model (existence, network, Internet warnings), as the server made them on its
 * own thread before: the other documents the worker has validated are the workspace (where an eci-profile may be),
 * and a newer version of the document stops them.
 */
async function accountChecks(request: Extract<ToValidationWorker, { type: 'accountChecks' }>): Promise<FromValidationWorker> {
  const at = validated.get(request.uri);
  if (at?.id !== request.validated) return { type: 'stale', id: request.id };
  accountState = request.account;
  const token = {
    get isCancellationRequested() {
      return latest.get(request.uri) !== request.validated;
    },
  };
  const workspace = workspaceOf(request.uri, at.ls);
  const { checkExistence, checkInternet, ...options } = request.settings;
  const diagnostics = checkExistence ? await at.ls.checkAccountResources(at.model, { ...options, workspace, token }) : [];
  if (checkInternet) {
    const lines = await at.ls.checkInternet(at.model, { ...options, warn: true, workspace, token });
    for (const l of lines) if (l.diagnostic) diagnostics.push(l.diagnostic);
  }
  return token.isCancellationRequested ? { type: 'stale', id: request.id } : { type: 'accountDiagnostics', id: request.id, diagnostics };
}

/**
 * Runs a request over the validated model it names, with the account state it brings, while it is wanted: stale when
 * that model is gone, a newer version took over, or the request was cancelled.
 */
async function whileWanted(
  request: { id: number; uri: string; validated: number; account: WorkerAccountState },
  run: (at: { model: EciModel; ls: EciLanguageService }, wanted: () => boolean, token: RequestToken) => Promise<FromValidationWorker>,
): Promise<FromValidationWorker> {
  const at = validated.get(request.uri);
  if (at?.id !== request.validated) return { type: 'stale', id: request.id };
  accountState = request.account;
  running.add(request.id);
  const listeners = new Set<() => void>();
  let cancelled = false;
  const cancel = () => {
    if (cancelled) return;
    cancelled = true;
    for (const listener of listeners) listener();
    listeners.clear();
  };
  cancellable.set(request.id, cancel);
  try {
    const wanted = () => !cancelled && running.has(request.id) && latest.get(request.uri) === request.validated;
    const token: RequestToken = {
      get isCancellationRequested() {
        return !wanted();
      },
      onCancellationRequested(listener) {
        if (cancelled) listener();
        else listeners.add(listener);
        return { dispose: () => listeners.delete(listener) };
      },
    };
    const reply = await run(at, wanted, token);
    return wanted() ? reply : { type: 'stale', id: request.id };
  } finally {
    running.delete(request.id);
    cancellable.delete(request.id);
  }
}

/** The Internet line of each pod template of a validated model (the CodeLens), in slices: the main thread parses nothing for it. */
function internetLines(request: Extract<ToValidationWorker, { type: 'internetLines' }>): Promise<FromValidationWorker> {
  return whileWanted(request, async (at, wanted, token) => {
    const options = { ...request.settings, warn: false, workspace: workspaceOf(request.uri, at.ls), token, pause: slices(wanted).pause };
    const lines = await at.ls.checkInternet(at.model, options);
    return { type: 'internetLines', id: request.id, lines: lines.map((l) => ({ range: l.range, line: l.line })) };
  });
}

/** The account hover at a position of a validated model (the Internet line weighs the whole file). */
function accountHover(request: Extract<ToValidationWorker, { type: 'accountHover' }>): Promise<FromValidationWorker> {
  return whileWanted(request, async (at, _wanted, token) => {
    const hover = await at.ls.doAccountHover(at.model, request.position, { ...request.settings, workspace: workspaceOf(request.uri, at.ls), token });
    return { type: 'hover', id: request.id, hover };
  });
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
    (r) => port?.postMessage(r, r.type === 'diagnostics' ? [r.diagnostics.buffer as ArrayBuffer] : []),
    (e: unknown) => port?.postMessage({ type: 'failed', id, message: (e as Error)?.message ?? String(e) } satisfies FromValidationWorker),
  );
}

port?.on('message', (message: ToValidationWorker) => {
  switch (message.type) {
    case 'forget':
      latest.delete(message.uri);
      validated.delete(message.uri);
      remembered.delete(message.uri);
      service?.forget(message.uri);
      return;
    case 'cancel':
      running.delete(message.id);
      cancellable.get(message.id)?.();
      return;
    case 'answer': {
      const call = calls.get(message.call);
      calls.delete(message.call);
      if (message.ok) call?.resolve(message.value);
      else call?.reject(new Error(message.message));
      return;
    }
    case 'clearAccountCache':
      service?.clearAccountCache();
      return;
    case 'accountChecks':
      return answer(message.id, accountChecks(message));
    case 'codeActions':
      return answer(message.id, codeActions(message));
    case 'internetLines':
      return answer(message.id, internetLines(message));
    case 'accountHover':
      return answer(message.id, accountHover(message));
    case 'resolve':
      return answer(message.id, new Promise<FromValidationWorker>((done) => done(resolve(message))));
    case 'remember': {
      latest.delete(message.uri);
      validated.delete(message.uri);
      const ls = serviceFor(message.locale);
      const text = message.text;
      const document = { uri: message.uri, version: message.version, getText: () => text } as TextDocument;
      remembered.set(message.uri, { model: ls.parse(document, { helmValues: message.helmValues }), ls });
      return;
    }
    case 'validate':
      remembered.delete(message.uri);
      latest.set(message.uri, message.id);
      return answer(message.id, validate(message));
  }
});

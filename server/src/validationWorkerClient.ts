/** The server's side of the validation worker: starts it on first use, sends it versions, restarts it when it dies. */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { CancellationTokenSource, type CancellationToken } from 'vscode-languageserver/node';
import type { AccountCall, AccountCallMessage, CancelCallMessage, FromValidationWorker, ToValidationWorker } from './validationWorker';

/** After this many unexpected exits the server validates on its own thread again. */
const MAX_FAILURES = 3;

export type ValidateParams = Omit<Extract<ToValidationWorker, { type: 'validate' }>, 'type' | 'id'>;
/** A request to the worker, without the id the client gives it. */
type Request = ToValidationWorker extends infer M
  ? M extends { id: number; type: 'validate' | 'codeActions' | 'resolve' | 'accountChecks' | 'internetLines' | 'accountHover' }
    ? Omit<M, 'id'>
    : never
  : never;

export class ValidationWorkerClient {
  private worker: Worker | undefined;
  private failures = 0;
  private nextId = 1;
  private readonly pending = new Map<number, (reply: FromValidationWorker | undefined) => void>();
  /** The account calls the worker asked for, until answered: the worker may cancel them. */
  private readonly calls = new Map<number, CancellationTokenSource>();

  /**
   * @param script the worker bundle (`dist/validation-worker.js`, beside the server bundle)
   * @param log the server's log: that the worker runs (once it first answers), that it failed or exited
   * @param onExit called when the worker died: what it was validating is answered with undefined and must be redone
   * @param onCall makes an account call the worker's account checks need (through the client); the token is cancelled when the worker gives it up
   */
  constructor(
    private readonly script: string,
    private readonly log: (level: 'info' | 'error', message: string) => void,
    private readonly onExit: () => void,
    private readonly onCall: (call: AccountCall, token: CancellationToken) => Promise<unknown>,
  ) {}

  /** Whether validation runs in the worker: its script is there and it has not kept dying. */
  get available(): boolean {
    return this.failures < MAX_FAILURES && existsSync(this.script);
  }

  /** Validates one version; undefined when a newer version of the document took over, or the worker died. */
  validate(params: ValidateParams): Promise<FromValidationWorker | undefined> {
    return this.request({ type: 'validate', ...params });
  }

  /**
   * Sends a request (validate, code actions, resolve, account checks, Internet lines, account hover); undefined when the worker died. A cancelled token tells the
   * worker to stop, and the answer is then whatever the worker had (usually `stale`).
   */
  request(message: Request, token?: { onCancellationRequested(listener: () => void): { dispose(): void } }): Promise<FromValidationWorker | undefined> {
    const worker = this.start();
    const id = this.nextId++;
    const cancelled = token?.onCancellationRequested(() => worker.postMessage({ type: 'cancel', id } satisfies ToValidationWorker));
    return new Promise((resolve) => {
      this.pending.set(id, (reply) => {
        cancelled?.dispose();
        resolve(reply);
      });
      worker.postMessage({ ...message, id });
    });
  }

  /** Gives the worker a document it does not check (disabled), as a place where an eci-profile may be. */
  remember(params: Omit<Extract<ToValidationWorker, { type: 'remember' }>, 'type'>): void {
    this.start().postMessage({ type: 'remember', ...params } satisfies ToValidationWorker);
  }

  /** Drops the worker's state of a closed document (and stops its validation). */
  forget(uri: string): void {
    this.worker?.postMessage({ type: 'forget', uri } satisfies ToValidationWorker);
  }

  /** Drops the worker's cached network facts (the account or the settings changed). */
  clearAccountCache(): void {
    this.worker?.postMessage({ type: 'clearAccountCache' } satisfies ToValidationWorker);
  }

  /** Makes an account call for the worker and sends it the answer. */
  private answerCall(worker: Worker, message: AccountCallMessage): void {
    const { type: _type, call, ...request } = message;
    const source = new CancellationTokenSource();
    this.calls.set(call, source);
    this.onCall(request, source.token)
      .then(
        (value) => worker.postMessage({ type: 'answer', call, ok: true, value } satisfies ToValidationWorker),
        (e: unknown) => worker.postMessage({ type: 'answer', call, ok: false, message: e instanceof Error ? e.message : String(e) } satisfies ToValidationWorker),
      )
      .finally(() => {
        this.calls.delete(call);
        source.dispose();
      });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    // The server lives as long as its connection; the worker must not keep an exiting process alive.
    worker.unref();
    worker.once('message', () => this.log('info', `ECI: validation runs in a worker thread (${this.script}).`));
    worker.on('message', (reply: FromValidationWorker | AccountCallMessage | CancelCallMessage) => {
      if (reply.type === 'call') return this.answerCall(worker, reply);
      if (reply.type === 'cancelCall') return this.calls.get(reply.call)?.cancel();
      const resolve = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      resolve?.(reply);
    });
    worker.on('error', (e) => this.log('error', `ECI: the validation worker failed: ${e.message}`));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      this.failures++;
      this.log('error', `ECI: the validation worker exited (code ${code})${this.available ? '; restarting it' : '; validating on the main thread from now on'}.`);
      const waiting = [...this.pending.values()];
      this.pending.clear();
      for (const resolve of waiting) resolve(undefined);
      this.onExit();
    });
    this.worker = worker;
    return worker;
  }
}

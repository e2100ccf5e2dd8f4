/** The server's side of the validation worker: starts it on first use, sends it versions, restarts it when it dies. */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { FromValidationWorker, TextChange, ToValidationWorker } from './validationWorker';

/** After this many unexpected exits the server validates on its own thread again. */
const MAX_FAILURES = 3;

/** A version to validate: its text (asked for only when the worker has no earlier text of the document), and the changes since the last version sent, if known. */
export type ValidateParams = Omit<Extract<ToValidationWorker, { type: 'validate' }>, 'type' | 'id' | 'text' | 'changes'> & {
  text: () => string;
  changes: TextChange[] | undefined;
};

export class ValidationWorkerClient {
  private worker: Worker | undefined;
  private failures = 0;
  private nextId = 1;
  private readonly pending = new Map<number, (reply: FromValidationWorker | undefined) => void>();
  /** Documents whose last version the running worker was sent: their next version can come as changes. */
  private readonly sent = new Set<string>();

  /**
   * @param script the worker bundle (`dist/validation-worker.js`, beside the server bundle)
   * @param log the server's log: that the worker runs (once it first answers), that it failed or exited
   * @param onExit called when the worker died: what it was validating is answered with undefined and must be redone
   */
  constructor(
    private readonly script: string,
    private readonly log: (level: 'info' | 'error', message: string) => void,
    private readonly onExit: () => void,
  ) {}

  /** Whether validation runs in the worker: its script is there and it has not kept dying. */
  get available(): boolean {
    return this.failures < MAX_FAILURES && existsSync(this.script);
  }

  /** Validates one version; undefined when a newer version of the document took over, or the worker died. */
  validate(params: ValidateParams): Promise<FromValidationWorker | undefined> {
    const worker = this.start();
    const id = this.nextId++;
    const { text, changes, ...rest } = params;
    const version = changes && this.sent.has(params.uri) ? { changes } : { text: text() };
    this.sent.add(params.uri);
    return new Promise((resolve) => {
      this.pending.set(id, (reply) => {
        if (reply?.type === 'failed') this.sent.delete(params.uri);
        // A worker that could not apply the changes (or failed on them) is sent the whole text once more.
        if (reply?.type === 'failed' && 'changes' in version) resolve(this.validate({ ...params, changes: undefined }));
        else resolve(reply);
      });
      worker.postMessage({ type: 'validate', id, ...rest, ...version } satisfies ToValidationWorker);
    });
  }

  /** Drops the worker's state of a closed document (and stops its validation). */
  forget(uri: string): void {
    this.sent.delete(uri);
    this.worker?.postMessage({ type: 'forget', uri } satisfies ToValidationWorker);
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    // The server lives as long as its connection; the worker must not keep an exiting process alive.
    worker.unref();
    worker.once('message', () => this.log('info', `ECI: validation runs in a worker thread (${this.script}).`));
    worker.on('message', (reply: FromValidationWorker) => {
      const resolve = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      resolve?.(reply);
    });
    worker.on('error', (e) => this.log('error', `ECI: the validation worker failed: ${e.message}`));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      this.sent.clear();
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

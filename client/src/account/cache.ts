/** The TTL cache of listed resources (concurrent callers share one fetch) and the cancellation helpers. No `vscode`. */
import { cancelled } from './errors';

interface Pending {
  promise: Promise<unknown>;
  controller: AbortController;
  waiters: number;
}

/** TTL cache of lists keyed by (credential source, endpoint, region, kind); concurrent callers share one fetch. */
export class ResourceCache {
  private values = new Map<string, { at: number; value: unknown }>();
  private pending = new Map<string, Pending>();

  async get<T>(key: string, ttlMs: number, clock: () => number, load: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) throw cancelled();
    const hit = this.values.get(key);
    if (hit && ttlMs > 0 && clock() - hit.at < ttlMs) return hit.value as T;
    let p = this.pending.get(key);
    if (!p) {
      const controller = new AbortController();
      const entry: Pending = { controller, waiters: 0, promise: Promise.resolve() };
      entry.promise = load(controller.signal).then(
        (value) => {
          if (this.pending.get(key) === entry) this.pending.delete(key);
          if (ttlMs > 0) this.values.set(key, { at: clock(), value });
          return value;
        },
        (err: unknown) => {
          if (this.pending.get(key) === entry) this.pending.delete(key);
          throw err;
        },
      );
      entry.promise.catch(() => undefined);
      this.pending.set(key, entry);
      p = entry;
    }
    const shared = p;
    shared.waiters++;
    let counted = true;
    const release = () => {
      if (!counted) return;
      counted = false;
      shared.waiters--;
    };
    return abortable(shared.promise as Promise<T>, signal, () => {
      release();
      if (shared.waiters === 0) shared.controller.abort();
    }).finally(release);
  }

  /** Drops cached values whose key starts with `prefix` (all when absent). */
  clear(prefix = ''): void {
    for (const k of [...this.values.keys()]) if (k.startsWith(prefix)) this.values.delete(k);
  }
}

export function abortable<T>(p: Promise<T>, signal: AbortSignal | undefined, onAbort?: () => void): Promise<T> {
  if (!signal) return p;
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      onAbort?.();
      reject(cancelled());
    };
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', abort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(e);
      },
    );
  });
}

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(cancelled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

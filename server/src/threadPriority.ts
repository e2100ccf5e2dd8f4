/**
 * The validation worker's scheduling priority. On a busy machine the worker and the server's main thread share the
 * process's part of the cores; at a lower priority the worker yields its core to the main thread whenever both are
 * runnable, so hover and completion do not wait behind our own validation.
 */
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** How much nicer than its starting value the validation worker's thread runs (Linux nice values, 19 at most). */
export const WORKER_NICENESS = 10;

/**
 * Lowers the calling thread's priority by `by` nice steps. Only on Linux, where `setpriority(PRIO_PROCESS, tid)`
 * applies to the one thread `tid` (`/proc/thread-self` names it); elsewhere, or where the system refuses, nothing
 * changes. Never throws. Returns a short note for the log: what was done or why not (no paths, no environment).
 */
export function lowerThreadPriority(by = WORKER_NICENESS): string {
  if (process.platform !== 'linux') return `the same priority as the server (${process.platform})`;
  try {
    const tid = Number(/\/task\/(\d+)$/.exec(readlinkSync('/proc/thread-self'))?.[1]);
    if (!Number.isSafeInteger(tid) || tid <= 0) return 'the same priority as the server (no thread id)';
    const before = getPriority(tid);
    const after = Math.min(19, before + by);
    if (after > before) setPriority(tid, after);
    return `at a lower priority (nice ${before} → ${getPriority(tid)})`;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException)?.code;
    return `the same priority as the server (${typeof code === 'string' ? code : 'not allowed'})`;
  }
}

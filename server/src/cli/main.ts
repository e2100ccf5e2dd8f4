/** `eci-annotations`: the command-line checker. Runs the editor's language service over files, stdin or globs. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { ProjectConfigs } from '../config/projectConfig';
import { resolveLocale, t, type Locale, type MessageKey } from '../service/l10n';
import type { RuleCode, RuleSeverity } from '../service/rules';
import { helpText, parseArgs, UsageError, type CliOptions } from './args';
import { Checker, FIXES_WITHOUT_CHOICE, SEVERITY_ORDER } from './check';
import { unifiedDiff } from './diff';
import { expandArguments } from './files';
import { format, type FileReport } from './format';

export const VERSION = process.env.ECI_VERSION ?? '0.0.0-dev';
const WORKER_ROLE = 'eci-annotations-check-worker';
/** Most files a thread takes at a time. */
const BATCH = 64;
/** Below this many files per thread, threads cost more than they save. */
const FILES_PER_THREAD = 400;

type Mode = 'check' | 'fix' | 'dry-run';

interface Job {
  file: string;
  display: string;
  severity: Partial<Record<RuleCode, RuleSeverity>>;
  /** The text, when it does not come from the file (stdin). */
  text?: string;
}

interface JobResult {
  report: FileReport;
  diff?: string;
}

/** The language of messages from the environment, as gettext reads it: `LC_ALL`, then `LC_MESSAGES`, then `LANG`. */
export function localeFromEnvironment(env: NodeJS.ProcessEnv): Locale {
  return resolveLocale([env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== ''));
}

/** Checks one file: reads it, runs the service, writes or diffs the fixes. Never throws. */
function runJob(checker: Checker, job: Job, mode: Mode, locale: Locale): JobResult {
  const report: FileReport = { file: job.file, display: job.display, findings: [], fixCount: 0 };
  let text = job.text;
  if (text === undefined) {
    try {
      text = fs.readFileSync(job.file, 'utf8');
    } catch (e) {
      report.error = t('cli.cannotRead', { reason: describeIoError(e, locale) }, locale);
      return { report };
    }
  }
  try {
    const result = checker.check(job.file, text, { severity: job.severity, fix: mode !== 'check' });
    report.findings = result.findings;
    report.fixCount = result.fixCount;
    if (result.fixedText === undefined) return { report };
    if (mode === 'dry-run') return { report, diff: unifiedDiff(text, result.fixedText, `a/${job.display}`, `b/${job.display}`) };
    try {
      fs.writeFileSync(job.file, result.fixedText);
    } catch (e) {
      report.error = t('cli.cannotWrite', { reason: describeIoError(e, locale) }, locale);
    }
  } catch (e) {
    report.error = t('cli.cannotCheck', { reason: (e as Error).message }, locale);
  }
  return { report };
}

const IO_REASONS = new Set(['ENOENT', 'EACCES', 'EISDIR', 'EPERM']);

function describeIoError(e: unknown, locale: Locale): string {
  const err = e as NodeJS.ErrnoException;
  return err.code && IO_REASONS.has(err.code) ? t(`cli.io.${err.code}` as MessageKey, undefined, locale) : err.message;
}

/** Reads all of stdin. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A progress line on stderr, only on a terminal and only once a run has taken a moment. */
class Progress {
  private readonly started = Date.now();
  private last = 0;
  private shown = false;
  constructor(
    private readonly total: number,
    private readonly enabled: boolean,
  ) {}
  update(done: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.started < 500 || now - this.last < 100) return;
    this.last = now;
    this.shown = true;
    fs.writeSync(2, `\r\x1b[KChecking ECI annotations: ${done}/${this.total} files`);
  }
  done(): void {
    if (this.shown) fs.writeSync(2, '\r\x1b[K');
  }
}

/**
 * Runs jobs on `threads` threads: this one and `threads - 1` workers. Every thread takes the next batch of files from
 * one shared counter (no round trip to hand out work, so a slow thread never stalls the others), and the results come
 * back in job order. This thread starts checking at once, while the workers start up.
 */
async function runOnThreads(jobs: Job[], mode: Mode, locale: Locale, threads: number, onResult: (done: number) => void): Promise<JobResult[]> {
  const results = new Array<JobResult>(jobs.length);
  const batch = batchSize(jobs.length, threads);
  const next = new Int32Array(new SharedArrayBuffer(4));
  let done = 0;
  const workers: Worker[] = [];
  const finished: Promise<void>[] = [];
  for (let t = 1; t < threads; t++) {
    const worker = new Worker(__filename, { workerData: { role: WORKER_ROLE, mode, locale, jobs, batch, next } satisfies WorkerInput });
    workers.push(worker);
    finished.push(
      new Promise<void>((resolve, reject) => {
        worker.on('message', (message: WorkerOutput) => {
          if (message.results === undefined) return resolve();
          message.results.forEach((r, i) => (results[message.start + i] = r));
          done += message.results.length;
          onResult(done);
        });
        worker.on('error', reject);
        worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`a worker thread stopped (exit code ${code})`))));
      }),
    );
  }
  try {
    const checker = new Checker(locale);
    for (let start = Atomics.add(next, 0, batch); start < jobs.length; start = Atomics.add(next, 0, batch)) {
      const end = Math.min(start + batch, jobs.length);
      for (let i = start; i < end; i++) results[i] = runJob(checker, jobs[i], mode, locale);
      done += end - start;
      onResult(done);
      // Let the workers' results in (and the progress line out) between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(finished);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  for (let i = 0; i < results.length; i++) if (results[i] === undefined) throw new Error('a worker thread stopped before its files were checked');
  return results;
}

/** Files per batch: small enough that the threads finish together, large enough that taking one costs nothing. */
function batchSize(files: number, threads: number): number {
  return Math.max(1, Math.min(BATCH, Math.ceil(files / (threads * 8))));
}

interface WorkerInput {
  role: typeof WORKER_ROLE;
  mode: Mode;
  locale: Locale;
  jobs: Job[];
  batch: number;
  next: Int32Array;
}

/** A batch of results, or (without `results`) the end of the worker's work. */
interface WorkerOutput {
  start: number;
  results?: JobResult[];
}

/** The worker side: takes batches from the shared counter until none is left. */
function serveWorker({ mode, locale, jobs, batch, next }: WorkerInput): void {
  const checker = new Checker(locale);
  for (let start = Atomics.add(next, 0, batch); start < jobs.length; start = Atomics.add(next, 0, batch)) {
    const results: JobResult[] = [];
    for (let i = start; i < Math.min(start + batch, jobs.length); i++) results.push(runJob(checker, jobs[i], mode, locale));
    parentPort!.postMessage({ start, results } satisfies WorkerOutput);
  }
  parentPort!.postMessage({ start: jobs.length } satisfies WorkerOutput);
}

/** Output streams, so tests can run the CLI in-process. */
export interface Io {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<string>;
  stdoutIsTty: boolean;
  stderrIsTty: boolean;
  /** The environment's language variables (`LC_ALL`, `LC_MESSAGES`, `LANG`); absent: this process's. */
  env?: NodeJS.ProcessEnv;
}

/** Runs the CLI; resolves with the exit code. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  let options: CliOptions;
  try {
    options = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`eci-annotations: ${e.in(localeFromEnvironment(io.env ?? process.env))}\n`);
    return 2;
  }
  const locale = options.locale !== undefined ? resolveLocale(options.locale) : localeFromEnvironment(io.env ?? process.env);
  if (options.command === 'help') {
    io.stdout(helpText(FIXES_WITHOUT_CHOICE, locale));
    return 0;
  }
  if (options.command === 'version') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const mode: Mode = options.fix ? 'fix' : options.fixDryRun ? 'dry-run' : 'check';
  const paths = options.paths.length > 0 ? options.paths : ['.'];
  const { files, missing } = expandArguments(
    paths.filter((p) => p !== '-'),
    io.cwd,
  );
  const configs = new ProjectConfigs(locale);
  const reportedConfigs = new Set<string>();
  const display = (file: string) => {
    const rel = path.relative(io.cwd, file);
    return (rel && !path.isAbsolute(rel) ? rel : file).split(path.sep).join('/');
  };
  const jobFor = (file: string, text?: string): Job | undefined => {
    const config = options.config ? configs.forFile(file) : undefined;
    if (config && !reportedConfigs.has(config.file)) {
      reportedConfigs.add(config.file);
      for (const problem of config.problems) io.stderr(`eci-annotations: ${display(config.file)}: ${problem}\n`);
    }
    if (config?.isIgnored(file)) return undefined;
    return { file, display: display(file), severity: { ...config?.rules, ...options.rules }, text };
  };
  const jobs: Job[] = [];
  if (options.paths.includes('-')) {
    const name = options.stdinFilename ? path.resolve(io.cwd, options.stdinFilename) : path.join(io.cwd, '<stdin>');
    let text: string | undefined;
    try {
      text = await io.readStdin();
    } catch (e) {
      io.stderr(`eci-annotations: ${t('cli.cannotReadStdin', { error: (e as Error).message }, locale)}\n`);
      return 2;
    }
    const job = jobFor(name, text);
    if (job) jobs.push({ ...job, display: options.stdinFilename ? job.display : '<stdin>' });
  }
  for (const file of files) {
    const job = jobFor(file);
    if (job) jobs.push(job);
  }

  const progress = new Progress(jobs.length, io.stderrIsTty && jobs.length > 1);
  const threads = options.jobs ?? Math.max(1, Math.min(os.availableParallelism?.() ?? os.cpus().length, Math.floor(jobs.length / FILES_PER_THREAD)));
  let results: JobResult[];
  const fromFiles = jobs.filter((j) => j.text === undefined);
  if (threads > 1 && fromFiles.length > 1) {
    const inline = jobs.filter((j) => j.text !== undefined);
    const checker = new Checker(locale);
    const first = inline.map((j) => runJob(checker, j, mode, locale));
    const rest = await runOnThreads(fromFiles, mode, locale, Math.min(threads, fromFiles.length), (done) => progress.update(first.length + done));
    results = [...first, ...rest];
  } else {
    const checker = new Checker(locale);
    results = jobs.map((job, i) => {
      const r = runJob(checker, job, mode, locale);
      progress.update(i + 1);
      return r;
    });
  }
  progress.done();

  for (const arg of missing) {
    results.push({
      report: { file: path.resolve(io.cwd, arg), display: arg, findings: [], fixCount: 0, error: t(/[*?[\]{}]/.test(arg) ? 'cli.noMatch' : 'cli.noSuchPath', undefined, locale) },
    });
  }
  const reports = results.map((r) => r.report);
  if (mode === 'dry-run') {
    io.stdout(results.map((r) => r.diff ?? '').join(''));
    for (const r of reports) if (r.error !== undefined) io.stderr(`eci-annotations: ${r.display}: ${r.error}\n`);
  } else {
    const color = options.color ?? (io.stdoutIsTty && !process.env.NO_COLOR);
    io.stdout(format(options.format, { version: VERSION, cwd: io.cwd, files: reports.length, reports, fixing: mode === 'fix', locale }, color));
    if (options.format !== 'text') for (const r of reports) if (r.error !== undefined) io.stderr(`eci-annotations: ${r.display}: ${r.error}\n`);
  }
  if (reports.some((r) => r.error !== undefined)) return 2;
  const failAt = SEVERITY_ORDER.indexOf(options.failOn);
  return reports.some((r) => r.findings.some((f) => SEVERITY_ORDER.indexOf(f.severity) >= failAt)) ? 1 : 0;
}

const workerInput = workerData as WorkerInput | null;
if (!isMainThread && workerInput?.role === WORKER_ROLE) {
  serveWorker(workerInput);
} else if (require.main === module) {
  run(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readStdin,
    stdoutIsTty: Boolean(process.stdout.isTTY),
    stderrIsTty: Boolean(process.stderr.isTTY),
  }).then(
    (code) => (process.exitCode = code),
    (e: Error) => {
      process.stderr.write(`eci-annotations: unexpected error: ${e.stack ?? e.message}\n`);
      process.exitCode = 2;
    },
  );
}

/**
 * Benchmark of the command line (issue 11): `eci-annotations check` over 10,000 files (250,000 lines) against a plain
 * `yaml` parse of the same files, on one core and with worker threads. Part of `npm run bench`; prints a Markdown table.
 *
 * Two comparisons, each like with like: the checker against a plain parse in this process (both warm: read +
 * `parseAllDocuments` per file), and the CLI process against a plain-parse process (both cold: Node start-up, the
 * folder walk, read + parse). Then `--jobs 2` against `--jobs 1`, beside the same plain parse on two threads: what a
 * second thread can gain on this machine at best. The runs alternate (A B A B …) so that the load of a
 * shared machine falls on both sides; ratios are medians of the per-repetition ratios (BENCH_CLI_RUNS, default 5).
 * CPU is user + system time of all threads, what a busy machine inflates least.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Checker } from '../server/src/cli/check';
import { deployment } from './manifests';

const FILES = Number(process.env.BENCH_CLI_FILES ?? 10_000);
const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 5);
const CLI = path.resolve(__dirname, '../../dist/cli.js');
const YAML = path.resolve(__dirname, '../../node_modules/yaml');
/** The issue's targets: the checker within 1.5× a plain parse on one core; more threads finish sooner. */
const TARGET = 1.5;

/** A 25-line Deployment with three ECI annotations; every 10th has a finding, as a real repository might. */
const manifest = (i: number): string => deployment(i, { findingEvery10: true, ports: true });

interface Sample {
  wall: number;
  cpu: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** CPU milliseconds (user + system) of this process and of the children it has waited for (Linux: /proc). */
function cpuMs(): number {
  const own = process.cpuUsage();
  let children: number;
  try {
    // Fields after the command name: cutime and cstime are the 14th and 15th, in clock ticks (100 per second).
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    children = ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
  } catch {
    children = NaN;
  }
  return (own.user + own.system) / 1000 + children;
}

function measure(fn: () => void): Sample {
  const c0 = cpuMs();
  const t0 = performance.now();
  fn();
  return { wall: performance.now() - t0, cpu: cpuMs() - c0 };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eci-bench-cli-'));
try {
  const files: string[] = [];
  let lines = 0;
  for (let i = 0; i < FILES; i++) {
    const sub = path.join(dir, `team-${i % 50}`);
    if (i < 50) fs.mkdirSync(sub);
    const file = path.join(sub, `app-${i}.yaml`);
    const text = manifest(i);
    lines += text.split('\n').length - 1;
    fs.writeFileSync(file, text);
    files.push(file);
  }

  /**
   * A plain parse as its own process: start-up, the folder walk, read + `parseAllDocuments` of every file. With a
   * second argument of 2 it parses every other file on a worker thread: what two threads can gain on this machine at
   * best, with no rules and no results to hand back (the ceiling for `--jobs 2`).
   */
  const plainScript = path.join(dir, 'plain-parse.cjs');
  fs.writeFileSync(
    plainScript,
    `const fs = require('fs'), path = require('path'), { Worker, isMainThread, workerData, parentPort } = require('worker_threads'), { parseAllDocuments } = require(${JSON.stringify(YAML)});
const files = []; const walk = (d) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else if (/\\.ya?ml$/.test(e.name)) files.push(p); } };
const parse = (list, from, step) => { for (let i = from; i < list.length; i += step) parseAllDocuments(fs.readFileSync(list[i], 'utf8')); };
if (!isMainThread) parse(workerData, 1, 2);
else { walk(process.argv[2]); if (process.argv[3] === '2') { new Worker(__filename, { workerData: files }); parse(files, 0, 2); } else parse(files, 0, 1); }`,
  );
  const runs = {
    yaml: () => {
      for (const file of files) parseAllDocuments(fs.readFileSync(file, 'utf8'));
    },
    checker: (() => {
      const checker = new Checker();
      return () => {
        for (const file of files) checker.check(file, fs.readFileSync(file, 'utf8'), { severity: {}, fix: false });
      };
    })(),
    yamlProcess: () => plain('1'),
    yamlProcess2: () => plain('2'),
    cli1: () => cli('1'),
    cli2: () => cli('2'),
  };
  function plain(threads: string): void {
    const r = spawnSync(process.execPath, [plainScript, dir, threads], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`the plain parse exited ${r.status}: ${r.stderr}`);
  }
  function cli(jobs: string): void {
    const r = spawnSync(process.execPath, [CLI, 'check', dir, '--format', 'json', '--jobs', jobs], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    if (r.status !== 1) throw new Error(`the CLI exited ${r.status}: ${r.stderr}`);
    const summary = (JSON.parse(r.stdout) as { summary: { files: number; errors: number } }).summary;
    if (summary.files !== FILES || summary.errors !== FILES / 10) throw new Error(`unexpected summary ${JSON.stringify(summary)}`);
  }

  // Warm both in-process sides once, then alternate.
  runs.yaml();
  runs.checker();
  const samples = new Map<keyof typeof runs, Sample[]>(Object.keys(runs).map((k) => [k as keyof typeof runs, []]));
  const loads: number[] = [os.loadavg()[0]];
  for (let r = 0; r < RUNS; r++) {
    for (const name of Object.keys(runs) as (keyof typeof runs)[]) samples.get(name)!.push(measure(runs[name]));
    loads.push(os.loadavg()[0]);
  }
  const med = (name: keyof typeof runs, key: keyof Sample) => median(samples.get(name)!.map((s) => s[key]));
  /** Median of the per-repetition ratios a / b. */
  const ratio = (a: keyof typeof runs, b: keyof typeof runs, key: keyof Sample) => median(samples.get(a)!.map((s, i) => s[key] / samples.get(b)![i][key]));

  const cores = os.availableParallelism?.() ?? os.cpus().length;
  console.log(
    `\nCLI: ${FILES.toLocaleString('en')} files, ${lines.toLocaleString('en')} lines; ${RUNS} alternating repetitions, medians; ${cores} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}; load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} during the runs\n`,
  );
  const n = (ms: number) => (Number.isNaN(ms) ? '–' : Math.round(ms).toLocaleString('en'));
  const x = (v: number) => `${v.toFixed(2)}×`;
  console.log('| run | wall ms | CPU ms | × the plain parse beside it, CPU (wall) |');
  console.log('|---|---:|---:|---:|');
  console.log(`| plain \`yaml\` parse in this process (read + parseAllDocuments), warm, 1 core | ${n(med('yaml', 'wall'))} | ${n(med('yaml', 'cpu'))} | 1 |`);
  console.log(
    `| the CLI's checker in this process (read + parse + all rules), warm, 1 core | ${n(med('checker', 'wall'))} | ${n(med('checker', 'cpu'))} | **${x(ratio('checker', 'yaml', 'cpu'))}** (${x(ratio('checker', 'yaml', 'wall'))}) |`,
  );
  console.log(`| plain \`yaml\` parse as a process (start-up, folder walk, read + parse), 1 core | ${n(med('yamlProcess', 'wall'))} | ${n(med('yamlProcess', 'cpu'))} | 1 |`);
  console.log(
    `| \`eci-annotations check --jobs 1\` (start-up, folder walk, all rules, JSON output) | ${n(med('cli1', 'wall'))} | ${n(med('cli1', 'cpu'))} | **${x(ratio('cli1', 'yamlProcess', 'cpu'))}** (${x(ratio('cli1', 'yamlProcess', 'wall'))}) |`,
  );
  console.log(
    `| \`eci-annotations check --jobs 2\` (this thread and one worker) | ${n(med('cli2', 'wall'))} | ${n(med('cli2', 'cpu'))} | ${x(ratio('cli2', 'yamlProcess', 'cpu'))} (${x(ratio('cli2', 'yamlProcess', 'wall'))}) |`,
  );
  console.log(
    `| plain \`yaml\` parse as a process on 2 threads (every other file on a worker) | ${n(med('yamlProcess2', 'wall'))} | ${n(med('yamlProcess2', 'cpu'))} | ${x(ratio('yamlProcess2', 'yamlProcess', 'cpu'))} (${x(ratio('yamlProcess2', 'yamlProcess', 'wall'))}) |`,
  );
  const speedup = ratio('cli1', 'cli2', 'wall');
  const ceiling = ratio('yamlProcess', 'yamlProcess2', 'wall');
  console.log(
    `\nTargets: checker ≤ ${TARGET}× a plain parse on one core: in process ${x(ratio('checker', 'yaml', 'cpu'))} CPU, as a process ${x(ratio('cli1', 'yamlProcess', 'cpu'))} CPU (${x(ratio('cli1', 'yamlProcess', 'wall'))} wall). ` +
      `--jobs 2 against --jobs 1: ${x(speedup)} faster in wall time (median of the per-repetition ratios; ${samples.get('cli1')!.filter((s, i) => samples.get('cli2')![i].wall < s.wall).length} of ${RUNS} repetitions faster), for ${x(ratio('cli2', 'cli1', 'cpu'))} the CPU. ` +
      `A plain parse gains ${x(ceiling)} from a second thread on this machine at this load: the most --jobs 2 can gain here${ceiling > 1.05 ? `; the CLI gets ${Math.round((100 * (speedup - 1)) / (ceiling - 1))}% of it` : ''}.`,
  );
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * Benchmark of the command line: `eci-annotations check` over 10,000 files (250,000 lines) against a plain `yaml`
 * parse of the same files (read + `parseAllDocuments`) on one core, and the CLI with worker threads. Part of
 * `npm run bench`; prints a Markdown table (median of BENCH_CLI_RUNS runs, default 3): wall-clock milliseconds, and CPU
 * milliseconds of all threads (what a busy machine inflates least).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Checker } from '../server/src/cli/check';
import { deployment } from './manifests';

const FILES = Number(process.env.BENCH_CLI_FILES ?? 10_000);
const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 3);
const CLI = path.resolve(__dirname, '../../dist/cli.js');

/** A 25-line Deployment with three ECI annotations; every 10th has a finding, as a real repository might. */
const manifest = (i: number): string => deployment(i, { findingEvery10: true, ports: true });

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

/** Median wall-clock and CPU milliseconds. */
function timed(fn: () => void): { wall: number; cpu: number } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const c0 = cpuMs();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    cpu.push(cpuMs() - c0);
  }
  return { wall: median(wall), cpu: median(cpu) };
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

  const yamlMs = timed(() => {
    for (const file of files) parseAllDocuments(fs.readFileSync(file, 'utf8'));
  });
  const checkerMs = timed(() => {
    const checker = new Checker();
    for (const file of files) checker.check(file, fs.readFileSync(file, 'utf8'), { severity: {}, fix: false });
  });
  const cli = (jobs: string) =>
    timed(() => {
      const r = spawnSync(process.execPath, [CLI, 'check', dir, '--format', 'json', '--jobs', jobs], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      if (r.status !== 1) throw new Error(`the CLI exited ${r.status}: ${r.stderr}`);
      const summary = (JSON.parse(r.stdout) as { summary: { files: number; errors: number } }).summary;
      if (summary.files !== FILES || summary.errors !== FILES / 10) throw new Error(`unexpected summary ${JSON.stringify(summary)}`);
    });
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  const rows: [string, { wall: number; cpu: number }][] = [
    ['plain `yaml` parse (read + parseAllDocuments), 1 core, in-process', yamlMs],
    ['the CLI\'s checker (read + parse + all rules), 1 core, in-process', checkerMs],
    ['`eci-annotations check --jobs 1` (whole process: start-up, folder walk, JSON output)', cli('1')],
  ];
  for (const jobs of [...new Set([2, cores])].filter((j) => j > 1)) rows.push([`\`eci-annotations check --jobs ${jobs}\` (whole process)`, cli(String(jobs))]);

  const load = os.loadavg()[0].toFixed(1);
  console.log(`\nCLI: ${FILES.toLocaleString('en')} files, ${lines.toLocaleString('en')} lines; median of ${RUNS}; ${cores} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}; load average ${load}\n`);
  const n = (ms: number) => (Number.isNaN(ms) ? '–' : Math.round(ms).toLocaleString('en'));
  console.log('| run | wall ms | × yaml (wall) | CPU ms | × yaml (CPU) |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [name, t] of rows) console.log(`| ${name} | ${n(t.wall)} | ${(t.wall / yamlMs.wall).toFixed(2)} | ${n(t.cpu)} | ${(t.cpu / yamlMs.cpu).toFixed(2)} |`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

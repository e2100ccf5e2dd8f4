/**
 * Benchmark over LSP: drives the built server (`dist/server.js --stdio`) as an editor does and measures what a user
 * waits for: didOpen → diagnostics, an edit → diagnostics, requests while a big file validates, memory across edits,
 * and pathological inputs at two sizes each. Run with `npm run bench` (after the in-process table). Prints Markdown.
 */
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { startLanguageServer, type LspSession } from '../test/cli/lsp';
import { deployment as eciDeployment } from './manifests';

const SERVER = path.resolve(__dirname, '../../dist/server.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** `BENCH_PART=speed`, `typing` or `pathological` runs one table; `BENCH_ONLY=<name part>` only the rows of files or cases so named. */
const PART = process.env.BENCH_PART;
const ONLY = process.env.BENCH_ONLY;
/** Extra Node options for the server, e.g. `BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=prof"` to profile it. */
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);

/** A session with the server, and what the benchmark reads of its process. */
interface Server extends LspSession {
  /** CPU milliseconds (user + system) the server process has used. */
  cpu(): number;
  rssMiB(): number;
}

async function start(lazyCodeActions = true): Promise<Server> {
  const s = await startLanguageServer([process.execPath, '--max-old-space-size=4096', ...NODE_ARGS, SERVER, '--stdio'], undefined, {
    stderr: 'inherit',
    capabilities: {
      workspace: { configuration: true },
      textDocument: lazyCodeActions ? { codeAction: { dataSupport: true, resolveSupport: { properties: ['edit'] } } } : {},
    },
  });
  const pid = s.proc.pid!;
  const stat = () => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const tick = 1000 / 100;
  return Object.assign(s, {
    cpu: () => {
      const f = stat();
      return (Number(f[11]) + Number(f[12])) * tick;
    },
    rssMiB: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024,
  });
}

let uriCounter = 0;
const newUri = (name: string) => `file:///bench/${++uriCounter}-${name}.yaml`;

function open(s: Server, uri: string, text: string, version = 1): void {
  void s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
}

function median(xs: number[]): number {
  const v = [...xs].sort((a, b) => a - b);
  return v[Math.floor(v.length / 2)];
}

const f = (x: number) => (x < 10 ? x.toFixed(1) : Math.round(x).toLocaleString('en-US'));

/** A small document for "is the server still answering" requests. */
const PROBE = `apiVersion: v1
kind: Pod
metadata:
  name: probe
  annotations:
    k8s.aliyun.com/eci-with-eip: "true"
spec:
  containers: []
`;

/**
 * Opens `text`, waits for its diagnostics, and meanwhile (once the server has read the didOpen) sends a hover on
 * another document every 10 ms.
 * Returns the open → diagnostics time, the slowest hover, the server CPU and the diagnostics.
 */
async function openWhileProbing(s: Server, text: string): Promise<{ ms: number; maxWait: number; cpu: number; diagnostics: Diagnostic[] }> {
  const probe = newUri('probe');
  const probeOpened = s.nextDiagnostics(probe);
  open(s, probe, PROBE);
  await probeOpened;
  const uri = newUri('big');
  const cpu0 = s.cpu();
  const t0 = performance.now();
  const published = s.nextDiagnostics(uri);
  open(s, uri, text);
  // The server has read the didOpen once a request sent after it is answered (it takes messages in order): from then
  // on, a hover waits only for what the server does, not for the transfer of a big file through the pipe.
  await s.conn.sendRequest('textDocument/hover', { textDocument: { uri: probe }, position: { line: 5, character: 10 } });
  let done = false;
  let maxWait = 0;
  const probing = (async () => {
    while (!done) {
      const p0 = performance.now();
      await s.conn.sendRequest('textDocument/hover', { textDocument: { uri: probe }, position: { line: 5, character: 10 } });
      maxWait = Math.max(maxWait, performance.now() - p0);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const { diagnostics } = await published;
  const ms = performance.now() - t0;
  done = true;
  await probing;
  const cpu = s.cpu() - cpu0;
  void s.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  void s.conn.sendNotification('textDocument/didClose', { textDocument: { uri: probe } });
  return { ms, maxWait, cpu, diagnostics };
}

/**
 * Opens `text`, waits for its diagnostics, then types into the line of an annotation key (or a data key) in the
 * middle of the file, one character per edit, and sends a hover on that key or a completion at the cursor right
 * after each edit (alternately), while the file validates. Returns the answer times.
 */
async function requestsAfterEdits(s: Server, text: string, edits = 20): Promise<{ hover: number[]; completion: number[] }> {
  const uri = newUri('typing');
  const p = s.nextDiagnostics(uri);
  open(s, uri, text);
  await p;
  const lines = text.split('\n');
  const middle = Math.floor(lines.length / 2);
  let line = lines.findIndex((l, i) => i >= middle && l.includes('k8s.aliyun.com/eci-use-specs'));
  if (line < 0) line = middle;
  const indent = /^ */.exec(lines[line])![0].length;
  const hover: number[] = [];
  const completion: number[] = [];
  for (let v = 2; v < 2 + edits; v++) {
    // Type a character into the key and take it out again: the key stays one the catalogue knows every other edit.
    void s.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: v },
      contentChanges: [
        v % 2 === 0
          ? { range: { start: { line, character: indent + 4 }, end: { line, character: indent + 4 } }, text: 'x' }
          : { range: { start: { line, character: indent + 4 }, end: { line, character: indent + 5 } }, text: '' },
      ],
    });
    const t0 = performance.now();
    if (v % 4 < 2) {
      await s.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: indent + 6 } });
      hover.push(performance.now() - t0);
    } else {
      await s.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line, character: indent + 4 } });
      completion.push(performance.now() - t0);
    }
  }
  void s.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  return { hover, completion };
}

// ---------------------------------------------------------------------------------------------------------------
// Inputs

const deployment = (i: number): string => eciDeployment(i, { routingLabel: true, findingEvery10: true });
const deployments = (n: number) => Array.from({ length: n }, (_, i) => deployment(i)).join('---\n');
const configMap = (keys: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n${Array.from({ length: keys }, (_, i) => `  key-${i}: "value ${i}"`).join('\n')}\n`;
const tinyDocs = (n: number) => Array.from({ length: n }, (_, i) => `a: ${i}\n`).join('---\n');
const wrongLevel = (n: number) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  annotations:\n${Array.from({ length: n }, (_, i) => `    k8s.aliyun.com/eci-${i % 2 ? 'with-eip' : 'use-specs'}-${i}: "x"`).join('\n')}\nspec:\n  template:\n    metadata:\n      annotations: {}\n`;
/** Block sequences nested n deep on one line (`- - - … x`), and block maps nested n deep (indentation grows with n²). */
const nestedSequences = (levels: number) => `a:\n${'- '.repeat(levels)}x\n`;
const nestedMaps = (levels: number) => `${Array.from({ length: levels }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} v\n`;
const flowNested = (levels: number) => `a: ${'['.repeat(levels)}${']'.repeat(levels)}\nb: ${'{x: '.repeat(levels)}1${'}'.repeat(levels)}\n`;
function aliasBomb(levels: number, width = 9): string {
  const lines = ['a0: &a0 ["lol"]'];
  for (let l = 1; l <= levels; l++) lines.push(`a${l}: &a${l} [${Array.from({ length: width }, () => `*a${l - 1}`).join(', ')}]`);
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: bomb\n  annotations:\n    k8s.aliyun.com/eci-use-specs: *a${levels}\n${lines.join('\n')}\n`;
}
const blankLine = (blanks: number) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    example.com/note: |\n      a${' '.repeat(blanks)}b\n    k8s.aliyun.com/eci-\nspec:\n  containers: []\n`;

// ---------------------------------------------------------------------------------------------------------------

/** A warm plain `yaml` parse of the same text, without the quadratic duplicate-key check: the floor. */
function plainParseMs(text: string): number {
  parseAllDocuments(text, { uniqueKeys: false });
  const samples: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    parseAllDocuments(text, { uniqueKeys: false });
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

/** Speed targets: cold and edited multi-document and single-document files, requests while validating, memory. */
async function speed(): Promise<string[]> {
  const out: string[] = [];
  out.push('| what | result | target |', '|---|---:|---|');
  const s = await start();

  // A small file opened: diagnostics at once (no debounce on open).
  const small = deployment(0);
  const smallTimes: number[] = [];
  for (let r = 0; r < Math.max(RUNS, 5); r++) {
    const uri = newUri('small');
    const t0 = performance.now();
    const p = s.nextDiagnostics(uri);
    open(s, uri, small);
    await p;
    smallTimes.push(performance.now() - t0);
    void s.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }
  out.push(`| one Deployment (25 lines): didOpen → diagnostics | ${f(median(smallTimes))} ms | validates at once (was 263 ms: 250 ms debounce) |`);

  for (const [label, text] of [
    ['100 Deployments (2,500 lines)', deployments(100)],
    ['1,000 Deployments (25,000 lines)', deployments(1000)],
    ['one ConfigMap of 25,000 keys', configMap(25_000)],
  ] as const) {
    if (ONLY && !label.includes(ONLY)) continue;
    const warmUri = newUri('warm');
    const warm = s.nextDiagnostics(warmUri);
    open(s, warmUri, text);
    await warm;
    void s.conn.sendNotification('textDocument/didClose', { textDocument: { uri: warmUri } });
    const opens: number[] = [];
    const openCpu: number[] = [];
    const edits: number[] = [];
    const editCpu: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const uri = newUri('file');
      const openCpu0 = s.cpu();
      const t0 = performance.now();
      const first = s.nextDiagnostics(uri);
      open(s, uri, text);
      await first;
      opens.push(performance.now() - t0);
      openCpu.push(s.cpu() - openCpu0);
      // One character typed in the middle of the file.
      const line = Math.floor(text.split('\n').length / 2);
      const cpu0 = s.cpu();
      const t1 = performance.now();
      const second = s.nextDiagnostics(uri);
      void s.conn.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: 2 },
        contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: ' ' }],
      });
      await second;
      edits.push(performance.now() - t1);
      editCpu.push(s.cpu() - cpu0);
      void s.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }
    const floor = plainParseMs(text);
    out.push(
      `| ${label}: didOpen → diagnostics (warm server), wall (server CPU) | ${f(median(opens))} ms (${f(median(openCpu))} ms); ${(median(opens) / floor).toFixed(2)}× a warm plain \`yaml\` parse (${f(floor)} ms) | ≤ 1.3× a parse |`,
    );
    out.push(
      `| ${label}: one-character edit → diagnostics, wall (server CPU) | ${f(median(edits))} ms (${f(median(editCpu))} ms) | multi-document: ≤ 100 ms of work after the debounce; one document: one linear parse |`,
    );
  }

  // Memory across edits, each in another document of the file.
  if (!ONLY) {
    const n = 1000;
    const docs = Array.from({ length: n }, (_, i) => deployment(i));
    const uri = newUri('memory');
    const p = s.nextDiagnostics(uri);
    open(s, uri, docs.join('---\n'));
    await p;
    const rss0 = s.rssMiB();
    const lineOfDoc = (i: number) => i * 24 + 3;
    for (let e = 1; e <= 1000; e++) {
      const i = (37 * e) % n;
      void s.conn.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: e + 1 },
        contentChanges: [{ range: { start: { line: lineOfDoc(i), character: 8 }, end: { line: lineOfDoc(i), character: 8 } }, text: 'x' }],
      });
      await s.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: lineOfDoc(i), character: 4 } });
      if (e % 100 === 0) {
        const q = s.nextDiagnostics(uri);
        await q;
      }
    }
    out.push(`| RSS after 1,000 edits, each in another document of 1,000 Deployments | ${f(rss0)} → ${f(s.rssMiB())} MiB | flat (was 135 → 617 MiB) |`);
  }
  await s.stop();
  return out;
}

/** Requests while a file validates: hover on another file, and hover and completion right after an edit in the edited file. */
async function typing(): Promise<string[]> {
  const out: string[] = ['| what | result | target |', '|---|---:|---|'];
  const s = await start();
  // Requests on another file while a big file validates.
  for (const [label, text] of [
    ['1,000 Deployments', deployments(1000)],
    ['10,000 Deployments (4.97 MB)', deployments(10_000)],
  ] as const) {
    if (ONLY && !label.includes(ONLY)) continue;
    const r = await openWhileProbing(s, text);
    out.push(`| hover on another file while ${label} validate: slowest answer | ${f(r.maxWait)} ms (validation ${f(r.ms)} ms) | ≤ 100 ms |`);
  }

  for (const [label, text] of [
    ['1,000 Deployments', deployments(1000)],
    ['10,000 Deployments', deployments(10_000)],
    ['one ConfigMap of 25,000 keys', configMap(25_000)],
  ] as const) {
    if (ONLY && !label.includes(ONLY)) continue;
    const r = await requestsAfterEdits(s, text);
    out.push(`| ${label}: hover right after an edit, p50 / max of ${r.hover.length} | ${f(median(r.hover))} / ${f(Math.max(...r.hover))} ms | ≤ 100 ms |`);
    out.push(`| ${label}: completion right after an edit, p50 / max of ${r.completion.length} | ${f(median(r.completion))} / ${f(Math.max(...r.completion))} ms | ≤ 100 ms |`);
  }

  await s.stop();
  return out;
}

/** Pathological inputs, two sizes each: open → diagnostics, the slowest hover on another file meanwhile, CPU. */
async function pathological(): Promise<string[]> {
  const cases: { name: string; sizes: [string, string]; make: (big: boolean) => string; action?: 'codeAction' | 'completion' }[] = [
    { name: 'one map of k keys (ConfigMap data)', sizes: ['12,500 keys', '50,000 keys'], make: (big) => configMap(big ? 50_000 : 12_500) },
    { name: 'tiny documents', sizes: ['25,000 documents', '100,000 documents'], make: (big) => tinyDocs(big ? 100_000 : 25_000) },
    { name: 'Deployments, 2.5 / 4.9 MB', sizes: ['5,000 Deployments', '9,800 Deployments'], make: (big) => deployments(big ? 9_800 : 5_000) },
    { name: 'block sequences nested n deep', sizes: ['1,250 levels', '5,000 levels'], make: (big) => nestedSequences(big ? 5_000 : 1_250) },
    { name: 'block maps nested n deep', sizes: ['1,500 levels', '3,000 levels'], make: (big) => nestedMaps(big ? 3_000 : 1_500) },
    { name: 'flow collections nested n deep', sizes: ['1,250 levels', '5,000 levels'], make: (big) => flowNested(big ? 5_000 : 1_250) },
    { name: 'alias bomb, 9 aliases per level', sizes: ['6 levels', '12 levels'], make: (big) => aliasBomb(big ? 12 : 6) },
    {
      name: 'code action over n wrong-level diagnostics (select all; target: 5,000 answered in under 1 s)',
      sizes: ['5,000 diagnostics', '20,000 diagnostics'],
      make: (big) => wrongLevel(big ? 20_000 : 5_000),
      action: 'codeAction',
    },
    { name: 'completion below a line of n blanks', sizes: ['20,000 blanks', '80,000 blanks'], make: (big) => blankLine(big ? 80_000 : 20_000), action: 'completion' },
  ];
  const out: string[] = [
    '| input | size | didOpen → diagnostics | slowest hover on another file meanwhile | server CPU | request | ×, large / small (server CPU) |',
    '|---|---|---:|---:|---:|---:|---:|',
  ];
  for (const c of cases) {
    if (ONLY && !c.name.includes(ONLY)) continue;
    let previous: number | undefined;
    for (const [k, big] of [false, true].entries()) {
      const s = await start(true);
      const text = c.make(big);
      const r = await openWhileProbing(s, text);
      let request = '';
      let measure = r.cpu;
      if (c.action) {
        const uri = newUri('action');
        const p = s.nextDiagnostics(uri);
        open(s, uri, text);
        const { diagnostics } = await p;
        const t0 = performance.now();
        const cpu0 = s.cpu();
        if (c.action === 'codeAction') {
          // Wall: from sending the request (5,000 diagnostics in it) to the parsed answer; server CPU: both threads.
          const actions = await s.conn.sendRequest<CodeAction[]>('textDocument/codeAction', {
            textDocument: { uri },
            range: { start: { line: 0, character: 0 }, end: { line: text.split('\n').length, character: 0 } },
            context: { diagnostics },
          });
          const ms = performance.now() - t0;
          const cpu = s.cpu() - cpu0;
          const all = actions.find((a) => a.title.startsWith('Move all'));
          const r0 = performance.now();
          const rCpu0 = s.cpu();
          const resolved = all && (await s.conn.sendRequest<CodeAction>('codeAction/resolve', all));
          const resolveMs = performance.now() - r0;
          const resolveCpu = s.cpu() - rCpu0;
          request =
            `codeAction over ${f(diagnostics.length)}: **${f(ms)} ms wall**, ${f(cpu)} ms server CPU (${actions.length} action${actions.length === 1 ? '' : 's'}, ${f(JSON.stringify(actions).length / 1e6)} MB); ` +
            `resolve of the move-all ${f(resolveMs)} ms wall, ${f(resolveCpu)} ms server CPU (${resolved?.edit ? 'edit' : 'no edit'})`;
          measure = Math.max(cpu, 10);
        } else {
          const lines = text.split('\n');
          const line = lines.findIndex((l) => l.trim() === 'k8s.aliyun.com/eci-');
          await s.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line, character: lines[line].length } });
          const ms = performance.now() - t0;
          const cpu = s.cpu() - cpu0;
          request = `completion ${f(ms)} ms, server CPU ${f(cpu)} ms`;
          measure = Math.max(cpu, 10);
        }
      }
      const growth = previous === undefined ? '' : `${(measure / previous).toFixed(1)}×`;
      out.push(`| ${k === 0 ? c.name : ''} | ${c.sizes[k]} (${f(text.length / 1e6)} MB) | ${f(r.ms)} ms | ${f(r.maxWait)} ms | ${f(r.cpu)} ms | ${request} | ${growth} |`);
      previous = measure;
      await s.stop();
    }
  }
  return out;
}

async function main(): Promise<void> {
  console.log(
    `\nOver LSP: the built server on stdio, driven as an editor drives it. ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}; median of ${RUNS} runs where repeated.\n`,
  );
  if ((!ONLY || PART === 'speed') && (!PART || PART === 'speed')) for (const line of await speed()) console.log(line);
  if (!PART || PART === 'typing') {
    console.log('\nRequests while a file validates (on another file; right after an edit in the edited file):\n');
    for (const line of await typing()) console.log(line);
  }
  if (PART === 'speed' || PART === 'typing') return;
  console.log('\nPathological inputs (one run each, fresh server):\n');
  for (const line of await pathological()) console.log(line);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

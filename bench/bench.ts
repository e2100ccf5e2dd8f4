/**
 * Benchmark: ECI diagnostics (cold and after a one-document edit), completion and hover on generated manifests of
 * 1, 100 and 1,000 documents, against yaml-language-server's own validation and a plain `yaml` parse, in one run;
 * "cold" is a warm service checking a document it has not seen (an opened file), as the plain parse is warm too.
 * Run with `npm run bench`. Prints a Markdown table (median of several runs, milliseconds).
 */
import * as os from 'node:os';
import { parseAllDocuments } from 'yaml';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../server/src/service/languageService';
import { deployment } from './manifests';

const SIZES = [1, 100, 1000];
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

const manifest = (i: number): string => deployment(i, { routingLabel: true, ports: true });

const file = (n: number, edited = -1) => Array.from({ length: n }, (_, i) => (i === edited ? manifest(i).replace('"10"', '"20"') : manifest(i))).join('---\n');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function time(fn: () => unknown): Promise<number> {
  return (await timeBoth(fn)).wall;
}

/** Median wall-clock and CPU milliseconds (CPU is what a shared machine inflates least). */
async function timeBoth(fn: () => unknown): Promise<{ wall: number; cpu: number }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

/** Position of the middle document's eip-bandwidth key. */
function middleKey(text: string, n: number): { line: number; character: number } {
  const lines = text.split('\n');
  let seen = 0;
  for (let l = 0; l < lines.length; l++) {
    if (lines[l].includes('k8s.aliyun.com/eip-bandwidth') && seen++ === Math.floor(n / 2)) return { line: l, character: 12 };
  }
  throw new Error('key not found');
}

async function yamlLanguageServer() {
  const specifier = 'yaml-language-server';
  const yls = (await import(specifier)) as typeof import('yaml-language-server');
  const ls = yls.getLanguageService({
    schemaRequestService: () => Promise.reject(new Error('offline')),
    workspaceContext: { resolveRelativePath: (p: string) => p },
  });
  ls.configure({
    validate: true,
    hover: true,
    completion: true,
    schemas: [
      {
        uri: 'eci://annotations.json',
        fileMatch: ['*.yaml'],
        schema: {
          type: 'object',
          properties: {
            spec: {
              type: 'object',
              properties: {
                template: { type: 'object', properties: { metadata: { type: 'object', properties: { annotations: { type: 'object', additionalProperties: { type: 'string' } } } } } },
              },
            },
          },
        },
      },
    ],
  });
  return ls as { doValidation(doc: TextDocument, isKubernetes: boolean): Promise<unknown[]> };
}

async function main(): Promise<void> {
  const yls = await yamlLanguageServer();
  const rows: string[] = [];
  for (const n of SIZES) {
    const text = file(n);
    const edited = file(n, Math.floor(n / 2));
    const uri = `file:///bench/${n}.yaml`;
    const lines = text.split('\n').length;

    // A warm service and a document it has not seen, as when a file is opened (and as the warm plain parse below).
    const coldService = getLanguageService();
    let coldUri = 0;
    coldService.doValidation(coldService.parse(TextDocument.create(`${uri}.warm-up`, 'yaml', 1, text)));
    const cold = await timeBoth(() => {
      const u = `${uri}.cold-${coldUri++}`;
      coldService.doValidation(coldService.parse(TextDocument.create(u, 'yaml', 1, text)));
      coldService.forget(u);
    });

    const warm = getLanguageService();
    let version = 1;
    warm.doValidation(warm.parse(TextDocument.create(uri, 'yaml', version, text)));
    const afterEdit = await time(() => {
      version++;
      warm.doValidation(warm.parse(TextDocument.create(uri, 'yaml', version, version % 2 ? text : edited)));
    });

    const model = warm.parse(TextDocument.create(uri, 'yaml', ++version, text));
    warm.doValidation(model);
    const at = middleKey(text, n);
    const completion = await time(() => warm.doComplete(model, { line: at.line, character: 8 }));
    const hover = await time(() => warm.doHover(model, at));

    let ylsVersion = 1;
    const ylsValidate = await time(() => yls.doValidation(TextDocument.create(`${uri}.yls`, 'yaml', ylsVersion++, text), false));
    parseAllDocuments(text);
    const plainParse = await timeBoth(() => parseAllDocuments(text));

    const f = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
    rows.push(
      `| ${n} | ${lines} | ${f(cold.wall)} | ${f(afterEdit)} | ${f(completion)} | ${f(hover)} | ${f(ylsValidate)} | ${f(plainParse.wall)} | ${(cold.cpu / plainParse.cpu).toFixed(2)}× |`,
    );
  }
  console.log(
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average ${os.loadavg()[0].toFixed(1)}; median of ${RUNS} runs, ms.\n`,
  );
  console.log(
    '| documents | lines | ECI diagnostics, cold | after a one-document edit | completion | hover | yaml-language-server validation | plain `yaml` parse | cold ÷ plain parse (CPU; target ≤ 1.3× from 2,500 lines) |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(r);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

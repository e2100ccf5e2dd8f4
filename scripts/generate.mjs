// Bundles scripts/generate.ts with esbuild into a temporary file and runs it: `node scripts/generate.mjs [--check]`.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(join(tmpdir(), 'eci-generate-'));
const outfile = join(dir, 'generate.cjs');
try {
  await esbuild.build({
    stdin: {
      contents: "import { main } from './generate';\nprocess.exitCode = main(process.argv.slice(2));\n",
      resolveDir: join(root, 'scripts'),
      sourcefile: 'generate-entry.ts',
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    mainFields: ['module', 'main'],
    target: 'node20',
    outfile,
    logLevel: 'warning',
  });
  const run = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}

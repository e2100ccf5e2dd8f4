/** Shared helpers of the CLI tests: run the built `dist/cli.js`, and write throwaway folders of manifests. */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Finding } from '../../server/src/cli/check';

export const ROOT = path.resolve(__dirname, '../../..');
export const CLI = path.join(ROOT, 'dist/cli.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The output of `check --format json` (formatJson in server/src/cli/format.ts). */
export interface JsonReport {
  tool: string;
  version: string;
  summary: { files: number; errors: number; warnings: number; information: number; hints: number; fixable: number; fixed: number; unreadable: number };
  files: { path: string; error?: string; fixed?: number; findings: Finding[] }[];
}

/** Parses the output of `check --format json`. */
export const jsonReport = (stdout: string): JsonReport => JSON.parse(stdout) as JsonReport;

/** The version in package.json. */
export const PACKAGE_VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** Runs the CLI to completion. */
export function cli(args: string[], options: { cwd: string; input?: string; env?: Record<string, string>; bin?: string }): CliRun {
  const r = spawnSync(process.execPath, [options.bin ?? CLI, ...args], {
    cwd: options.cwd,
    input: options.input ?? '',
    encoding: 'utf8',
    // English unless a test says otherwise: the CLI follows LC_ALL, LC_MESSAGES and LANG.
    env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', LC_ALL: '', LC_MESSAGES: '', LANG: 'C.UTF-8', ...options.env },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the CLI without blocking the event loop (for tests that also serve something). */
export function cliAsync(args: string[], cwd: string): Promise<CliRun> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'C.UTF-8' } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A temporary folder holding `files` (relative path → text). */
export function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eci-cli-'));
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return dir;
}

export function read(dir: string, rel: string): string {
  return fs.readFileSync(path.join(dir, rel), 'utf8');
}

export function remove(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * A Deployment with one finding of each kind the tests need:
 * line 6 wrong-level (warning, fixable), line 13 not-a-string (error, fixable), line 14 legacy-key (information, fixable).
 */
export const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    k8s.aliyun.com/eci-use-specs: "2-4Gi"
spec:
  replicas: 1
  template:
    metadata:
      annotations:
        k8s.aliyun.com/eci-with-eip: "true"
        k8s.aliyun.com/eip-bandwidth: 10
        k8s.aliyun.com/eci-image-cache: "true"
    spec:
      containers:
        - name: app
          image: nginx:1.27
`;

/** The same Deployment with every fixable problem fixed, as `--fix` must write it. */
export const DEPLOYMENT_FIXED = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  template:
    metadata:
      annotations:
        k8s.aliyun.com/eci-with-eip: "true"
        k8s.aliyun.com/eip-bandwidth: "10"
        k8s.aliyun.com/eci-auto-imc: "true"
        k8s.aliyun.com/eci-use-specs: "2-4Gi"
    spec:
      containers:
        - name: app
          image: nginx:1.27
`;

/** A Pod with nothing to report. */
export const CLEAN_POD = `apiVersion: v1
kind: Pod
metadata:
  name: clean
  annotations:
    k8s.aliyun.com/eci-use-specs: "2-4Gi"
spec:
  containers:
    - name: app
      image: nginx:1.27
`;

/** A Pod whose only finding is a warning (an unknown, misspelled key on line 6). */
export const WARNING_POD = `apiVersion: v1
kind: Pod
metadata:
  name: typo
  annotations:
    k8s.aliyun.com/eci-instance-famly: "c6"
spec:
  containers:
    - name: app
      image: nginx:1.27
`;

/** Tells whether a file is a Helm chart's values file: `values*.yaml` (or `.yml`) with a `Chart.yaml` beside it. */
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const VALUES_FILE = /^values[^/\\]*\.ya?ml$/i;

/** Whether `uri` names a values file of a chart. Only `file:` URIs can be checked; the answer is cached per folder. */
export function isHelmValuesFile(uri: string, chartDirs: Map<string, boolean> = CACHE): boolean {
  if (!uri.startsWith('file:')) return false;
  // Most files are not named values*.yaml: say so before decoding the URI (the CLI asks for every file).
  if (!VALUES_FILE.test(decodeLastSegment(uri))) return false;
  let path: string;
  try {
    path = fileURLToPath(uri);
  } catch {
    return false;
  }
  if (!VALUES_FILE.test(basename(path))) return false;
  const dir = dirname(path);
  let chart = chartDirs.get(dir);
  if (chart === undefined) {
    chart = existsSync(join(dir, 'Chart.yaml')) || existsSync(join(dir, 'Chart.yml'));
    chartDirs.set(dir, chart);
  }
  return chart;
}

const CACHE = new Map<string, boolean>();

/** The last path segment of a URI, percent-decoded where it can be (a bad escape keeps the raw text). */
function decodeLastSegment(uri: string): string {
  const last = uri.slice(uri.lastIndexOf('/') + 1);
  if (!last.includes('%')) return last;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

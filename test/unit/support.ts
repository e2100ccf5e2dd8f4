/** Shared helpers for the service unit tests: validate a text, find diagnostics, apply quick fixes. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CodeAction, Diagnostic, Range } from 'vscode-languageserver-types';
import type { AccountResource, AccountResources } from '../../server/src/service/account';
import type { AccountResourceKind } from '../../server/src/service/catalogue/types';
import type { EciLanguageService, EciModel, ValidationSettings } from '../../server/src/service/languageService';
import { applyEdits, doc, editsOf, service } from './helpers';

/** A Pod whose `metadata.annotations` holds the given lines. */
export const POD = (annotations: string) => `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
${annotations}
spec:
  containers: []
`;

/** The service writes plain-text messages. */
export type Diag = Diagnostic & { message: string };

export interface Checked {
  ls: EciLanguageService;
  uri: string;
  text: string;
  model: EciModel;
  diagnostics: Diag[];
}

/** Parses and validates a text with a fresh service. */
export function check(text: string, settings?: ValidationSettings, ls: EciLanguageService = service()): Checked {
  const d = doc(text);
  const model = ls.parse(d);
  const diagnostics = ls.doValidation(model, settings);
  for (const x of diagnostics) if (typeof x.message !== 'string') throw new Error('a diagnostic message is not plain text');
  return { ls, uri: d.uri, text, model, diagnostics: diagnostics as Diag[] };
}

/** Diagnostics of one code. */
export function withCode(c: Checked | Diag[], code: string): Diag[] {
  const list = Array.isArray(c) ? c : c.diagnostics;
  return list.filter((d) => d.code === code);
}

/** The codes, sorted, for compact assertions. */
export function codes(c: Checked): string[] {
  return c.diagnostics.map((d) => String(d.code)).sort();
}

/** The single diagnostic of a code whose range starts on the line containing `needle`. */
export function diagnosticAt(c: Checked, code: string, needle: string, occurrence = 0): Diag {
  const line = lineOf(c.text, needle, occurrence);
  const found = c.diagnostics.filter((d) => d.code === code && d.range.start.line === line);
  if (found.length !== 1) {
    throw new Error(`expected one ${code} on line ${line} (${needle}), got ${found.length}: ${JSON.stringify(c.diagnostics.map((d) => [d.code, d.range.start.line]))}`);
  }
  return found[0];
}

/** Zero-based line of the n-th occurrence of `needle`. */
export function lineOf(text: string, needle: string, occurrence = 0): number {
  let i = -1;
  for (let n = 0; n <= occurrence; n++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`not found: ${needle} (#${occurrence})`);
  }
  return text.slice(0, i).split('\n').length - 1;
}

/** The range of the n-th occurrence of `needle` (on one line). */
export function rangeOf(text: string, needle: string, occurrence = 0): Range {
  let i = -1;
  for (let n = 0; n <= occurrence; n++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`not found: ${needle} (#${occurrence})`);
  }
  const before = text.slice(0, i).split('\n');
  const line = before.length - 1;
  const character = before[line].length;
  return { start: { line, character }, end: { line, character: character + needle.length } };
}

/** Quick fixes offered for one diagnostic, including "Disable … for this line". */
export function actionsFor(c: Checked, diagnostic: Diagnostic): CodeAction[] {
  return c.ls.getCodeActions(c.model, diagnostic.range, [diagnostic]).filter((a) => a.edit && a.diagnostics?.includes(diagnostic));
}

/** Quick fixes offered for one diagnostic, without the "Disable … for this line" every diagnostic has. */
export function fixesFor(c: Checked, diagnostic: Diagnostic): CodeAction[] {
  return actionsFor(c, diagnostic).filter((a) => !a.title.startsWith('Disable '));
}

/** The text after applying a code action. */
export function applied(c: Checked, action: CodeAction): string {
  return applyEdits(c.text, editsOf(action, c.uri));
}

/** Applies the fix with this title (or the only fix) for a diagnostic. */
export function applyFix(c: Checked, diagnostic: Diagnostic, title?: string | RegExp): string {
  const fixes = fixesFor(c, diagnostic);
  const match = fixes.filter((f) => title === undefined || (typeof title === 'string' ? f.title === title : title.test(f.title)));
  if (match.length !== 1) throw new Error(`expected one fix ${String(title)}, got: ${JSON.stringify(fixes.map((f) => f.title))}`);
  return applied(c, match[0]);
}

/** The fixtures folder, from the bundled test (out/test/unit) or from the working directory. */
export function fixturesDir(): string {
  const candidates = [resolve(__dirname, '../../../test/fixtures'), resolve(process.cwd(), 'test/fixtures'), '/work/main/test/fixtures'];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error('test/fixtures not found');
  return found;
}

export function fixtureNames(): string[] {
  return readdirSync(fixturesDir())
    .filter((n) => /\.ya?ml$/.test(n))
    .sort();
}

export function fixture(name: string): string {
  return readFileSync(join(fixturesDir(), name), 'utf8');
}

/** An account that answers from a fixed list and counts calls. */
export class FakeAccount implements AccountResources {
  calls = 0;
  constructor(
    private readonly resources: readonly AccountResource[],
    public connected = true,
  ) {}
  isConnected(): boolean {
    return this.connected;
  }
  async list(kind: AccountResourceKind): Promise<readonly AccountResource[]> {
    this.calls++;
    return this.resources.filter((r) => r.kind === kind);
  }
}

export const ACCOUNT_RESOURCES: readonly AccountResource[] = [
  { kind: 'eip', id: 'eip-bp1known0000000001', ipAddress: '47.1.2.3', name: 'web-eip', status: 'Available', bandwidth: '5', internetChargeType: 'PayByTraffic', isp: 'BGP' },
  { kind: 'eip', id: 'eip-bp1known0000000002', ipAddress: '47.1.2.4', status: 'InUse', attachedTo: 'EcsInstance i-bp1xyz' },
  { kind: 'bandwidthPackage', id: 'cbwp-bp1known000000001', name: 'shared' },
  { kind: 'ipPool', id: 'pippool-bp1known00000001', name: 'pool' },
];

/** Checks one file's text with the language service and, when asked, applies the fixes that need no choice. */
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseAllDocuments } from 'yaml';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { getLanguageService, type EciLanguageService, type EciModel } from '../service/languageService';
import { Catalogue } from '../service/catalogue';
import { localizedCatalogue } from '../service/catalogue/l10n';
import { t, type Locale } from '../service/l10n';
import type { RuleCode, RuleSeverity } from '../service/rules';
import { isHelmValuesFile } from '../helmValues';

export type Severity = Exclude<RuleSeverity, 'off'>;
export const SEVERITY_ORDER: readonly Severity[] = ['hint', 'information', 'warning', 'error'];
const FROM_LSP: Record<number, Severity> = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

/** The code of the finding the CLI adds for YAML it cannot parse. */
export const SYNTAX_CODE = 'yaml-syntax';

/** One finding, 1-based as editors and CI systems show it. */
export interface Finding {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: RuleCode | typeof SYNTAX_CODE;
  message: string;
  /** The annotation key the finding is about, when the line names one. */
  annotation?: string;
  /** The Alibaba Cloud docs page of that annotation. */
  docs?: string;
  /** Whether `--fix` can fix it. */
  fixable: boolean;
}

export interface CheckOptions {
  severity: Partial<Record<RuleCode, RuleSeverity>>;
  /** Apply the fixes that need no choice to the text. */
  fix: boolean;
}

export interface CheckResult {
  findings: Finding[];
  /** The fixed text, when fixing changed it. */
  fixedText?: string;
  /** How many fixes were applied. */
  fixCount: number;
}

/** Rules whose preferred quick fix the CLI applies on its own (none asks the user to choose); `--help` says what each does (`cli.fix.<code>`). */
export const FIXES_WITHOUT_CHOICE: readonly { code: RuleCode }[] = [
  { code: 'not-a-string' },
  { code: 'wrong-level' },
  { code: 'in-labels' },
  { code: 'wrong-placement' },
  { code: 'unknown-key' },
  { code: 'legacy-key' },
  { code: 'invalid-value' },
];
const FIXABLE = new Set<string>(FIXES_WITHOUT_CHOICE.map((f) => f.code));

/** Passes over a file when fixing: each pass applies at most one fix per YAML document, then parses again. */
const MAX_FIX_PASSES = 50;

/** A checker with its own language service (one per thread). */
export class Checker {
  private readonly service: EciLanguageService;
  private readonly catalogue: Catalogue;

  /** A checker whose messages are in `locale`. */
  constructor(private readonly locale: Locale = 'en') {
    this.catalogue = locale === 'en' ? new Catalogue() : localizedCatalogue(locale);
    this.service = getLanguageService({ catalogue: this.catalogue, locale });
  }

  /**
   * Checks `text`, named by `file` (an absolute path, also for stdin with `--stdin-filename`). A `values*.yaml` with a
   * `Chart.yaml` beside it is read as a Helm values file, as the editor reads it.
   */
  check(file: string, text: string, options: CheckOptions): CheckResult {
    const uri = fileUri(file);
    let version = 1;
    let document = TextDocument.create(uri, 'yaml', version, text);
    const helmValues = isHelmValuesFile(uri);
    const parse = (doc: TextDocument) => this.service.parse(doc, { helmValues });
    let model = parse(document);
    let fixCount = 0;
    if (options.fix) {
      for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
        const edits = this.fixEdits(model, this.service.doValidation(model, { severity: options.severity }));
        if (edits.count === 0) break;
        fixCount += edits.count;
        document = TextDocument.create(uri, 'yaml', ++version, TextDocument.applyEdits(document, edits.edits));
        model = parse(document);
      }
    }
    const diagnostics = this.service.doValidation(model, { severity: options.severity });
    const fixable = options.fix ? new Set<Diagnostic>() : this.fixableDiagnostics(model, diagnostics);
    const lines = diagnostics.length > 0 ? document.getText().split('\n') : [];
    const findings = diagnostics.map((d) => this.toFinding(d, fixable.has(d), lines));
    const syntax = syntaxFinding(model, document.getText(), this.locale);
    if (syntax) findings.push(syntax);
    findings.sort((a, b) => a.line - b.line || a.column - b.column);
    this.service.forget(uri);
    const fixedText = fixCount > 0 ? document.getText() : undefined;
    return { findings, fixedText, fixCount };
  }

  /** The preferred fixes of fixable diagnostics, at most one per YAML document so that no two edits collide. */
  private fixEdits(model: EciModel, diagnostics: Diagnostic[]): { edits: TextEdit[]; count: number } {
    const candidates = diagnostics.filter((d) => FIXABLE.has(String(d.code)));
    if (candidates.length === 0) return { edits: [], count: 0 };
    const actions = this.service.getCodeActions(model, wholeFile(), candidates);
    const edits: TextEdit[] = [];
    const usedSlices = new Set<number>();
    let count = 0;
    for (const action of actions) {
      const fixEdits = preferredEdits(action, model.uri);
      if (!fixEdits) continue;
      const slice = sliceOf(model, fixEdits[0].range.start.line);
      if (usedSlices.has(slice)) continue;
      usedSlices.add(slice);
      edits.push(...fixEdits);
      count++;
    }
    return { edits, count };
  }

  private fixableDiagnostics(model: EciModel, diagnostics: Diagnostic[]): Set<Diagnostic> {
    const fixable = new Set<Diagnostic>();
    const candidates = diagnostics.filter((d) => FIXABLE.has(String(d.code)));
    if (candidates.length === 0) return fixable;
    for (const action of this.service.getCodeActions(model, wholeFile(), candidates)) {
      if (preferredEdits(action, model.uri)) for (const d of action.diagnostics ?? []) fixable.add(d);
    }
    return fixable;
  }

  private toFinding(d: Diagnostic, fixable: boolean, lines: string[]): Finding {
    const key = keyOnLine(lines[d.range.start.line] ?? '');
    const annotation = key ? (this.catalogue.get(key) ?? this.catalogue.misspelled(key)) : undefined;
    return {
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      endLine: d.range.end.line + 1,
      endColumn: d.range.end.character + 1,
      severity: FROM_LSP[d.severity ?? 2],
      code: String(d.code) as RuleCode,
      message: typeof d.message === 'string' ? d.message : d.message.value,
      annotation: annotation?.key,
      docs: annotation?.source,
      fixable,
    };
  }
}

/** The file: URI of an absolute path (what `pathToFileURL` gives, without its cost on POSIX paths). */
function fileUri(file: string): string {
  if (process.platform === 'win32' || !file.startsWith('/')) return pathToFileURL(file).href;
  return `file://${encodeURI(file).replace(/[?#]/g, encodeURIComponent)}`;
}

function wholeFile() {
  return { start: { line: 0, character: 0 }, end: { line: Number.MAX_SAFE_INTEGER, character: 0 } };
}

/** The edits of a preferred quick fix for one file, or nothing. */
function preferredEdits(action: CodeAction, uri: string): TextEdit[] | undefined {
  if (!action.isPreferred || action.command) return undefined;
  const edits = action.edit?.changes?.[uri];
  return edits && edits.length > 0 ? edits : undefined;
}

/** Index of the YAML document a line is in. */
function sliceOf(model: EciModel, line: number): number {
  let index = 0;
  model.slices.forEach((s, i) => {
    if (s.line <= line) index = i;
  });
  return index;
}

/** The key of a `key: value` line (plain or quoted), used to link a finding to its annotation's docs. */
function keyOnLine(text: string): string | undefined {
  const m = /^\s*(?:-\s+)?(?:"([^"]+)"|'([^']+)'|([^\s:"'#][^:#]*?))\s*:(?:\s|$)/.exec(text);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

/** The first YAML syntax error of a file that has no template actions (those are checked as the editor does). */
function syntaxFinding(model: EciModel, text: string, locale: Locale): Finding | undefined {
  if (!model.slices.some((s) => s.doc.syntaxErrors > 0) || text.includes('{{')) return undefined;
  try {
    for (const doc of parseAllDocuments(text)) {
      const error = 'errors' in doc ? doc.errors[0] : undefined;
      if (!error) continue;
      const [start, end] = error.linePos ?? [];
      return {
        line: start?.line ?? 1,
        column: start?.col ?? 1,
        endLine: end?.line ?? start?.line ?? 1,
        endColumn: end?.col ?? start?.col ?? 1,
        severity: 'error',
        code: SYNTAX_CODE,
        message: t('cli.yamlSyntaxAt', { error: error.message.split('\n')[0] }, locale),
        fixable: false,
      };
    }
  } catch {
    // Fall through to the generic finding.
  }
  return { line: 1, column: 1, endLine: 1, endColumn: 1, severity: 'error', code: SYNTAX_CODE, message: t('cli.yamlSyntax', undefined, locale), fixable: false };
}

/**
 * The ECI language service: parse once per document version, then diagnostics, completion, hover and code
 * actions over that model. It imports neither `vscode` nor an LSP connection; the account is an interface.
 */
import {
  CodeActionKind,
  DiagnosticSeverity,
  DiagnosticTag,
  MarkupKind,
  type CodeAction,
  type CompletionList,
  type Diagnostic,
  type Hover,
  type Position,
  type Range,
  type TextEdit,
} from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AccountResources } from './account';
import { analyseObjects, type Autoscaled, type DocumentAnalysis } from './analysis';
import { Catalogue } from './catalogue';
import { localizedCatalogue } from './catalogue/l10n';
import { isMultiPath, moveTarget } from './catalogue/kinds';
import type { AccountResourceKind } from './catalogue/types';
import { doComplete } from './completion';
import { findProblems, type FileFacts, type Finding, type FixedValue } from './diagnostics';
import { annotationMarkdown, labelMarkdown, valueMarkdown } from './docs';
import { colonOffsetOf, eolOf, insertAtPathEdit, preferredQuote, quote, quoteFor, type OffsetEdit } from './edits';
import { t, type Locale, type MessageKey } from './l10n';
import { DIAGNOSTIC_SOURCE, DISABLE_NEXT_LINE, RULES, type RuleCode, type RuleSeverity } from './rules';
import { DocumentCache, type DocumentSlice, type LineIndex } from './yaml/parse';
import { findPaths, isObject, type ASTNode } from './yaml/ast';
import { PickResourceCommand, type PickResourceArgs } from '../protocol';

export interface LanguageServiceOptions {
  catalogue?: Catalogue;
  /** The language of hover docs, completion details and action titles; absent: the catalogue as written (English prose). */
  locale?: Locale;
  /** The user's account; absent where account features are unavailable. */
  account?: AccountResources;
}

export interface ValidationSettings {
  /** Severity per rule code; missing codes use the rule's default. */
  severity?: Partial<Record<RuleCode, RuleSeverity>>;
}

/** A parsed file: one version of one document, split into its YAML documents. */
export interface EciModel {
  readonly uri: string;
  readonly version: number;
  readonly slices: readonly DocumentSlice[];
  /** The file is a Helm chart's values file (`values*.yaml` beside `Chart.yaml`). */
  readonly helmValues?: boolean;
}

/** What the caller knows about a file that its text does not say. */
export interface ParseOptions {
  /** A Helm chart's values file: the server decides from the file's name and a `Chart.yaml` beside it. */
  helmValues?: boolean;
}

export interface PickAction {
  title: string;
  kind: AccountResourceKind;
}

export interface EciLanguageService {
  /** Parses a document version; unchanged YAML documents are reused from the previous version. */
  parse(document: TextDocument, options?: ParseOptions): EciModel;
  doValidation(model: EciModel, settings?: ValidationSettings): Diagnostic[];
  doComplete(model: EciModel, position: Position): Promise<CompletionList>;
  doHover(model: EciModel, position: Position): Hover | null;
  /** Quick fixes for the given diagnostics, plus account pickers where the cursor is, when `accountActions` is on. */
  getCodeActions(model: EciModel, range: Range, diagnostics: readonly Diagnostic[], options?: { accountActions?: boolean }): CodeAction[];
  /** IDs that name account resources which do not exist (the optional existence check). */
  checkAccountResources(model: EciModel, settings?: ValidationSettings): Promise<Diagnostic[]>;
  /** Drops cached state for a closed document. */
  forget(uri: string): void;
}

const SEVERITY: Record<Exclude<RuleSeverity, 'off'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const PICK_TITLES: Record<AccountResourceKind, MessageKey> = {
  eip: 'pick.eip',
  bandwidthPackage: 'pick.bandwidthPackage',
  ipPool: 'pick.ipPool',
};

/** Creates a language service. */
export function getLanguageService(options: LanguageServiceOptions = {}): EciLanguageService {
  const locale = options.locale ?? 'en';
  const catalogue = options.catalogue ?? (options.locale ? localizedCatalogue(options.locale) : new Catalogue());
  const cache = new DocumentCache();
  const findingsCache = new WeakMap<DocumentAnalysis, { facts: string; findings: Finding[] }>();

  /** The file-wide facts, and the key under which per-document findings that used them are cached. */
  /** The objects of one YAML document of a model (one, or the items of a List). */
  const objectsOf = (model: EciModel, slice: DocumentSlice): DocumentAnalysis[] => analyseObjects(slice.doc, { helmValues: model.helmValues });

  const factsOf = (model: EciModel): { facts: FileFacts; key: string } => {
    const analyses = model.slices.flatMap((s) => objectsOf(model, s));
    const fixedValues: FixedValue[] = [];
    for (const slice of model.slices) {
      for (const a of objectsOf(model, slice)) {
        for (const map of a.maps) {
          if (map.role !== 'site') continue;
          for (const e of map.entries) {
            const value = e.value?.value;
            if (!catalogue.get(e.key)?.singleInstance || typeof value !== 'string') continue;
            const owner = a.kind ? `${a.kind}${a.name ? ` ${a.name}` : ''}` : 'values';
            fixedValues.push({ key: e.key, value, owner, line: slice.line + slice.doc.lines.positionAt(e.property.keyNode.offset).line + 1 });
          }
        }
      }
    }
    const facts: FileFacts = {
      waitForFirstConsumerClasses: analyses.map((a) => a.waitForFirstConsumerClass).filter((n): n is string => n !== undefined),
      autoscaled: analyses.map((a) => a.autoscales).filter((a): a is Autoscaled => a !== undefined),
      fixedValues: fixedValues.filter((f) => fixedValues.some((o) => o !== f && o.key === f.key && o.value === f.value)),
    };
    return { facts, key: JSON.stringify(facts) };
  };

  const findingsOf = (analysis: DocumentAnalysis, { facts, key }: { facts: FileFacts; key: string }): Finding[] => {
    const cached = findingsCache.get(analysis);
    if (cached && cached.facts === key) return cached.findings;
    const findings = findProblems(analysis, catalogue, facts);
    findingsCache.set(analysis, { facts: key, findings });
    return findings;
  };

  const toRange = (slice: DocumentSlice, start: number, end: number): Range => {
    const r = slice.doc.lines.range(start, end);
    return { start: { line: r.start.line + slice.line, character: r.start.character }, end: { line: r.end.line + slice.line, character: r.end.character } };
  };

  const toTextEdit = (slice: DocumentSlice, e: OffsetEdit): TextEdit => ({ range: toRange(slice, e.start, e.end), newText: e.text });

  const suppressed = (slice: DocumentSlice, localLine: number, code: string): boolean => {
    for (let l = localLine - 1; l >= 0; l--) {
      const text = slice.doc.lines.lineText(l).trim();
      if (!text.startsWith('#')) return false;
      const m = new RegExp(`^#\\s*${DISABLE_NEXT_LINE}\\b(.*)$`).exec(text);
      if (m) {
        const codes = m[1].split(/[\s,]+/).filter(Boolean);
        return codes.length === 0 || codes.includes(code);
      }
    }
    return false;
  };

  const severityOf = (code: RuleCode, settings?: ValidationSettings): RuleSeverity =>
    settings?.severity?.[code] ?? RULES.find((r) => r.code === code)!.defaultSeverity;

  const toDiagnostic = (model: EciModel, slice: DocumentSlice, f: Finding, severity: Exclude<RuleSeverity, 'off'>): Diagnostic => ({
    range: toRange(slice, f.start, f.end),
    severity: SEVERITY[severity],
    code: f.code,
    source: DIAGNOSTIC_SOURCE,
    message: f.message,
    tags: f.tag === 'unnecessary' ? [DiagnosticTag.Unnecessary] : f.tag === 'deprecated' ? [DiagnosticTag.Deprecated] : undefined,
    relatedInformation: f.related?.map((r) => ({ location: { uri: model.uri, range: toRange(slice, r.start, r.end) }, message: r.message })),
  });

  const sliceAt = (model: EciModel, position: Position): { slice: DocumentSlice; offset: number } | undefined => {
    let found: DocumentSlice | undefined;
    for (const s of model.slices) if (s.line <= position.line) found = s;
    if (!found) return undefined;
    return { slice: found, offset: found.doc.lines.offsetAt({ line: position.line - found.line, character: position.character }) };
  };

  return {
    parse(document, parseOptions) {
      return { uri: document.uri, version: document.version, slices: cache.slices(document.uri, document.getText()), helmValues: parseOptions?.helmValues };
    },

    doValidation(model, settings) {
      const facts = factsOf(model);
      const diagnostics: Diagnostic[] = [];
      for (const slice of model.slices) {
        for (const analysis of objectsOf(model, slice)) {
          for (const f of findingsOf(analysis, facts)) {
            const severity = severityOf(f.code, settings);
            if (severity === 'off') continue;
            if (suppressed(slice, slice.doc.lines.positionAt(f.anchor ?? f.start).line, f.code)) continue;
            diagnostics.push(toDiagnostic(model, slice, f, severity));
          }
        }
      }
      return diagnostics;
    },

    async doComplete(model, position) {
      const at = sliceAt(model, position);
      const objects = at ? objectsOf(model, at.slice) : [];
      const analysis = objects.find((o) => o.root && at!.offset >= o.root.offset && at!.offset <= o.root.offset + o.root.length) ?? objects[0];
      const result = at && (await doComplete(analysis, at.offset, catalogue, options.account));
      if (!at || !result) return { isIncomplete: false, items: [] };
      for (const item of result.items) {
        if (item.textEdit && 'range' in item.textEdit) {
          const r = item.textEdit.range;
          item.textEdit.range = { start: { line: r.start.line + at.slice.line, character: r.start.character }, end: { line: r.end.line + at.slice.line, character: r.end.character } };
        }
      }
      return { isIncomplete: false, items: result.items };
    },

    doHover(model, position) {
      const at = sliceAt(model, position);
      if (!at) return null;
      const offset = at.offset;
      for (const [map, placement] of objectsOf(model, at.slice).flatMap((a) => a.maps.map((m) => [m, a.placement] as const))) {
        for (const entry of map.entries) {
          const key = entry.property.keyNode;
          const value = entry.value;
          const onKey = offset >= key.offset && offset <= key.offset + key.length;
          const onValue = value !== undefined && offset >= value.offset && offset <= value.offset + value.length;
          if (!onKey && !onValue) continue;
          const node = onKey ? key : value!;
          const range = toRange(at.slice, node.offset, node.offset + node.length);
          const label = catalogue.routingLabel(entry.key);
          if (label) return { contents: { kind: MarkupKind.Markdown, value: labelMarkdown(label) }, range };
          const annotation = catalogue.get(entry.key) ?? catalogue.misspelled(entry.key);
          if (!annotation) return null;
          const misspelt = annotation.key !== entry.key ? `${t('hover.misspelling', { typed: entry.key, key: annotation.key }, locale)}\n\n---\n\n` : '';
          const body = onValue && typeof value?.value === 'string' ? valueMarkdown(annotation, value.value, placement) : annotationMarkdown(annotation, placement);
          return { contents: { kind: MarkupKind.Markdown, value: misspelt + body }, range };
        }
      }
      return null;
    },

    getCodeActions(model, range, diagnostics, opts) {
      const actions: CodeAction[] = [];
      const facts = factsOf(model);
      const ours = diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
      for (const slice of model.slices) {
        const lastLine = slice.line + slice.doc.lines.lineCount - 1;
        if (range.end.line < slice.line || range.start.line > lastLine) continue;
        for (const analysis of objectsOf(model, slice)) {
          for (const f of findingsOf(analysis, facts)) {
            const r = toRange(slice, f.start, f.end);
            const diagnostic = ours.find((d) => d.code === f.code && sameRange(d.range, r));
            if (!diagnostic) continue;
            for (const fix of f.fixes()) {
              actions.push({
                title: fix.title,
                kind: CodeActionKind.QuickFix,
                diagnostics: [diagnostic],
                isPreferred: fix.preferred,
                edit: { changes: { [model.uri]: fix.edits.map((e) => toTextEdit(slice, e)) } },
              });
            }
            actions.push(disableAction(model, slice, f, diagnostic));
          }
          if (opts?.accountActions) actions.push(...pickActions(model, slice, analysis, range));
        }
      }
      return actions;
    },

    async checkAccountResources(model, settings) {
      const account = options.account;
      const severity = severityOf('resource-not-found', settings);
      if (!account?.isConnected() || severity === 'off') return [];
      const diagnostics: Diagnostic[] = [];
      const known = new Map<AccountResourceKind, Set<string>>();
      for (const slice of model.slices) {
        for (const map of objectsOf(model, slice).flatMap((a) => a.maps)) {
          if (map.role !== 'site') continue;
          for (const entry of map.entries) {
            const annotation = catalogue.get(entry.key);
            const id = typeof entry.value?.value === 'string' ? entry.value.value : undefined;
            if (!annotation?.pick || !id || /[*${}<>]/.test(id)) continue;
            let ids = known.get(annotation.pick);
            if (!ids) {
              try {
                ids = new Set((await account.list(annotation.pick)).map((r) => r.id));
              } catch {
                return diagnostics;
              }
              known.set(annotation.pick, ids);
            }
            if (ids.has(id)) continue;
            const v = entry.value!;
            diagnostics.push({
              range: toRange(slice, v.offset, v.offset + v.length),
              severity: SEVERITY[severity],
              code: 'resource-not-found',
              source: DIAGNOSTIC_SOURCE,
              message: `${id} does not exist in the configured account and region, so ECI cannot create the pod. Pick an existing one (Ctrl+.) or check the region setting.`,
            });
          }
        }
      }
      return diagnostics;
    },

    forget(uri) {
      cache.forget(uri);
    },
  };

  /** "Pick a … from your account" on pickable keys, and "Associate an existing EIP…" on templates without an EIP. */
  function pickActions(model: EciModel, slice: DocumentSlice, analysis: DocumentAnalysis, range: Range): CodeAction[] {
    const actions: CodeAction[] = [];
    const lines = slice.doc.lines;
    const local = { start: range.start.line - slice.line, end: range.end.line - slice.line };
    const command = (title: string, args: PickResourceArgs): CodeAction => ({
      title,
      kind: CodeActionKind.RefactorRewrite,
      command: { title, command: PickResourceCommand, arguments: [args] },
    });
    for (const map of analysis.maps) {
      if (map.role !== 'site') continue;
      for (const entry of map.entries) {
        const annotation = catalogue.get(entry.key);
        if (!annotation?.pick || !annotation.placement.includes(analysis.placement)) continue;
        const line = lines.positionAt(entry.property.keyNode.offset).line;
        if (line < local.start || line > local.end) continue;
        const value = entry.value;
        const hasValue = value && value.length > 0 && value.type !== 'null';
        const vq = quoteFor(value, map.map);
        const start = hasValue ? value!.offset : colonOffsetOf(entry.property, lines.text) + 1;
        const end = hasValue ? value!.offset + value!.length : start;
        actions.push(
          command(t(PICK_TITLES[annotation.pick], undefined, locale), {
            uri: model.uri,
            version: model.version,
            kind: annotation.pick,
            range: toRange(slice, start, end),
            template: `${hasValue ? '' : ' '}${quote('${id}', vq)}`,
          }),
        );
      }
    }
    const associate = associateAction(analysis, lines, local);
    if (associate) actions.push(command(t('pick.associateEip', undefined, locale), { uri: model.uri, version: model.version, kind: 'eip', range: toRange(slice, associate.start, associate.end), template: associate.text }));
    return actions;
  }

  /** The edit that adds the EIP annotation to a pod template that has none, when the cursor is in that template. */
  function associateAction(analysis: DocumentAnalysis, lines: LineIndex, local: { start: number; end: number }): OffsetEdit | undefined {
    const eipKey = catalogue.annotations.find((a) => a.pick === 'eip' && a.placement.includes('pod'));
    if (!analysis.row || analysis.placement !== 'pod' || !eipKey || !isObject(analysis.root)) return undefined;
    const site = moveTarget(analysis.row);
    if (isMultiPath(site.annotations)) return undefined;
    const map = analysis.maps.find((m) => m.role === 'site' && m.site.annotations === site.annotations);
    if (map?.entries.some((e) => catalogue.get(e.key)?.group === 'EIP')) return undefined;
    // The cursor must be inside the deepest part of the template path that exists.
    const segments = site.annotations.split('.');
    let scope: ASTNode | undefined;
    for (let i = segments.length; i > 0 && !scope; i--) scope = findPaths(analysis.root, segments.slice(0, i).join('.'))[0]?.property;
    if (!scope) return undefined;
    const first = lines.positionAt(scope.offset).line;
    const last = lines.positionAt(scope.offset + scope.length).line;
    if (first > local.end || last < local.start) return undefined;
    const line = `${eipKey.key}: ${quote('${id}', preferredQuote(map?.map))}`;
    return insertAtPathEdit({ start: analysis.root, segments }, line, lines);
  }
}

/** "Disable <code> for this line": a `# eci-disable-next-line <code>` comment above the line, or the code added to one. */
function disableAction(model: EciModel, slice: DocumentSlice, f: Finding, diagnostic: Diagnostic): CodeAction {
  const lines = slice.doc.lines;
  const line = lines.positionAt(f.anchor ?? f.start).line;
  const text = lines.lineText(line);
  const above = line > 0 ? lines.lineText(line - 1) : undefined;
  const existing = above !== undefined ? new RegExp(`^(\\s*#\\s*${DISABLE_NEXT_LINE}\\b[^#]*?)\\s*$`).exec(above) : null;
  const edit: OffsetEdit = existing
    ? { start: lines.lineStart(line - 1) + existing[1].length, end: lines.lineStart(line - 1) + existing[1].length, text: ` ${f.code}` }
    : { start: lines.lineStart(line), end: lines.lineStart(line), text: `${/^[ \t]*(?:- +)*/.exec(text)![0].replace(/-/g, ' ')}# ${DISABLE_NEXT_LINE} ${f.code}${eolOf(lines.text)}` };
  return {
    title: f.anchor === undefined ? `Disable ${f.code} for this line` : `Disable ${f.code} for ${lines.lineText(line).trim().replace(/:.*$/, '')}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: { changes: { [model.uri]: [{ range: { start: offsetToPosition(slice, edit.start), end: offsetToPosition(slice, edit.end) }, newText: edit.text }] } },
  };
}

function offsetToPosition(slice: DocumentSlice, offset: number): Position {
  const p = slice.doc.lines.positionAt(offset);
  return { line: p.line + slice.line, character: p.character };
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

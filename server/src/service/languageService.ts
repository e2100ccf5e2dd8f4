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
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type Hover,
  type Position,
  type Range,
  type TextEdit,
} from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AccountResources, Cancellation, SecurityGroupFacts, VSwitchFacts } from './account';
import { analyseObjects, type Autoscaled, type DocumentAnalysis } from './analysis';
import { Catalogue } from './catalogue';
import { localizedCatalogue } from './catalogue/l10n';
import { isMultiPath, moveTarget } from './catalogue/kinds';
import { isAccountResourceKind, type AccountResourceKind, type PickKind } from './catalogue/types';
import { doComplete } from './completion';
import { findProblems, type FileFacts, type Finding, type FixedValue } from './diagnostics';
import { annotationMarkdown, labelMarkdown, valueMarkdown } from './docs';
import { colonOffsetOf, eolOf, insertAtPathEdit, preferredQuote, quote, quoteFor, type Fix, type OffsetEdit } from './edits';
import { t, type Locale, type MessageKey } from './l10n';
import { DIAGNOSTIC_SOURCE, DISABLE_NEXT_LINE, RULES, type RuleCode, type RuleSeverity } from './rules';
import { DocumentCache, parseDocument, parseOnce, type DocumentSlice, type LineIndex, type ParsedDocument } from './yaml/parse';
import { documentLines, focusedDocument } from './yaml/focus';
import { isOutlined, lineSourceOf, YamlOutline, type LineSource } from './yaml/outline';
import { MAX_COMPACT_NESTING } from './yaml/depth';
import { findPaths, isObject, type ASTNode } from './yaml/ast';
import { assessInternet, internetUnits, NetworkCache, readProfile, splitIds, vSwitchesOf, type InternetContext, type InternetReport } from './internet';
import { idsIn, NETWORK_KEYS, networkFindings, type NetworkRefs } from './network-checks';
import { PickResourceCommand, type PickResourceArgs } from '../protocol';

export interface LanguageServiceOptions {
  catalogue?: Catalogue;
  /** The language of hover docs, completion details and action titles; absent: the catalogue as written (English prose). */
  locale?: Locale;
  /** The user's account; absent where account features are unavailable. */
  account?: AccountResources;
  /** Network facts read from the account, shared with whoever else reads them (the server's validation worker); a cache of its own when absent. */
  networkCache?: NetworkCache;
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

/** Options of the Internet-access check. */
export interface InternetOptions extends ValidationSettings {
  /** Warn when the pod will not reach the Internet (`eciAnnotations.account.checkInternet`; needs the account). */
  warn?: boolean;
  /** `eciAnnotations.account.vSwitchIds`. */
  vSwitchIds?: readonly string[];
  /** Other open documents of the workspace, searched for an eci-profile ConfigMap or Selector. */
  workspace?: readonly EciModel[];
  token?: Cancellation;
  /** Awaited between YAML documents (those not parsed yet are parsed then); the check stops when it resolves to false. */
  pause?: Pause;
}

/** The Internet-access line of one pod template, and its warning when there is one. */
export interface InternetLine {
  /** Where the line belongs: the template's `annotations:` key, else its first image. */
  range: Range;
  /** "Internet: …" */
  line: string;
  /** Hover markdown. */
  details: string;
  diagnostic?: Diagnostic;
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
  /**
   * The model a hover or completion at `position` needs, made without splitting the whole file: only the YAML
   * document under the cursor (parsed documents are kept per text, a few per file). One of more than FOCUS_LINES
   * lines is replaced by its focused stand-in (`yaml/focus.ts`: the lines near the cursor, its ancestors and the
   * top-level keys), so the request waits for a parse of a few hundred lines, not of the whole document.
   */
  modelAround(document: TextDocument, position: Position, options?: ParseOptions): EciModel;
  /**
   * Quick fixes for the given diagnostics, plus account pickers where the cursor is, when `accountActions` is on.
   * One fix shared by several diagnostics (move all of a map) is one action. With `lazyEdits`, quick fixes carry
   * `data` instead of their edit, for `resolveCodeAction`.
   */
  getCodeActions(model: EciModel, range: Range, diagnostics: readonly Diagnostic[], options?: CodeActionOptions): CodeAction[];
  /**
   * `getCodeActions` in steps: awaits `pause()` between YAML documents (parsing those not parsed yet) and every few
   * hundred findings. Undefined when `pause` resolves to false (the request was cancelled).
   */
  getCodeActionsInSteps(model: EciModel, range: Range, diagnostics: readonly Diagnostic[], options: CodeActionOptions | undefined, pause: Pause): Promise<CodeAction[] | undefined>;
  /** Fills in the edit of a quick fix given without one (`codeAction/resolve`). Unknown or stale actions come back as they are. */
  resolveCodeAction(model: EciModel, action: CodeAction): CodeAction;
  /**
   * `doValidation` in steps: parses and checks one YAML document at a time, and awaits `pause()` between them
   * (the server yields to other requests there). Returns undefined when `pause` resolves to false (cancelled).
   */
  doValidationInSteps(model: EciModel, settings: ValidationSettings | undefined, pause: () => Promise<boolean> | boolean): Promise<Diagnostic[] | undefined>;
  /** IDs that name account resources which do not exist (the optional existence check). */
  checkAccountResources(model: EciModel, settings?: InternetOptions): Promise<Diagnostic[]>;
  /** The Internet-access line of every pod template and ImageCache, with warnings when `warn` is on and the account is connected. */
  checkInternet(model: EciModel, options?: InternetOptions): Promise<InternetLine[]>;
  /** Hover parts that need the account: the Internet line on an `annotations:` key, the live record of an EIP, package or pool ID. */
  doAccountHover(model: EciModel, position: Position, options?: InternetOptions): Promise<Hover | null>;
  /** Drops cached network facts (the account or region changed). */
  clearAccountCache(): void;
  /** Drops cached state for a closed document. */
  forget(uri: string): void;
}

const SEVERITY: Record<Exclude<RuleSeverity, 'off'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Longest message or title the server sends; longer ones are cut (a 1 MB value must not make a 1 MB message). */
const MAX_MESSAGE = 1000;
/** Longest run of non-blank characters kept whole in a message (keys and values beyond it are shortened). */
const MAX_WORD = 120;

/** Bounds a message: long keys or values in it are shortened, and the whole is cut at MAX_MESSAGE. */
export function boundMessage(message: string): string {
  if (message.length <= MAX_WORD) return message;
  let shortened = '';
  let from = 0;
  for (let i = 0; i <= message.length; i++) {
    const c = message.charCodeAt(i);
    if (i < message.length && c !== 32 && c !== 10 && c !== 9 && c !== 13) continue;
    if (i - from > MAX_WORD) shortened += `${message.slice(from, from + 80)}…${message.slice(i - 20, i)}`;
    else shortened += message.slice(from, i);
    if (i < message.length) shortened += message[i];
    from = i + 1;
  }
  return shortened.length > MAX_MESSAGE ? `${shortened.slice(0, MAX_MESSAGE - 1)}…` : shortened;
}

/** Options of getCodeActions. */
export interface CodeActionOptions {
  /** Offer the account pickers where the cursor is. */
  accountActions?: boolean;
  /** Quick fixes carry `data` instead of their edit, for `resolveCodeAction`. */
  lazyEdits?: boolean;
  /** The `account.vSwitchIds` setting: the pod's vSwitches when neither the annotations nor an eci-profile name them. */
  vSwitchIds?: readonly string[];
  /** The other documents, where an eci-profile may be; read only for a security-group pick whose map names no vSwitch. */
  workspace?: () => readonly EciModel[];
}

/** Resolves to false when the work should stop (cancelled, or a newer version arrived); yields to other work first. */
export type Pause = () => Promise<boolean> | boolean;

/** YAML documents longer than this are focused around the cursor for hover and completion (see `modelAround`). */
const FOCUS_LINES = 2000;
/** Parsed YAML documents `modelAround` keeps per file. */
const AROUND_KEPT = 8;

/** A copy of a string that does not keep the string it was cut from alive (V8 slices are views). */
function flat(s: string): string {
  return s.length < 13 ? s : (s + ' ').slice(0, -1);
}

/** Findings handled between two pauses of a code action request. */
const STEP_FINDINGS = 256;

/** Runs stepped work to its end at once. */
function drain<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Runs stepped work, awaiting `pause()` between steps; undefined when it resolves to false. */
async function runSteps<T>(steps: Generator<void, T>, pause: Pause): Promise<T | undefined> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (!(await pause())) return undefined;
  }
}

/** Diagnostics in one code action request above which a fix covering a whole map replaces the ones it includes. */
const MANY_DIAGNOSTICS = 100;

/** What a lazy quick fix carries to `codeAction/resolve`. */
interface FixData {
  eciFix: { uri: string; version: number; code: string; range: Range; title: string };
}

/** A YAML document's part of the file facts; fixed values' lines are counted from the document's first line. */
type ChunkFacts = { waitForFirstConsumerClasses: string[]; autoscaled: Autoscaled[]; fixedValues: FixedValue[] };

/** A YAML document's findings as diagnostics counted from its first line; `code` undefined: a fixed severity. */
interface ChunkFindings {
  /** The key of the file facts a rule read for them; undefined when no rule read one. */
  factsKey?: string;
  items: { code?: RuleCode; diagnostic: Diagnostic }[];
}

/** What validation keeps of a YAML document's text across versions, instead of its parse. */
interface ChunkCheck {
  helmValues: boolean;
  facts: ChunkFacts;
  /** Undefined until the file facts are known, when a rule reads them. */
  found?: ChunkFindings;
}

const NO_FACTS: FileFacts = { waitForFirstConsumerClasses: [], autoscaled: [], fixedValues: [] };
/** The facts key of findings that read no file fact: they hold whatever the file says. */
const ANY_FACTS = '*';
/** The facts key while the file facts are not known yet (no JSON text is empty). */
const UNKNOWN_FACTS = '';

/** File facts that note whether a rule read them: findings that read none hold whatever the rest of the file says. */
function watchFacts(facts: FileFacts): { facts: FileFacts; read: () => boolean } {
  let read = false;
  return {
    facts: {
      get waitForFirstConsumerClasses() {
        read = true;
        return facts.waitForFirstConsumerClasses;
      },
      get autoscaled() {
        read = true;
        return facts.autoscaled;
      },
      get fixedValues() {
        read = true;
        return facts.fixedValues;
      },
    },
    read: () => read,
  };
}

/** A diagnostic counted from its YAML document's first line, placed in the file (`line`: that first line), with its severity. */
function placed(d: Diagnostic, line: number, severity: DiagnosticSeverity | undefined): Diagnostic {
  const at = (r: Range): Range => ({ start: { line: r.start.line + line, character: r.start.character }, end: { line: r.end.line + line, character: r.end.character } });
  return {
    range: at(d.range),
    severity: severity ?? d.severity,
    code: d.code,
    source: d.source,
    message: d.message,
    tags: d.tags,
    relatedInformation: d.relatedInformation?.map((r) => ({ location: { uri: r.location.uri, range: at(r.location.range) }, message: r.message })),
  };
}

const SUPPRESS_COMMENT = new RegExp(`^#\\s*${DISABLE_NEXT_LINE}\\b(.*)$`);

const PICK_TITLES: Record<PickKind, MessageKey> = {
  eip: 'pick.eip',
  bandwidthPackage: 'pick.bandwidthPackage',
  ipPool: 'pick.ipPool',
  vSwitch: 'pick.vSwitch',
  securityGroup: 'pick.securityGroup',
};

/** Creates a language service. */
export function getLanguageService(options: LanguageServiceOptions = {}): EciLanguageService {
  const locale = options.locale ?? 'en';
  const catalogue = options.catalogue ?? (options.locale ? localizedCatalogue(options.locale) : new Catalogue());
  const cache = new DocumentCache();
  /** The outline of the last text `modelAround` saw per uri, for documents that do not keep their own (`OutlinedDocument`). */
  const outlines = new Map<string, { text: string; outline: YamlOutline }>();
  const linesOf = (document: TextDocument): { source: LineSource; outline: YamlOutline } => {
    if (isOutlined(document)) return { source: document.lines(), outline: document.outline() };
    const source = lineSourceOf(document);
    const text = document.getText();
    const known = outlines.get(document.uri);
    if (known?.text === text) return { source, outline: known.outline };
    const outline = YamlOutline.of(source);
    outlines.set(document.uri, { text, outline });
    return { source, outline };
  };
  /** Documents parsed for requests by `modelAround`, per uri, by text (most recent last). */
  const around = new Map<string, Map<string, ParsedDocument>>();
  // Findings are kept on each analysis under this service's own key (a WeakMap entry that refers to its key keeps
  // both alive through minor GCs).
  const FINDINGS = Symbol('findings');
  type WithFindings = DocumentAnalysis & { [FINDINGS]?: { facts: string; findings: Finding[] } };
  const networkCache = options.networkCache ?? new NetworkCache();
  /** The last Internet reports per document, for the quick fixes of their warnings. */
  const internetReports = new Map<string, { version: number; items: { slice: DocumentSlice; report: InternetReport; diagnostic: Diagnostic }[] }>();

  /** The objects of one YAML document of a model (one, or the items of a List). */
  const objectsOf = (model: EciModel, slice: DocumentSlice): DocumentAnalysis[] => analyseObjects(slice.doc, { helmValues: model.helmValues });

  /** This YAML document's part of the file facts (file lines of fixed values counted from the document's first line). */
  const chunkFactsOf = (analyses: readonly DocumentAnalysis[], doc: ParsedDocument): ChunkFacts => {
    const facts: ChunkFacts = { waitForFirstConsumerClasses: [], autoscaled: [], fixedValues: [] };
    for (const a of analyses) {
      if (a.waitForFirstConsumerClass !== undefined) facts.waitForFirstConsumerClasses.push(a.waitForFirstConsumerClass);
      if (a.autoscales) facts.autoscaled.push(a.autoscales);
      for (const map of a.maps) {
        if (map.role !== 'site') continue;
        for (const e of map.entries) {
          const value = e.value?.value;
          if (!catalogue.get(e.key)?.singleInstance || typeof value !== 'string') continue;
          const owner = a.kind ? `${a.kind}${a.name ? ` ${a.name}` : ''}` : 'values';
          facts.fixedValues.push({ key: e.key, value, owner, line: doc.lines.positionAt(e.property.keyNode.offset).line + 1 });
        }
      }
    }
    return facts;
  };

  /**
   * The check kept for a YAML document of a model, made now when there is none: its part of the file facts and, when
   * its parse is not kept, its diagnostics, so that it is parsed once. A document whose rules read a file fact gets
   * them later (`diagnosticsOf`, once the file facts are known) and keeps its parse (`doc`) for that.
   */
  const checkOf = (model: EciModel, slice: DocumentSlice): ChunkCheck => {
    const helmValues = model.helmValues === true;
    const kept = slice.entry?.results as ChunkCheck | undefined;
    if (kept?.helmValues === helmValues) return kept;
    const doc = parseOnce(slice);
    const analyses = analyseObjects(doc, { helmValues });
    const check: ChunkCheck = { helmValues, facts: chunkFactsOf(analyses, doc) };
    if (slice.entry && !slice.entry.parsed) {
      const found = chunkDiagnostics(model.uri, doc, analyses, undefined);
      if (found) check.found = found;
      // The parse, with its findings, stays for a document with something to fix: code actions ask for them.
      if (!found || found.items.length > 0) slice.entry.parsed = doc;
    }
    if (slice.entry) slice.entry.results = check;
    return check;
  };

  /** The file-wide facts, and the key under which per-document findings that used them are cached. */
  const factsOf = (model: EciModel): { facts: FileFacts; key: string } => {
    const facts: { waitForFirstConsumerClasses: string[]; autoscaled: Autoscaled[]; fixedValues: FixedValue[] } = { waitForFirstConsumerClasses: [], autoscaled: [], fixedValues: [] };
    const uses = new Map<string, number>();
    for (const slice of model.slices) {
      const chunk = checkOf(model, slice).facts;
      facts.waitForFirstConsumerClasses.push(...chunk.waitForFirstConsumerClasses);
      facts.autoscaled.push(...chunk.autoscaled);
      for (const f of chunk.fixedValues) {
        facts.fixedValues.push({ ...f, line: f.line + slice.line });
        const use = `${f.key}\u0000${f.value}`;
        uses.set(use, (uses.get(use) ?? 0) + 1);
      }
    }
    facts.fixedValues = facts.fixedValues.filter((f) => uses.get(`${f.key}\u0000${f.value}`)! > 1);
    return { facts, key: JSON.stringify(facts) };
  };

  const findingsOf = (analysis: DocumentAnalysis, { facts, key }: { facts: FileFacts; key: string }): Finding[] => {
    const memo = analysis as WithFindings;
    const cached = memo[FINDINGS];
    if (cached && (cached.facts === key || cached.facts === ANY_FACTS)) return cached.findings;
    const watched = watchFacts(facts);
    const findings = findProblems(analysis, catalogue, watched.facts, locale);
    memo[FINDINGS] = { facts: watched.read() ? key : ANY_FACTS, findings };
    return findings;
  };

  const toRange = (slice: DocumentSlice, start: number, end: number): Range => {
    const r = slice.doc.lines.range(start, end);
    return { start: { line: r.start.line + slice.line, character: r.start.character }, end: { line: r.end.line + slice.line, character: r.end.character } };
  };

  const toTextEdit = (slice: DocumentSlice, e: OffsetEdit): TextEdit => ({ range: toRange(slice, e.start, e.end), newText: e.text });

  const suppressed = (slice: DocumentSlice, localLine: number, code: string): boolean => suppressedIn(slice.doc.lines, localLine, code);

  const suppressedIn = (lines: LineIndex, localLine: number, code: string): boolean => {
    for (let l = localLine - 1; l >= 0; l--) {
      const text = lines.lineText(l).trim();
      if (!text.startsWith('#')) return false;
      const m = SUPPRESS_COMMENT.exec(text);
      if (m) {
        const codes = m[1].split(/[\s,]+/).filter(Boolean);
        return codes.length === 0 || codes.includes(code);
      }
    }
    return false;
  };

  const severityOf = (code: RuleCode, settings?: ValidationSettings): RuleSeverity => settings?.severity?.[code] ?? RULES.find((r) => r.code === code)!.defaultSeverity;

  /** A finding as a diagnostic counted from its YAML document's first line, without severity. */
  const localDiagnostic = (uri: string, lines: LineIndex, f: Finding): Diagnostic => ({
    range: lines.range(f.start, f.end),
    code: f.code,
    source: DIAGNOSTIC_SOURCE,
    message: boundMessage(f.message),
    tags: f.tag === 'unnecessary' ? [DiagnosticTag.Unnecessary] : f.tag === 'deprecated' ? [DiagnosticTag.Deprecated] : undefined,
    relatedInformation: f.related?.map((r) => ({ location: { uri, range: lines.range(r.start, r.end) }, message: boundMessage(r.message) })),
  });

  /**
   * The findings of one YAML document as diagnostics counted from its first line, without severity. With `facts`
   * undefined (not known yet), undefined when a rule read a file fact; otherwise the facts' key when one did.
   */
  const chunkDiagnostics = (
    uri: string,
    doc: ParsedDocument,
    analyses: readonly DocumentAnalysis[],
    facts: { facts: FileFacts; key: string } | undefined,
  ): ChunkFindings | undefined => {
    const items: ChunkFindings['items'] = [];
    const deep = doc.tooDeep;
    if (deep) {
      items.push({
        diagnostic: {
          range: { start: { line: deep.line, character: 0 }, end: { line: deep.line, character: doc.lines.lineText(deep.line).length } },
          severity: DiagnosticSeverity.Information,
          source: DIAGNOSTIC_SOURCE,
          message: t('diag.tooDeep', { depth: deep.depth, max: MAX_COMPACT_NESTING }, locale),
        },
      });
    }
    const unknown = { facts: NO_FACTS, key: UNKNOWN_FACTS };
    let read = false;
    for (const analysis of analyses) {
      for (const f of findingsOf(analysis, facts ?? unknown)) {
        if (suppressedIn(doc.lines, doc.lines.positionAt(f.anchor ?? f.start).line, f.code)) continue;
        items.push({ code: f.code, diagnostic: localDiagnostic(uri, doc.lines, f) });
      }
      read ||= (analysis as WithFindings)[FINDINGS]?.facts !== ANY_FACTS;
    }
    if (!read) return { items };
    return facts ? { factsKey: facts.key, items } : undefined;
  };

  const diagnosticsOf = (model: EciModel, slice: DocumentSlice, facts: { facts: FileFacts; key: string }, settings: ValidationSettings | undefined): Diagnostic[] => {
    const check = slice.entry ? checkOf(model, slice) : undefined;
    let found = check?.found;
    if (!found || (found.factsKey !== undefined && found.factsKey !== facts.key)) {
      const doc = slice.doc;
      found = chunkDiagnostics(model.uri, doc, analyseObjects(doc, { helmValues: model.helmValues }), facts)!;
      if (check) check.found = found;
    }
    const diagnostics: Diagnostic[] = [];
    for (const { code, diagnostic } of found.items) {
      const severity = code ? severityOf(code, settings) : undefined;
      if (severity === 'off') continue;
      diagnostics.push(placed(diagnostic, slice.line, severity && SEVERITY[severity]));
    }
    return diagnostics;
  };

  const sliceAt = (model: EciModel, position: Position): { slice: DocumentSlice; offset: number } | undefined => {
    let found: DocumentSlice | undefined;
    for (const s of model.slices) if (s.line <= position.line) found = s;
    if (!found) return undefined;
    return { slice: found, offset: found.doc.lines.offsetAt({ line: position.line - found.line, character: position.character }) };
  };

  /** Code actions, yielding between YAML documents and every STEP_FINDINGS findings (see getCodeActionsInSteps). */
  function* codeActionSteps(model: EciModel, range: Range, diagnostics: readonly Diagnostic[], opts: CodeActionOptions | undefined): Generator<void, CodeAction[]> {
    const actions: CodeAction[] = [];
    const ours = new Map<string, Diagnostic>();
    for (const d of diagnostics) if (d?.source === DIAGNOSTIC_SOURCE && d.range) ours.set(diagnosticKey(String(d.code), d.range), d);
    // Slices the range touches, found by line only: the others are not parsed.
    const touched = model.slices.filter((slice) => range.end.line >= slice.line && range.start.line <= slice.line + slice.lineCount - 1);
    const facts = ours.size ? factsOf(model) : undefined;
    // Past this many diagnostics in one request (a selection over a whole map), a fix that covers its map stands
    // for the per-diagnostic fixes it includes: a menu of thousands of moves helps nobody.
    const many = ours.size > MANY_DIAGNOSTICS;
    let n = 0;
    for (const slice of touched) {
      yield;
      for (const analysis of objectsOf(model, slice)) {
        const shared = new Map<Fix, CodeAction>();
        for (const f of facts ? findingsOf(analysis, facts) : []) {
          if (++n % STEP_FINDINGS === 0) yield;
          const diagnostic = ours.get(diagnosticKey(f.code, toRange(slice, f.start, f.end)));
          if (!diagnostic) continue;
          const fixes = f.fixes();
          const covering = many ? fixes.filter((x) => x.covers === 'map') : [];
          for (const fix of covering.length ? covering : fixes) {
            const same = shared.get(fix);
            if (same) {
              same.diagnostics!.push(diagnostic);
              continue;
            }
            const title = boundMessage(fix.title);
            const action: CodeAction = { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.preferred };
            if (opts?.lazyEdits) action.data = { eciFix: { uri: model.uri, version: model.version, code: f.code, range: diagnostic.range, title } } satisfies FixData;
            else action.edit = { changes: { [model.uri]: fix.edits.map((e) => toTextEdit(slice, e)) } };
            shared.set(fix, action);
            actions.push(action);
          }
          // A disable comment per diagnostic, unless the request holds so many that only map-wide fixes are offered.
          if (!many) actions.push(disableAction(model, slice, f, diagnostic, locale));
        }
        if (opts?.accountActions) actions.push(...pickActions(model, slice, analysis, range, opts));
      }
    }
    actions.push(...internetActions(model, ours, opts?.accountActions === true));
    return actions;
  }

  /** Makes the missing checks of a model's YAML documents (`checkOf`), awaiting `pause()` between them; false when cancelled. */
  async function checkInSteps(model: EciModel, pause: Pause): Promise<boolean> {
    for (const slice of model.slices) {
      if (slice.entry?.results) continue;
      checkOf(model, slice);
      if (!(await pause())) return false;
    }
    return true;
  }

  /** Parses and analyses every YAML document of the models, awaiting `pause()` between them; false when cancelled. */
  async function parseInSteps(models: readonly EciModel[], pause: Pause): Promise<boolean> {
    for (const model of models) {
      for (const slice of model.slices) {
        objectsOf(model, slice);
        if (!(await pause())) return false;
      }
    }
    return true;
  }

  const service: EciLanguageService = {
    parse(document, parseOptions) {
      return { uri: document.uri, version: document.version, slices: cache.slices(document.uri, document.getText()), helmValues: parseOptions?.helmValues };
    },

    doValidation(model, settings) {
      const facts = factsOf(model);
      const diagnostics: Diagnostic[] = [];
      for (const slice of model.slices) diagnostics.push(...diagnosticsOf(model, slice, facts, settings));
      return diagnostics;
    },

    async doValidationInSteps(model, settings, pause) {
      if (!(await checkInSteps(model, pause))) return undefined;
      const facts = factsOf(model);
      const diagnostics: Diagnostic[] = [];
      for (const slice of model.slices) {
        for (const d of diagnosticsOf(model, slice, facts, settings)) diagnostics.push(d);
        if (!(await pause())) return undefined;
      }
      return diagnostics;
    },

    async doComplete(model, position) {
      const none = { isIncomplete: false, items: [] };
      const at = sliceAt(model, position);
      if (!at) return none;
      const lines = at.slice.doc.lines;
      const local = lines.positionAt(at.offset);
      const lineText = lines.lineText(local.line);
      if (inCommentOrTemplate(lineText.slice(0, local.character))) return none;
      const objects = objectsOf(model, at.slice);
      const analysis = objects.find((o) => o.root && at.offset >= o.root.offset && at.offset <= o.root.offset + o.root.length) ?? objects[0];
      const result = await doComplete(analysis, at.offset, catalogue, options.account, locale);
      if (!result) return none;
      const items: CompletionItem[] = [];
      for (const item of result.items) {
        if (item.textEdit && 'range' in item.textEdit) {
          // LSP: the range is on the cursor's line and contains the cursor; blanks between may be taken in.
          const r = item.textEdit.range;
          if (r.start.line !== local.line || r.end.line !== local.line) continue;
          const start = Math.min(r.start.character, local.character);
          const end = Math.max(r.end.character, local.character);
          if (lineText.slice(start, r.start.character).trim() !== '' || lineText.slice(r.end.character, end).trim() !== '') continue;
          // Taking in the blanks between the text and the cursor would glue it to what follows (`"v"# comment`).
          if (end > r.end.character && lineText.slice(end).trim() !== '') continue;
          item.textEdit.range = { start: { line: local.line + at.slice.line, character: start }, end: { line: local.line + at.slice.line, character: end } };
        }
        items.push(item);
      }
      return { isIncomplete: false, items };
    },

    modelAround(document, position, parseOptions) {
      const { source, outline } = linesOf(document);
      const cursor = Math.max(0, Math.min(position.line, source.lineCount - 1));
      const chunk = documentLines(source, outline, cursor);
      const line = chunk.first;
      const start = source.lineStart(line);
      let doc: ParsedDocument;
      if (chunk.count > FOCUS_LINES) {
        doc = focusedDocument(source, outline, chunk, cursor);
      } else {
        const chunkText = source.slice(start, chunk.end);
        let parsed = around.get(document.uri);
        if (!parsed) around.set(document.uri, (parsed = new Map<string, ParsedDocument>()));
        doc = parsed.get(chunkText) ?? parseDocument(flat(chunkText));
        parsed.delete(chunkText);
        parsed.set(chunkText, doc);
        if (parsed.size > AROUND_KEPT) parsed.delete(parsed.keys().next().value!);
      }
      return { uri: document.uri, version: document.version, slices: [{ offset: start, line, lineCount: chunk.count, doc }], helmValues: parseOptions?.helmValues };
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
          const onValue = value !== undefined && value !== null && offset >= value.offset && offset <= value.offset + value.length;
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
      return drain(codeActionSteps(model, range, diagnostics, opts));
    },

    async getCodeActionsInSteps(model, range, diagnostics, opts, pause) {
      if (diagnostics.some((d) => d?.source === DIAGNOSTIC_SOURCE) && !(await checkInSteps(model, pause))) return undefined;
      return runSteps(codeActionSteps(model, range, diagnostics, opts), pause);
    },

    resolveCodeAction(model, action) {
      const data = (action.data as Partial<FixData> | undefined)?.eciFix;
      if (!data || action.edit || data.uri !== model.uri || data.version !== model.version) return action;
      const at = sliceAt(model, data.range.start);
      if (!at) return action;
      const facts = factsOf(model);
      const finding = objectsOf(model, at.slice)
        .flatMap((a) => findingsOf(a, facts))
        .find((f) => f.code === data.code && sameRange(toRange(at.slice, f.start, f.end), data.range));
      const fix = finding?.fixes().find((x) => boundMessage(x.title) === data.title);
      if (!fix) return action;
      return { ...action, edit: { changes: { [model.uri]: fix.edits.map((e) => toTextEdit(at.slice, e)) } } };
    },

    async checkInternet(model, opts = {}) {
      const severity = severityOf('no-internet-access', opts);
      if (opts.pause && !(await parseInSteps([model, ...(opts.workspace ?? [])], opts.pause))) return [];
      const context = internetContext(model, opts);
      const lines: InternetLine[] = [];
      const items: { slice: DocumentSlice; report: InternetReport; diagnostic: Diagnostic }[] = [];
      for (const slice of model.slices) {
        if (opts.pause && !(await opts.pause())) return lines;
        for (const unit of objectsOf(model, slice).flatMap(internetUnits)) {
          if (opts.token?.isCancellationRequested) return lines;
          const report = await assessInternet(unit, context);
          const line: InternetLine = { range: toRange(slice, unit.anchor.start, unit.anchor.end), line: report.line, details: report.details };
          const w = report.warning;
          if (w && opts.warn && severity !== 'off' && !suppressed(slice, slice.doc.lines.positionAt(w.start).line, 'no-internet-access')) {
            line.diagnostic = {
              range: toRange(slice, w.start, w.end),
              severity: SEVERITY[severity],
              code: 'no-internet-access',
              codeDescription: { href: w.href },
              source: DIAGNOSTIC_SOURCE,
              message: boundMessage(w.message),
              relatedInformation: w.related.length
                ? w.related.map((r) => ({ location: { uri: model.uri, range: toRange(slice, r.start, r.end) }, message: boundMessage(r.message) }))
                : undefined,
            };
            items.push({ slice, report, diagnostic: line.diagnostic });
          }
          lines.push(line);
        }
      }
      if (opts.warn) internetReports.set(model.uri, { version: model.version, items });
      return lines;
    },

    async doAccountHover(model, position, opts = {}) {
      const at = sliceAt(model, position);
      if (!at) return null;
      const analyses = objectsOf(model, at.slice);
      const offset = at.offset;
      const unit = analyses.flatMap(internetUnits).find((u) => u.map && offset >= u.anchor.start && offset <= u.anchor.end);
      if (unit) {
        const report = await assessInternet(unit, internetContext(model, opts));
        return { contents: { kind: MarkupKind.Markdown, value: report.details }, range: toRange(at.slice, unit.anchor.start, unit.anchor.end) };
      }
      const account = options.account;
      if (!account?.isConnected()) return null;
      for (const map of analyses.flatMap((a) => a.maps)) {
        if (map.role !== 'site') continue;
        for (const entry of map.entries) {
          const v = entry.value;
          const annotation = catalogue.get(entry.key);
          if (!isAccountResourceKind(annotation?.pick) || !v || typeof v.value !== 'string' || offset < v.offset || offset > v.offset + v.length) continue;
          let record;
          try {
            record = (await account.list(annotation.pick)).find((r) => r.id === v.value);
          } catch {
            return null;
          }
          const range = toRange(at.slice, v.offset, v.offset + v.length);
          if (!record) return { contents: { kind: MarkupKind.Markdown, value: t('account.notFound', { id: v.value }, locale) }, range };
          const rows: [MessageKey, string | undefined][] = [
            ['account.name', record.name],
            ['account.ipAddress', record.ipAddress],
            ['account.status', record.status],
            ['account.bandwidth', record.bandwidth && `${record.bandwidth} Mbit/s`],
            ['account.isp', record.isp],
            ['account.billing', [record.chargeType, record.internetChargeType].filter(Boolean).join(', ') || undefined],
            ['account.boundTo', record.attachedTo ?? (record.kind === 'eip' ? t('account.nothing', undefined, locale) : undefined)],
          ];
          const table = rows
            .filter(([, value]) => value)
            .map(([k, value]) => `| ${t(k, undefined, locale)} | ${value} |`)
            .join('\n');
          return { contents: { kind: MarkupKind.Markdown, value: `${t('account.live', { id: record.id }, locale)}\n\n| | |\n|---|---|\n${table}` }, range };
        }
      }
      return null;
    },

    clearAccountCache() {
      networkCache.clear();
    },

    async checkAccountResources(model, settings) {
      const account = options.account;
      if (!account?.isConnected()) return [];
      const diagnostics = await networkDiagnostics(model, settings ?? {});
      const severity = severityOf('resource-not-found', settings);
      if (severity === 'off') return diagnostics;
      const known = new Map<AccountResourceKind, Set<string>>();
      for (const slice of model.slices) {
        for (const map of objectsOf(model, slice).flatMap((a) => a.maps)) {
          if (map.role !== 'site') continue;
          for (const entry of map.entries) {
            const annotation = catalogue.get(entry.key);
            const id = typeof entry.value?.value === 'string' ? entry.value.value : undefined;
            if (!annotation || !isAccountResourceKind(annotation.pick) || !id || /[*${}<>]/.test(id)) continue;
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
              message: boundMessage(t('diag.resourceNotFound', { id }, locale)),
            });
          }
        }
      }
      return diagnostics;
    },

    forget(uri) {
      cache.forget(uri);
      around.delete(uri);
      outlines.delete(uri);
      internetReports.delete(uri);
    },
  };
  return service;

  /**
   * vSwitch and security group IDs that do not exist, security groups of another VPC or of mixed types, vSwitches of
   * several VPCs, a private IP outside the vSwitches: one vSwitch and one security group lookup for the whole file.
   */
  async function networkDiagnostics(model: EciModel, settings: InternetOptions): Promise<Diagnostic[]> {
    const network = options.account?.network;
    const missing = severityOf('resource-not-found', settings);
    const mismatch = severityOf('network-mismatch', settings);
    if (!network || (missing === 'off' && mismatch === 'off')) return [];
    const context = internetContext(model, settings);
    const templates: { slice: DocumentSlice; refs: NetworkRefs }[] = [];
    for (const slice of model.slices) {
      for (const unit of objectsOf(model, slice).flatMap(internetUnits)) {
        if (!unit.map) continue;
        const keys = NETWORK_KEYS[unit.analysis.placement];
        const written = (key: string | undefined, pattern: RegExp) => {
          const v = key ? unit.map!.entries.find((e) => e.key === key)?.value : undefined;
          return v && typeof v.value === 'string' ? idsIn(slice.doc.text.slice(v.offset, v.offset + v.length), v.offset, pattern) : [];
        };
        const vSwitches = written(keys.vSwitches, /^vsw-[0-9a-z]+$/);
        const refs: NetworkRefs = {
          vSwitches,
          inheritedVSwitches: vSwitches.length ? [] : (vSwitchesOf(unit, context)?.ids ?? []),
          securityGroups: written(keys.securityGroups, /^sg-[0-9a-z]+$/),
          privateIp: written(keys.privateIp, /^\d{1,3}(\.\d{1,3}){3}$/)[0],
        };
        if (refs.vSwitches.length || refs.securityGroups.length) templates.push({ slice, refs });
      }
    }
    if (templates.length === 0) return [];
    const vSwitchIds = [...new Set(templates.flatMap((t) => [...t.refs.vSwitches.map((r) => r.value), ...t.refs.inheritedVSwitches]))];
    const groupIds = [...new Set(templates.flatMap((t) => t.refs.securityGroups.map((r) => r.value)))];
    let switches: Map<string, VSwitchFacts | null>;
    let groups: Map<string, SecurityGroupFacts | null> | undefined;
    try {
      switches = vSwitchIds.length ? await networkCache.vSwitchFacts(network, vSwitchIds, settings.token) : new Map<string, VSwitchFacts | null>();
      groups = groupIds.length && network.securityGroups ? await networkCache.securityGroupFacts(network, groupIds, settings.token) : undefined;
    } catch {
      return [];
    }
    const region = network.region() ?? 'the configured region';
    const diagnostics: Diagnostic[] = [];
    for (const { slice, refs } of templates) {
      for (const f of networkFindings(refs, switches, groups, region, locale)) {
        const severity = f.code === 'resource-not-found' ? missing : mismatch;
        if (severity === 'off' || suppressed(slice, slice.doc.lines.positionAt(f.start).line, f.code)) continue;
        diagnostics.push({ range: toRange(slice, f.start, f.end), severity: SEVERITY[severity], code: f.code, source: DIAGNOSTIC_SOURCE, message: f.message });
      }
    }
    return diagnostics;
  }

  /** What the Internet check of a model needs besides the model: file facts, the workspace's eci-profile, the account. */
  function internetContext(model: EciModel, opts: InternetOptions): InternetContext {
    const account = options.account;
    const connected = account?.isConnected() === true;
    const all = [model, ...(opts.workspace ?? []).filter((m) => m.uri !== model.uri)];
    return {
      facts: factsOf(model).facts,
      profile: readProfile(all.flatMap((m) => m.slices.flatMap((s) => objectsOf(m, s)))),
      settingVSwitchIds: opts.vSwitchIds ?? [],
      network: connected ? account.network : undefined,
      cache: networkCache,
      // The line runs unasked (CodeLens): the live EIP record only where the network facts may be read too (checkInternet).
      eips: connected && account.network ? () => account.list('eip') : undefined,
      token: opts.token,
      locale,
    };
  }

  /** Quick fixes of the Internet warnings among the given diagnostics. */
  function internetActions(model: EciModel, diagnostics: ReadonlyMap<string, Diagnostic>, accountActions: boolean): CodeAction[] {
    const stored = internetReports.get(model.uri);
    if (!stored || stored.version !== model.version) return [];
    const actions: CodeAction[] = [];
    for (const { slice, report, diagnostic } of stored.items) {
      const match = diagnostics.get(diagnosticKey('no-internet-access', diagnostic.range));
      const w = report.warning;
      if (!match || !w) continue;
      for (const fix of w.fixes) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [match],
          isPreferred: fix.preferred,
          edit: { changes: { [model.uri]: fix.edits.map((e) => toTextEdit(slice, e)) } },
        });
      }
      if (w.pickEip && accountActions && report.unit.analysis.placement === 'pod') {
        const associate = associateAction(report.unit.analysis, slice.doc.lines, { start: 0, end: slice.doc.lines.lineCount });
        if (associate) {
          const title = t('pick.associateEip', undefined, locale);
          actions.push({
            title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [match],
            command: {
              title,
              command: PickResourceCommand,
              arguments: [
                { uri: model.uri, version: model.version, kind: 'eip', range: toRange(slice, associate.start, associate.end), template: associate.text } satisfies PickResourceArgs,
              ],
            },
          });
        }
      }
    }
    return actions;
  }

  /** The pod's vSwitches: the IDs its map names, else an eci-profile's or the setting's (as the Internet line); at most 10. */
  function podVSwitches(model: EciModel, analysis: DocumentAnalysis, map: DocumentAnalysis['maps'][number], opts: CodeActionOptions): string[] {
    const written = map.entries.find((e) => catalogue.get(e.key)?.pick === 'vSwitch')?.value?.value;
    const own = typeof written === 'string' ? splitIds(written) : [];
    const unit = own.length ? undefined : internetUnits(analysis).find((u) => u.map === map);
    if (!unit) return own.slice(0, 10);
    const models = [model, ...(opts.workspace?.() ?? []).filter((m) => m.uri !== model.uri)];
    const profile = readProfile(models.flatMap((m) => m.slices.flatMap((s) => objectsOf(m, s))));
    return (vSwitchesOf(unit, { profile, settingVSwitchIds: [...(opts.vSwitchIds ?? [])], locale })?.ids ?? []).slice(0, 10);
  }

  /** "Pick a … from your account" on pickable keys, and "Associate an existing EIP…" on templates without an EIP. */
  function pickActions(model: EciModel, slice: DocumentSlice, analysis: DocumentAnalysis, range: Range, opts: CodeActionOptions): CodeAction[] {
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
        const start = hasValue ? value.offset : colonOffsetOf(entry.property, lines.text) + 1;
        const end = hasValue ? value.offset + value.length : start;
        // Security groups must be in the VPC of the pod's vSwitches: the picker is told which vSwitches the pod uses.
        const vSwitchIds = annotation.pick === 'securityGroup' ? podVSwitches(model, analysis, map, opts) : [];
        actions.push(
          command(t(PICK_TITLES[annotation.pick], undefined, locale), {
            uri: model.uri,
            version: model.version,
            kind: annotation.pick,
            range: toRange(slice, start, end),
            template: `${hasValue ? '' : ' '}${quote('${id}', vq)}`,
            ...(vSwitchIds.length ? { vSwitchIds } : {}),
          }),
        );
      }
    }
    const associate = associateAction(analysis, lines, local);
    if (associate)
      actions.push(
        command(t('pick.associateEip', undefined, locale), {
          uri: model.uri,
          version: model.version,
          kind: 'eip',
          range: toRange(slice, associate.start, associate.end),
          template: associate.text,
        }),
      );
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
function disableAction(model: EciModel, slice: DocumentSlice, f: Finding, diagnostic: Diagnostic, locale: Locale): CodeAction {
  const lines = slice.doc.lines;
  const line = lines.positionAt(f.anchor ?? f.start).line;
  const text = lines.lineText(line);
  const above = line > 0 ? lines.lineText(line - 1) : undefined;
  const existing = above !== undefined ? new RegExp(`^(\\s*#\\s*${DISABLE_NEXT_LINE}\\b[^#]*?)\\s*$`).exec(above) : null;
  const edit: OffsetEdit = existing
    ? { start: lines.lineStart(line - 1) + existing[1].length, end: lines.lineStart(line - 1) + existing[1].length, text: ` ${f.code}` }
    : { start: lines.lineStart(line), end: lines.lineStart(line), text: `${/^[ \t]*(?:- +)*/.exec(text)![0].replace(/-/g, ' ')}# ${DISABLE_NEXT_LINE} ${f.code}${eolOf(lines.text)}` };
  return {
    title: boundMessage(
      f.anchor === undefined ? t('fix.disableLine', { code: f.code }, locale) : t('fix.disableFor', { code: f.code, key: lines.lineText(line).trim().replace(/:.*$/, '') }, locale),
    ),
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: { changes: { [model.uri]: [{ range: { start: offsetToPosition(slice, edit.start), end: offsetToPosition(slice, edit.end) }, newText: edit.text }] } },
  };
}

function offsetToPosition(slice: DocumentSlice, offset: number): Position {
  const p = slice.doc.lines.positionAt(offset);
  return { line: p.line + slice.line, character: p.character };
}

function diagnosticKey(code: string, r: Range): string {
  return `${code} ${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/** Whether the text before the cursor on its line ends in a comment or holds a Helm/Go template action. */
export function inCommentOrTemplate(before: string): boolean {
  if (before.includes('{{')) return true;
  let quote: string | undefined;
  let previous = '';
  for (let i = 0; i < before.length; i++) {
    const c = before[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"') i++;
    } else if (c === '#' && (i === 0 || before[i - 1] === ' ' || before[i - 1] === '\t')) {
      return true;
    } else if ((c === '"' || c === "'") && (previous === '' || ':-{[,?'.includes(previous))) {
      quote = c;
    }
    if (c !== ' ' && c !== '\t') previous = c;
  }
  return false;
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

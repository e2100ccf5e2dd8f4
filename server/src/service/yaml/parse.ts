/**
 * The YAML front end: splits a file into its YAML documents and parses each with `yaml` (duplicate keys found
 * with a map, so one huge map parses in linear time), converted to yaml-language-server's JSON-like AST. Each
 * document's text keeps an entry across versions of its file (its parse when asked for, the service's results), so
 * an edit parses only the document that changed.
 */
import { Composer, LineCounter, Parser } from 'yaml';
import { convertAST } from 'yaml-language-server/out/src/languageservice/parser/ast-converter.js';
import type { ASTNode } from 'yaml-language-server/out/src/languageservice/jsonLanguageTypes.js';
import type { Position, Range } from 'vscode-languageserver-types';
import { compactNestingOver } from './depth';

/**
 * Offset ↔ position conversion for one text, counting lines as LSP does: `\r\n`, `\n` and a lone `\r` each end a
 * line. Characters are UTF-16 code units. A position never points into a line break.
 */
export class LineIndex {
  private readonly starts: number[];
  constructor(readonly text: string) {
    this.starts = lineBreakEnds(text, [0]);
  }
  get lineCount(): number {
    return this.starts.length;
  }
  positionAt(offset: number): Position {
    offset = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: Math.min(offset, this.endOf(lo)) - this.starts[lo] };
  }
  offsetAt(position: Position): number {
    if (position.line >= this.starts.length) return this.text.length;
    if (position.line < 0) return 0;
    return Math.min(this.starts[position.line] + Math.max(0, position.character), this.endOf(position.line));
  }
  lineStart(line: number): number {
    return this.startOf(line);
  }
  /** Offset of the end of a line's content, before its line break. */
  lineEnd(line: number): number {
    return this.endOf(line);
  }
  lineText(line: number): string {
    return this.text.slice(this.startOf(line), this.endOf(line));
  }
  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
  // The public methods above may be overridden (`FocusedLines`); these two always speak of this text's own lines.
  private startOf(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }
  private endOf(line: number): number {
    line = Math.max(0, Math.min(line, this.starts.length - 1));
    if (line + 1 >= this.starts.length) return this.text.length;
    const next = this.starts[line + 1];
    return this.text.charCodeAt(next - 1) === 10 && this.text.charCodeAt(next - 2) === 13 && next - 2 >= this.starts[line] ? next - 2 : next - 1;
  }
}

/**
 * The offset after each line break of a text, appended to `into`: where every line but the first starts, counting
 * `\r\n`, `\n` and a lone `\r` as LSP does.
 */
export function lineBreakEnds(text: string, into: number[] = []): number[] {
  if (text.indexOf('\r') < 0) {
    // Only `\n`: found by indexOf, much faster than a look at every character.
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) into.push(i + 1);
    return into;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) into.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      into.push(i + 1);
    }
  }
  return into;
}

/** One YAML document of a file, parsed on its own. Offsets in `root` are relative to `text`. */
export interface ParsedDocument {
  /** The document's text, from its `---` line (if any) up to the next one. */
  readonly text: string;
  readonly root: ASTNode | undefined;
  readonly lines: LineIndex;
  /** Parse errors yaml reported, and duplicate keys; the AST is still best-effort usable. */
  readonly syntaxErrors: number;
  /** Set when the document nests block collections too deep on one line to be parsed in linear time (no AST then). */
  readonly tooDeep?: { line: number; depth: number };
}

/** A document placed in its file. `doc` is parsed on first use and then kept. */
export interface DocumentSlice {
  readonly doc: ParsedDocument;
  /** Offset and line of `doc.text` in the file. */
  readonly offset: number;
  readonly line: number;
  /** Lines of `doc.text` (the last one is empty when the text ends with a line break). */
  readonly lineCount: number;
  /** What is kept of this document's text from one version of the file to the next, when a DocumentCache made the slice. */
  readonly entry?: ChunkEntry;
}

/**
 * One YAML document's text in a DocumentCache: its parse, once something asked for it (`doc`), and what the
 * language service keeps of its checks (`results`), which outlive the parse. Shared by identical documents of a file.
 */
export class ChunkEntry {
  parsed: ParsedDocument | undefined;
  results: unknown;
  constructor(readonly text: string) {}
}

/**
 * The parse of a slice without keeping it: the kept parse when there is one, else a new one that the caller drops.
 * A whole file's parses kept until its check ends cost the GC as much again as parsing them.
 */
export function parseOnce(slice: DocumentSlice): ParsedDocument {
  const entry = slice.entry;
  return entry ? (entry.parsed ?? parseDocument(entry.text)) : slice.doc;
}

/** Lines at column 0 that end a YAML document (`---` / `...`), the only places a file can be split safely. */
const DOCUMENT_MARKER = /(?<![^\r\n])(?:---|\.\.\.)(?=[ \t\r\n]|$)/g;
const DIRECTIVE = /(?<![^\r\n])%/;

/** Splits text into document chunks at column-0 markers. Falls back to one chunk when directives are present. */
export function splitDocuments(text: string): { text: string; offset: number }[] {
  // Most files hold one document: no line starts with `---`, `...` or `%`, so nothing below can cut or change it.
  if (!mayHaveMarker(text)) return [{ text: flat(text), offset: 0 }];
  if (DIRECTIVE.test(text)) return [{ text: flat(text), offset: 0 }];
  const cuts: number[] = [0];
  for (const match of text.matchAll(DOCUMENT_MARKER)) {
    if (match.index > 0) cuts.push(match.index);
  }
  return cuts.map((start, i) => ({ text: flat(text.slice(start, cuts[i + 1] ?? text.length)), offset: start }));
}

/** What a line that ends a document or holds a directive starts with, and the same after each kind of line break. */
const LINE_STARTS = ['---', '...', '%'];
const AFTER_BREAKS = LINE_STARTS.flatMap((s) => [`\n${s}`, `\r${s}`]);

/** Whether a line of the text (the first included) starts with `---`, `...` or `%`: only then can it be split. */
function mayHaveMarker(text: string): boolean {
  return LINE_STARTS.some((s) => text.startsWith(s)) || AFTER_BREAKS.some((s) => text.includes(s));
}

/**
 * A copy of a string that does not share the memory of the string it was cut from. V8 represents `slice` as a view
 * of the whole parent string, so a cached chunk would keep every version of the file alive.
 */
function flat(s: string): string {
  if (s.length < 13) return s;
  return (s + ' ').slice(0, -1);
}

/** A line that holds nothing but Go/Helm template actions, such as `{{- if .Values.x }}` or `{{- toYaml . | nindent 8 }}`. */
const TEMPLATE_LINE = /(?<![^\r\n])([ \t]*)\{(\{[^\r\n]*\}\}[ \t]*)(?=[\r\n]|$)/g;

/**
 * Turns lines that hold only template actions into comments (`{{- if }}` → `#{- if }}`), so that the YAML around
 * them still parses. The text keeps its length, so every offset stays valid.
 */
export function maskTemplateLines(text: string): string {
  return text.includes('{{') ? text.replace(TEMPLATE_LINE, '$1#$2') : text;
}

/** A lone `\r` ends a line for LSP and for YAML, but not for the `yaml` lexer: make it a `\n` (same length). */
function normalizeLoneCr(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/** Parses one chunk. Never throws: a chunk yaml cannot parse gets no AST. `lines` is the chunk's line index, made here when not given. */
export function parseDocument(text: string, lines: LineIndex = new LineIndex(text)): ParsedDocument {
  const tooDeep = compactNestingOver(text);
  if (tooDeep) return { text, root: undefined, lines, syntaxErrors: 0, tooDeep };
  try {
    const source = normalizeLoneCr(maskTemplateLines(text));
    const lineCounter = new LineCounter();
    const tokens = Array.from(new Parser(lineCounter.addNewLine).parse(source));
    const composer = new Composer({ strict: false, uniqueKeys: false, version: '1.2' });
    let root: ASTNode | undefined;
    let syntaxErrors = 0;
    for (const doc of composer.compose(tokens, true, source.length)) {
      syntaxErrors += doc.errors.length;
      if (root !== undefined || !doc.contents) continue;
      root = convertAST(null as unknown as ASTNode, doc.contents, doc, lineCounter) ?? undefined;
    }
    if (root) syntaxErrors += tidy(root, source.includes('*'));
    return { text, root, lines, syntaxErrors };
  } catch {
    return { text, root: undefined, lines, syntaxErrors: 1 };
  }
}

/**
 * One linear pass over the AST: a missing value becomes `undefined` (the converter leaves `null`), and duplicate
 * keys are counted with a set per map. Returns the number of duplicates. `aliases`: the text may hold an alias
 * (`*name`), whose converted nodes are shared, so each node is visited once (a set of every node costs a tenth of a
 * big map's parse, and without aliases the AST is a tree).
 */
function tidy(root: ASTNode, aliases: boolean): number {
  let duplicates = 0;
  const seen = aliases ? new Set<ASTNode>() : undefined;
  const stack: ASTNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (seen) {
      if (seen.has(node)) continue;
      seen.add(node);
    }
    if (node.type === 'object') {
      const keys = new Set<unknown>();
      for (const p of node.properties) {
        if (p.valueNode === null) (p as { valueNode?: ASTNode }).valueNode = undefined;
        const key = p.keyNode?.value;
        if (key !== undefined && key !== null) {
          if (keys.has(key)) duplicates++;
          else keys.add(key);
        }
        if (p.valueNode) stack.push(p.valueNode);
      }
    } else if (node.type === 'array') {
      for (const item of node.items) if (item) stack.push(item);
    }
  }
  return duplicates;
}

/** A chunk of a file whose parse is made on first use and kept in its entry. */
class LazySlice implements DocumentSlice {
  constructor(
    readonly entry: ChunkEntry,
    readonly offset: number,
    readonly line: number,
    readonly lineCount: number,
  ) {}
  get doc(): ParsedDocument {
    return (this.entry.parsed ??= parseDocument(this.entry.text));
  }
}

/** Splits files into documents, keeping the entries of documents whose text has not changed since the last call for the same uri. */
export class DocumentCache {
  private readonly byUri = new Map<string, Map<string, ChunkEntry>>();

  /**
   * Splits `text` into its documents. Each document is parsed on first use of `doc`; an identical document of the
   * previous version of `uri` (or earlier in this one) shares its entry: its parse, if kept, and its results.
   */
  slices(uri: string, text: string): DocumentSlice[] {
    const previous = this.byUri.get(uri);
    const next = new Map<string, ChunkEntry>();
    this.byUri.set(uri, next);
    const slices: DocumentSlice[] = [];
    let line = 0;
    for (const chunk of splitDocuments(text)) {
      const lineCount = countLines(chunk.text);
      let entry = next.get(chunk.text) ?? previous?.get(chunk.text);
      if (!entry) entry = new ChunkEntry(chunk.text);
      next.set(chunk.text, entry);
      slices.push(new LazySlice(entry, chunk.offset, line, lineCount));
      // Every chunk but the last ends with a line break, so the next one starts on a new line.
      line += lineCount - 1;
    }
    return slices;
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }
}

/** Lines of a text as LSP counts them (one more than its line breaks). */
function countLines(text: string): number {
  let n = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      n++;
    }
  }
  return n;
}

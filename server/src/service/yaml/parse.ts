/**
 * The YAML front end: splits a file into its YAML documents and parses each with yaml-language-server's parser
 * (the one Red Hat YAML uses), caching by document text so an edit re-parses only the document that changed.
 */
import { parse as parseYaml } from 'yaml-language-server/out/src/languageservice/parser/yamlParser07.js';
import type { ASTNode } from 'yaml-language-server/out/src/languageservice/jsonLanguageTypes.js';
import type { Position, Range } from 'vscode-languageserver-types';

/** Offset ↔ position conversion for one text (UTF-16 code units, as LSP counts by default). */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
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
    return { line: lo, character: offset - this.starts[lo] };
  }
  offsetAt(position: Position): number {
    if (position.line >= this.starts.length) return this.text.length;
    if (position.line < 0) return 0;
    return Math.min(this.starts[position.line] + position.character, this.lineEnd(position.line));
  }
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }
  /** Offset of the end of a line's content, before any `\r\n` or `\n`. */
  lineEnd(line: number): number {
    let end = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.text.length;
    if (end > this.lineStart(line) && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }
  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }
  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
}

/** One YAML document of a file, parsed on its own. Offsets in `root` are relative to `text`. */
export interface ParsedDocument {
  /** The document's text, from its `---` line (if any) up to the next one. */
  readonly text: string;
  readonly root: ASTNode | undefined;
  readonly lines: LineIndex;
  /** Parse errors yaml reported; the AST is still best-effort usable. */
  readonly syntaxErrors: number;
}

/** A document placed in its file. */
export interface DocumentSlice {
  readonly doc: ParsedDocument;
  /** Offset and line of `doc.text` in the file. */
  readonly offset: number;
  readonly line: number;
}

/** Lines at column 0 that end a YAML document (`---` / `...`), the only places a file can be split safely. */
const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;
const DIRECTIVE = /^%/m;

/** Splits text into document chunks at column-0 markers. Falls back to one chunk when directives are present. */
export function splitDocuments(text: string): { text: string; offset: number }[] {
  if (DIRECTIVE.test(text)) return [{ text, offset: 0 }];
  const cuts: number[] = [0];
  for (const match of text.matchAll(DOCUMENT_MARKER)) {
    if (match.index! > 0) cuts.push(match.index!);
  }
  return cuts.map((start, i) => ({ text: text.slice(start, cuts[i + 1] ?? text.length), offset: start }));
}

/** A line that holds nothing but Go/Helm template actions, such as `{{- if .Values.x }}` or `{{- toYaml . | nindent 8 }}`. */
const TEMPLATE_LINE = /^([ \t]*)\{(\{.*\}\}[ \t]*)$/gm;

/**
 * Turns lines that hold only template actions into comments (`{{- if }}` → `#{- if }}`), so that the YAML around
 * them still parses. The text keeps its length, so every offset stays valid.
 */
export function maskTemplateLines(text: string): string {
  return text.includes('{{') ? text.replace(TEMPLATE_LINE, '$1#$2') : text;
}

/** Parses one chunk. Never throws: a chunk yaml cannot parse gets no AST. */
export function parseDocument(text: string): ParsedDocument {
  const lines = new LineIndex(text);
  try {
    const parsed = parseYaml(maskTemplateLines(text), { customTags: [], yamlVersion: '1.2' });
    const docs = parsed.documents.filter((d) => d.root);
    const first = docs[0];
    return { text, root: first?.root, lines, syntaxErrors: parsed.documents.reduce((n, d) => n + d.errors.length, 0) };
  } catch {
    return { text, root: undefined, lines, syntaxErrors: 1 };
  }
}

/** Parses files into documents, reusing documents whose text has not changed since the last call for the same uri. */
export class DocumentCache {
  private readonly byUri = new Map<string, Map<string, ParsedDocument>>();

  /** Parses `text`, reusing unchanged documents of the previous version of `uri`. */
  slices(uri: string, text: string): DocumentSlice[] {
    const previous = this.byUri.get(uri) ?? new Map<string, ParsedDocument>();
    const next = new Map<string, ParsedDocument>();
    const slices: DocumentSlice[] = [];
    let line = 0;
    let lastOffset = 0;
    for (const chunk of splitDocuments(text)) {
      line += countNewlines(text, lastOffset, chunk.offset);
      lastOffset = chunk.offset;
      const doc = previous.get(chunk.text) ?? next.get(chunk.text) ?? parseDocument(chunk.text);
      next.set(chunk.text, doc);
      slices.push({ doc, offset: chunk.offset, line });
    }
    this.byUri.set(uri, next);
    return slices;
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/**
 * The lines of a file that decide where its YAML documents are and what sits at their top level: document markers
 * (`---`, `...` at column 0), directives (`%`) and every line at depth 0. A request finds the document under the
 * cursor and its top-level keys here without scanning the file, and an edit updates the outline in time proportional
 * to the lines it touches plus the number of such lines (the server's document store keeps it across versions).
 */
import { LineIndex } from './parse';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/** What the outline and the focused stand-in read of a text: where its lines start, and its characters. */
export interface LineSource {
  readonly lineCount: number;
  readonly length: number;
  /** Where a line starts; the text's length for lines after the last. */
  lineStart(line: number): number;
  charCodeAt(offset: number): number;
  slice(start: number, end: number): string;
}

/** A flat text as a line source. */
export function textLines(text: string): LineSource {
  const lines = new LineIndex(text);
  return {
    lineCount: lines.lineCount,
    length: text.length,
    lineStart: (line) => (line >= lines.lineCount ? text.length : lines.lineStart(line)),
    charCodeAt: (offset) => text.charCodeAt(offset),
    slice: (start, end) => text.slice(start, end),
  };
}

/** A text document as a line source (its line index is the document's own). */
export function lineSourceOf(document: TextDocument): LineSource {
  const text = document.getText();
  return {
    lineCount: document.lineCount,
    length: text.length,
    lineStart: (line) => document.offsetAt({ line, character: 0 }),
    charCodeAt: (offset) => text.charCodeAt(offset),
    slice: (start, end) => text.slice(start, end),
  };
}

/** A line change as LSP sends it: the range it replaced (in the text before it), and the line counts before and after. */
export interface LineChange {
  startLine: number;
  endLine: number;
  linesBefore: number;
  linesAfter: number;
}

const MARKER = 1;
const DIRECTIVE = 2;
const TOP = 4;

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}
function isBreakOrEnd(c: number): boolean {
  return c === 10 || c === 13 || Number.isNaN(c);
}

/** What a line starting at `i` is: a marker, a directive, at depth 0 (not blank, comment, indented or `- ` item), or none. */
function lineKind(text: LineSource, i: number): number {
  const c = text.charCodeAt(i);
  if (isBlank(c) || isBreakOrEnd(c) || c === 35) return 0;
  if (c === 37) return DIRECTIVE | TOP;
  const next = text.charCodeAt(i + 1);
  if ((c === 45 || c === 46) && next === c && text.charCodeAt(i + 2) === c) {
    const after = text.charCodeAt(i + 3);
    if (isBlank(after) || isBreakOrEnd(after)) return MARKER | TOP;
  }
  if (c === 45 && (isBlank(next) || isBreakOrEnd(next))) return 0;
  return TOP;
}

/** Index of the first element of an ascending list that is greater than `x`. */
function firstAfter(list: readonly number[], x: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Replaces the entries from `from` to `to` (old lines) with `added`, and shifts the later ones by `delta`. */
function splice(list: number[], from: number, to: number, delta: number, added: number[]): void {
  const a = firstAfter(list, from - 1);
  const b = firstAfter(list, to);
  if (delta !== 0) for (let i = b; i < list.length; i++) list[i] += delta;
  if (b - a === 0 && added.length === 0) return;
  list.splice(a, b - a, ...added);
}

/** The document markers, directives and depth-0 lines of one text, as ascending line numbers. */
export class YamlOutline {
  private readonly markers: number[] = [];
  private readonly directives: number[] = [];
  private readonly tops: number[] = [];

  /** Reads every line of the source once. */
  static of(source: LineSource): YamlOutline {
    const outline = new YamlOutline();
    outline.classify(source, 0, source.lineCount - 1);
    return outline;
  }

  /** Takes in one change already applied to `source` (each change of a batch in turn). */
  update(source: LineSource, change: LineChange): void {
    const delta = change.linesAfter - change.linesBefore;
    const clamp = (line: number) => Math.max(0, Math.min(line, change.linesBefore - 1));
    // A line break joined or split at either end of the range can change the line before or after it.
    const from = Math.max(0, clamp(Math.min(change.startLine, change.endLine)) - 1);
    const to = Math.min(change.linesBefore - 1, clamp(Math.max(change.startLine, change.endLine)) + 1);
    const newTo = Math.min(change.linesAfter - 1, to + delta);
    const found = new YamlOutline();
    found.classify(source, from, newTo);
    splice(this.markers, from, to, delta, found.markers);
    splice(this.directives, from, to, delta, found.directives);
    splice(this.tops, from, to, delta, found.tops);
  }

  /**
   * The lines of the YAML document holding `line` (the chunk `splitDocuments` makes): its first line, and the marker
   * line that ends it (undefined: it runs to the end of the file). A directive anywhere makes the file one document.
   */
  documentAt(line: number): { first: number; next: number | undefined } {
    if (this.directives.length > 0) return { first: 0, next: undefined };
    const i = firstAfter(this.markers, line);
    return { first: i > 0 ? this.markers[i - 1] : 0, next: i < this.markers.length ? this.markers[i] : undefined };
  }

  /** The depth-0 lines from `first` up to, not including, `end`. */
  topLines(first: number, end: number): number[] {
    return this.tops.slice(firstAfter(this.tops, first - 1), firstAfter(this.tops, end - 1));
  }

  /** The same outline in plain lists (tests compare an updated outline with a fresh one). */
  toJSON(): { markers: number[]; directives: number[]; tops: number[] } {
    return { markers: [...this.markers], directives: [...this.directives], tops: [...this.tops] };
  }

  private classify(source: LineSource, from: number, to: number): void {
    for (let l = from; l <= to; l++) {
      const kind = lineKind(source, source.lineStart(l));
      if (kind === 0) continue;
      if (kind & MARKER) this.markers.push(l);
      if (kind & DIRECTIVE) this.directives.push(l);
      if (kind & TOP) this.tops.push(l);
    }
  }
}

/** A text document that keeps its outline across edits (the server's document store), so requests never rebuild it. */
export interface OutlinedDocument extends TextDocument {
  outline(): YamlOutline;
  /** The document's text as a line source, read without joining it into one string. */
  lines(): LineSource;
}

export function isOutlined(document: TextDocument): document is OutlinedDocument {
  return typeof (document as Partial<OutlinedDocument>).outline === 'function';
}

/**
 * What a request at one position (hover, completion) needs of a file, found without splitting or scanning the whole
 * file: the YAML document under the cursor (the chunk `splitDocuments` would make, from the file's `YamlOutline`),
 * and, for a huge one, a stand-in made of the lines near the cursor, the cursor's ancestors and the top-level keys
 * only. The stand-in's text holds just those lines, unchanged; its line index (`FocusedLines`) maps them back to
 * their lines in the document, where every other line reads as empty, so positions hold and parsing it costs a few
 * hundred lines instead of the whole document.
 */
import type { Position } from 'vscode-languageserver-types';
import { LineIndex, parseDocument, type ParsedDocument } from './parse';
import { textLines, YamlOutline, type LineSource } from './outline';

/** Lines kept on each side of the cursor. */
export const FOCUS_WINDOW = 200;

/**
 * Where a line (`text` from `start` to `end`) sits in the block structure: its indentation, plus a half for a
 * sequence item (`- `); undefined for blank and comment lines.
 */
function depthOf(text: LineSource, start: number, end: number): number | undefined {
  let i = start;
  while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  if (i === end || text.charCodeAt(i) === 35) return undefined;
  const item = text.charCodeAt(i) === 45 && (i + 1 === end || text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 9);
  return item ? i - start + 0.5 : i - start;
}

/**
 * The line index of a stand-in: line `i` of its text is line `kept[i]` of the document it stands for, which has
 * `count` lines; the other lines read as empty, at the offset where the next kept line starts.
 */
export class FocusedLines extends LineIndex {
  constructor(
    text: string,
    private readonly kept: Int32Array,
    private readonly count: number,
  ) {
    super(text);
  }
  override get lineCount(): number {
    return this.count;
  }
  override positionAt(offset: number): Position {
    const p = super.positionAt(offset);
    return { line: this.kept[p.line], character: p.character };
  }
  override offsetAt(position: Position): number {
    if (position.line >= this.count) return this.text.length;
    if (position.line < 0) return 0;
    const i = this.indexOf(position.line);
    return i >= 0 ? super.offsetAt({ line: i, character: position.character }) : this.emptied(i);
  }
  override lineStart(line: number): number {
    const i = this.indexOf(this.clamp(line));
    return i >= 0 ? super.lineStart(i) : this.emptied(i);
  }
  override lineEnd(line: number): number {
    const i = this.indexOf(this.clamp(line));
    return i >= 0 ? super.lineEnd(i) : this.emptied(i);
  }
  override lineText(line: number): string {
    const i = this.indexOf(this.clamp(line));
    return i >= 0 ? super.lineText(i) : '';
  }
  private clamp(line: number): number {
    return Math.max(0, Math.min(line, this.count - 1));
  }
  /** The index of a kept line in the text, or -(where it would be) - 1. */
  private indexOf(line: number): number {
    let lo = 0;
    let hi = this.kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.kept[mid] < line) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.kept.length && this.kept[lo] === line ? lo : -lo - 1;
  }
  /** The offset of an emptied line: where the next kept line starts. */
  private emptied(i: number): number {
    const next = -i - 1;
    return next < this.kept.length ? super.lineStart(next) : this.text.length;
  }
}

/** A YAML document of a file, by lines: `first` is its first line, `count` its line count, `end` its end offset. */
export interface DocumentLines {
  first: number;
  count: number;
  end: number;
}

/**
 * The focused stand-in of a YAML document for a request on `line` (a line of the file): the document's lines within
 * `window` of it, the ancestors of that window (each line above it that sits less deep than every line below it)
 * and its top-level keys (`kind:` may come after the map the cursor is in), parsed. Costs the kept lines, plus a
 * look at the first characters of each line between the window and its top-level ancestor.
 */
export function focusedDocument(source: LineSource, outline: YamlOutline, chunk: DocumentLines, line: number, window = FOCUS_WINDOW): ParsedDocument {
  const text = source;
  const last = chunk.first + chunk.count - 1;
  const fileLast = source.lineCount - 1;
  const start = (l: number) => (l > last ? chunk.end : source.lineStart(l));
  /** Where a line's content ends (its line break excluded), within the document. */
  const end = (l: number) => {
    if (l >= last) return l === fileLast ? text.length : chunk.end;
    const next = start(l + 1);
    return text.charCodeAt(next - 1) === 10 && text.charCodeAt(next - 2) === 13 && next - 2 >= start(l) ? next - 2 : next - 1;
  };
  const depth = (l: number) => depthOf(text, start(l), end(l));
  const from = Math.max(chunk.first, line - window);
  const to = Math.min(last, line + window);
  let min = Infinity;
  for (let l = from; l <= to; l++) {
    const d = depth(l);
    if (d !== undefined) min = Math.min(min, d);
  }
  const ancestors: number[] = [];
  for (let l = from - 1; l >= chunk.first && min > 0; l--) {
    const d = depth(l);
    if (d !== undefined && d < min) {
      ancestors.push(l);
      min = d;
    }
  }
  ancestors.reverse();
  // The document's last line is empty when a marker line ends it (that line belongs to the next document).
  const tops = outline.topLines(chunk.first, last === fileLast ? last + 1 : last);
  const kept: number[] = [];
  let t = 0;
  for (const l of ancestors) {
    while (t < tops.length && tops[t] < l) kept.push(tops[t++]);
    if (t < tops.length && tops[t] === l) t++;
    kept.push(l);
  }
  while (t < tops.length && tops[t] < from) kept.push(tops[t++]);
  for (let l = from; l <= to; l++) kept.push(l);
  while (t < tops.length && tops[t] <= to) t++;
  while (t < tops.length) kept.push(tops[t++]);
  const parts: string[] = [];
  const local: number[] = [];
  for (let k = 0; k < kept.length; k++) {
    const l = kept[k];
    // Every line but the document's last ends with its line break.
    let part = source.slice(start(l), l < last ? start(l + 1) : end(l));
    // A lone CR before a line that starts with LF would make one CRLF line break of two; LF keeps the lines apart.
    if (part.endsWith('\r') && k + 1 < kept.length && kept[k + 1] !== l + 1 && text.charCodeAt(start(kept[k + 1])) === 10) part = `${part.slice(0, -1)}\n`;
    parts.push(part);
    local.push(l - chunk.first);
  }
  // When the last kept line ends with a line break, the text's last (empty) line is the line after it.
  if (kept[kept.length - 1] < last) local.push(kept[kept.length - 1] + 1 - chunk.first);
  const focused = parts.join('');
  const index = new FocusedLines(focused, Int32Array.from(local), chunk.count);
  const doc = parseDocument(focused, index);
  return doc.tooDeep ? { ...doc, tooDeep: { ...doc.tooDeep, line: local[doc.tooDeep.line] ?? doc.tooDeep.line } } : doc;
}

/** The lines of the YAML document holding `line` (the chunk `splitDocuments` makes), from the file's outline. */
export function documentLines(source: LineSource, outline: YamlOutline, line: number): DocumentLines {
  const { first, next } = outline.documentAt(line);
  const last = next ?? source.lineCount - 1;
  return { first, count: last - first + 1, end: next === undefined ? source.length : source.lineStart(next) };
}

/** The start and end of the chunk of `splitDocuments(text)` that holds `offset` (reads the whole text; requests use the kept outline). */
export function documentAround(text: string, offset: number): { start: number; end: number } {
  const lines = new LineIndex(text);
  const source = textLines(text);
  const d = documentLines(source, YamlOutline.of(source), lines.positionAt(offset).line);
  return { start: lines.lineStart(d.first), end: d.end };
}

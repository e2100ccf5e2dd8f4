/**
 * The server's document store. Each document keeps its text in blocks of whole lines, so an edit rebuilds the block
 * it lands in, not a copy of the whole file (a 5 MB file copied per keystroke cost tens of milliseconds here); the
 * whole text is joined only when asked for (validation, code actions). Lines are counted as LSP counts them, and
 * offsets and positions behave exactly as in `vscode-languageserver-textdocument`. Each document also keeps its YAML
 * outline across edits once a request has asked for it, so hover and completion never scan the file.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent, TextDocumentsConfiguration } from 'vscode-languageserver/node';
import type { Position, Range } from 'vscode-languageserver-types';
import { YamlOutline, type LineSource, type OutlinedDocument } from './service/yaml/outline';
import { lineBreakEnds } from './service/yaml/parse';

/** Characters per block, about; a block ends after a line break (or holds one longer line). */
const BLOCK_CHARS = 16 * 1024;
/** The longest step of preparing a document in idle time (well under the 20 ms of any other step). */
const PREPARE_STEP_MS = 8;
/** Lines read into the outline between two looks at the clock. */
const OUTLINE_STEP_LINES = 4096;

function isEol(c: number): boolean {
  return c === 10 || c === 13;
}

/** A run of whole lines: its text and the offset after each of its line breaks. */
class Block {
  readonly ends: Int32Array;
  constructor(readonly text: string) {
    this.ends = Int32Array.from(lineBreakEnds(text));
  }
}

/** Where the block that starts at `from` ends: after a line break about `size` characters on; never between `\r` and `\n`. */
function blockEnd(text: string, from: number, size: number): number {
  let cut = from + size;
  if (cut >= text.length - size / 2) return text.length;
  while (cut < text.length && !isEol(text.charCodeAt(cut - 1))) cut++;
  if (text.charCodeAt(cut - 1) === 13 && text.charCodeAt(cut) === 10) cut++;
  return cut;
}

/** Cuts text into blocks after line breaks, about every `size` characters. */
function toBlocks(text: string, size: number): Block[] {
  const blocks: Block[] = [];
  for (let from = 0; from < text.length;) {
    const cut = blockEnd(text, from, size);
    blocks.push(new Block(text.slice(from, cut)));
    from = cut;
  }
  return blocks;
}

/** Index of the last element of an ascending list that is at most `x` (0 when none). */
function lastAtMost(list: Int32Array | number[], x: number, count = list.length): number {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (list[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * A text kept in blocks of whole lines, cut on first use or in idle steps (`cutUntil`); a text only validated need
 * never be cut.
 */
export class BlockText implements LineSource {
  private blocks: Block[] = [];
  private cut = false;
  /** How far the text has been cut while it is still whole (`joined`): the blocks so far end there. */
  private cutTo = 0;
  /** The block the last offset and the last line were found in: reads in order (the outline's) skip the search. */
  private offsetHint = 0;
  private lineHint = 0;
  /** Offset and line breaks before each block. */
  private starts = new Int32Array(0);
  private breaksBefore = new Int32Array(0);
  private total = 0;
  private breaks = 0;
  private joined: string | undefined;

  /** @param size characters per block, about (tests make it small) */
  constructor(
    text: string,
    private readonly size = BLOCK_CHARS,
  ) {
    this.joined = text;
  }

  get length(): number {
    return this.joined !== undefined ? this.joined.length : this.total;
  }
  get lineCount(): number {
    this.ensureCut();
    return this.breaks + 1;
  }
  toString(): string {
    return (this.joined ??= this.blocks.map((b) => b.text).join(''));
  }

  /** Where a line starts; the text's length for lines after the last. */
  lineStart(line: number): number {
    this.ensureCut();
    if (line <= 0) return 0;
    if (line > this.breaks) return this.total;
    // The line starts after the line-th line break.
    const b = this.blockOfBreak(line - 1);
    return this.starts[b] + this.blocks[b].ends[line - 1 - this.breaksBefore[b]];
  }

  /** The line holding an offset (0 ≤ offset ≤ length). */
  lineOf(offset: number): number {
    this.ensureCut();
    if (this.blocks.length === 0) return 0;
    const b = this.blockAt(offset);
    const ends = this.blocks[b].ends;
    const local = offset - this.starts[b];
    // Line starts at or before the offset: the first line, and one after each break ending at or before it.
    let n = 0;
    if (ends.length > 0 && ends[0] <= local) n = lastAtMost(ends, local) + 1;
    return this.breaksBefore[b] + n;
  }

  charCodeAt(offset: number): number {
    if (offset < 0 || offset >= this.length) return NaN;
    if (this.joined !== undefined) return this.joined.charCodeAt(offset);
    const b = this.blockAt(offset);
    return this.blocks[b].text.charCodeAt(offset - this.starts[b]);
  }

  slice(start: number, end: number): string {
    start = Math.max(0, Math.min(start, this.length));
    end = Math.max(start, Math.min(end, this.length));
    if (this.joined !== undefined) return this.joined.slice(start, end);
    if (start === end) return '';
    const first = this.blockAt(start);
    const parts: string[] = [];
    for (let b = first; b < this.blocks.length && this.starts[b] < end; b++) {
      parts.push(this.blocks[b].text.slice(Math.max(0, start - this.starts[b]), end - this.starts[b]));
    }
    return parts.join('');
  }

  /** Replaces the text from `start` to `end` (offsets) with `text`. */
  replace(start: number, end: number, text: string): void {
    this.ensureCut();
    this.joined = undefined;
    if (this.blocks.length === 0) {
      this.blocks = toBlocks(text, this.size);
      this.index();
      return;
    }
    // Take in the character before and after the range, so a `\r` and `\n` joined by the edit stay in one block.
    const first = this.blockAt(Math.max(0, start - 1));
    const last = this.blockAt(Math.min(this.total - 1, end));
    const base = this.starts[first];
    let old = '';
    for (let b = first; b <= last; b++) old += this.blocks[b].text;
    const next = old.slice(0, start - base) + text + old.slice(end - base);
    this.blocks.splice(first, last - first + 1, ...toBlocks(next, this.size));
    this.index();
  }

  /**
   * Cuts the text into blocks until `deadline` (a `performance.now()` time), at least one block per call; true once
   * the whole text is cut. Reads before that use the whole text.
   */
  cutUntil(deadline: number): boolean {
    if (this.cut) return true;
    const text = this.joined ?? '';
    while (this.cutTo < text.length) {
      const end = blockEnd(text, this.cutTo, this.size);
      this.blocks.push(new Block(text.slice(this.cutTo, end)));
      this.cutTo = end;
      if (performance.now() >= deadline) break;
    }
    if (this.cutTo < text.length) return false;
    this.cut = true;
    this.index();
    return true;
  }

  private ensureCut(): void {
    if (!this.cut) this.cutUntil(Infinity);
  }

  /** The block holding an offset; the last block for the text's length. */
  private blockAt(offset: number): number {
    const h = this.offsetHint;
    const n = this.blocks.length;
    if (h < n && this.starts[h] <= offset && (h === n - 1 || offset < this.starts[h + 1])) return h;
    return (this.offsetHint = lastAtMost(this.starts, offset, n));
  }

  /** The block holding the line break numbered `k` (from 0; k < the number of line breaks). */
  private blockOfBreak(k: number): number {
    const h = this.lineHint;
    if (h < this.blocks.length && this.breaksBefore[h] <= k && k < this.breaksBefore[h] + this.blocks[h].ends.length) return h;
    return (this.lineHint = lastAtMost(this.breaksBefore, k, this.blocks.length));
  }

  private index(): void {
    const n = this.blocks.length;
    if (this.starts.length < n) {
      this.starts = new Int32Array(n * 2);
      this.breaksBefore = new Int32Array(n * 2);
    }
    let offset = 0;
    let breaks = 0;
    for (let b = 0; b < n; b++) {
      this.starts[b] = offset;
      this.breaksBefore[b] = breaks;
      offset += this.blocks[b].text.length;
      breaks += this.blocks[b].ends.length;
    }
    this.total = offset;
    this.breaks = breaks;
    this.offsetHint = 0;
    this.lineHint = 0;
  }
}

/**
 * A text document of the store: its text in blocks, and its outline, made on first use (or in idle steps after the
 * open, `prepareStep`) and kept across edits.
 */
export class StoredDocument implements OutlinedDocument {
  private content: BlockText;
  private kept: YamlOutline | undefined;
  /** The outline of the first `lines` lines, while `prepareStep` builds it. */
  private building: { outline: YamlOutline; lines: number } | undefined;
  private preparing = false;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    private current: number,
    text: string,
    private readonly blockChars?: number,
  ) {
    this.content = new BlockText(text, blockChars);
  }

  /** The text's length, without joining or cutting it. */
  get length(): number {
    return this.content.length;
  }

  get version(): number {
    return this.current;
  }
  get lineCount(): number {
    return this.content.lineCount;
  }

  getText(range?: Range): string {
    if (!range) return this.content.toString();
    return this.content.slice(this.offsetAt(range.start), this.offsetAt(range.end));
  }

  positionAt(offset: number): Position {
    offset = Math.max(0, Math.min(offset, this.content.length));
    const line = this.content.lineOf(offset);
    const start = this.content.lineStart(line);
    return { line, character: this.beforeEol(offset, start) - start };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.content.lineCount) return this.content.length;
    if (position.line < 0) return 0;
    const start = this.content.lineStart(position.line);
    if (position.character <= 0) return start;
    const next = this.content.lineStart(position.line + 1);
    return this.beforeEol(Math.min(start + position.character, next), start);
  }

  getLineRange(line: number): Range {
    const count = this.content.lineCount;
    if (line >= count) {
      const last = count - 1;
      return { start: { line: last, character: 0 }, end: { line: last, character: this.content.length - this.content.lineStart(last) } };
    }
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const start = this.content.lineStart(line);
    return { start: { line, character: 0 }, end: { line, character: this.beforeEol(this.content.lineStart(line + 1), start) - start } };
  }

  getEOLCharacters(line: number): string {
    if (line < 0 || line >= this.content.lineCount) return '';
    const start = this.content.lineStart(line);
    const next = this.content.lineStart(line + 1);
    return this.content.slice(this.beforeEol(next, start), next);
  }

  outline(): YamlOutline {
    if (!this.kept && this.building) while (!this.prepareStep(Infinity));
    return (this.kept ??= YamlOutline.of(this.content));
  }

  /**
   * Does a step, of about `stepMs`, of what the first request would otherwise do at once: cut the text into blocks,
   * then read `stepLines` lines at a time into the outline. True once both are done (then it does nothing).
   */
  prepareStep(stepMs = PREPARE_STEP_MS, stepLines = OUTLINE_STEP_LINES): boolean {
    if (this.kept) return true;
    const deadline = performance.now() + stepMs;
    if (!this.content.cutUntil(deadline)) return false;
    const count = this.content.lineCount;
    if (!this.building) {
      const lines = Math.min(count, stepLines);
      // The outline of the first lines: the text read as if it ended there.
      const first: LineSource = {
        lineCount: lines,
        length: this.content.length,
        lineStart: (line) => this.content.lineStart(line),
        charCodeAt: (offset) => this.content.charCodeAt(offset),
        slice: (start, end) => this.content.slice(start, end),
      };
      this.building = { outline: YamlOutline.of(first), lines };
    }
    const b = this.building;
    while (b.lines < count) {
      // The next lines, taken in as an edit that appended them to the last line read.
      const next = Math.min(count, b.lines + stepLines);
      b.outline.update(this.content, { startLine: b.lines - 1, endLine: b.lines - 1, linesBefore: b.lines, linesAfter: next });
      b.lines = next;
      if (performance.now() >= deadline) break;
    }
    if (b.lines < count) return false;
    this.kept = b.outline;
    this.building = undefined;
    return true;
  }

  lines(): LineSource {
    return this.content;
  }

  /**
   * Prepares the document in idle steps (`prepareStep`), one per turn of the event loop, so that messages arriving
   * meanwhile are handled between them, while `wanted()` holds (the document is still open). The server calls it
   * after `didOpen`: the first request on a big file then finds the blocks and the outline made.
   */
  async prepareWhenIdle(wanted: () => boolean, stepMs = PREPARE_STEP_MS, stepLines = OUTLINE_STEP_LINES): Promise<void> {
    if (this.preparing) return;
    this.preparing = true;
    try {
      for (;;) {
        await new Promise((resolve) => setImmediate(resolve));
        if (!wanted() || this.prepareStep(stepMs, stepLines)) return;
      }
    } finally {
      this.preparing = false;
    }
  }

  /** Applies LSP content changes in order (a change without a range replaces the text). */
  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      // An outline half built is dropped: its lines are those of the text before.
      this.building = undefined;
      if (!('range' in change)) {
        this.content = new BlockText(change.text, this.blockChars);
        this.kept = undefined;
        continue;
      }
      const { start, end } = wellFormed(change.range);
      const linesBefore = this.content.lineCount;
      this.content.replace(this.offsetAt(start), this.offsetAt(end), change.text);
      this.kept?.update(this.content, { startLine: start.line, endLine: end.line, linesBefore, linesAfter: this.content.lineCount });
    }
    this.current = version;
  }

  private beforeEol(offset: number, lineStart: number): number {
    while (offset > lineStart && isEol(this.content.charCodeAt(offset - 1))) offset--;
    return offset;
  }
}

/** A document's length: the store's documents know it without joining their text. */
export function lengthOf(document: TextDocument): number {
  return document instanceof StoredDocument ? document.length : document.getText().length;
}

function wellFormed(range: Range): Range {
  const { start, end } = range;
  return start.line > end.line || (start.line === end.line && start.character > end.character) ? { start: end, end: start } : range;
}

/** `new TextDocuments(storedDocuments)`: the server's documents. */
export const storedDocuments: TextDocumentsConfiguration<StoredDocument> = {
  create: (uri, languageId, version, content) => new StoredDocument(uri, languageId, version, content),
  update: (document, changes, version) => {
    document.update(changes, version);
    return document;
  },
};

/**
 * What a request at one position (hover, completion) needs of a file, found without splitting the whole file: the
 * YAML document under the cursor (the chunk `splitDocuments` would make), and, for a huge one, a stand-in with the
 * same lines that keeps those near the cursor, the cursor's ancestors and the top-level keys, with every other line
 * emptied. Kept lines are unchanged and the line count is the same, so every position holds; parsing it costs a few
 * hundred lines instead of the whole document.
 */
import { LineIndex } from './parse';

/** Lines kept on each side of the cursor. */
export const FOCUS_WINDOW = 200;

/**
 * Where a line (`text` from `start` to `end`) sits in the block structure: its indentation, plus a half for a
 * sequence item (`- `); undefined for blank and comment lines.
 */
function depthOf(text: string, start: number, end: number): number | undefined {
  let i = start;
  while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  if (i === end || text.charCodeAt(i) === 35) return undefined;
  const item = text.charCodeAt(i) === 45 && (i + 1 === end || text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 9);
  return item ? i - start + 0.5 : i - start;
}

/** The text with only the lines a request at `line` can need; the others are emptied (their line breaks stay). */
export function focusedText(text: string, line: number, window = FOCUS_WINDOW): string {
  const lines = new LineIndex(text);
  const n = lines.lineCount;
  const depth = (l: number) => depthOf(text, lines.lineStart(l), lines.lineEnd(l));
  const keep = new Uint8Array(n);
  const from = Math.max(0, line - window);
  const to = Math.min(n - 1, line + window);
  let min = Infinity;
  for (let l = from; l <= to; l++) {
    keep[l] = 1;
    const d = depth(l);
    if (d !== undefined) min = Math.min(min, d);
  }
  // The ancestors of the window: each line above it that sits less deep than every line below it.
  for (let l = from - 1; l >= 0 && min > 0; l--) {
    const d = depth(l);
    if (d !== undefined && d < min) {
      keep[l] = 1;
      min = d;
    }
  }
  // Top-level keys anywhere (`kind:` may come after the map the cursor is in).
  for (let l = 0; l < n; l++) if (!keep[l] && depth(l) === 0) keep[l] = 1;
  const parts: string[] = [];
  for (let l = 0; l < n; l++) {
    const next = l + 1 < n ? lines.lineStart(l + 1) : text.length;
    parts.push(text.slice(keep[l] ? lines.lineStart(l) : lines.lineEnd(l), next));
  }
  return parts.join('');
}

/** Whether a column-0 document marker (`---` or `...`, then a blank, a line break or the end) starts at `i`. */
function isMarker(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if ((c !== 45 && c !== 46) || text.charCodeAt(i + 1) !== c || text.charCodeAt(i + 2) !== c) return false;
  const after = text.charCodeAt(i + 3);
  return i + 3 === text.length || after === 32 || after === 9 || after === 10 || after === 13;
}

/**
 * The start and end of the chunk of `splitDocuments(text)` that holds `offset`: from the nearest line start at or
 * before it that is a document marker (else 0) to the next one after it (else the end). A `%` directive at a line
 * start anywhere makes the whole file one chunk, as there.
 */
export function documentAround(text: string, offset: number): { start: number; end: number } {
  if (text.startsWith('%') || text.includes('\n%') || text.includes('\r%')) return { start: 0, end: text.length };
  const lineStart = (i: number) => {
    while (i > 0 && text.charCodeAt(i - 1) !== 10 && text.charCodeAt(i - 1) !== 13) i--;
    return i;
  };
  let start = lineStart(Math.max(0, Math.min(offset, text.length)));
  while (start > 0 && !isMarker(text, start)) start = lineStart(start - 1);
  let end = start;
  for (;;) {
    // The next line start after `end`.
    while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
    if (end >= text.length) return { start, end: text.length };
    end += text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1;
    if (end > offset && isMarker(text, end)) return { start, end };
  }
}

/**
 * Where the cursor is, read from indentation rather than the AST, so that half-typed YAML (an empty
 * `annotations:`, a key without a colon yet) still gives the right path for completion.
 */
import type { LineIndex } from './parse';

export interface CursorContext {
  /** Keys from the document root to the map the cursor is in; `[]` marks a sequence item. */
  path: string[];
  /** The cursor is on a value, after `key: `. */
  valueAt?: { key: string; start: number; end: number; quote?: '"' | "'" };
  /** The cursor is on a key (possibly partial): its range in the text. */
  keyRange: { start: number; end: number };
  /** The key text was opened with a quote. */
  keyQuote?: '"' | "'";
  /** Inside a flow map `{…}`. */
  flow: boolean;
}

const LINE_LEAD = /^(\s*)((?:- +)*)/;

interface LineKey {
  indent: number;
  key: string;
  dashes: number[];
}

/** Reads `key:` (and any `- ` in front) from a line, in one pass over it. */
function readKey(line: string): LineKey | undefined {
  const m = LINE_LEAD.exec(line)!;
  const at = m[0].length;
  const key = keyAt(line, at);
  if (key === undefined) return undefined;
  const dashes: number[] = [];
  let col = m[1].length;
  for (const part of m[2].match(/- +/g) ?? []) {
    dashes.push(col);
    col += part.length;
  }
  return { indent: col, key, dashes };
}

/** The key of a `key:` starting at `at` (quoted, or plain up to the first `:` followed by a blank or the end). */
function keyAt(line: string, at: number): string | undefined {
  const first = line.charCodeAt(at);
  if (Number.isNaN(first)) return undefined;
  if (first === QUOTE_DOUBLE || first === QUOTE_SINGLE) {
    const close = line.indexOf(line[at], at + 1);
    if (close < 0) return undefined;
    let i = close + 1;
    while (isSpace(line.charCodeAt(i))) i++;
    return isColonEnd(line, i) ? line.slice(at + 1, close).trim() : undefined;
  }
  if (isSpace(first) || notInKey(first)) return undefined;
  for (let i = at + 1; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === COLON && isColonEnd(line, i)) return line.slice(at, i).trim();
    if (notInKey(c)) return undefined;
  }
  return undefined;
}

const COLON = 58;
const QUOTE_DOUBLE = 34;
const QUOTE_SINGLE = 39;

/** Blank or another whitespace character (`\s` without the line breaks, which a line never holds). */
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff || (c > 0x1000 && /\s/.test(String.fromCharCode(c)));
}

/** `#{}[],` end a plain key. */
function notInKey(c: number): boolean {
  return c === 35 || c === 123 || c === 125 || c === 91 || c === 93 || c === 44;
}

function isColonEnd(line: string, i: number): boolean {
  return line.charCodeAt(i) === COLON && (i + 1 === line.length || isSpace(line.charCodeAt(i + 1)));
}

/** The path to the map that contains a line at column `indent`, walking up the lines above it. */
function pathAbove(lines: LineIndex, line: number, indent: number): string[] {
  const path: string[] = [];
  let limit = indent;
  let allowEqualKey = false;
  for (let l = line - 1; l >= 0 && limit > 0; l--) {
    const text = lines.lineText(l);
    if (text.trim() === '' || text.trimStart().startsWith('#')) continue;
    if (/^(---|\.\.\.)/.test(text)) break;
    const key = readKey(text);
    const lineIndent = /^ */.exec(text)![0].length;
    if (!key) {
      // A `- item` line (scalar) or continuation: only a dash below the limit matters.
      if (text.trimStart().startsWith('-') && lineIndent < limit) {
        path.unshift('[]');
        limit = lineIndent;
        allowEqualKey = true;
      }
      continue;
    }
    if (key.indent < limit || (allowEqualKey && key.indent === limit && key.dashes.length === 0)) {
      path.unshift(key.key);
      for (let d = 0; d < key.dashes.length; d++) path.unshift('[]');
      limit = key.dashes.length ? key.dashes[0] : key.indent;
      allowEqualKey = key.dashes.length > 0;
      continue;
    }
    const firstDash = key.dashes[0];
    if (firstDash !== undefined && firstDash < limit) {
      path.unshift('[]');
      limit = firstDash;
      allowEqualKey = true;
    }
  }
  return path;
}

/** Computes the cursor context at an offset. */
export function cursorContext(lines: LineIndex, offset: number): CursorContext {
  const pos = lines.positionAt(offset);
  const lineText = lines.lineText(pos.line);
  const lineStart = lines.lineStart(pos.line);
  const before = lineText.slice(0, pos.character);

  // Flow map on this line: `annotations: {a: "1", |`
  const brace = before.lastIndexOf('{');
  if (brace >= 0 && !before.slice(brace).includes('}')) {
    const head = readKey(lineText.slice(0, brace));
    const parent = head ? [...pathAbove(lines, pos.line, head.indent), head.key] : pathAbove(lines, pos.line, /^ */.exec(lineText)![0].length);
    const segment = before.slice(Math.max(before.lastIndexOf(','), brace) + 1);
    return { path: parent, flow: true, ...keyOrValue(segment, lineStart + pos.character - segment.length, lineText, lineStart) };
  }

  const indentMatch = /^(\s*)((?:- +)*)/.exec(lineText)!;
  const contentStart = indentMatch[0].length;
  const indent = lineText.trim() === '' ? pos.character : contentStart;
  const path = pathAbove(lines, pos.line, indent);
  for (let i = indentMatch[2].match(/- +/g)?.length ?? 0; i > 0; i--) path.push('[]');
  const segment = before.slice(Math.min(contentStart, before.length));
  return { path, flow: false, ...keyOrValue(segment, lineStart + Math.min(contentStart, pos.character), lineText, lineStart) };
}

/** Splits `key: value` text before the cursor into the key being typed or the value being typed. */
function keyOrValue(segment: string, segmentStart: number, lineText: string, lineStart: number): Pick<CursorContext, 'valueAt' | 'keyRange' | 'keyQuote'> {
  const lead = /^\s*/.exec(segment)![0].length;
  const body = segment.slice(lead);
  const colon = findColon(body);
  if (colon >= 0) {
    const key = unquote(body.slice(0, colon).trim());
    const valueStartInBody = colon + 1 + /^\s*/.exec(body.slice(colon + 1))![0].length;
    const start = segmentStart + lead + valueStartInBody;
    const rest = lineText.slice(start - lineStart);
    const endInRest = valueEnd(rest);
    const opened = rest.startsWith('"') ? '"' : rest.startsWith("'") ? "'" : undefined;
    return { valueAt: { key, start, end: start + endInRest, quote: opened }, keyRange: { start, end: start } };
  }
  const start = segmentStart + lead;
  const restOfLine = lineText.slice(start - lineStart);
  const keyEnd = /^("[^"]*"?|'[^']*'?|[^\s:,}#]*)/.exec(restOfLine)![0].length;
  const keyQuote = body.startsWith('"') ? '"' : body.startsWith("'") ? "'" : undefined;
  return { keyRange: { start, end: start + keyEnd }, keyQuote };
}

/**
 * Length of the value at the start of `rest`: a quoted string, or plain text up to blanks followed by `,`, `}`,
 * a comment or the end of the line. One pass, so a long run of blanks costs linear time.
 */
function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

function valueEnd(rest: string): number {
  const q = rest[0];
  if (q === '"' || q === "'") {
    let i = 1;
    while (i < rest.length) {
      if (q === '"' && rest[i] === '\\') i += 2;
      else if (rest[i] === q) {
        if (q === "'" && rest[i + 1] === "'") i += 2;
        else {
          i++;
          break;
        }
      } else i++;
    }
    i = Math.min(i, rest.length);
    if (endsValue(rest, i)) return i;
  }
  let j = 0;
  while (j <= rest.length) {
    let k = j;
    while (k < rest.length && isBlank(rest[k])) k++;
    if (k === rest.length || rest[k] === ',' || rest[k] === '}' || (rest[k] === '#' && k > j)) return j;
    // Every start inside this run of blanks sees the same next character, so the next candidate is after it.
    if (rest[k] === ',' || rest[k] === '}' || rest[k] === '#') return 0;
    j = k + 1;
  }
  return 0;
}

/** Whether blanks then `,`, `}`, a comment or the end of the line follow position `i`. */
function endsValue(rest: string, i: number): boolean {
  let k = i;
  while (k < rest.length && isBlank(rest[k])) k++;
  return k === rest.length || rest[k] === ',' || rest[k] === '}' || (rest[k] === '#' && k > i);
}

function findColon(body: string): number {
  let quote: string | undefined;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      if (i === 0) quote = c;
    } else if (c === ':' && (i + 1 === body.length || body[i + 1] === ' ' || body[i + 1] === '\t')) {
      return i;
    }
  }
  return -1;
}

function unquote(s: string): string {
  return s.length >= 2 && (s[0] === '"' || s[0] === "'") && s[s.length - 1] === s[0] ? s.slice(1, -1) : s.replace(/^["']/, '');
}

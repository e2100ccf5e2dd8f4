/**
 * Text edits for the quick fixes. They work on whole lines of the original text, so comments, key order,
 * quoting style and indentation outside the change stay byte-identical.
 */
import { isObject, property, scalarStyle, type ASTNode, type ObjectASTNode, type PropertyASTNode } from './yaml/ast';
import type { LineIndex } from './yaml/parse';

/** A replacement in document-local offsets. */
export interface OffsetEdit {
  start: number;
  end: number;
  text: string;
}

export interface Fix {
  title: string;
  edits: OffsetEdit[];
  preferred?: boolean;
  /** One fix for every finding of its map (the same object in each): "move all". */
  covers?: 'map';
}

/** The end-of-line sequence a text uses. */
export function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Per-document memos, kept on the line index itself (cheaper for the GC than WeakMap entries). */
const EOL = Symbol('eol');
const INDENT_UNIT = Symbol('indent unit');
type WithMemos = LineIndex & { [EOL]?: string; [INDENT_UNIT]?: number };

/** `eolOf` a document's text, found once per document. */
function eolOfLines(lines: LineIndex): string {
  const memo = lines as WithMemos;
  let eol = memo[EOL];
  if (eol === undefined) {
    eol = eolOf(lines.text);
    memo[EOL] = eol;
  }
  return eol;
}

function indentOf(lineText: string): number {
  return /^ */.exec(lineText)![0].length;
}

/**
 * Offset of the `:` after an entry's key. yaml-language-server's parser leaves `colonOffset` at -1, so the
 * text after the key is searched when it is not set.
 */
export function colonOffsetOf(entry: PropertyASTNode, text: string): number {
  if (entry.colonOffset !== undefined && entry.colonOffset >= 0) return entry.colonOffset;
  return text.indexOf(':', entry.keyNode.offset + entry.keyNode.length);
}

/** Whether a node is written in flow style (`{…}` / `[…]`), where line-based edits do not apply. */
export function isFlow(node: ASTNode | undefined): boolean {
  const internal = node?.internalNode as { flow?: boolean } | undefined;
  return Boolean(internal?.flow);
}

/** The quote character siblings use, so inserted values match the file's style. */
export function preferredQuote(map: ObjectASTNode | undefined): '"' | "'" {
  const styles = (map?.properties ?? []).map((p) => scalarStyle(p.valueNode));
  const single = styles.filter((s) => s === 'QUOTE_SINGLE').length;
  const double = styles.filter((s) => s === 'QUOTE_DOUBLE').length;
  return single > double ? "'" : '"';
}

/** Writes a string as a quoted YAML scalar with the given quote character. */
export function quote(value: string, q: '"' | "'"): string {
  if (q === "'") return `'${value.replace(/'/g, "''")}'`;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The edit that turns a plain scalar into a quoted one; null/empty values become `""`. */
export function quoteValueEdit(entry: PropertyASTNode, map: ObjectASTNode | undefined, text: string): OffsetEdit | undefined {
  const q = preferredQuote(map);
  const value = entry.valueNode;
  if (!value || value.length === 0) {
    const colon = colonOffsetOf(entry, text);
    if (colon < 0) return undefined;
    return { start: colon + 1, end: colon + 1, text: ` ${q}${q}` };
  }
  if (value.type === 'object' || value.type === 'array') return undefined;
  const raw = text.slice(value.offset, value.offset + value.length);
  const content = value.type === 'null' ? '' : raw;
  return { start: value.offset, end: value.offset + value.length, text: quote(content, q) };
}

/** The quote a new value for this node gets: its own, else the one its siblings use. */
export function quoteFor(value: ASTNode | undefined, map: ObjectASTNode | undefined): '"' | "'" {
  const style = scalarStyle(value);
  return style === 'QUOTE_SINGLE' ? "'" : style === 'QUOTE_DOUBLE' ? '"' : preferredQuote(map);
}

/** Replaces a scalar's content and keeps its quoting style (plain values are quoted). */
export function replaceValueEdit(value: ASTNode, newValue: string, map: ObjectASTNode | undefined): OffsetEdit {
  return { start: value.offset, end: value.offset + value.length, text: quote(newValue, quoteFor(value, map)) };
}

/** Renames a key in place, keeping its quotes. */
export function renameKeyEdit(entry: PropertyASTNode, newKey: string, text: string): OffsetEdit {
  const key = entry.keyNode;
  const raw = text.slice(key.offset, key.offset + key.length);
  const q = raw.startsWith('"') ? '"' : raw.startsWith("'") ? "'" : '';
  return { start: key.offset, end: key.offset + key.length, text: q ? quote(newKey, q) : newKey };
}

/** The whole lines an entry occupies, from its key line to the last line of its value. */
export function entryLines(entry: PropertyASTNode, lines: LineIndex): { first: number; last: number } {
  const first = lines.positionAt(entry.keyNode.offset).line;
  const end = entry.valueNode ? entry.valueNode.offset + entry.valueNode.length : entry.keyNode.offset + entry.keyNode.length;
  let last = lines.positionAt(Math.max(end - 1, entry.keyNode.offset)).line;
  // A trailing comment sits on the value's last line already; nothing else belongs to the entry.
  while (last > first && lines.lineText(last).trim() === '') last--;
  return { first, last };
}

/** Offsets that cover whole lines `first..last`, including the final line break. */
function lineSpan(lines: LineIndex, first: number, last: number): { start: number; end: number } {
  return { start: lines.lineStart(first), end: last + 1 < lines.lineCount ? lines.lineStart(last + 1) : lines.text.length };
}

/** Deletes an entry's lines (block maps only). */
export function removeEntryEdit(entry: PropertyASTNode, lines: LineIndex): OffsetEdit {
  const { first, last } = entryLines(entry, lines);
  return { ...lineSpan(lines, first, last), text: '' };
}

/** Where moved entries go: a map reached from `start` by `segments`, created as needed. */
export interface MoveTarget {
  start: ObjectASTNode;
  segments: readonly string[];
}

/**
 * Moves entries of a block map to another map: removes their lines (and the source property when it
 * empties), and inserts them re-indented at the end of the target map, creating missing maps on the way.
 * Returns undefined when a flow map is involved or nothing can move.
 */
export function moveEntriesEdits(
  entries: readonly PropertyASTNode[],
  source: { property: PropertyASTNode; map: ObjectASTNode },
  target: MoveTarget,
  lines: LineIndex,
): OffsetEdit[] | undefined {
  if (isFlow(source.map) || entries.length === 0) return undefined;
  const text = lines.text;
  const eol = eolOfLines(lines);
  const resolved = resolveTarget(target, lines);
  if (!resolved) return undefined;
  const existing = new Set(resolved.existingKeys);
  const movable = entries.filter((e) => !existing.has(String(e.keyNode.value)));
  if (movable.length === 0) return undefined;

  const sourceIndent = indentOf(lines.lineText(lines.positionAt(source.map.properties[0].keyNode.offset).line));
  const blocks = movable.map((e) => {
    const { last } = entryLines(e, lines);
    const first = withCommentsAbove(e, lines);
    const body: string[] = [];
    for (let l = first; l <= last; l++) body.push(reindent(lines.lineText(l), sourceIndent, resolved.entryIndent));
    return { first, last, body };
  });
  const inserted =
    resolved.prefix.map((p) => p + eol).join('') +
    blocks
      .flatMap((b) => b.body)
      .map((l) => l + eol)
      .join('');

  const edits: OffsetEdit[] = [];
  const emptied = movable.length === source.map.properties.length;
  if (emptied) {
    const first = lines.positionAt(emptiedAncestor(source.property, resolved, lines).keyNode.offset).line;
    const last = blocks.reduce((max, b) => Math.max(max, b.last), first);
    const span = lineSpan(lines, first, last);
    edits.push({ ...span, text: keepComments(lines, first + 1, last, blocks, eol) });
  } else {
    for (const b of blocks) edits.push({ ...lineSpan(lines, b.first, b.last), text: '' });
  }
  // A map created beside the source (labels next to annotations) goes just before it, not first in the parent.
  const besideSource = resolved.createdIn !== undefined && resolved.createdIn === source.property.parent;
  let insertAt = besideSource ? lines.lineStart(lines.positionAt(source.property.keyNode.offset).line) : resolved.insertAt;
  let insertText = inserted;
  if (insertAt === text.length && text.length > 0 && !text.endsWith('\n')) insertText = eol + insertText;
  if (resolved.replace) {
    edits.push({ start: resolved.replace.start, end: resolved.replace.end, text: eol + insertText.slice(0, insertText.length - eol.length) });
  } else {
    // Never insert inside a range that is being removed; at its start, the two become one replacement.
    for (const e of edits) if (insertAt > e.start && insertAt < e.end) insertAt = e.end;
    const joined = edits.find((e) => e.start === insertAt && e.end > e.start);
    if (joined) joined.text = insertText + joined.text;
    else edits.push({ start: insertAt, end: insertAt, text: insertText });
  }
  return edits.sort((a, b) => a.start - b.start);
}

/**
 * The property to remove when a map empties: the map's own property, or the parent that would be left holding
 * nothing (`metadata:` around a removed `annotations:`), as long as the target is not inside it.
 */
function emptiedAncestor(prop: PropertyASTNode, target: ResolvedTarget, lines: LineIndex): PropertyASTNode {
  const targetAt = target.replace?.start ?? target.insertAt;
  let current = prop;
  for (;;) {
    const map = current.parent;
    const outer = map?.parent;
    if (!isObject(map) || map.properties.length !== 1 || isFlow(map) || outer?.type !== 'property' || target.createdIn === map) return current;
    const outerProp = outer;
    // Top-level keys and keys of list items stay (as an empty map) rather than take a dash or the object's shape with them.
    if (outerProp.parent?.parent?.type !== 'property') return current;
    const start = lines.lineStart(lines.positionAt(outerProp.keyNode.offset).line);
    // `- metadata:` starts a list item: removing its line would remove the item's dash.
    if (lines.text.slice(start, outerProp.keyNode.offset).trim() !== '') return current;
    const end = outerProp.offset + outerProp.length;
    if (targetAt >= start && targetAt <= end) return current;
    current = outerProp;
  }
}

/** An entry's first line, extended upward over the full-line comments directly above it at the same indentation. */
function withCommentsAbove(entry: PropertyASTNode, lines: LineIndex): number {
  const { first } = entryLines(entry, lines);
  const indent = indentOf(lines.lineText(first));
  let line = first;
  while (line > 0) {
    const above = lines.lineText(line - 1);
    if (!above.trim().startsWith('#') || indentOf(above) !== indent) break;
    line--;
  }
  return line;
}

/** Full-line comments between removed lines stay where they were. */
function keepComments(lines: LineIndex, from: number, to: number, blocks: { first: number; last: number }[], eol: string): string {
  const kept: string[] = [];
  const moved = new Set<number>();
  for (const b of blocks) for (let l = Math.max(b.first, from); l <= Math.min(b.last, to); l++) moved.add(l);
  for (let l = from; l <= to; l++) {
    if (moved.has(l)) continue;
    if (lines.lineText(l).trim().startsWith('#')) kept.push(lines.lineText(l) + eol);
  }
  return kept.join('');
}

function reindent(line: string, from: number, to: number): string {
  if (line.trim() === '') return line;
  const current = indentOf(line);
  const delta = to - from;
  return delta >= 0 ? ' '.repeat(delta) + line : line.slice(Math.min(-delta, current));
}

interface ResolvedTarget {
  /** Lines (without EOL) that create missing maps before the entries. */
  prefix: string[];
  entryIndent: number;
  insertAt: number;
  /** Replace this range (an empty `{}` or null value) instead of inserting. */
  replace?: { start: number; end: number };
  existingKeys: string[];
  /** The map in which missing maps are created, when any are. */
  createdIn?: ObjectASTNode;
}

function resolveTarget(target: MoveTarget, lines: LineIndex): ResolvedTarget | undefined {
  const unit = indentUnit(lines);
  let map: ObjectASTNode = target.start;
  if (isFlow(map)) return undefined;
  let mapIndent = map.properties.length ? indentOf(lines.lineText(lines.positionAt(map.properties[0].keyNode.offset).line)) : 0;
  for (let i = 0; i < target.segments.length; i++) {
    const prop = property(map, target.segments[i]);
    const rest = target.segments.slice(i + 1);
    if (!prop) {
      // Create this and the remaining maps as the first children of `map`.
      const prefix = [target.segments[i], ...rest].map((s, k) => ' '.repeat(mapIndent + k * unit) + s + ':');
      const firstLine = map.properties.length ? lines.positionAt(map.properties[0].keyNode.offset).line : lines.positionAt(map.offset).line + 1;
      return { prefix, entryIndent: mapIndent + (rest.length + 1) * unit, insertAt: lines.lineStart(firstLine), existingKeys: [], createdIn: map };
    }
    const value = prop.valueNode;
    const propIndent = indentOf(lines.lineText(lines.positionAt(prop.keyNode.offset).line));
    if (!value || value.type === 'null' || (isObject(value) && value.properties.length === 0)) {
      if (value && isObject(value) && !isFlow(value)) return undefined;
      const prefix = rest.map((s, k) => ' '.repeat(propIndent + (k + 1) * unit) + s + ':');
      const colon = colonOffsetOf(prop, lines.text);
      if (colon < 0) return undefined;
      const keyEnd = colon + 1;
      const replaceEnd = value && value.length > 0 ? value.offset + value.length : keyEnd;
      return {
        prefix,
        entryIndent: propIndent + (rest.length + 1) * unit,
        insertAt: replaceEnd,
        replace: { start: keyEnd, end: replaceEnd },
        existingKeys: [],
      };
    }
    if (!isObject(value) || isFlow(value)) return undefined;
    map = value;
    mapIndent = indentOf(lines.lineText(lines.positionAt(value.properties[0].keyNode.offset).line));
  }
  const last = map.properties[map.properties.length - 1];
  const { last: lastLine } = entryLines(last, lines);
  return {
    prefix: [],
    entryIndent: mapIndent,
    insertAt: lastLine + 1 < lines.lineCount ? lines.lineStart(lastLine + 1) : lines.text.length,
    existingKeys: map.properties.map((p) => String(p.keyNode.value)),
  };
}

/** The file's indentation step: the smallest positive indent found, or 2 (found once per document). */
function indentUnit(lines: LineIndex): number {
  const memo = lines as WithMemos;
  let known = memo[INDENT_UNIT];
  if (known === undefined) {
    known = findIndentUnit(lines);
    memo[INDENT_UNIT] = known;
  }
  return known;
}

function findIndentUnit(lines: LineIndex): number {
  let unit = Infinity;
  for (let l = 0; l < lines.lineCount && l < 200; l++) {
    const t = lines.lineText(l);
    if (t.trim() === '' || t.trim().startsWith('#')) continue;
    const n = indentOf(t);
    if (n > 0 && n < unit) unit = n;
  }
  return Number.isFinite(unit) ? unit : 2;
}

/**
 * Inserts one `key: value` line into the map at `segments` below `start`, creating the missing maps on the way
 * (an empty `annotations:` or `{}` is filled in). Returns undefined where a flow map is in the way.
 */
export function insertAtPathEdit(target: MoveTarget, line: string, lines: LineIndex): OffsetEdit | undefined {
  const resolved = resolveTarget(target, lines);
  if (!resolved) return undefined;
  const eol = eolOfLines(lines);
  const body = [...resolved.prefix, ' '.repeat(resolved.entryIndent) + line];
  if (resolved.replace) return { ...resolved.replace, text: eol + body.join(eol) };
  const atEnd = resolved.insertAt === lines.text.length && lines.text.length > 0 && !lines.text.endsWith('\n');
  return { start: resolved.insertAt, end: resolved.insertAt, text: (atEnd ? eol : '') + body.map((l) => l + eol).join('') };
}

/**
 * A linear pre-check before parsing: block collections nested on one line (`- - - … x`, `? ? x`). `yaml`'s parser
 * spends time proportional to the depth on each level, so a line of n such levels costs O(n²) in a few bytes of
 * text; a YAML document with one deeper than MAX_COMPACT_NESTING is not parsed (and gets a diagnostic instead).
 */

/** Deepest run of compact block indicators on one line that is parsed; no real manifest comes near it. */
export const MAX_COMPACT_NESTING = 64;

/** The first line (0-based) holding more than `max` compact block indicators in a row, with their count; undefined when none. */
export function compactNestingOver(text: string, max = MAX_COMPACT_NESTING): { line: number; depth: number } | undefined {
  let line = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    // Indentation, then `-` or `?` followed by a blank, repeated.
    while (i < n && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    let depth = 0;
    for (;;) {
      const c = text.charCodeAt(i);
      const next = text.charCodeAt(i + 1);
      if ((c !== 45 && c !== 63) || (next !== 32 && next !== 9)) break;
      depth++;
      i += 2;
      while (i < n && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    }
    if (depth > max) return { line, depth };
    // The rest of the line.
    while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    if (i < n) {
      if (text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10) i++;
      i++;
      line++;
    }
  }
  return undefined;
}

/** Completion of annotation keys and values, only where pod (or ImageCache) annotations belong. */
import { CompletionItemKind, CompletionItemTag, InsertTextFormat, MarkupKind, type CompletionItem } from 'vscode-languageserver-types';
import SNIPPETS from '../../../snippets/eci-annotations.code-snippets.json';
import type { AccountResources } from './account';
import type { DocumentAnalysis } from './analysis';
import type { Catalogue } from './catalogue';
import { HELM_VALUES_ANNOTATIONS, HELM_VALUES_LABELS } from './catalogue/kinds';
import { isAccountResourceKind, type Annotation } from './catalogue/types';
import { localeOf } from './catalogue/l10n';
import { annotationMarkdown, labelMarkdown, valueMarkdown } from './docs';
import { t, type Locale, type MessageKey } from './l10n';
import { eolOf, preferredQuote, quote } from './edits';
import { cursorContext, type CursorContext } from './yaml/context';

/** Splits a catalogue path into the segments `cursorContext` produces. */
function segments(path: string): string[] {
  return path.split('.').flatMap((s) => (s.endsWith('[]') ? [s.slice(0, -2), '[]'] : [s]));
}

/** Whether a cursor path is a site path; a `*` segment of the site matches any one key. */
function samePath(site: readonly string[], path: readonly string[]): boolean {
  return site.length === path.length && site.every((s, i) => s === path[i] || (s === '*' && path[i] !== '[]'));
}

/** Which map the cursor path is: the annotations of a site, its labels, or neither. */
function siteAt(analysis: DocumentAnalysis, path: string[]): 'annotations' | 'labels' | undefined {
  if (analysis.helmValues) {
    const last = path[path.length - 1] ?? '';
    return HELM_VALUES_ANNOTATIONS.test(last) ? 'annotations' : HELM_VALUES_LABELS.test(last) ? 'labels' : undefined;
  }
  for (const site of analysis.sites) {
    if (samePath([...analysis.prefix, ...segments(site.annotations)], path)) return 'annotations';
    if (site.labels && samePath([...analysis.prefix, ...segments(site.labels)], path)) return 'labels';
  }
  return undefined;
}

/** The text after a key on its line, when a `:` follows it: whether a value is already written there. */
function keyLine(analysis: DocumentAnalysis, keyEnd: number): { colonEnd: number; hasValue: boolean } | undefined {
  const lines = analysis.doc.lines;
  const end = lines.lineEnd(lines.positionAt(keyEnd).line);
  const rest = analysis.doc.text.slice(keyEnd, end);
  const m = /^[ \t]*:(?=[ \t]|$)[ \t]*/.exec(rest);
  if (!m) return undefined;
  const value = rest.slice(m[0].length);
  return { colonEnd: keyEnd + m[0].length, hasValue: value !== '' && !value.startsWith('#') };
}

interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}

/** Whole-manifest snippets, only where a manifest can start: a document with nothing but the word being typed. */
function snippetItems(analysis: DocumentAnalysis, offset: number, locale: Locale): CompletionItem[] {
  const lines = analysis.doc.lines;
  const line = lines.positionAt(offset).line;
  for (let l = 0; l < lines.lineCount; l++) {
    const t = lines.lineText(l).trim();
    if (l !== line && t !== '' && !t.startsWith('#') && !/^(---|\.\.\.)(\s|$)/.test(t)) return [];
  }
  if (/^(---|\.\.\.)/.test(lines.lineText(line))) return [];
  const before = lines.lineText(line).slice(0, offset - lines.lineStart(line));
  if (!/^[\w-]*$/.test(before)) return [];
  const end = lines.lineStart(line) + (/^[\w-]*/.exec(lines.lineText(line).slice(before.length))![0].length + before.length);
  return Object.entries(SNIPPETS as Record<string, Snippet>).map(([name, snippet]) => ({
    label: snippet.prefix,
    kind: CompletionItemKind.Snippet,
    detail: locale === 'en' ? name : t(`snippet.${snippet.prefix}.name` as MessageKey, undefined, locale),
    documentation: {
      kind: MarkupKind.Markdown,
      value: `${locale === 'en' ? snippet.description : t(`snippet.${snippet.prefix}.description` as MessageKey, undefined, locale)}\n\n\`\`\`yaml\n${snippet.body
        .join('\n')
        .replace(/\$\{\d+:([^}]*)\}/g, '$1')
        .replace(/\$\d+/g, '')}\n\`\`\``,
    },
    textEdit: { range: lines.range(lines.lineStart(line), end), newText: snippet.body.join(eolOf(lines.text)) },
    insertTextFormat: InsertTextFormat.Snippet,
    filterText: snippet.prefix,
  }));
}

/** Whether the cursor is in a comment, or on a line of template actions or with a `{{ }}` value, where no edit is safe. */
function inCommentOrTemplate(line: string, character: number): boolean {
  const content = line.trimStart();
  if (content.startsWith('#') || content.startsWith('{{')) return true;
  let quote: string | undefined;
  for (let i = 0; i < line.length && i < character; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) {
      return true;
    }
  }
  const templated = /:\s+\{\{/.exec(line);
  return templated !== null && character > templated.index;
}

/** A snippet-safe version of literal text. */
function snippetText(s: string): string {
  return s.replace(/[\\$}]/g, (c) => `\\${c}`);
}

/** The value placeholder a key gets when it is inserted. */
function valuePlaceholder(a: Annotation, q: '"' | "'"): string {
  const type = a.value;
  if (type.kind === 'enum' && !type.list) return `${q}\${1|${type.values.map((v) => v.value.replace(/[,|]/g, '')).join(',')}|}${q}`;
  if (type.kind === 'boolean') return type.only ? `${q}\${1:${type.only}}${q}` : `${q}\${1|true,false|}${q}`;
  const example = a.default ?? a.example;
  // JSON examples carry double quotes: single-quoted YAML keeps them readable.
  const useQ = type.kind === 'json' ? "'" : q;
  return `${useQ}\${1:${snippetText(useQ === "'" ? example.replace(/'/g, "''") : example.replace(/\\/g, '\\\\').replace(/"/g, '\\"'))}}${useQ}`;
}

export async function doComplete(
  analysis: DocumentAnalysis,
  offset: number,
  catalogue: Catalogue,
  account: AccountResources | undefined,
  locale: Locale = 'en',
): Promise<{ items: CompletionItem[]; ctx: CursorContext } | undefined> {
  const lines = analysis.doc.lines;
  // In the indentation in front of a line's content, nothing can be inserted without breaking that line.
  const at = lines.positionAt(offset);
  const lineText = lines.lineText(at.line);
  if (lineText.trim() !== '' && at.character < lineText.length - lineText.trimStart().length) return undefined;
  if (inCommentOrTemplate(lineText, at.character)) return undefined;
  const ctx = cursorContext(lines, offset);
  if (ctx.path.length === 0 && !ctx.valueAt && !ctx.flow && !analysis.helmValues) {
    const items = snippetItems(analysis, offset, locale);
    if (items.length) return { ctx, items };
  }
  const where = siteAt(analysis, ctx.path);
  if (!where) return undefined;
  // On a line that already has `key: value`, only the key is replaced and the value is kept.
  const existing = ctx.flow ? undefined : keyLine(analysis, ctx.keyRange.end);
  const keyEdit = (keyText: string, entry: string) =>
    existing?.hasValue
      ? { range: lines.range(ctx.keyRange.start, ctx.keyRange.end), newText: keyText }
      : { range: lines.range(ctx.keyRange.start, existing ? existing.colonEnd : ctx.keyRange.end), newText: entry };
  // The map the cursor is in, or the one it follows on a new line (only blanks and comments after the map's last entry).
  const map = analysis.maps.find((m) => {
    if (m.role !== (where === 'annotations' ? 'site' : 'labels') || offset < m.property.offset) return false;
    const end = m.property.offset + m.property.length;
    return offset <= end || analysis.doc.text.slice(end, offset).replace(/#.*$/gm, '').trim() === '';
  });
  const q = preferredQuote(map?.map);

  // Keys the map already has are left out (except the one being typed): a second one would be a duplicate key.
  const typedKey = analysis.doc.text.slice(ctx.keyRange.start, ctx.keyRange.end).replace(/^["']|["']$/g, '');
  const present = new Set(map?.entries.map((e) => e.key));
  present.delete(typedKey);

  if (where === 'labels') {
    if (ctx.valueAt) return undefined;
    return {
      ctx,
      items: catalogue.routingLabels
        .filter((l) => !present.has(l.key))
        .map((l) => ({
          label: l.key,
          kind: CompletionItemKind.Property,
          detail: t('completion.routingLabel', undefined, localeOf(l)),
          documentation: { kind: MarkupKind.Markdown, value: labelMarkdown(l) },
          textEdit: keyEdit(ctx.keyQuote ? quote(l.key, ctx.keyQuote) : l.key, `${ctx.keyQuote ? quote(l.key, ctx.keyQuote) : l.key}: ${quote(l.value, q)}`),
          filterText: (ctx.keyQuote ?? '') + l.key,
        })),
    };
  }

  if (ctx.valueAt) {
    const annotation = catalogue.get(ctx.valueAt.key);
    if (!annotation || annotation.readOnly) return undefined;
    const vq = ctx.valueAt.quote ?? q;
    const range = lines.range(ctx.valueAt.start, ctx.valueAt.end);
    // Right after the colon, the value needs its separating space.
    const lead = analysis.doc.text[ctx.valueAt.start - 1] === ':' ? ' ' : '';
    const items: CompletionItem[] = [];
    const type = annotation.value;
    const values = type.kind === 'enum' && !type.list ? type.values.map((v) => v.value) : type.kind === 'boolean' ? (type.only ? [type.only] : ['true', 'false']) : [];
    for (const v of values) {
      items.push({
        label: quote(v, vq),
        kind: CompletionItemKind.EnumMember,
        documentation: { kind: MarkupKind.Markdown, value: valueMarkdown(annotation, v) },
        textEdit: { range, newText: lead + quote(v, vq) },
        filterText: lead + quote(v, vq),
      });
    }
    if (isAccountResourceKind(annotation.pick) && account?.isConnected()) {
      try {
        const resources = await account.list(annotation.pick);
        resources.forEach((r, i) =>
          items.push({
            label: quote(r.id, vq),
            kind: CompletionItemKind.Value,
            detail: [r.ipAddress, r.name, r.status].filter(Boolean).join(' · '),
            documentation: [r.bandwidth ? `${r.bandwidth} Mbit/s` : '', r.internetChargeType, r.isp, r.attachedTo ? t('completion.attachedTo', { id: r.attachedTo }, locale) : '']
              .filter(Boolean)
              .join(' · '),
            textEdit: { range, newText: lead + quote(r.id, vq) },
            filterText: lead + quote(r.id, vq),
            sortText: String(i).padStart(5, '0'),
          }),
        );
      } catch {
        // The account being unreachable must not break completion; the code action reports the error.
      }
    }
    return { ctx, items };
  }

  const items: CompletionItem[] = [];
  for (const a of catalogue.writable(analysis.placement)) {
    if (present.has(a.key)) continue;
    const keyText = ctx.keyQuote ? quote(a.key, ctx.keyQuote) : a.key;
    const edit = keyEdit(existing?.hasValue ? snippetText(keyText) : keyText, `${keyText}: ${valuePlaceholder(a, q)}`);
    items.push({
      label: a.key,
      kind: CompletionItemKind.Property,
      detail: a.summary,
      documentation: { kind: MarkupKind.Markdown, value: annotationMarkdown(a, analysis.placement) },
      textEdit: edit,
      insertTextFormat: InsertTextFormat.Snippet,
      filterText: (ctx.keyQuote ?? '') + a.key,
      // Deprecated and discontinued keys come last, struck through.
      sortText: `${a.deprecated ? '1' : '0'}${a.key}`,
      tags: a.deprecated ? [CompletionItemTag.Deprecated] : undefined,
    });
  }
  return { ctx, items };
}

/** Completion of annotation keys and values, only where pod (or ImageCache) annotations belong. */
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem } from 'vscode-languageserver-types';
import type { AccountResources } from './account';
import type { DocumentAnalysis } from './analysis';
import type { Catalogue } from './catalogue';
import type { Annotation } from './catalogue/types';
import { localeOf } from './catalogue/l10n';
import { annotationMarkdown, labelMarkdown, valueMarkdown } from './docs';
import { t } from './l10n';
import { preferredQuote, quote } from './edits';
import { cursorContext, type CursorContext } from './yaml/context';

/** Splits a catalogue path into the segments `cursorContext` produces. */
function segments(path: string): string[] {
  return path.split('.').flatMap((s) => (s.endsWith('[]') ? [s.slice(0, -2), '[]'] : [s]));
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/** Which map the cursor path is: the annotations of a site, its labels, or neither. */
function siteAt(analysis: DocumentAnalysis, path: string[]): 'annotations' | 'labels' | undefined {
  for (const site of analysis.row?.sites ?? []) {
    if (samePath(segments(site.annotations), path)) return 'annotations';
    if (site.labels && samePath(segments(site.labels), path)) return 'labels';
  }
  return undefined;
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
): Promise<{ items: CompletionItem[]; ctx: CursorContext } | undefined> {
  if (!analysis.row) return undefined;
  const lines = analysis.doc.lines;
  const ctx = cursorContext(lines, offset);
  const where = siteAt(analysis, ctx.path);
  if (!where) return undefined;
  // The map the cursor is in, or the one it follows on a new line (only blanks and comments after the map's last entry).
  const map = analysis.maps.find((m) => {
    if (m.role !== (where === 'annotations' ? 'site' : 'labels') || offset < m.property.offset) return false;
    const end = m.property.offset + m.property.length;
    return offset <= end || analysis.doc.text.slice(end, offset).replace(/#.*$/gm, '').trim() === '';
  });
  const q = preferredQuote(map?.map);

  if (where === 'labels') {
    if (ctx.valueAt) return undefined;
    return {
      ctx,
      items: catalogue.routingLabels.map((l) => ({
        label: l.key,
        kind: CompletionItemKind.Property,
        detail: t('completion.routingLabel', undefined, localeOf(l)),
        documentation: { kind: MarkupKind.Markdown, value: labelMarkdown(l) },
        textEdit: { range: lines.range(ctx.keyRange.start, ctx.keyRange.end), newText: `${l.key}: ${quote(l.value, q)}` },
        filterText: (ctx.keyQuote ?? '') + l.key,
      })),
    };
  }

  if (ctx.valueAt) {
    const annotation = catalogue.get(ctx.valueAt.key);
    if (!annotation || annotation.readOnly) return undefined;
    const vq = ctx.valueAt.quote ?? q;
    const range = lines.range(ctx.valueAt.start, ctx.valueAt.end);
    const items: CompletionItem[] = [];
    const type = annotation.value;
    const values = type.kind === 'enum' && !type.list ? type.values.map((v) => v.value) : type.kind === 'boolean' ? (type.only ? [type.only] : ['true', 'false']) : [];
    for (const v of values) {
      items.push({
        label: quote(v, vq),
        kind: CompletionItemKind.EnumMember,
        documentation: { kind: MarkupKind.Markdown, value: valueMarkdown(annotation, v) },
        textEdit: { range, newText: quote(v, vq) },
        filterText: quote(v, vq),
      });
    }
    if (annotation.pick && account?.isConnected()) {
      try {
        const resources = await account.list(annotation.pick);
        resources.forEach((r, i) =>
          items.push({
            label: quote(r.id, vq),
            kind: CompletionItemKind.Value,
            detail: [r.ipAddress, r.name, r.status].filter(Boolean).join(' · '),
            documentation: [r.bandwidth ? `${r.bandwidth} Mbit/s` : '', r.internetChargeType, r.isp, r.attachedTo ? `attached to ${r.attachedTo}` : ''].filter(Boolean).join(' · '),
            textEdit: { range, newText: quote(r.id, vq) },
            filterText: quote(r.id, vq),
            sortText: String(i).padStart(5, '0'),
          }),
        );
      } catch {
        // The account being unreachable must not break completion; the code action reports the error.
      }
    }
    return { ctx, items };
  }

  const present = new Set(map?.entries.map((e) => e.key));
  const typedKey = analysis.doc.text.slice(ctx.keyRange.start, ctx.keyRange.end).replace(/^["']|["']$/g, '');
  present.delete(typedKey);
  const items: CompletionItem[] = [];
  for (const a of catalogue.writable(analysis.placement)) {
    if (present.has(a.key)) continue;
    const keyText = ctx.keyQuote ? quote(a.key, ctx.keyQuote) : a.key;
    items.push({
      label: a.key,
      kind: CompletionItemKind.Property,
      detail: a.summary,
      documentation: { kind: MarkupKind.Markdown, value: annotationMarkdown(a) },
      textEdit: { range: lines.range(ctx.keyRange.start, ctx.keyRange.end), newText: `${keyText}: ${valuePlaceholder(a, q)}` },
      insertTextFormat: InsertTextFormat.Snippet,
      filterText: (ctx.keyQuote ?? '') + a.key,
      sortText: a.key,
    });
  }
  return { ctx, items };
}


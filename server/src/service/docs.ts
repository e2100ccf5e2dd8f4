/** Markdown for hover and completion, built from catalogue records in the record's language (see `catalogue/l10n.ts`). */
import type { Annotation, Placement, RoutingLabel, ValueType } from './catalogue/types';
import { localeOf } from './catalogue/l10n';
import { t, translator, type MessageKey, type Translate } from './l10n';

export const CREATION_TIME_NOTE = t('hover.creationTime');

/** Words for a value type: the hover's Type row. */
export function typeText(type: ValueType, tr: Translate): string {
  switch (type.kind) {
    case 'boolean':
      return type.only ? tr('type.booleanOnly', { value: type.only }) : tr('type.boolean');
    case 'integer': {
      const range =
        type.min !== undefined && type.max !== undefined
          ? tr('type.range.between', { min: type.min, max: type.max })
          : type.min !== undefined
            ? tr('type.range.min', { min: type.min })
            : type.max !== undefined
              ? tr('type.range.max', { max: type.max })
              : '';
      return tr('type.integer', { range, unit: type.unit ? tr('type.unit', { unit: type.unit }) : '' });
    }
    case 'decimal':
      return tr('type.decimal', { places: type.maxDecimals ?? 3 });
    case 'enum':
      return tr(type.list ? 'type.enumList' : 'type.enum', { values: type.values.map((v) => v.value).join(', ') });
    case 'id': {
      const what = tr(`id.${type.prefix}` as MessageKey);
      const args = { what, prefix: type.prefix, max: type.list?.max ?? '' };
      return tr(!type.list ? 'type.id' : type.list.max ? 'type.idListMax' : 'type.idList', args);
    }
    case 'list':
      return tr(type.max ? 'type.listMax' : 'type.list', { item: type.item, max: type.max ?? '' });
    case 'json':
      return tr('type.json', { shape: type.shape });
    case 'quantity':
      return tr('type.quantity', { units: (type.units ?? ['Ki', 'Mi', 'Gi', 'Ti']).join(', ') });
    case 'specList':
      return tr('type.specList', { max: type.max });
    case 'text':
      return tr('type.text');
  }
}

/**
 * Full documentation of an annotation key, as it applies at a placement (`pod` or `imageCache`): the relations of
 * the other placement are left out, so a pod key does not speak of its ImageCache namesake's needs. Enum values are a
 * list below the table.
 */
export function annotationMarkdown(a: Annotation, placement: Placement = a.placement.includes('pod') ? 'pod' : 'imageCache'): string {
  const tr = translator(localeOf(a));
  const at: Placement = a.placement.includes(placement) ? placement : a.placement[0];
  const rows: string[] = [`| ${tr('hover.type')} | ${typeText(a.value, tr)} |`];
  const values = a.value.kind === 'enum' ? [`**${tr('hover.values')}**`, ...a.value.values.map((v) => `- \`${v.value}\`: ${v.doc}`)].join('\n') : '';
  rows.push(`| ${tr('hover.default')} | ${a.default !== undefined ? `\`${a.default}\`` : tr('hover.notSet')} |`);
  rows.push(`| ${tr('hover.example')} | \`${a.key}: ${JSON.stringify(a.example)}\` |`);
  const notes: string[] = [];
  if (a.undocumented) notes.push(tr('hover.undocumented'));
  if (a.seenIn) notes.push(tr('hover.seenIn', { where: a.seenIn }));
  if (a.readOnly) notes.push(tr('hover.readOnly'));
  if (a.supersededBy) notes.push(tr('hover.legacy', { key: a.supersededBy }));
  if (a.deprecated) notes.push(tr('hover.deprecated'));
  const relevant = (r: { placement?: Placement }) => !r.placement || r.placement === at;
  for (const r of (a.requires ?? []).filter(relevant)) {
    const key = `${r.key}${r.values ? `: "${r.values[0]}"` : ''}`;
    notes.push(r.when ? tr('hover.needsWhen', { key, values: r.when.map((w) => `\`${w}\``).join(', ') }) : tr('hover.needs', { key }));
  }
  for (const r of (a.conflicts ?? []).filter(relevant)) notes.push(tr('hover.ignoredWith', { key: `${r.key}${r.values ? `: "${r.values[0]}"` : ''}` }));
  if (a.singleInstance) notes.push(tr('hover.singleInstance'));
  if (at === 'imageCache' && !a.placement.includes('pod')) notes.push(tr('hover.imageCacheOnly'));
  const timing = a.readOnly ? '' : tr(at === 'imageCache' ? 'hover.imageCacheTime' : 'hover.creationTime');
  return [
    `**${a.key}** · ${tr(at === 'pod' ? 'hover.podAnnotation' : 'hover.imageCacheAnnotation')}`,
    a.doc,
    ['| | |', '|---|---|', ...rows].join('\n'),
    values,
    ...notes,
    timing,
    `[${tr('hover.docsLink')}](${a.source})`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** Documentation of one enum value, followed by its key's. */
export function valueMarkdown(a: Annotation, value: string, placement?: Placement): string {
  const doc = a.value.kind === 'enum' ? a.value.values.find((v) => v.value === value)?.doc : undefined;
  return [doc ? `**${value}**: ${doc}` : '', annotationMarkdown(a, placement)].filter(Boolean).join('\n\n---\n\n');
}

export function labelMarkdown(l: RoutingLabel): string {
  const tr = translator(localeOf(l));
  return [`**${l.key}** · ${tr('hover.podLabel')}`, l.doc, `${tr('hover.value')}: \`"${l.value}"\``, `[${tr('hover.labelDocsLink')}](${l.source})`].join('\n\n');
}

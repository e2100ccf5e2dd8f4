/** Markdown for hover and completion, built from catalogue records. */
import type { Annotation, RoutingLabel } from './catalogue/types';
import { describeType } from './values';

export const CREATION_TIME_NOTE = 'Takes effect only when the pod is created: changing it on a running pod does nothing; a rollout makes new pods that pick it up.';

/** Full documentation of an annotation key. */
export function annotationMarkdown(a: Annotation): string {
  const rows: string[] = [`| Type | ${describeType(a.value)} |`];
  if (a.value.kind === 'enum') rows.push(`| Values | ${a.value.values.map((v) => `\`${v.value}\`: ${v.doc}`).join('<br>')} |`);
  rows.push(`| Default | ${a.default !== undefined ? `\`${a.default}\`` : 'not set'} |`);
  rows.push(`| Example | \`${a.key}: ${JSON.stringify(a.example)}\` |`);
  const notes: string[] = [];
  if (a.readOnly) notes.push('**Set by ECI** after scheduling; do not write it yourself.');
  if (a.supersededBy) notes.push(`**Legacy**: use \`${a.supersededBy}\` instead.`);
  for (const r of a.requires ?? []) notes.push(`Needs \`${r.key}${r.values ? `: "${r.values[0]}"` : ''}\`${r.when ? ` when set to ${r.when.map((w) => `\`${w}\``).join(', ')}` : ''}.`);
  for (const r of a.conflicts ?? []) notes.push(`Ignored together with \`${r.key}${r.values ? `: "${r.values[0]}"` : ''}\`.`);
  if (a.singleInstance) notes.push('One fixed resource serves one pod: use it with a single replica.');
  if (a.placement.includes('imageCache') && !a.placement.includes('pod')) notes.push('Goes on an **ImageCache**, not on pods.');
  return [
    `**${a.key}** · ECI ${a.placement.includes('pod') ? 'pod' : 'ImageCache'} annotation`,
    a.doc,
    ['| | |', '|---|---|', ...rows].join('\n'),
    ...notes,
    a.readOnly ? '' : CREATION_TIME_NOTE,
    `[ECI documentation](${a.source})`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** Documentation of one enum value, followed by its key's. */
export function valueMarkdown(a: Annotation, value: string): string {
  const doc = a.value.kind === 'enum' ? a.value.values.find((v) => v.value === value)?.doc : undefined;
  return [doc ? `**${value}**: ${doc}` : '', annotationMarkdown(a)].filter(Boolean).join('\n\n---\n\n');
}

export function labelMarkdown(l: RoutingLabel): string {
  return [`**${l.key}** · pod label`, l.doc, `Value: \`"${l.value}"\``, `[Documentation](${l.source})`].join('\n\n');
}

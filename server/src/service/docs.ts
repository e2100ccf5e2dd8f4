/** Markdown for hover and completion, built from catalogue records. */
import type { Annotation, Placement, RoutingLabel } from './catalogue/types';
import { describeType } from './values';

export const CREATION_TIME_NOTE = 'Takes effect only when the pod is created: changing it on a running pod does nothing; a rollout makes new pods that pick it up.';
export const IMAGE_CACHE_NOTE = 'Read when the image cache is created: changing it on an existing ImageCache does nothing; create a new image cache.';

/** Escapes text for Markdown so that `<vCPU>` and `*` show as written. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>|]/g, (c) => `\\${c}`);
}

/**
 * Full documentation of an annotation key, as it applies at a placement (`pod` or `imageCache`): the relations of
 * the other placement are left out, so a pod key does not speak of its ImageCache namesake's needs.
 */
export function annotationMarkdown(a: Annotation, placement: Placement = a.placement.includes('pod') ? 'pod' : 'imageCache'): string {
  const at: Placement = a.placement.includes(placement) ? placement : a.placement[0];
  const rows: string[] = [`| Type | ${escapeMarkdown(describeType(a.value))} |`];
  rows.push(`| Default | ${a.default !== undefined ? `\`${a.default}\`` : 'not set'} |`);
  rows.push(`| Example | \`${a.key}: ${JSON.stringify(a.example)}\` |`);
  const values = a.value.kind === 'enum' ? ['**Values**', ...a.value.values.map((v) => `- \`${v.value}\`: ${v.doc}`)].join('\n') : '';
  const notes: string[] = [];
  if (a.undocumented) notes.push('**Not in ECI\'s documentation**: seen on running ECI pods; the meaning is inferred from its name and values.');
  if (a.seenIn) notes.push(`**Not verified against ECI's documentation**: seen in ${a.seenIn}.`);
  if (a.readOnly) notes.push('**Set by ECI** after scheduling; do not write it yourself.');
  if (a.supersededBy) notes.push(`**Legacy**: use \`${a.supersededBy}\` instead.`);
  if (a.deprecated) notes.push('**Deprecated**: current ECI docs no longer list it.');
  const relevant = (r: { placement?: Placement }) => !r.placement || r.placement === at;
  for (const r of (a.requires ?? []).filter(relevant)) notes.push(`Needs \`${r.key}${r.values ? `: "${r.values[0]}"` : ''}\`${r.when ? ` when set to ${r.when.map((w) => `\`${w}\``).join(', ')}` : ''}.`);
  for (const r of (a.conflicts ?? []).filter(relevant)) notes.push(`Ignored together with \`${r.key}${r.values ? `: "${r.values[0]}"` : ''}\`.`);
  if (a.singleInstance) notes.push('One fixed resource serves one pod: use it with a single replica.');
  if (at === 'imageCache' && !a.placement.includes('pod')) notes.push('Goes on an **ImageCache**, not on pods.');
  const timing = a.readOnly ? '' : at === 'imageCache' ? IMAGE_CACHE_NOTE : CREATION_TIME_NOTE;
  return [
    `**${a.key}** · ECI ${at === 'pod' ? 'pod' : 'ImageCache'} annotation`,
    a.doc,
    ['| | |', '|---|---|', ...rows].join('\n'),
    values,
    ...notes,
    timing,
    `[ECI documentation](${a.source})`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** Documentation of one enum value, followed by its key's. */
export function valueMarkdown(a: Annotation, value: string, placement?: Placement): string {
  const doc = a.value.kind === 'enum' ? a.value.values.find((v) => v.value === value)?.doc : undefined;
  return [doc ? `**${escapeMarkdown(value)}**: ${doc}` : '', annotationMarkdown(a, placement)].filter(Boolean).join('\n\n---\n\n');
}

export function labelMarkdown(l: RoutingLabel): string {
  return [`**${l.key}** · pod label`, l.doc, `Value: \`"${l.value}"\``, `[Documentation](${l.source})`].join('\n\n');
}

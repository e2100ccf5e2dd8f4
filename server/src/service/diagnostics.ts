/** The ECI rules: turns one analysed document into findings, each with its message, range and fixes. */
import type { Catalogue } from './catalogue';
import { isMultiPath, moveTarget } from './catalogue/kinds';
import type { Annotation, Relation } from './catalogue/types';
import { isTemplated, type AnnotationMap, type Autoscaled, type DocumentAnalysis, type Entry } from './analysis';
import { moveEntriesEdits, quoteValueEdit, removeEntryEdit, renameKeyEdit, replaceValueEdit, isFlow, type Fix, type OffsetEdit } from './edits';
import { siteName } from './catalogue/l10n';
import { plain, sentences, translator, type Locale, type Translate } from './l10n';
import type { RuleCode } from './rules';
import { checkValue, isPlaceholder } from './values';
import { isObject, type ASTNode } from './yaml/ast';

/** A problem in document-local offsets. */
export interface Finding {
  code: RuleCode;
  message: string;
  start: number;
  end: number;
  related?: { start: number; end: number; message: string }[];
  /** Where the line that a `# eci-disable-next-line` comment silences is, when not at `start` (inside a JSON string). */
  anchor?: number;
  /** Marks the text as having no effect (faded) or as deprecated (struck through). */
  tag?: 'unnecessary' | 'deprecated';
  fixes: () => Fix[];
}

/** Facts from the whole file that some rules need. */
export interface FileFacts {
  /** Names of StorageClasses in the file with `volumeBindingMode: WaitForFirstConsumer`. */
  waitForFirstConsumerClasses: readonly string[];
  /** What autoscalers in the file scale. */
  autoscaled: readonly Autoscaled[];
  /** Fixed single-instance values (an EIP ID, a private IP) in the file: key, value, and the object that holds each. */
  fixedValues: readonly FixedValue[];
}

/** One use of a single-instance value, and where it is (file line, 1-based, for messages). */
export interface FixedValue {
  key: string;
  value: string;
  owner: string;
  line: number;
}

/** Plain scalars that YAML 1.1 (kubectl, the API server's decoder) reads as booleans, numbers or null. */
const YAML11_NON_STRING =
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|~|null|Null|NULL|[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|0o?[0-7_]+|(?:0|[1-9][0-9_]*)(?::[0-5]?[0-9])*|(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?|\.(?:inf|Inf|INF))|\.(?:nan|NaN|NAN))$/;

/** The language messages and fix titles are written in. */
interface Words {
  locale: Locale;
  t: Translate;
}

const WORDS = new Map<Locale, Words>();

function wordsOf(locale: Locale): Words {
  let words = WORDS.get(locale);
  if (!words) WORDS.set(locale, (words = { locale, t: translator(locale) }));
  return words;
}

/** Runs every rule over one document; messages and fix titles are in `locale`. */
export function findProblems(analysis: DocumentAnalysis, catalogue: Catalogue, facts: FileFacts, locale: Locale = 'en'): Finding[] {
  const findings: Finding[] = [];
  const w = wordsOf(locale);
  // Entries inside another language (JSON in a string) are reported without text fixes.
  for (const map of analysis.maps) {
    if (!map.site.noFixes) continue;
    const own: Finding[] = [];
    checkMap(own, analysis, map, catalogue, facts, w);
    findings.push(...own.map((f) => ({ ...f, anchor: map.property.keyNode.offset, fixes: () => [] })));
  }
  for (const map of analysis.maps) if (!map.site.noFixes) checkMap(findings, analysis, map, catalogue, facts, w);
  return findings;
}

function checkMap(findings: Finding[], analysis: DocumentAnalysis, map: AnnotationMap, catalogue: Catalogue, facts: FileFacts, w: Words): void {
  const text = analysis.doc.text;
  {
    for (const entry of map.entries) {
      if (isTemplated(entry.key)) continue;
      // In a values file only the ECI keys are ours to judge.
      if (!analysis.helmValues || isEciKey(entry.key, catalogue) || catalogue.routingLabel(entry.key)) checkStringValue(findings, map, entry, text, w);
      if (map.role !== 'labels' && (isEciKey(entry.key, catalogue) || catalogue.get(entry.key))) checkTemplateQuote(findings, entry, text, w);
      switch (map.role) {
        case 'site':
          checkSiteEntry(findings, analysis, map, entry, catalogue, facts, w);
          break;
        case 'ignored':
          if (isEciKey(entry.key, catalogue) && !catalogue.get(entry.key)?.readOnly) findings.push(wrongLevel(analysis, map, entry, catalogue, w));
          break;
        case 'labels':
          checkLabel(findings, analysis, map, entry, catalogue, w);
          break;
        case 'nonPod':
          if (isEciKey(entry.key, catalogue)) {
            findings.push({
              code: 'non-pod-kind',
              message: w.t('diag.nonPodKind', { key: entry.key, kind: analysis.kind ?? w.t('word.object') }),
              ...keyRange(entry),
              tag: 'unnecessary',
              fixes: () => [],
            });
          }
          break;
      }
    }
  }
}

function isEciKey(key: string, catalogue: Catalogue): boolean {
  const known = catalogue.get(key);
  return known ? known.placement.includes('pod') : catalogue.isEciNamespace(key) || Boolean(catalogue.misspelled(key));
}

function keyRange(entry: Entry): { start: number; end: number } {
  return { start: entry.property.keyNode.offset, end: entry.property.keyNode.offset + entry.property.keyNode.length };
}

function valueRange(entry: Entry): { start: number; end: number } {
  const v = entry.value;
  return v && v.length > 0 && !isAlias(entry) ? { start: v.offset, end: v.offset + v.length } : keyRange(entry);
}

/** An alias value (`key: *name`): the parser hands back the anchored node, which is written before the key. */
function isAlias(entry: Entry): boolean {
  return Boolean(entry.value) && entry.value!.offset < entry.property.keyNode.offset;
}

/** R2: every annotation and label value must be a string. */
function checkStringValue(findings: Finding[], map: AnnotationMap, entry: Entry, text: string, w: Words): void {
  const v = entry.value;
  const raw = v ? text.slice(v.offset, v.offset + v.length) : '';
  if (isAlias(entry) || isTemplated(raw) || raw.startsWith('&') || raw.startsWith('!')) return;
  if ((!v || v.length === 0) && isBeingTyped(entry, text)) return;
  let what: string | undefined;
  if (!v || v.type === 'null' || v.length === 0) what = w.t('value.null');
  else if (v.type === 'object' || v.type === 'array') what = w.t(v.type === 'object' ? 'value.map' : 'value.list');
  else if (v.type === 'number') what = w.t('value.number', { raw });
  else if (v.type === 'boolean') what = w.t('value.boolean', { raw });
  else if (isPlain(v) && YAML11_NON_STRING.test(raw)) what = w.t(/^[a-z~]/i.test(raw) && !/^(?:\.?inf|\.?nan)$/i.test(raw) ? 'value.yaml11Boolean' : 'value.yaml11Number', { raw });
  if (!what) return;
  const canQuote = !v || (v.type !== 'object' && v.type !== 'array');
  findings.push({
    code: 'not-a-string',
    message: sentences(w.locale, w.t(map.role === 'labels' ? 'diag.notAString.label' : 'diag.notAString.annotation', { key: entry.key, what }), canQuote && w.t('diag.quoteTheValue')),
    ...valueRange(entry),
    fixes: () => {
      if (!canQuote) return [];
      const edit = quoteValueEdit(entry.property, map.map, text);
      if (!edit) return [];
      const shown = edit.text.trim();
      return [{ title: w.t('fix.quote', { value: shown }), edits: [edit], preferred: true }];
    },
  });
}

/** A key still being typed has no colon yet: it is neither an empty value nor a misspelling. */
function isBeingTyped(entry: Entry, text: string): boolean {
  const key = entry.property.keyNode;
  return !/^\s*:/.test(text.slice(key.offset + key.length));
}

function isPlain(node: ASTNode): boolean {
  const internal = node.internalNode as { type?: string } | undefined;
  return internal?.type === 'PLAIN';
}

/** R1: annotations where they never reach a pod; the fix moves every ECI annotation of the map. */
function wrongLevel(analysis: DocumentAnalysis, map: AnnotationMap, entry: Entry, catalogue: Catalogue, w: Words): Finding {
  const kind = analysis.kind ?? w.t('word.object');
  const site = siteName(map.site.label, kind, w.locale);
  const here = map.site.insideMetadata ? w.t('site.insideMetadata', { label: site }) : site;
  const target = analysis.row && moveTarget(analysis.row);
  const targetName = target && siteName(target.label, kind, w.locale);
  if (!target || map.site.noMove) {
    return {
      code: 'wrong-level',
      message: sentences(
        w.locale,
        w.t('diag.wrongLevel.unmovable', { key: entry.key, here }),
        map.site.hint ? w.t(map.site.hint) : targetName && w.t('diag.wrongLevel.readsFrom', { target: targetName }),
      ),
      ...keyRange(entry),
      tag: 'unnecessary',
      fixes: () => [],
    };
  }
  // A target through a map of roles (`spec.tfReplicaSpecs.*.template`) is named with a placeholder in the message.
  const where = target.annotations
    .split('.')
    .map((s) => (s === '*' ? '<role>' : s))
    .join('.');
  return {
    code: 'wrong-level',
    message: w.t('diag.wrongLevel', { key: entry.key, here, target: targetName!, path: where }),
    ...keyRange(entry),
    tag: 'unnecessary',
    related: relatedTarget(analysis, target.annotations, w.t('related.readsFrom', { target: targetName! })),
    fixes: () => {
      // One fix per concrete target: the template, or each task / role / worker group template that exists.
      const targets = targetsOf(analysis, map, target.annotations);
      const fixes: Fix[] = [];
      const preferred = targets.length === 1;
      for (const t of targets) {
        // Keys the pod template already has cannot move there (that would write a duplicate key).
        if (t.keys.has(entry.key)) continue;
        const all = moveAllFix(analysis, map, t, (e) => isEciKey(e.key, catalogue) && !catalogue.get(e.key)?.readOnly && !t.keys.has(e.key), preferred, w);
        if (all) fixes.push(all);
        const one = moveOneFix(analysis, map, t, entry, preferred && !all, w);
        if (one) fixes.push(one);
      }
      return fixes;
    },
  };
}

/** A concrete map a move can go to, with the keys it already has. */
interface MoveTarget {
  start: ASTNode;
  segments: string[];
  path: string;
  keys: Set<string>;
  /** Whether a single entry can move there (the same for every entry the target does not have); known after the first. */
  takesOne?: boolean;
}

/**
 * Per-map memos, kept on the map itself (a WeakMap entry whose value refers to its key keeps both alive through
 * minor GCs).
 */
const TARGETS = Symbol('move targets');
const MOVE_ALL = Symbol('move-all fixes');
const BY_KEY = Symbol('entries by key');
type WithMemos = AnnotationMap & { [TARGETS]?: MoveTarget[]; [MOVE_ALL]?: Map<string, Fix | null>; [BY_KEY]?: Map<string, Entry> };

/** The move targets of a misplaced map, found once per map (every finding of the map asks for them). */
function targetsOf(analysis: DocumentAnalysis, map: AnnotationMap, path: string): MoveTarget[] {
  const memo = map as WithMemos;
  let targets = memo[TARGETS];
  if (!targets) {
    targets = concreteTargets(analysis.root, path).map((t) => ({ ...t, keys: keysAt(t.start, t.segments) }));
    memo[TARGETS] = targets;
  }
  return targets;
}

/**
 * The maps a target path names: the path itself, or, through one list (`[]`) or map of roles (`*`), one per item or
 * role that exists (at most 5), each written with its index or role (`spec.tasks[1].template…`).
 */
function concreteTargets(root: ASTNode | undefined, path: string): { start: ASTNode; segments: string[]; path: string }[] {
  const segments = path.split('.');
  const multi = segments.flatMap((s, i) => (s === '*' || s.endsWith('[]') ? [i] : []));
  if (!isObject(root) || multi.length > 1) return [];
  if (multi.length === 0) return [{ start: root, segments, path }];
  const k = multi[0];
  const many = segments[k];
  const rest = segments.slice(k + 1);
  let node: ASTNode | undefined = root;
  for (const s of many === '*' ? segments.slice(0, k) : [...segments.slice(0, k), many.slice(0, -2)])
    node = isObject(node) ? node.properties.find((p) => p.keyNode?.value === s)?.valueNode : undefined;
  const out: { start: ASTNode; segments: string[]; path: string }[] = [];
  if (many === '*' && isObject(node)) {
    for (const p of node.properties)
      if (isObject(p.valueNode)) out.push({ start: p.valueNode, segments: rest, path: [...segments.slice(0, k), String(p.keyNode.value), ...rest].join('.') });
  } else if (many !== '*' && node?.type === 'array') {
    node.items.forEach((item, i) => {
      if (isObject(item)) out.push({ start: item, segments: rest, path: [...segments.slice(0, k), `${many.slice(0, -2)}[${i}]`, ...rest].join('.') });
    });
  }
  return out.slice(0, 5);
}

/** Keys of the map at `segments` below `start`, if it exists. */
function keysAt(start: ASTNode, segments: readonly string[]): Set<string> {
  let node: ASTNode | undefined = start;
  for (const s of segments) node = isObject(node) ? node.properties.find((p) => p.keyNode?.value === s)?.valueNode : undefined;
  return new Set(isObject(node) ? node.properties.map((p) => String(p.keyNode?.value)) : []);
}

/** "Move all N ECI annotations" for a map with more than one, computed once per map; its edits are built when read. */
function moveAllFix(analysis: DocumentAnalysis, map: AnnotationMap, target: MoveTarget, movable: (e: Entry) => boolean, preferred: boolean, w: Words): Fix | undefined {
  const memo = map as WithMemos;
  const perTarget = (memo[MOVE_ALL] ??= new Map<string, Fix | null>());
  const cacheKey = `${w.locale}\u0000${target.path}`;
  let fix = perTarget.get(cacheKey);
  if (fix === undefined) {
    const entries = map.entries.filter(movable);
    fix = null;
    if (entries.length > 1 && map.map && !isFlow(map.map)) {
      let edits: OffsetEdit[] | undefined;
      fix = {
        title: w.t('fix.moveAll', { count: entries.length, path: target.path }),
        preferred,
        covers: 'map',
        get edits() {
          edits ??= moveTo(analysis, map, entries, target.start, target.segments) ?? [];
          return edits;
        },
      };
    }
    perTarget.set(cacheKey, fix);
  }
  return fix ?? undefined;
}

/**
 * "Move <key> to <target>", its edits built when read: a request with thousands of this map's diagnostics asks for
 * every finding's fixes but uses only the move-all.
 */
function moveOneFix(analysis: DocumentAnalysis, map: AnnotationMap, target: MoveTarget, entry: Entry, preferred: boolean, w: Words): Fix | undefined {
  let edits = target.takesOne === undefined ? moveTo(analysis, map, [entry], target.start, target.segments) : undefined;
  target.takesOne ??= edits !== undefined;
  if (!target.takesOne) return undefined;
  return {
    title: w.t('fix.move', { key: entry.key, path: target.path }),
    preferred,
    get edits() {
      edits ??= moveTo(analysis, map, [entry], target.start, target.segments) ?? [];
      return edits;
    },
  };
}

/** Moves entries of a map to the map at `segments` below `start` (created when missing). */
function moveTo(analysis: DocumentAnalysis, map: AnnotationMap, entries: Entry[], start: ASTNode | undefined, segments: string[]): OffsetEdit[] | undefined {
  // A path through a list (`spec.elasticUnit[].annotations`) names no single map to move into.
  if (!map.map || map.site.synthetic || !isObject(start) || isMultiPath(segments.join('.'))) return undefined;
  // Never into the map being moved from, nor below it.
  if (start.offset >= map.map.offset && start.offset < map.map.offset + map.map.length) return undefined;
  return moveEntriesEdits(
    entries.map((e) => e.property),
    { property: map.property, map: map.map },
    { start, segments },
    analysis.doc.lines,
  );
}

/** Points at the target map when the document has it already. */
function relatedTarget(analysis: DocumentAnalysis, path: string, message: string): Finding['related'] {
  const key = analysis.maps.find((m) => m.role === 'site' && m.site.annotations === path)?.property.keyNode;
  return key ? [{ start: key.offset, end: key.offset + key.length, message }] : undefined;
}

/** Labels: ECI keys there do nothing; routing labels must be "true". */
function checkLabel(findings: Finding[], analysis: DocumentAnalysis, map: AnnotationMap, entry: Entry, catalogue: Catalogue, w: Words): void {
  if (catalogue.routingLabel(entry.key) || !isEciKey(entry.key, catalogue)) return;
  const parent = entry.property.parent?.parent?.parent;
  findings.push({
    code: 'in-labels',
    message: w.t('diag.inLabels', { key: entry.key }),
    ...keyRange(entry),
    tag: 'unnecessary',
    fixes: () => {
      if (!map.map || isFlow(map.map)) return [];
      // Labels of a site move beside themselves; labels of an ignored site move to the pod template.
      const sibling = map.site.labels && analysis.sites.some((s) => s.labels === map.site.labels);
      const target = analysis.row && moveTarget(analysis.row).annotations;
      if (!sibling && (!target || map.site.noMove)) return [];
      const edits = sibling ? moveTo(analysis, map, [entry], parent, ['annotations']) : moveTo(analysis, map, [entry], analysis.root, target!.split('.'));
      return edits ? [{ title: w.t('fix.labelsToAnnotations', { key: entry.key, path: sibling ? 'annotations' : target! }), edits, preferred: true }] : [];
    },
  });
}

function checkSiteEntry(findings: Finding[], analysis: DocumentAnalysis, map: AnnotationMap, entry: Entry, catalogue: Catalogue, facts: FileFacts, w: Words): void {
  const text = analysis.doc.text;
  const label = catalogue.routingLabel(entry.key);
  if (label) {
    findings.push({
      code: 'wrong-placement',
      message: w.t('diag.labelAsAnnotation', { key: entry.key, doc: plain(label.doc) }),
      ...keyRange(entry),
      fixes: () => {
        if (map.site.synthetic) return [];
        const edits = moveTo(analysis, map, [entry], entry.property.parent?.parent?.parent, ['labels']);
        return edits ? [{ title: w.t('fix.toLabels', { key: entry.key }), edits, preferred: true }] : [];
      },
    });
    return;
  }
  const annotation = catalogue.get(entry.key);
  if (!annotation) {
    if ((!catalogue.isEciNamespace(entry.key) && !catalogue.misspelled(entry.key)) || isBeingTyped(entry, text)) return;
    const suggestion = catalogue.suggest(entry.key, analysis.placement);
    const rename = (key: string) => renameKeyEdit(entry.property, (entry.keyPrefix ?? '') + key, text);
    findings.push({
      code: 'unknown-key',
      message: suggestion ? w.t('diag.unknownKey.suggest', { key: entry.key, suggestion: suggestion.key }) : w.t('diag.unknownKey', { key: entry.key }),
      ...keyRange(entry),
      // Renaming onto a key the map already has would write a duplicate key.
      fixes: () =>
        suggestion && !hasKey(map, suggestion.key)
          ? [{ title: w.t('fix.changeKey', { key: `${entry.keyPrefix ?? ''}${suggestion.key}` }), edits: [rename(suggestion.key)], preferred: true }]
          : [],
    });
    return;
  }
  if (annotation.readOnly) {
    // Objects read back from the cluster carry the keys ECI set: expected there.
    if (analysis.readBack) return;
    findings.push({
      code: 'read-only',
      message: w.t('diag.readOnly', { key: entry.key }),
      ...keyRange(entry),
      tag: 'unnecessary',
      fixes: () => [],
    });
    return;
  }
  if (!annotation.placement.includes(analysis.placement)) {
    findings.push({
      code: 'wrong-placement',
      message:
        analysis.placement === 'imageCache'
          ? sentences(
              w.locale,
              w.t('diag.podKeyOnImageCache', { key: entry.key }),
              annotation.counterpart ? w.t('diag.imageCacheKeyIs', { key: annotation.counterpart }) : w.t('diag.imageCacheOwnKeys'),
            )
          : sentences(w.locale, w.t('diag.imageCacheKeyOnPod', { key: entry.key }), annotation.counterpart && w.t('diag.podKeyIs', { key: annotation.counterpart })),
      ...keyRange(entry),
      fixes: () => {
        const counterpart = annotation.counterpart && catalogue.get(annotation.counterpart);
        if (!counterpart || !counterpart.placement.includes(analysis.placement) || hasKey(map, counterpart.key)) return [];
        return [
          {
            title: w.t('fix.changeKey', { key: `${entry.keyPrefix ?? ''}${counterpart.key}` }),
            edits: [renameKeyEdit(entry.property, (entry.keyPrefix ?? '') + counterpart.key, text)],
            preferred: true,
          },
        ];
      },
    });
    return;
  }
  if (annotation.supersededBy) {
    const successor = catalogue.get(annotation.supersededBy);
    const value = scalarText(entry.value);
    findings.push({
      code: 'legacy-key',
      message: sentences(w.locale, w.t('diag.legacyKey', { key: entry.key, successor: annotation.supersededBy }), successor && plain(successor.summary)),
      ...keyRange(entry),
      tag: 'deprecated',
      fixes: () =>
        successor && value !== undefined && !checkValue(successor, value) && !hasKey(map, successor.key)
          ? [
              {
                title: w.t('fix.replaceKey', { key: `${entry.keyPrefix ?? ''}${successor.key}` }),
                edits: [renameKeyEdit(entry.property, (entry.keyPrefix ?? '') + successor.key, text)],
                preferred: true,
              },
            ]
          : [],
    });
  }
  const value = scalarText(entry.value);
  if (value === undefined || isTemplated(value)) return;
  if (!isPlaceholder(value)) {
    const problem = checkValue(annotation, value, w.locale);
    if (problem) {
      findings.push({
        code: problem.code,
        message: problem.message,
        ...valueRange(entry),
        fixes: () =>
          problem.suggestion !== undefined && entry.value && !isAlias(entry)
            ? [{ title: w.t('fix.changeValue', { value: problem.suggestion }), edits: [replaceValueEdit(entry.value, problem.suggestion, map.map)], preferred: true }]
            : [],
      });
    }
    for (const d of annotation.deprecatedValues ?? []) {
      if (new RegExp(d.pattern).test(value)) findings.push({ code: 'deprecated-value', message: plain(d.message), ...valueRange(entry), tag: 'deprecated', fixes: () => [] });
    }
  }
  checkRelations(findings, analysis, map, entry, annotation, value, w);
  checkSingleInstance(findings, analysis, map, entry, annotation, facts, w);
  checkSharedFixedValue(findings, entry, annotation, value, facts, w);
  checkStorageBinding(findings, entry, annotation, value, facts, w);
}

/** The entries of a map by key (the last of duplicates, as YAML readers keep), built once per map. */
function byKey(map: AnnotationMap): Map<string, Entry> {
  const memo = map as WithMemos;
  let keys = memo[BY_KEY];
  if (!keys) {
    keys = new Map();
    for (const e of map.entries) keys.set(e.key, e);
    memo[BY_KEY] = keys;
  }
  return keys;
}

/** Whether a map already has an entry with this key. */
function hasKey(map: AnnotationMap, key: string): boolean {
  return byKey(map).has(key);
}

/** The string content of a scalar value (numbers and booleans as written). */
function scalarText(value: ASTNode | undefined): string | undefined {
  if (!value || value.type === 'object' || value.type === 'array' || value.type === 'null') return undefined;
  return String(value.value);
}

function applies(relation: Relation, analysis: DocumentAnalysis, value: string | undefined): boolean {
  if (relation.placement && relation.placement !== analysis.placement) return false;
  return !relation.when || (value !== undefined && relation.when.includes(value));
}

/** R3, R4, R7, R8, R9: what an annotation needs and what it must not be combined with. */
function checkRelations(findings: Finding[], analysis: DocumentAnalysis, map: AnnotationMap, entry: Entry, annotation: Annotation, value: string | undefined, w: Words): void {
  const siblings = byKey(map);
  for (const relation of annotation.requires ?? []) {
    if (!applies(relation, analysis, value)) continue;
    const other = siblings.get(relation.key);
    const otherValue = scalarText(other?.value);
    const satisfied = other && (!relation.values || (otherValue !== undefined && (relation.values.includes(otherValue) || isTemplated(otherValue) || isPlaceholder(otherValue))));
    if (satisfied) continue;
    const needed = relation.values ? `${relation.key}: "${relation.values[0]}"` : relation.key;
    findings.push({
      code: 'missing-dependency',
      message: sentences(w.locale, w.t('diag.missingDependency', { subject: `${entry.key}${relation.when ? `: "${value}"` : ''}`, needed }), plain(relation.why)),
      ...keyRange(entry),
      related: other
        ? [
            {
              start: other.property.keyNode.offset,
              end: other.property.keyNode.offset + other.property.keyNode.length,
              message: w.t('related.otherValue', { key: relation.key, value: otherValue ?? '' }),
            },
          ]
        : undefined,
      fixes: () => [],
    });
  }
  for (const relation of annotation.conflicts ?? []) {
    if (!applies(relation, analysis, value)) continue;
    const other = siblings.get(relation.key);
    const otherValue = scalarText(other?.value);
    if (!other || (relation.values && (otherValue === undefined || !relation.values.includes(otherValue)))) continue;
    findings.push({
      code: 'conflict',
      message: sentences(w.locale, w.t('diag.conflict', { key: entry.key, other: `${relation.key}${otherValue !== undefined ? `: "${otherValue}"` : ''}` }), plain(relation.why)),
      ...keyRange(entry),
      tag: 'unnecessary',
      related: [{ start: other.property.keyNode.offset, end: other.property.keyNode.offset + other.property.keyNode.length, message: w.t('related.setHere', { key: relation.key }) }],
      fixes: () => (map.map && !isFlow(map.map) ? [{ title: w.t('fix.removeIgnored', { key: entry.key }), edits: [removeEntryEdit(entry.property, analysis.doc.lines)] }] : []),
    });
  }
}

/**
 * Why a template makes more than one pod (replicas, DaemonSet, an autoscaler in the file); undefined when it makes one.
 * A template in a group (a Volcano task, a Ray worker group) has its own count; otherwise the kind's.
 */
export function severalPods(analysis: DocumentAnalysis, facts: FileFacts, map?: AnnotationMap, locale: Locale = 'en'): string | undefined {
  const replicas = map?.replicas ?? analysis.replicas;
  const scaler = facts.autoscaled.find((a) => a.kind === analysis.kind && a.name === analysis.name && a.maxReplicas > 1);
  const kind = analysis.kind ?? '';
  if (replicas?.count === 'many') return wordsOf(locale).t('pods.perNode', { kind });
  if (replicas && replicas.count > 1) return wordsOf(locale).t('pods.replicas', { kind, count: replicas.count });
  if (scaler) return wordsOf(locale).t('pods.autoscaler', { autoscaler: scaler.autoscaler, kind, max: scaler.maxReplicas });
  return undefined;
}

/** R5, R10: one EIP or private IP serves one instance. */
function checkSingleInstance(findings: Finding[], analysis: DocumentAnalysis, map: AnnotationMap, entry: Entry, annotation: Annotation, facts: FileFacts, w: Words): void {
  if (!annotation.singleInstance) return;
  const howMany = severalPods(analysis, facts, map, w.locale);
  if (!howMany) return;
  const replicas = map.replicas ?? analysis.replicas;
  const key = replicas && replicas.count !== 'many' && replicas.count > 1 ? replicas.property?.keyNode : undefined;
  findings.push({
    code: 'single-instance',
    message: w.t('diag.singleInstance', { key: entry.key, howMany }),
    ...keyRange(entry),
    related: key && replicas ? [{ start: key.offset, end: key.offset + key.length, message: w.t('related.replicas', { count: replicas.count }) }] : undefined,
    fixes: () => [],
  });
}

/** R16: zonal disks cannot wait for the first consumer when ECI may pick any zone or fail fast. */
function checkStorageBinding(findings: Finding[], entry: Entry, annotation: Annotation, value: string | undefined, facts: FileFacts, w: Words): void {
  const rule = annotation.waitForFirstConsumer;
  if (!rule || facts.waitForFirstConsumerClasses.length === 0) return;
  if (rule.when && (value === undefined || !rule.when.includes(value))) return;
  findings.push({
    code: 'storage-binding',
    message: w.t('diag.storageBinding', { subject: `${entry.key}${rule.when ? `: "${value}"` : ''}`, classes: facts.waitForFirstConsumerClasses.join(', '), why: plain(rule.why) }),
    ...keyRange(entry),
    fixes: () => [],
  });
}

/** The same fixed EIP or private IP on two pods or templates of one file: only one of them can hold it. */
function checkSharedFixedValue(findings: Finding[], entry: Entry, annotation: Annotation, value: string | undefined, facts: FileFacts, w: Words): void {
  if (!annotation.singleInstance || value === undefined || isPlaceholder(value)) return;
  const uses = facts.fixedValues.filter((f) => f.key === annotation.key && f.value === value);
  if (uses.length < 2) return;
  findings.push({
    code: 'shared-fixed-address',
    message: w.t('diag.sharedFixed', {
      value,
      count: uses.length,
      uses: uses.map((o) => w.t('diag.sharedFixed.use', { owner: o.owner, line: o.line })).join(w.locale === 'zh-cn' ? '；' : '; '),
      key: annotation.key,
    }),
    ...valueRange(entry),
    fixes: () => [],
  });
}

/** An ECI key whose value is an unquoted Helm expression: `{{ .Values.x }}` renders numbers and booleans unquoted. */
function checkTemplateQuote(findings: Finding[], entry: Entry, text: string, w: Words): void {
  const v = entry.value;
  if (!v || isAlias(entry)) return;
  const raw = text.slice(v.offset, v.offset + v.length);
  if (!/^\{\{.*\}\}$/s.test(raw) || /\|\s*(quote|squote|toJson|toString|b64enc)\b|\bprintf\b|\binclude\b/.test(raw)) return;
  let at = raw.lastIndexOf('}}');
  if (raw[at - 1] === '-') at--;
  while (at > 2 && /\s/.test(raw[at - 1])) at--;
  const fixed = `${raw.slice(0, at)} | quote${raw.slice(at)}`;
  findings.push({
    code: 'template-unquoted',
    message: w.t('diag.templateUnquoted', { key: entry.key }),
    ...valueRange(entry),
    fixes: () => [{ title: w.t('fix.addQuote', { value: fixed }), edits: [{ start: v.offset + at, end: v.offset + at, text: ' | quote' }], preferred: true }],
  });
}

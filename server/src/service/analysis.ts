/**
 * Reads one YAML document: its kind, and every annotation or label map the kind table (or a pod template's shape, a
 * Helm values file, a Spark conf key) says matters. `kind: List` documents are read item by item.
 */
import {
  AUTOSCALERS,
  ECI_KEY_PATTERN,
  findKindPlacement,
  HELM_VALUES_ANNOTATIONS,
  HELM_VALUES_LABELS,
  isListKind,
  JSON_CARRIERS,
  NON_POD_KINDS,
  READ_BACK_FIELDS,
  SHAPE_TEMPLATE_KEYS,
  SPARK_CONF_ANNOTATION,
  type AnnotationSite,
  type KindPlacement,
} from './catalogue/kinds';
import type { Placement } from './catalogue/types';
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { findPaths, isObject, property, scalarStyle, stringAt, type ASTNode, type ObjectASTNode, type PropertyASTNode } from './yaml/ast';
import type { ParsedDocument } from './yaml/parse';

/**
 * What a map is to ECI:
 * - `site`: annotations that reach the pod (or the ImageCache);
 * - `ignored`: annotations that look right but never reach a pod;
 * - `labels`: labels beside either of those;
 * - `nonPod`: annotations of a kind that never makes pods.
 */
export type MapRole = 'site' | 'ignored' | 'labels' | 'nonPod';

export interface Entry {
  key: string;
  property: PropertyASTNode;
  value: ASTNode | undefined;
  /** Text in front of the annotation key inside the written key (`spark.kubernetes.driver.annotation.`). */
  keyPrefix?: string;
}

export interface AnnotationMap {
  role: MapRole;
  /** The replica count of this map's own template group, when the site has one (`spec.tasks[].replicas`). */
  replicas?: DocumentAnalysis['replicas'];
  site: AnnotationSite;
  /** The `annotations:` / `labels:` property. */
  property: PropertyASTNode;
  /** Its value when it is a map. */
  map: ObjectASTNode | undefined;
  entries: Entry[];
}

/** An autoscaler's target and maximum. */
export interface Autoscaled {
  autoscaler: string;
  kind: string;
  name: string;
  maxReplicas: number;
}

/** How a file is read: a manifest (or template), or a Helm chart's values file. */
export interface AnalysisOptions {
  helmValues?: boolean;
}

export interface DocumentAnalysis {
  doc: ParsedDocument;
  /** The object analysed: the document root, or an item of a `kind: List`. */
  root: ASTNode | undefined;
  /** Cursor-path segments from the document root to `root` (`items`, `[]` for List items). */
  prefix: string[];
  kind?: string;
  apiVersion?: string;
  row?: KindPlacement;
  placement: Placement;
  maps: AnnotationMap[];
  /** Where annotation keys are completed: the row's sites, or pod templates recognised by their shape. */
  sites: AnnotationSite[];
  /** A Helm values file: every map of ECI keys is checked, maps named like `podAnnotations` are completed. */
  helmValues: boolean;
  /** An object read back from the cluster (`status`, `metadata.uid`, …): system-set keys are expected there. */
  readBack: boolean;
  /** How many pods one template makes: a number, `many` (DaemonSet) or undefined (one, or unknown/templated). */
  replicas?: { count: number | 'many'; property?: PropertyASTNode };
  /** `metadata.name`. */
  name?: string;
  /** What this document autoscales, when it is an autoscaler. */
  autoscales?: Autoscaled;
  /** Name of the StorageClass this document defines with `volumeBindingMode: WaitForFirstConsumer`. */
  waitForFirstConsumerClass?: string;
}

const NON_POD_SITE: AnnotationSite = { annotations: 'metadata.annotations', label: 'this object' };

/** `annotations:` at the root of an object that has `apiVersion` and `kind`: indentation lost under `metadata:`. */
const ROOT_ANNOTATIONS: AnnotationSite = {
  annotations: 'annotations',
  labels: 'labels',
  label: 'the document root (an annotations map outside metadata)',
  hint: 'hint.rootAnnotations',
};

/**
 * The analyses of a parsed document, kept on the document itself. Not in a WeakMap: an entry whose value refers to its
 * key keeps both alive through minor GCs, which promoted every checked document to the old generation.
 */
const MANIFEST = Symbol('manifest objects');
const HELM_VALUES = Symbol('Helm values objects');
type WithAnalyses = ParsedDocument & { [MANIFEST]?: DocumentAnalysis[]; [HELM_VALUES]?: DocumentAnalysis[] };

/** The objects of a parsed document (one, or the items of a List), analysed once; later calls return the cache. */
export function analyseObjects(doc: ParsedDocument, options: AnalysisOptions = {}): DocumentAnalysis[] {
  const memo = doc as WithAnalyses;
  const slot = options.helmValues ? HELM_VALUES : MANIFEST;
  let result = memo[slot];
  if (!result) {
    result = options.helmValues ? [computeValues(doc)] : computeObjects(doc);
    memo[slot] = result;
  }
  return result;
}

/** The analysis of a document's root object. */
export function analyse(doc: ParsedDocument, options: AnalysisOptions = {}): DocumentAnalysis {
  return analyseObjects(doc, options)[0];
}

function computeObjects(doc: ParsedDocument): DocumentAnalysis[] {
  const root = doc.root;
  const kind = stringAt(root, 'kind');
  const items = property(root, 'items')?.valueNode;
  if (kind && isListKind(kind) && items?.type === 'array') {
    const objects = items.items.filter(isObject).map((item) => compute(doc, item, ['items', '[]']));
    return objects.length ? objects : [compute(doc, root, [])];
  }
  return [compute(doc, root, [])];
}

/** An analysis with nothing found yet. Every field is written here, in one order, so all analyses share one shape. */
function empty(doc: ParsedDocument, root: ASTNode | undefined, prefix: string[], kind?: string, apiVersion?: string, row?: KindPlacement): DocumentAnalysis {
  return {
    doc,
    root,
    prefix,
    kind,
    apiVersion,
    row,
    placement: row?.placement ?? 'pod',
    maps: [],
    sites: [],
    helmValues: false,
    readBack: false,
    replicas: undefined,
    name: undefined,
    autoscales: undefined,
    waitForFirstConsumerClass: undefined,
  };
}

/** The sites of a row written inside `metadata` (a `spec` indented under it), built once per row. */
const sitesInMetadata = new Map<KindPlacement, AnnotationSite[]>();

function sitesInMetadataOf(row: KindPlacement): AnnotationSite[] {
  let sites = sitesInMetadata.get(row);
  if (!sites) {
    sites = row.sites
      .filter((site) => !site.annotations.startsWith('metadata.'))
      .map((site) => ({
        annotations: `metadata.${site.annotations}`,
        labels: site.labels && `metadata.${site.labels}`,
        label: site.label.replace(/\(([^)]*)\)/, '(metadata.$1)'),
        insideMetadata: true,
        hint: 'hint.specInMetadata',
        noMove: true,
      }));
    sitesInMetadata.set(row, sites);
  }
  return sites;
}

function compute(doc: ParsedDocument, root: ASTNode | undefined, prefix: string[]): DocumentAnalysis {
  const kind = stringAt(root, 'kind');
  const apiVersion = stringAt(root, 'apiVersion');
  const row = findKindPlacement(kind, apiVersion);
  const analysis = empty(doc, root, prefix, kind, apiVersion, row);
  if (!isObject(root)) return analysis;
  const metadata = property(root, 'metadata')?.valueNode;
  analysis.name = stringAt(metadata, 'name');
  analysis.autoscales = autoscaledBy(root, kind, analysis.name);
  analysis.readBack = Boolean(property(root, 'status')) || READ_BACK_FIELDS.some((f) => property(metadata, f));
  const isManifest = kind !== undefined && apiVersion !== undefined;

  if (row) {
    analysis.sites = [...row.sites];
    for (const site of row.sites) collect(analysis, root, site, 'site');
    for (const site of row.ignoredSites) collect(analysis, root, site, 'ignored');
    // `spec` indented under `metadata`: the pod templates end up inside the object's metadata, where nothing reads them.
    for (const site of sitesInMetadataOf(row)) collect(analysis, root, site, 'ignored');
    analysis.replicas = replicasOf(root, row);
  } else if (kind && NON_POD_KINDS.includes(kind)) {
    collect(analysis, root, NON_POD_SITE, 'nonPod');
  } else {
    analysis.sites = shapeTemplates(root);
    for (const site of analysis.sites) collect(analysis, root, site, 'site');
  }
  if (isManifest && !(kind && NON_POD_KINDS.includes(kind))) collect(analysis, root, row ? ROOT_ANNOTATIONS : { ...ROOT_ANNOTATIONS, noMove: true }, 'ignored');
  collectSparkConf(analysis, root);
  collectJson(analysis, root);
  if (kind === 'StorageClass' && stringAt(root, 'volumeBindingMode') === 'WaitForFirstConsumer') {
    analysis.waitForFirstConsumerClass = findPaths(root, 'metadata.name').map((m) => String(m.property.valueNode?.value ?? ''))[0] ?? '';
  }
  return analysis;
}

function entriesOf(map: ObjectASTNode | undefined): Entry[] {
  return (map?.properties ?? [])
    .filter((p) => p.keyNode && p.keyNode.value !== undefined && p.keyNode.value !== null)
    .map((p) => ({ key: String(p.keyNode.value), property: p, value: p.valueNode }));
}

function collect(analysis: DocumentAnalysis, root: ObjectASTNode, site: AnnotationSite, role: MapRole): void {
  const add = (path: string, mapRole: MapRole) => {
    for (const match of findPaths(root, path)) {
      const value = match.property.valueNode;
      const map = isObject(value) ? value : undefined;
      const replicas = mapRole === 'site' && site.replicas ? groupReplicas(match.property, site.annotations, site.replicas) : undefined;
      analysis.maps.push({ role: mapRole, site, property: match.property, map, entries: entriesOf(map), replicas });
    }
  };
  add(site.annotations, role);
  if (site.labels && role !== 'nonPod') add(site.labels, 'labels');
}

/**
 * Visits every property of a tree once, with its dotted path (`[]` for sequence items) when `withPaths` is set; keys
 * holding `.` end the path. Alias values (the anchored node, written earlier in the text) are not entered, so an
 * alias bomb stays linear.
 */
function walk(root: ASTNode | undefined, visit: (prop: PropertyASTNode, path: string) => void, withPaths = false): void {
  const seen = new Set<ASTNode>();
  const go = (node: ASTNode | undefined, path: string, after: number): void => {
    if (!node || node.offset < after || seen.has(node)) return;
    seen.add(node);
    if (node.type === 'object') {
      for (const p of node.properties) {
        const key = p.keyNode?.value;
        if (typeof key !== 'string') continue;
        const at = withPaths ? (path ? `${path}.${key}` : key) : '';
        visit(p, at);
        const value = p.valueNode;
        if (value && (value.type === 'object' || value.type === 'array') && !key.includes('.') && key !== '*') go(value, at, p.keyNode.offset);
      }
    } else if (node.type === 'array' && (!withPaths || path !== '')) {
      for (const item of node.items) go(item, withPaths ? `${path}[]` : '', node.offset);
    }
  };
  go(root, '', -1);
}

/** Pod templates recognised by their shape: a `template`/`podTemplate` map whose `spec` holds `containers`. */
function shapeTemplates(root: ObjectASTNode): AnnotationSite[] {
  const sites: AnnotationSite[] = [];
  walk(
    root,
    (prop, at) => {
      if (!SHAPE_TEMPLATE_KEYS.includes(String(prop.keyNode.value)) || !isObject(prop.valueNode)) return;
      const spec = property(prop.valueNode, 'spec')?.valueNode;
      if (!property(spec, 'containers')) return;
      // The same path reached through several list items is one site.
      if (sites.some((s) => s.annotations === `${at}.metadata.annotations`)) return;
      sites.push({ annotations: `${at}.metadata.annotations`, labels: `${at}.metadata.labels`, label: `the pod template (${at}.metadata)` });
    },
    true,
  );
  return sites;
}

/** Spark conf keys that set pod annotations: `spark.kubernetes.driver.annotation.<key>: "<value>"`. */
function collectSparkConf(analysis: DocumentAnalysis, root: ObjectASTNode): void {
  const groups = new Map<string, AnnotationMap>();
  walk(root, (prop) => {
    const m = SPARK_CONF_ANNOTATION.exec(String(prop.keyNode.value));
    const parent = prop.parent;
    if (!m || !isObject(parent)) return;
    const id = `${parent.offset}:${m[2]}`;
    let map = groups.get(id);
    if (!map) {
      map = {
        role: 'site',
        site: { annotations: m[1], label: `the ${m[2]} pod${m[2] === 'executor' ? 's' : ''} (${m[1]}*)`, synthetic: true },
        property: prop,
        map: parent,
        entries: [],
      };
      groups.set(id, map);
      analysis.maps.push(map);
    }
    map.entries.push({ key: m[3], property: prop, value: prop.valueNode, keyPrefix: m[1] });
  });
}

/** Annotations written as JSON in a string (the eci-profile ConfigMap's `data.selectors`), mapped back to the text. */
function collectJson(analysis: DocumentAnalysis, root: ObjectASTNode): void {
  for (const carrier of JSON_CARRIERS) {
    if (!analysis.kind || !carrier.kinds.includes(analysis.kind) || !carrier.names.includes(analysis.name ?? '')) continue;
    for (const match of findPaths(root, carrier.path)) {
      const node = match.property.valueNode;
      if (node?.type !== 'string' || typeof node.value !== 'string') continue;
      const tree = parseTree(node.value);
      if (!tree) continue;
      const at = offsetsOf(analysis.doc.text, node);
      const place = (n: JsonNode) =>
        at ? { offset: at[n.offset], length: (at[n.offset + n.length - 1] ?? at[n.offset]) - at[n.offset] + 1 } : { offset: node.offset, length: node.length };
      const site: AnnotationSite = { annotations: carrier.path, label: carrier.label, synthetic: true, noFixes: true };
      for (const object of jsonAt(tree, carrier.json)) {
        const entries: Entry[] = [];
        for (const prop of object.children ?? []) {
          const [k, v] = prop.children ?? [];
          if (!k || typeof k.value !== 'string') continue;
          const keyNode = { type: 'string', value: k.value, ...place(k) } as unknown as ASTNode;
          const valueNode = v ? ({ type: v.type, value: v.value as unknown, ...place(v) } as unknown as ASTNode) : undefined;
          const property = { type: 'property', keyNode, valueNode, colonOffset: -1, ...place(prop) } as unknown as PropertyASTNode;
          entries.push({ key: k.value, property, value: valueNode });
        }
        analysis.maps.push({ role: 'site', site, property: match.property, map: undefined, entries });
      }
    }
  }
}

/** The JSON objects at a path (`[]` for every array item). */
function jsonAt(node: JsonNode, path: readonly string[]): JsonNode[] {
  if (path.length === 0) return node.type === 'object' ? [node] : [];
  const [head, ...rest] = path;
  if (head === '[]') return node.type === 'array' ? (node.children ?? []).flatMap((c) => jsonAt(c, rest)) : [];
  if (node.type !== 'object') return [];
  const prop = (node.children ?? []).find((p) => p.children?.[0]?.value === head);
  return prop?.children?.[1] ? jsonAt(prop.children[1], rest) : [];
}

/**
 * For each character of a string scalar's value, its offset in the text (block scalars drop indentation, quoted ones
 * their escapes). Undefined when the value does not line up with the source (folded lines), so callers fall back.
 */
function offsetsOf(text: string, node: ASTNode): number[] | undefined {
  const value = String(node.value);
  const raw = text.slice(node.offset, node.offset + node.length);
  const style = scalarStyle(node);
  const out: number[] = [];
  if (style === 'BLOCK_LITERAL') {
    let i = raw.indexOf('\n') + 1;
    const indent = /^( *)\S/m.exec(raw.slice(i))?.[1].length ?? 0;
    while (i > 0 && i < raw.length) {
      const end = raw.indexOf('\n', i) < 0 ? raw.length : raw.indexOf('\n', i);
      for (let k = Math.min(i + indent, end); k < end; k++) if (raw[k] !== '\r') out.push(node.offset + k);
      out.push(node.offset + end);
      i = end + 1;
    }
  } else if (style === 'QUOTE_DOUBLE') {
    for (let k = 1; k < raw.length - 1; k++) {
      out.push(node.offset + k);
      if (raw[k] === '\\') k += raw[k + 1] === 'u' ? 5 : 1;
    }
  } else if (style === 'QUOTE_SINGLE') {
    for (let k = 1; k < raw.length - 1; k++) {
      out.push(node.offset + k);
      if (raw[k] === "'") k++;
    }
  } else if (style === 'PLAIN') {
    for (let k = 0; k < raw.length; k++) out.push(node.offset + k);
  } else {
    return undefined;
  }
  if (out.length < value.length) return undefined;
  for (let i = 0; i < value.length; i++) if (!/[\s"'\\]/.test(value[i]) && text[out[i]] !== value[i]) return undefined;
  return out;
}

/** A Helm values file: maps named like annotations (or holding ECI keys) are pod annotations; `*Labels` maps are labels. */
function computeValues(doc: ParsedDocument): DocumentAnalysis {
  const analysis = empty(doc, doc.root, []);
  analysis.helmValues = true;
  const site: AnnotationSite = { annotations: '', label: 'the pod annotations in this values file' };
  walk(doc.root, (prop) => {
    const value = prop.valueNode;
    if (!isObject(value)) return;
    const key = String(prop.keyNode.value);
    const entries = entriesOf(value);
    const role: MapRole | undefined = HELM_VALUES_LABELS.test(key)
      ? 'labels'
      : HELM_VALUES_ANNOTATIONS.test(key) || entries.some((e) => ECI_KEY_PATTERN.test(e.key))
        ? 'site'
        : undefined;
    if (role) analysis.maps.push({ role, site: { ...site, synthetic: true }, property: prop, map: value, entries });
  });
  collectSparkConf(analysis, isObject(doc.root) ? doc.root : ({ type: 'object', properties: [] } as unknown as ObjectASTNode));
  return analysis;
}

function autoscaledBy(root: ObjectASTNode, kind: string | undefined, name: string | undefined): Autoscaled | undefined {
  const scaler = AUTOSCALERS.find((a) => kind && a.kinds.includes(kind));
  if (!scaler) return undefined;
  const text = (path: string) => {
    const v = findPaths(root, path)[0]?.property.valueNode?.value;
    return v === undefined || v === null ? undefined : String(v);
  };
  const targetKind = text(scaler.targetKind);
  const targetName = text(scaler.targetName);
  const max = Number(text(scaler.maxReplicas));
  return targetKind && targetName && Number.isInteger(max) ? { autoscaler: name ?? kind!, kind: targetKind, name: targetName, maxReplicas: max } : undefined;
}

/** The replica count beside a template in a list or map of templates: up from the map to the group, then down. */
function groupReplicas(prop: PropertyASTNode, annotations: string, replicas: string): DocumentAnalysis['replicas'] {
  const a = annotations.split('.');
  const r = replicas.split('.');
  let common = 0;
  while (common < a.length && common < r.length && a[common] === r[common]) common++;
  let node: ASTNode | undefined = prop;
  // From the annotations property up through the properties below the group (`template`, `metadata`, `annotations`).
  for (let i = a.length - 1; i > common && node; i--) node = node.parent?.type === 'object' ? node.parent.parent : undefined;
  const group = node?.parent;
  const match = findPaths(group, r.slice(common).join('.'))[0];
  return countOf(match?.property);
}

function countOf(prop: PropertyASTNode | undefined): DocumentAnalysis['replicas'] {
  const value = prop?.valueNode;
  if (!prop || !value) return undefined;
  const count = typeof value.value === 'number' ? value.value : /^\d+$/.test(String(value.value ?? '')) ? Number(value.value) : undefined;
  return count === undefined ? undefined : { count, property: prop };
}

function replicasOf(root: ObjectASTNode, row: KindPlacement): DocumentAnalysis['replicas'] {
  if (row.manyPods) return { count: 'many' };
  if (!row.replicas) return undefined;
  const match = findPaths(root, row.replicas)[0];
  const value = match?.property.valueNode;
  if (!value) return undefined;
  const count = typeof value.value === 'number' ? value.value : /^\d+$/.test(String(value.value ?? '')) ? Number(value.value) : undefined;
  return count === undefined ? undefined : { count, property: match.property };
}

/** Whether a value was produced by a template engine (Helm, Go templates) and cannot be judged. */
export function isTemplated(text: string): boolean {
  return text.includes('{{') || text.includes('}}');
}

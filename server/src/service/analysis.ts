/** Reads one YAML document: its kind, and every annotation or label map the kind table says matters. */
import { AUTOSCALERS, findKindPlacement, NON_POD_KINDS, type AnnotationSite, type KindPlacement } from './catalogue/kinds';
import type { Placement } from './catalogue/types';
import { findPaths, isObject, property, stringAt, type ASTNode, type ObjectASTNode, type PropertyASTNode } from './yaml/ast';
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
}

export interface AnnotationMap {
  role: MapRole;
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

export interface DocumentAnalysis {
  doc: ParsedDocument;
  kind?: string;
  apiVersion?: string;
  row?: KindPlacement;
  placement: Placement;
  maps: AnnotationMap[];
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
const cache = new WeakMap<ParsedDocument, DocumentAnalysis>();

/** Analyses a parsed document once; later calls return the cached result. */
export function analyse(doc: ParsedDocument): DocumentAnalysis {
  let result = cache.get(doc);
  if (!result) {
    result = compute(doc);
    cache.set(doc, result);
  }
  return result;
}

function compute(doc: ParsedDocument): DocumentAnalysis {
  const root = doc.root;
  const kind = stringAt(root, 'kind');
  const apiVersion = stringAt(root, 'apiVersion');
  const row = findKindPlacement(kind, apiVersion);
  const analysis: DocumentAnalysis = { doc, kind, apiVersion, row, placement: row?.placement ?? 'pod', maps: [] };
  if (!isObject(root)) return analysis;
  const metadata = property(root, 'metadata')?.valueNode;
  analysis.name = stringAt(metadata, 'name');
  analysis.autoscales = autoscaledBy(root, kind, analysis.name);

  if (row) {
    for (const site of row.sites) collect(analysis, root, site, 'site');
    for (const site of row.ignoredSites) collect(analysis, root, site, 'ignored');
    analysis.replicas = replicasOf(root, row);
  } else if (kind && NON_POD_KINDS.includes(kind)) {
    collect(analysis, root, NON_POD_SITE, 'nonPod');
  }
  if (kind === 'StorageClass' && stringAt(root, 'volumeBindingMode') === 'WaitForFirstConsumer') {
    analysis.waitForFirstConsumerClass = findPaths(root, 'metadata.name').map((m) => String(m.property.valueNode?.value ?? ''))[0] ?? '';
  }
  return analysis;
}

function collect(analysis: DocumentAnalysis, root: ObjectASTNode, site: AnnotationSite, role: MapRole): void {
  const add = (path: string, mapRole: MapRole) => {
    for (const match of findPaths(root, path)) {
      const value = match.property.valueNode;
      const map = isObject(value) ? value : undefined;
      const entries = (map?.properties ?? [])
        .filter((p) => p.keyNode && p.keyNode.value !== undefined && p.keyNode.value !== null)
        .map((p) => ({ key: String(p.keyNode.value), property: p, value: p.valueNode }));
      analysis.maps.push({ role: mapRole, site, property: match.property, map, entries });
    }
  };
  add(site.annotations, role);
  if (site.labels && role !== 'nonPod') add(site.labels, 'labels');
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

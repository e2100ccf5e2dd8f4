/** Lookups over the catalogue: by key, by misspelling, and did-you-mean suggestions. */
import { ANNOTATIONS, ROUTING_LABELS } from './annotations';
import type { Annotation, Placement, RoutingLabel } from './types';

export * from './types';
export { ANNOTATIONS, ROUTING_LABELS };

/** The catalogue as the service uses it. */
export class Catalogue {
  private readonly byKey = new Map<string, Annotation>();
  private readonly byMisspelling = new Map<string, Annotation>();
  private readonly labels = new Map<string, RoutingLabel>();
  private readonly suggestions = new Map<string, Annotation | undefined>();

  constructor(
    readonly annotations: readonly Annotation[] = ANNOTATIONS,
    readonly routingLabels: readonly RoutingLabel[] = ROUTING_LABELS,
  ) {
    for (const a of annotations) {
      this.byKey.set(a.key, a);
      for (const m of a.misspellings ?? []) this.byMisspelling.set(m, a);
    }
    for (const l of routingLabels) this.labels.set(l.key, l);
  }

  get(key: string): Annotation | undefined {
    return this.byKey.get(key);
  }

  routingLabel(key: string): RoutingLabel | undefined {
    return this.labels.get(key);
  }

  /** The documented key a known misspelling stands for. */
  misspelled(key: string): Annotation | undefined {
    return this.byMisspelling.get(key);
  }

  /** Whether a key is in ECI's own namespace, so an unknown one is most likely a typo. */
  isEciNamespace(key: string): boolean {
    return /^k8s\.aliyun\.com\/(eci|eip|imc)-/.test(key);
  }

  /** Keys a user can write at a placement (no read-only, no legacy). */
  writable(placement: Placement): Annotation[] {
    return this.annotations.filter((a) => a.placement.includes(placement) && !a.readOnly && !a.supersededBy);
  }

  /** The closest documented key, when it is close enough to be a typo (a bounded search, cached per key). */
  suggest(key: string, placement: Placement): Annotation | undefined {
    const known = this.misspelled(key);
    if (known) return known;
    const cacheKey = `${placement}\u0000${key}`;
    if (this.suggestions.has(cacheKey)) return this.suggestions.get(cacheKey);
    const name = key.slice(key.indexOf('/') + 1);
    let best: Annotation | undefined;
    let bestDistance = Math.max(2, Math.floor(name.length / 5)) + 1;
    for (const a of this.annotations) {
      if (!a.placement.includes(placement) || a.readOnly) continue;
      // Only a strictly closer key can win, so the bound shrinks with every find.
      const d = editDistance(key, a.key, bestDistance - 1);
      if (d < bestDistance) {
        best = a;
        bestDistance = d;
      }
    }
    if (this.suggestions.size >= 10_000) this.suggestions.clear();
    if (key.length <= 256) this.suggestions.set(cacheKey, best);
    return best;
  }
}

/**
 * Levenshtein distance. With `max`, the search stops as soon as the distance must exceed it (then any value
 * above `max` is returned), so a comparison costs O(length × max).
 */
export function editDistance(a: string, b: string, max = 12): number {
  if (Math.abs(a.length - b.length) > max) return Infinity;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    const from = Math.max(1, i - max);
    const to = Math.min(b.length, i + max);
    for (let j = 1; j < from; j++) cur[j] = max + 1;
    for (let j = from; j <= to; j++) {
      cur[j] = Math.min((prev[j] ?? max + 1) + 1, (cur[j - 1] ?? max + 1) + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (cur[j] < rowMin) rowMin = cur[j];
    }
    for (let j = to + 1; j <= b.length; j++) cur[j] = max + 1;
    if (rowMin > max) return Infinity;
    prev = cur;
  }
  return prev[b.length] > max ? Infinity : prev[b.length];
}

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

  /** The closest documented key, when it is close enough to be a typo. */
  suggest(key: string, placement: Placement): Annotation | undefined {
    const known = this.misspelled(key);
    if (known) return known;
    let best: Annotation | undefined;
    let bestDistance = Infinity;
    for (const a of this.annotations) {
      if (!a.placement.includes(placement) || a.readOnly) continue;
      const d = editDistance(key, a.key);
      if (d < bestDistance) {
        best = a;
        bestDistance = d;
      }
    }
    const name = key.slice(key.indexOf('/') + 1);
    return best && bestDistance <= Math.max(2, Math.floor(name.length / 5)) ? best : undefined;
  }
}

/** Levenshtein distance, bounded to short keys. */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 12) return Infinity;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

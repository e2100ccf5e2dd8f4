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

  /**
   * The documented key a typo stands for. Only spelling slips count: the same words with one word misspelt, dashes
   * lost, or the `eci-` prefix added or dropped. A key that differs by a whole word (`eci-instance-cpu` vs
   * `eci-instance-type`) means something else and is never proposed.
   */
  suggest(key: string, placement: Placement): Annotation | undefined {
    const known = this.misspelled(key);
    if (known) return known;
    const slash = key.indexOf('/');
    const namespace = key.slice(0, slash + 1);
    const name = key.slice(slash + 1).toLowerCase();
    const candidates = this.annotations.filter((a) => a.placement.includes(placement) && !a.readOnly && a.key.startsWith(namespace) && a.key !== key);
    const bare = (n: string) => n.replace(/^eci-/, '');
    const nameOf = (a: Annotation) => a.key.slice(namespace.length).toLowerCase();
    // Case slips and the `eci-` prefix added or dropped: `eci-eip-bandwidth` → `eip-bandwidth`.
    const exact = candidates.find((a) => nameOf(a) === name) ?? candidates.find((a) => bare(nameOf(a)) === bare(name));
    if (exact) return exact;
    let best: Annotation | undefined;
    let bestDistance = Infinity;
    for (const a of candidates) {
      const d = typoDistance(name, nameOf(a));
      if (d < bestDistance) {
        best = a;
        bestDistance = d;
      }
    }
    return bestDistance < Infinity ? best : undefined;
  }
}

/** How far apart two key names are as a typo, or Infinity when they differ by more than a slip in one word. */
function typoDistance(a: string, b: string): number {
  const squash = (s: string) => s.replace(/[-_.]/g, '');
  // Dashes lost or added: `eci-usespecs`.
  if (squash(a) === squash(b)) return 0.5;
  const wa = a.split('-');
  const wb = b.split('-');
  if (wa.length !== wb.length) return Infinity;
  let total = 0;
  for (let i = 0; i < wa.length; i++) {
    if (wa[i] === wb[i]) continue;
    if (total > 0) return Infinity;
    const d = editDistance(wa[i], wb[i]);
    // A slip inside a word: at most one edit per three letters of the longer word.
    if (d > Math.max(1, Math.floor(Math.max(wa[i].length, wb[i].length) / 3))) return Infinity;
    total = d;
  }
  return total;
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

/**
 * Will this pod reach the Internet? Per pod template (or ImageCache): the EIP its annotations ask for, else whether an
 * SNAT entry and a 0.0.0.0/0 route to a NAT gateway cover every vSwitch it may land on. Pure: network facts come through
 * the `NetworkAccount` interface and are cached per VPC.
 */
import type { AccountResource, Cancellation, NetworkAccount, SecurityGroupFacts, VpcNetworkFacts, VSwitchFacts } from './account';
import type { AnnotationMap, DocumentAnalysis } from './analysis';
import { isTemplated } from './analysis';
import { ECI_PROFILE_CONFIG_MAP } from './catalogue/kinds';
import type { Placement } from './catalogue/types';
import { severalPods, type FileFacts } from './diagnostics';
import { insertAtPathEdit, preferredQuote, quote, type Fix } from './edits';
import { coverage, internetImage, natConsoleUrl, regionOfZone, uncoveredReason, vpcAddress, type Coverage, type InternetImage } from './network';
import { findPaths, isObject, property, stringAt, type ASTNode } from './yaml/ast';
import { sentences, t, type Locale } from './l10n';

/** The keys that decide Internet access, per placement (the ImageCache has its own names). */
const KEYS: Record<Placement, { createEip: string; eipId: string; vSwitches: string }> = {
  pod: { createEip: 'k8s.aliyun.com/eci-with-eip', eipId: 'k8s.aliyun.com/eci-eip-instanceid', vSwitches: 'k8s.aliyun.com/eci-vswitch' },
  imageCache: { createEip: 'k8s.aliyun.com/auto-create-eip', eipId: 'k8s.aliyun.com/eip-instance-id', vSwitches: 'k8s.aliyun.com/vswitch-ids' },
};
const BANDWIDTH = 'k8s.aliyun.com/eip-bandwidth';
const ISP = 'k8s.aliyun.com/eip-isp';
/** ECI's documented defaults for an EIP it creates. */
const DEFAULT_BANDWIDTH = '5';
const DEFAULT_ISP = 'BGP';
const VSWITCH_ID = /^vsw-[a-z0-9]+$/;

/** One image reference written in the document. */
export interface ImageRef {
  image: string;
  /** The scalar node holding it (document-local offsets). */
  node: ASTNode;
}

/** One pod template (or ImageCache) whose Internet access is judged. */
export interface InternetUnit {
  analysis: DocumentAnalysis;
  /** The annotations map of the template, when written. */
  map?: AnnotationMap;
  /** Where the line is shown: the `annotations:` key, else the first image. Document-local offsets. */
  anchor: { start: number; end: number };
  images: readonly ImageRef[];
}

/** Where the vSwitches of a pod come from, in order of precedence. */
export type VSwitchOrigin = 'annotation' | 'selector' | 'profile' | 'setting';

export interface VSwitchSource {
  ids: readonly string[];
  origin: VSwitchOrigin;
  /** How the origin is named in the hover, e.g. `Selector spot-web`. */
  label: string;
}

/** eci-profile facts found in the workspace: the ConfigMap's vSwitches and Selectors that set `eci-vswitch`. */
export interface WorkspaceProfile {
  configMap?: readonly string[];
  selectors: readonly { name: string; matchLabels?: Readonly<Record<string, string>>; ids: readonly string[] }[];
}

/** What decides the answer besides the document. */
export interface InternetContext {
  facts: FileFacts;
  profile: WorkspaceProfile;
  /** `eciAnnotations.account.vSwitchIds`. */
  settingVSwitchIds: readonly string[];
  /** Connected network account, or undefined offline. */
  network?: NetworkAccount;
  cache?: NetworkCache;
  /** Lists EIPs (for the live record of a named EIP). */
  eips?: () => Promise<readonly AccountResource[]>;
  token?: Cancellation;
  /** The language of the line, the hover and the warning (English when absent). */
  locale?: Locale;
}

/** The answer for one unit. */
export interface InternetReport {
  unit: InternetUnit;
  /** "Internet: …", one line for the CodeLens. */
  line: string;
  /** Longer markdown for the hover. */
  details: string;
  /** Set when the pod pulls Internet images and will not reach the Internet (only with network facts). */
  warning?: InternetWarning;
}

export interface InternetWarning {
  message: string;
  /** Document-local range: the first Internet image. */
  start: number;
  end: number;
  /** The NAT gateway console for the region. */
  href: string;
  fixes: Fix[];
  /** Whether picking an existing EIP is a fix (one pod per template). */
  pickEip: boolean;
  related: { start: number; end: number; message: string }[];
}

/** Pod templates and ImageCaches of a document, with the images they pull. */
export function internetUnits(analysis: DocumentAnalysis): InternetUnit[] {
  if (!analysis.row || !isObject(analysis.root)) return [];
  const images = imagesOf(analysis.root);
  const sites = analysis.maps.filter((m) => m.role === 'site');
  if (sites.length > 0) {
    return sites.map((map) => ({ analysis, map, images, anchor: { start: map.property.keyNode.offset, end: map.property.keyNode.offset + map.property.keyNode.length } }));
  }
  const first = images[0];
  return first ? [{ analysis, images, anchor: { start: first.node.offset, end: first.node.offset + first.node.length } }] : [];
}

/** Every `image: <string>` and `images: [<string>…]` in the document, in one linear walk. */
function imagesOf(root: ASTNode): ImageRef[] {
  const found: ImageRef[] = [];
  const stack: ASTNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'object') {
      for (const p of node.properties) {
        const key = p.keyNode?.value;
        const v = p.valueNode;
        if (!v) continue;
        if (key === 'image' && v.type === 'string' && typeof v.value === 'string') {
          found.push({ image: v.value, node: v });
        } else if (key === 'images' && v.type === 'array') {
          for (const item of v.items) if (item.type === 'string' && typeof item.value === 'string') found.push({ image: item.value, node: item });
        } else {
          stack.push(v);
        }
      }
    } else if (node.type === 'array') {
      for (const item of node.items) stack.push(item);
    }
  }
  return found.filter((i) => !isTemplated(i.image) && i.image.trim() !== '').sort((a, b) => a.node.offset - b.node.offset);
}

/** eci-profile facts from the documents of the workspace (the ConfigMap `kube-system/eci-profile`, Selectors). */
export function readProfile(analyses: readonly DocumentAnalysis[]): WorkspaceProfile {
  const profile: { configMap?: string[]; selectors: WorkspaceProfile['selectors'][number][] } = { selectors: [] };
  for (const a of analyses) {
    const root = a.root;
    if (!isObject(root)) continue;
    const cm = ECI_PROFILE_CONFIG_MAP;
    if (a.kind === cm.kind && a.name === cm.name) {
      const namespace = stringAt(property(root, 'metadata')?.valueNode, 'namespace');
      const data = property(root, 'data')?.valueNode;
      const ids = cm.vSwitchKeys.map((k) => stringAt(data, k)).find((v) => v !== undefined);
      if ((namespace === undefined || namespace === cm.namespace) && ids) profile.configMap = splitIds(ids);
      continue;
    }
    if (!a.row?.profile) continue;
    for (const map of a.maps) {
      if (map.role !== 'site') continue;
      const entry = map.entries.find((e) => e.key === KEYS.pod.vSwitches);
      const ids = typeof entry?.value?.value === 'string' ? splitIds(entry.value.value) : [];
      if (ids.length === 0) continue;
      const labels = findPaths(root, a.row.profile.matchLabels)[0]?.property.valueNode;
      const matchLabels = isObject(labels) ? Object.fromEntries(labels.properties.map((p) => [String(p.keyNode.value), String(p.valueNode?.value ?? '')])) : undefined;
      profile.selectors.push({ name: a.name ?? a.kind ?? 'Selector', matchLabels, ids });
    }
  }
  return profile;
}

/** The vSwitch IDs of a comma list (the rest, such as template expressions, left out). */
export function splitIds(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => VSWITCH_ID.test(s));
}

/** The labels of the unit's pod template (the labels map beside its annotations). */
function labelsOf(unit: InternetUnit): Record<string, string> {
  const site = unit.map?.site ?? unit.analysis.row?.sites[0];
  const labels = unit.analysis.maps.find((m) => m.role === 'labels' && m.site === site);
  return Object.fromEntries((labels?.entries ?? []).map((e) => [e.key, String(e.value?.value ?? '')]));
}

/** The pod's vSwitches: the annotation, a matching Selector, the eci-profile ConfigMap, the setting; else undefined. */
export function vSwitchesOf(unit: InternetUnit, ctx: Pick<InternetContext, 'profile' | 'settingVSwitchIds' | 'locale'>): VSwitchSource | undefined {
  const locale = ctx.locale ?? 'en';
  const own = valueOf(unit, KEYS[unit.analysis.placement].vSwitches);
  if (own !== undefined && !isTemplated(own)) {
    const ids = splitIds(own);
    if (ids.length) return { ids, origin: 'annotation', label: KEYS[unit.analysis.placement].vSwitches };
  }
  if (unit.analysis.placement === 'pod') {
    const labels = labelsOf(unit);
    const selector = ctx.profile.selectors.find((s) => !s.matchLabels || Object.entries(s.matchLabels).every(([k, v]) => labels[k] === v));
    if (selector) return { ids: selector.ids, origin: 'selector', label: t('net.source.selector', { name: selector.name }, locale) };
  }
  if (ctx.profile.configMap?.length) return { ids: ctx.profile.configMap, origin: 'profile', label: t('net.source.configMap', undefined, locale) };
  const setting = ctx.settingVSwitchIds.filter((id) => VSWITCH_ID.test(id));
  if (setting.length) return { ids: setting, origin: 'setting', label: t('net.source.setting', undefined, locale) };
  return undefined;
}

function valueOf(unit: InternetUnit, key: string): string | undefined {
  const v = unit.map?.entries.find((e) => e.key === key)?.value?.value;
  return typeof v === 'string' ? v : undefined;
}

/** What the annotations alone say about an EIP. */
export type EipPlan = { kind: 'create'; bandwidth: string; isp: string } | { kind: 'existing'; id: string } | undefined;

export function eipPlan(unit: InternetUnit): EipPlan {
  const keys = KEYS[unit.analysis.placement];
  if (valueOf(unit, keys.createEip) === 'true') return { kind: 'create', bandwidth: valueOf(unit, BANDWIDTH) ?? DEFAULT_BANDWIDTH, isp: valueOf(unit, ISP) ?? DEFAULT_ISP };
  const id = valueOf(unit, keys.eipId);
  if (id && /^eip-/.test(id) && !isTemplated(id)) return { kind: 'existing', id };
  return undefined;
}

/** A cancellation watched by the server (`onCancellationRequested`), if the token offers one. */
type Watchable = Cancellation & { onCancellationRequested?: (listener: () => void) => { dispose(): void } };

/**
 * The cancellation of a request shared by several callers: requested once every caller that joined has cancelled.
 * It has the shape of an LSP token, so the server forwards it to the client.
 */
class SharedCancellation implements Cancellation {
  private live = 0;
  private cancelled = false;
  private settled = false;
  private readonly listeners = new Set<() => void>();

  get isCancellationRequested(): boolean {
    return this.cancelled;
  }

  onCancellationRequested(listener: () => void): { dispose(): void } {
    if (this.cancelled) listener();
    else this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Adds a caller; false when the request is already cancelled (the caller needs a new one). */
  join(token?: Watchable): boolean {
    if (this.cancelled) return false;
    if (this.settled) return true;
    this.live++;
    if (typeof token?.onCancellationRequested === 'function') token.onCancellationRequested(() => this.leave());
    return true;
  }

  settle(): void {
    this.settled = true;
    this.listeners.clear();
  }

  private leave(): void {
    if (this.settled || this.cancelled || --this.live > 0) return;
    this.cancelled = true;
    for (const l of this.listeners) l();
    this.listeners.clear();
  }
}

/** Network facts cached per vSwitch and per VPC (one listing per VPC, not per template); failures are not kept. */
export class NetworkCache {
  private readonly vSwitches = new Map<string, { at: number; value: VSwitchFacts | null }>();
  private readonly vpcs = new Map<string, { at: number; value: Promise<VpcNetworkFacts>; shared: SharedCancellation }>();
  private readonly groups = new Map<string, { at: number; value: SecurityGroupFacts | null }>();
  constructor(
    private readonly ttlMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  clear(): void {
    this.vSwitches.clear();
    this.vpcs.clear();
    this.groups.clear();
  }

  /** The security groups that exist, looked up once each per TTL (needs `network.securityGroups`). */
  async securityGroupFacts(network: NetworkAccount, ids: readonly string[], token?: Cancellation): Promise<Map<string, SecurityGroupFacts | null>> {
    const fresh = (at: number) => this.now() - at < this.ttlMs;
    const missing = ids.filter((id) => !(this.groups.has(id) && fresh(this.groups.get(id)!.at)));
    if (missing.length && network.securityGroups) {
      const found = await network.securityGroups(missing, token);
      const at = this.now();
      for (const id of missing) this.groups.set(id, { at, value: found.find((g) => g.id === id) ?? null });
    }
    return new Map(ids.map((id) => [id, this.groups.get(id)?.value ?? null]));
  }

  /** The vSwitches that exist, looked up once each per TTL. */
  async vSwitchFacts(network: NetworkAccount, ids: readonly string[], token?: Cancellation): Promise<Map<string, VSwitchFacts | null>> {
    const fresh = (at: number) => this.now() - at < this.ttlMs;
    const missing = ids.filter((id) => !(this.vSwitches.has(id) && fresh(this.vSwitches.get(id)!.at)));
    if (missing.length) {
      const found = await network.vSwitches(missing, token);
      const at = this.now();
      for (const id of missing) this.vSwitches.set(id, { at, value: found.find((v) => v.id === id) ?? null });
    }
    return new Map(ids.map((id) => [id, this.vSwitches.get(id)!.value]));
  }

  /**
   * One listing per VPC, shared by every caller. The request is cancelled only when every caller waiting on it has
   * cancelled (a cancelled CodeLens must not fail the validation waiting on the same listing); a caller whose token
   * cannot be watched keeps it alive.
   */
  async vpcNetwork(network: NetworkAccount, vpcId: string, token?: Cancellation): Promise<VpcNetworkFacts> {
    const facts = await this.sharedVpcNetwork(network, vpcId, token);
    if (token?.isCancellationRequested) throw new Error('cancelled');
    return facts;
  }

  private sharedVpcNetwork(network: NetworkAccount, vpcId: string, token?: Cancellation): Promise<VpcNetworkFacts> {
    const cached = this.vpcs.get(vpcId);
    if (cached && this.now() - cached.at < this.ttlMs && cached.shared.join(token)) return cached.value;
    const shared = new SharedCancellation();
    shared.join(token);
    const value = network.vpcNetwork(vpcId, shared);
    const entry = { at: this.now(), value, shared };
    this.vpcs.set(vpcId, entry);
    value.then(
      () => shared.settle(),
      () => shared.settle(),
    );
    value.catch(() => {
      if (this.vpcs.get(vpcId) === entry) this.vpcs.delete(vpcId);
    });
    return value;
  }
}

/** Judges one unit: the line, the hover details and, with network facts, the warning. */
export async function assessInternet(unit: InternetUnit, ctx: InternetContext): Promise<InternetReport> {
  const analysis = unit.analysis;
  const locale = ctx.locale ?? 'en';
  const what = t(analysis.placement === 'imageCache' ? 'net.what.imageCache' : 'net.what.pod', undefined, locale);
  const internet = unit.images.map((i) => ({ ref: i, info: internetImage(i.image) })).filter((i): i is { ref: ImageRef; info: InternetImage } => i.info !== undefined);
  const pulls = internet.length ? t('net.pulls', { images: internet.map((i) => `\`${i.ref.image}\` (${i.info.registry})`).join(', ') }, locale) : t('net.pullsNone', undefined, locale);
  const plan = eipPlan(unit);
  if (plan?.kind === 'create') {
    const line = t('net.line.created', { what, bandwidth: plan.bandwidth, isp: plan.isp }, locale);
    return { unit, line, details: `**${line}**\n\n${pulls}` };
  }
  if (plan?.kind === 'existing') {
    let record: AccountResource | undefined;
    let note = t('net.note.associated', undefined, locale);
    if (ctx.eips) {
      try {
        record = (await ctx.eips()).find((r) => r.id === plan.id);
        if (!record) note = t('net.note.notFound', undefined, locale);
      } catch {
        note = t('net.note.unreadable', undefined, locale);
      }
    }
    const line = record
      ? t(
          'net.line.eip',
          { id: plan.id, address: record.ipAddress || t('net.noAddress', undefined, locale), status: record.status ?? t('net.statusUnknown', undefined, locale) },
          locale,
        )
      : t('net.line.eipNote', { id: plan.id, note }, locale);
    return { unit, line, details: `**${line}**\n\n${pulls}` };
  }

  const source = vSwitchesOf(unit, ctx);
  const eipKey = KEYS[analysis.placement].createEip;
  if (!source) {
    const line = t('net.line.noVSwitch', undefined, locale);
    return {
      unit,
      line,
      details: `**${line}**\n\n${pulls}\n\n${t('net.details.noVSwitch', { eipKey, what, vSwitchKey: KEYS[analysis.placement].vSwitches }, locale)}`,
    };
  }
  const from = t('net.from', { source: source.label, ids: source.ids.join(', ') }, locale);
  if (!ctx.network) {
    const line = t('net.line.offline', { ids: source.ids.join(', ') }, locale);
    return { unit, line, details: `**${line}**\n\n${pulls}\n\n${sentences(locale, from, t('net.details.offline', undefined, locale))}` };
  }

  let coverages: Coverage[];
  let unknown: string[];
  try {
    ({ coverages, unknown } = await coverageOf(source.ids, ctx.network, ctx.cache ?? new NetworkCache(), ctx.token));
  } catch (e) {
    const line = t('net.line.failed', { error: (e as Error).message }, locale);
    return { unit, line, details: `**${line}**\n\n${pulls}\n\n${from}` };
  }
  const covered = coverages.filter((c): c is Extract<Coverage, { covered: true }> => c.covered);
  const uncovered = coverages.filter((c): c is Extract<Coverage, { covered: false }> => !c.covered);
  const parts: string[] = [];
  const byGateway = new Map<string, string[]>();
  for (const c of covered) byGateway.set(c.natGatewayId, [...(byGateway.get(c.natGatewayId) ?? []), scopeText(c, locale)]);
  for (const [gateway, on] of byGateway) parts.push(t('net.via', { gateway, entries: on.join(', ') }, locale));
  const missing = [...uncovered.map((c) => c.vSwitch.id), ...unknown];
  if (missing.length) parts.push(t('net.noneFor', { ids: missing.join(', ') }, locale));
  const line = t('net.line', { parts: parts.join(locale === 'zh-cn' ? '；' : '; ') }, locale);
  const reasons = [...uncovered.map((c) => `- ${uncoveredReason(c, locale)}`), ...unknown.map((id) => `- ${t('net.unknownVSwitch', { id }, locale)}`)];
  const region = ctx.network.region() ?? coverages.map((c) => regionOfZone(c.vSwitch.zoneId))[0];
  const details = `**${line}**\n\n${pulls}\n\n${from}${reasons.length ? `\n\n${reasons.join('\n')}\n\n[${t('net.console', undefined, locale)}](${natConsoleUrl(region)})` : ''}`;
  const report: InternetReport = { unit, line, details };
  if (internet.length && uncovered.length) report.warning = warningFor(unit, internet, uncovered, region, ctx.facts, locale);
  return report;
}

async function coverageOf(ids: readonly string[], network: NetworkAccount, cache: NetworkCache, token?: Cancellation): Promise<{ coverages: Coverage[]; unknown: string[] }> {
  const switches = await cache.vSwitchFacts(network, ids, token);
  const coverages: Coverage[] = [];
  const unknown: string[] = [];
  for (const id of ids) {
    if (token?.isCancellationRequested) throw new Error('cancelled');
    const vsw = switches.get(id);
    if (!vsw) {
      unknown.push(id);
      continue;
    }
    coverages.push(coverage(vsw, await cache.vpcNetwork(network, vsw.vpcId, token)));
  }
  return { coverages, unknown };
}

function scopeText(c: Extract<Coverage, { covered: true }>, locale: Locale): string {
  switch (c.scope) {
    case 'vSwitch':
      return t('net.scope.vSwitch', { id: c.vSwitch.id }, locale);
    case 'vpc':
      return t('net.scope.vpc', { id: c.vSwitch.id }, locale);
    case 'cidr':
      return t('net.scope.cidr', { cidr: c.entry.sourceCidr ?? '', id: c.vSwitch.id }, locale);
  }
}

function warningFor(
  unit: InternetUnit,
  internet: { ref: ImageRef; info: InternetImage }[],
  uncovered: Extract<Coverage, { covered: false }>[],
  region: string | undefined,
  facts: FileFacts,
  locale: Locale,
): InternetWarning {
  const analysis = unit.analysis;
  const keys = KEYS[analysis.placement];
  const first = internet[0];
  const which = uncovered.map((c) => t('net.vSwitchInZone', { id: c.vSwitch.id, zone: c.vSwitch.zoneId }, locale)).join(', ');
  const several = severalPods(analysis, facts, unit.map);
  const many = uncovered.length > 1;
  const reasons = uncovered
    .map((c) => t(c.reason === 'no-nat' ? 'net.reason.noNat' : c.reason === 'no-route' ? 'net.reason.noRoute' : 'net.reason.noSnat', undefined, locale))
    .join(', ');
  const message = sentences(
    locale,
    t(
      many ? 'net.warning.many' : 'net.warning.one',
      {
        subject: t(analysis.placement === 'imageCache' ? 'net.subject.imageCache' : 'net.subject.pod', undefined, locale),
        image: first.ref.image,
        registry: first.info.registry,
        vSwitches: which,
        reasons,
      },
      locale,
    ),
    t(several ? (many ? 'net.warning.fixManySeveral' : 'net.warning.fixOneSeveral') : many ? 'net.warning.fixMany' : 'net.warning.fixOne', { key: keys.createEip }, locale),
  );
  const fixes: Fix[] = [];
  const text = analysis.doc.text;
  for (const { ref, info } of internet) {
    const vpc = info.acrRegion && info.acrRegion === region ? vpcAddress(ref.image) : undefined;
    if (!vpc) continue;
    const raw = text.slice(ref.node.offset, ref.node.offset + ref.node.length);
    const host = ref.image.slice(0, ref.image.indexOf('/'));
    const at = raw.indexOf(host);
    if (at < 0) continue;
    const newHost = vpc.slice(0, vpc.indexOf('/'));
    fixes.push({
      title: t('net.fix.vpcEndpoint', { image: ref.image, host: newHost }, locale),
      edits: [{ start: ref.node.offset + at, end: ref.node.offset + at + host.length, text: newHost }],
      preferred: fixes.length === 0,
    });
  }
  if (!several) {
    const site = unit.map?.site ?? analysis.row?.sites[0];
    const segments = site?.annotations.split('.');
    const root = analysis.root;
    if (segments && isObject(root) && !segments.some((s) => s.endsWith('[]'))) {
      const edit = insertAtPathEdit({ start: root, segments }, `${keys.createEip}: ${quote('true', preferredQuote(unit.map?.map))}`, analysis.doc.lines);
      if (edit)
        fixes.push({
          title: t('net.fix.createEip', { what: t(analysis.placement === 'imageCache' ? 'net.what.imageCache' : 'net.what.pod', undefined, locale), key: keys.createEip }, locale),
          edits: [edit],
          preferred: fixes.length === 0,
        });
    }
  }
  const related = unit.map?.entries
    .filter((e) => e.key === keys.vSwitches && e.value)
    .map((e) => ({ start: e.value!.offset, end: e.value!.offset + e.value!.length, message: t('net.related', { vSwitches: which }, locale) }));
  return { message, start: first.ref.node.offset, end: first.ref.node.offset + first.ref.node.length, href: natConsoleUrl(region), fixes, pickEip: !several, related: related ?? [] };
}

/** Internet reachability from network facts alone: which registries are on the Internet, and which vSwitches SNAT covers. */
import type { NatGatewayFacts, RouteEntryFacts, SnatEntryFacts, VpcNetworkFacts, VSwitchFacts } from './account';
import { t, type Locale } from './l10n';

/** Registries reached over the Internet, by host. Unknown registries are never flagged. */
const INTERNET_REGISTRIES: readonly { host: RegExp; name: string }[] = [
  { host: /^(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)$/, name: 'Docker Hub' },
  { host: /^ghcr\.io$/, name: 'GitHub Container Registry (ghcr.io)' },
  { host: /^quay\.io$/, name: 'Quay (quay.io)' },
  { host: /^(?:registry\.k8s\.io|k8s\.gcr\.io)$/, name: 'registry.k8s.io' },
  { host: /^(?:[a-z]+\.)?gcr\.io$/, name: 'Google Container Registry (gcr.io)' },
  { host: /^nvcr\.io$/, name: 'NVIDIA NGC (nvcr.io)' },
  { host: /^public\.ecr\.aws$/, name: 'Amazon ECR Public (public.ecr.aws)' },
  { host: /^mcr\.microsoft\.com$/, name: 'Microsoft Container Registry (mcr.microsoft.com)' },
];

/** ACR's public endpoint `registry.<region>.aliyuncs.com` (the VPC endpoint is `registry-vpc.<region>.aliyuncs.com`). */
const ACR_PUBLIC = /^registry\.([a-z]{2,}(?:-[a-z0-9]+)+)\.aliyuncs\.com$/;

/** The registry host of an image reference; Docker Hub for bare names such as `nginx` or `library/nginx`. */
export function registryHost(image: string): string {
  const slash = image.indexOf('/');
  if (slash < 0) return 'docker.io';
  const first = image.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first.toLowerCase() : 'docker.io';
}

export interface InternetImage {
  image: string;
  /** The registry as users know it. */
  registry: string;
  /** For ACR public endpoints: the region of the registry. */
  acrRegion?: string;
}

/** The image when it is pulled over the Internet; undefined for private, VPC or unknown registries. */
export function internetImage(image: string): InternetImage | undefined {
  const host = registryHost(image);
  const acr = ACR_PUBLIC.exec(host);
  if (acr) return { image, registry: `ACR public endpoint (${host})`, acrRegion: acr[1] };
  const known = INTERNET_REGISTRIES.find((r) => r.host.test(host));
  return known ? { image, registry: known.name } : undefined;
}

/** The same image through ACR's VPC endpoint, for an ACR public image. */
export function vpcAddress(image: string): string | undefined {
  const host = registryHost(image);
  const acr = ACR_PUBLIC.exec(host);
  return acr ? `registry-vpc.${acr[1]}.aliyuncs.com${image.slice(host.length)}` : undefined;
}

/** An IPv4 CIDR as [first address, prefix length]; undefined when malformed. */
export function parseCidr(cidr: string): { base: number; bits: number } | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(cidr.trim());
  if (!m) return undefined;
  const parts = m.slice(1, 5).map(Number);
  const bits = m[5] === undefined ? 32 : Number(m[5]);
  if (parts.some((p) => p > 255) || bits > 32) return undefined;
  const address = ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { base: (address & mask) >>> 0, bits };
}

/** Whether `outer` contains every address of `inner`. */
export function cidrContains(outer: string, inner: string): boolean {
  const o = parseCidr(outer);
  const i = parseCidr(inner);
  if (!o || !i || o.bits > i.bits) return false;
  const mask = o.bits === 0 ? 0 : (0xffffffff << (32 - o.bits)) >>> 0;
  return (i.base & mask) >>> 0 === o.base;
}

/** How an SNAT entry takes in a vSwitch. */
export type SnatScope = 'vSwitch' | 'vpc' | 'cidr';

export type Coverage =
  | { covered: true; vSwitch: VSwitchFacts; natGatewayId: string; entry: SnatEntryFacts; scope: SnatScope }
  | {
      covered: false;
      vSwitch: VSwitchFacts;
      /** `no-nat`: no Internet NAT gateway in the VPC; `no-snat`: no Available SNAT entry takes in the vSwitch; `no-route`: SNAT does, but the route table sends 0.0.0.0/0 elsewhere. */
      reason: 'no-nat' | 'no-snat' | 'no-route';
      natGatewayId?: string;
    };

const isAvailable = (status: string | undefined) => status === undefined || status === 'Available';

/** Whether an SNAT entry takes in a vSwitch, and how. */
export function snatScope(entry: SnatEntryFacts, vSwitch: VSwitchFacts, vpcCidrs: readonly string[] = []): SnatScope | undefined {
  if (entry.sourceVSwitchId) return entry.sourceVSwitchId === vSwitch.id ? 'vSwitch' : undefined;
  if (!entry.sourceCidr || !cidrContains(entry.sourceCidr, vSwitch.cidr)) return undefined;
  return vpcCidrs.includes(entry.sourceCidr) ? 'vpc' : 'cidr';
}

/** Whether the vSwitch's route table sends `0.0.0.0/0` to the NAT gateway. */
export function routesToNat(vSwitch: VSwitchFacts, gateway: NatGatewayFacts, routes: readonly RouteEntryFacts[]): boolean {
  return routes.some(
    (r) =>
      (vSwitch.routeTableId === undefined || r.routeTableId === vSwitch.routeTableId) &&
      r.destinationCidr === '0.0.0.0/0' &&
      r.nextHopType === 'NatGateway' &&
      r.nextHopId === gateway.id &&
      isAvailable(r.status),
  );
}

/**
 * Whether a vSwitch reaches the Internet through a NAT gateway: an Available SNAT entry of an Internet NAT gateway takes
 * in the vSwitch (itself, the whole VPC, or a CIDR containing its CIDR) and its route table sends 0.0.0.0/0 to that gateway.
 */
export function coverage(vSwitch: VSwitchFacts, network: VpcNetworkFacts): Coverage {
  const gateways = network.natGateways.filter((g) => g.vpcId === vSwitch.vpcId && g.networkType !== 'intranet' && isAvailable(g.status));
  if (gateways.length === 0) return { covered: false, vSwitch, reason: 'no-nat' };
  let routeMissing: string | undefined;
  for (const gateway of gateways) {
    for (const entry of network.snatEntries) {
      const ofGateway = entry.natGatewayId === gateway.id || (entry.snatTableId !== undefined && gateway.snatTableIds.includes(entry.snatTableId));
      if (!ofGateway || !isAvailable(entry.status)) continue;
      const scope = snatScope(entry, vSwitch, network.vpcCidrs);
      if (!scope) continue;
      if (routesToNat(vSwitch, gateway, network.routeEntries)) return { covered: true, vSwitch, natGatewayId: gateway.id, entry, scope };
      routeMissing ??= gateway.id;
    }
  }
  return routeMissing ? { covered: false, vSwitch, reason: 'no-route', natGatewayId: routeMissing } : { covered: false, vSwitch, reason: 'no-snat', natGatewayId: gateways[0].id };
}

/** The region of a zone ID (`cn-hangzhou-k` → `cn-hangzhou`). */
export function regionOfZone(zoneId: string): string {
  return zoneId.replace(/(?:-[a-z]|(?<=\d)[a-z])$/, '');
}

/** The NAT gateway console for a region. */
export function natConsoleUrl(region: string | undefined): string {
  return `https://vpc.console.aliyun.com/nat/${encodeURIComponent(region ?? 'cn-hangzhou')}/nats`;
}

/** One sentence on why a vSwitch is not covered. */
export function uncoveredReason(c: Extract<Coverage, { covered: false }>, locale: Locale = 'en'): string {
  const where = t('net.where', { id: c.vSwitch.id, zone: c.vSwitch.zoneId, cidr: c.vSwitch.cidr }, locale);
  switch (c.reason) {
    case 'no-nat':
      return t('net.uncovered.noNat', { where, vpc: c.vSwitch.vpcId }, locale);
    case 'no-snat':
      return t('net.uncovered.noSnat', { where, gateway: c.natGatewayId ?? '' }, locale);
    case 'no-route':
      return t('net.uncovered.noRoute', { where, gateway: c.natGatewayId ?? '', table: c.vSwitch.routeTableId ?? '' }, locale).replace('  ', ' ');
  }
}

/**
 * A pod's network annotations against the account: vSwitch and security group IDs that do not exist, security groups
 * in another VPC than the vSwitches or of mixed types, vSwitches of several VPCs, and a fixed private IP outside every
 * vSwitch's CIDR. Pure: the facts come in as maps, filled through `NetworkAccount`.
 */
import type { SecurityGroupFacts, VSwitchFacts } from './account';
import type { Placement } from './catalogue/types';
import { t, type Locale } from './l10n';
import { cidrContains, parseCidr } from './network';

/** The keys read here, per placement (the ImageCache has its own names and no private IP). */
export const NETWORK_KEYS: Record<Placement, { vSwitches: string; securityGroups: string; privateIp?: string }> = {
  pod: { vSwitches: 'k8s.aliyun.com/eci-vswitch', securityGroups: 'k8s.aliyun.com/eci-security-group', privateIp: 'k8s.aliyun.com/eci-private-ip-address' },
  imageCache: { vSwitches: 'k8s.aliyun.com/vswitch-ids', securityGroups: 'k8s.aliyun.com/security-group-id' },
};

/** An ID or value written in the document, with its document-local offsets. */
export interface WrittenRef {
  value: string;
  start: number;
  end: number;
}

/** What one pod template (or ImageCache) says about its network. */
export interface NetworkRefs {
  /** `vsw-` IDs written on this template. */
  vSwitches: readonly WrittenRef[];
  /** The vSwitches from an eci-profile or the setting, when the template names none (not checked for existence here). */
  inheritedVSwitches: readonly string[];
  securityGroups: readonly WrittenRef[];
  privateIp?: WrittenRef;
}

export interface NetworkFinding {
  code: 'resource-not-found' | 'network-mismatch';
  start: number;
  end: number;
  message: string;
}

/** The IDs of a comma list written in a scalar, each with its own offsets inside the raw text. */
export function idsIn(raw: string, offset: number, pattern: RegExp): WrittenRef[] {
  const out: WrittenRef[] = [];
  const re = /[^\s,"']+/g;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    if (pattern.test(m[0])) out.push({ value: m[0], start: offset + m.index, end: offset + m.index + m[0].length });
  }
  return out;
}

/**
 * Findings for one template. `vSwitches` and `groups` hold every ID asked for (null: not in the account); `groups`
 * is undefined when security groups cannot be read. Linear in the number of IDs.
 */
export function networkFindings(
  refs: NetworkRefs,
  vSwitches: ReadonlyMap<string, VSwitchFacts | null>,
  groups: ReadonlyMap<string, SecurityGroupFacts | null> | undefined,
  region: string,
  locale: Locale = 'en',
): NetworkFinding[] {
  const out: NetworkFinding[] = [];
  const at = (r: WrittenRef, code: NetworkFinding['code'], message: string) => out.push({ code, start: r.start, end: r.end, message });

  for (const r of refs.vSwitches) if (vSwitches.get(r.value) === null) at(r, 'resource-not-found', t('netcheck.vSwitchMissing', { id: r.value, region }, locale));
  const known = (refs.vSwitches.length ? refs.vSwitches.map((r) => r.value) : refs.inheritedVSwitches).map((id) => vSwitches.get(id)).filter((v): v is VSwitchFacts => !!v);
  const first = known[0];
  if (first) {
    const other = known.find((v) => v.vpcId !== first.vpcId);
    const ref = other && refs.vSwitches.find((r) => r.value === other.id);
    if (other && ref) at(ref, 'network-mismatch', t('netcheck.vSwitchVpcs', { a: first.id, aVpc: first.vpcId, b: other.id, bVpc: other.vpcId }, locale));
  }

  if (groups) {
    let typed: SecurityGroupFacts | undefined;
    for (const r of refs.securityGroups) {
      const g = groups.get(r.value);
      if (g === null) at(r, 'resource-not-found', t('netcheck.groupMissing', { id: r.value, region }, locale));
      if (!g) continue;
      if (first && g.vpcId !== first.vpcId) at(r, 'network-mismatch', t('netcheck.groupOtherVpc', { id: g.id, groupVpc: g.vpcId, vSwitch: first.id, vpc: first.vpcId }, locale));
      else if (typed?.type && g.type && g.type !== typed.type) at(r, 'network-mismatch', t('netcheck.groupTypes', { a: typed.id, aType: typed.type, b: g.id, bType: g.type }, locale));
      typed ??= g.type ? g : undefined;
    }
  }

  const ip = refs.privateIp;
  if (ip && known.length && parseCidr(ip.value)?.bits === 32 && !known.some((v) => cidrContains(v.cidr, ip.value))) {
    const switches =
      known.length === 1
        ? t('netcheck.oneVSwitch', { id: known[0].id, cidr: known[0].cidr }, locale)
        : t('netcheck.vSwitches', { list: known.map((v) => `${v.id} (${v.cidr})`).join(', ') }, locale);
    at(ip, 'network-mismatch', t('netcheck.ipOutside', { ip: ip.value, switches }, locale));
  }
  return out;
}

/**
 * A pod's network annotations against the account: vSwitch and security group IDs that do not exist, security groups
 * in another VPC than the vSwitches or of mixed types, vSwitches of several VPCs, and a fixed private IP outside every
 * vSwitch's CIDR. Pure: the facts come in as maps, filled through `NetworkAccount`.
 */
import type { SecurityGroupFacts, VSwitchFacts } from './account';
import type { Placement } from './catalogue/types';
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

/** The words of these findings, in one place (the message tables of the localization take them over). */
export const NETWORK_MESSAGES = {
  vSwitchMissing: (id: string, region: string) =>
    `vSwitch ${id} does not exist in the configured account and region (${region}), so ECI cannot place the pod in it and the pod is not created. Pick an existing vSwitch (Ctrl+.) or check eciAnnotations.account.region.`,
  groupMissing: (id: string, region: string) =>
    `Security group ${id} does not exist in the configured account and region (${region}), so ECI rejects the pod. Pick an existing security group (Ctrl+.) or check eciAnnotations.account.region.`,
  groupOtherVpc: (id: string, groupVpc: string, vSwitch: string, vpc: string) =>
    `Security group ${id} is in ${groupVpc}, but the pod's vSwitch ${vSwitch} is in ${vpc}. An ECI pod's security groups must be in the VPC of its vSwitches, so ECI rejects the pod. Use a security group of ${vpc} (Ctrl+. picks one), or a vSwitch of ${groupVpc}.`,
  groupTypes: (a: string, aType: string, b: string, bType: string) =>
    `Security groups ${a} (${aType}) and ${b} (${bType}) are of different types. An ECI pod's security groups must all be basic (normal) or all advanced (enterprise) groups, so ECI rejects the pod. Keep groups of one type.`,
  vSwitchVpcs: (a: string, aVpc: string, b: string, bVpc: string) =>
    `vSwitches ${a} (${aVpc}) and ${b} (${bVpc}) are in different VPCs. ECI may place the pod in any listed vSwitch, and they must all be in one VPC, or the pod is not created. List vSwitches of one VPC.`,
  ipOutside: (ip: string, switches: string) =>
    `The private IP ${ip} is outside the CIDR of the pod's ${switches}. ECI assigns the fixed address from the vSwitch the pod lands in, so the pod is not created. Use an address inside the vSwitch's CIDR, or the vSwitch that holds ${ip}.`,
} as const;

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
): NetworkFinding[] {
  const out: NetworkFinding[] = [];
  const at = (r: WrittenRef, code: NetworkFinding['code'], message: string) => out.push({ code, start: r.start, end: r.end, message });

  for (const r of refs.vSwitches) if (vSwitches.get(r.value) === null) at(r, 'resource-not-found', NETWORK_MESSAGES.vSwitchMissing(r.value, region));
  const known = (refs.vSwitches.length ? refs.vSwitches.map((r) => r.value) : refs.inheritedVSwitches).map((id) => vSwitches.get(id)).filter((v): v is VSwitchFacts => !!v);
  const first = known[0];
  if (first) {
    const other = known.find((v) => v.vpcId !== first.vpcId);
    const ref = other && refs.vSwitches.find((r) => r.value === other.id);
    if (other && ref) at(ref, 'network-mismatch', NETWORK_MESSAGES.vSwitchVpcs(first.id, first.vpcId, other.id, other.vpcId));
  }

  if (groups) {
    let typed: SecurityGroupFacts | undefined;
    for (const r of refs.securityGroups) {
      const g = groups.get(r.value);
      if (g === null) at(r, 'resource-not-found', NETWORK_MESSAGES.groupMissing(r.value, region));
      if (!g) continue;
      if (first && g.vpcId !== first.vpcId) at(r, 'network-mismatch', NETWORK_MESSAGES.groupOtherVpc(g.id, g.vpcId, first.id, first.vpcId));
      else if (typed?.type && g.type && g.type !== typed.type) at(r, 'network-mismatch', NETWORK_MESSAGES.groupTypes(typed.id, typed.type, g.id, g.type));
      typed ??= g.type ? g : undefined;
    }
  }

  const ip = refs.privateIp;
  if (ip && known.length && parseCidr(ip.value)?.bits === 32 && !known.some((v) => cidrContains(v.cidr, ip.value))) {
    const switches = known.length === 1 ? `vSwitch ${known[0].id} (${known[0].cidr})` : `vSwitches ${known.map((v) => `${v.id} (${v.cidr})`).join(', ')}`;
    at(ip, 'network-mismatch', NETWORK_MESSAGES.ipOutside(ip.value, switches));
  }
  return out;
}

/**
 * The texts and rules of the vSwitch and security group pickers (pure, tested in node): one line per item from API
 * data made safe for QuickPick, whether a vSwitch has an Internet path through SNAT, what a selection may hold, and
 * the comma-joined value the pick inserts. No `vscode` import.
 */
import type { SecurityGroupFacts, VpcNetworkFacts, VSwitchFacts } from '../../../server/src/service/account';
import type { NetworkPickKind } from '../../../server/src/service/catalogue/types';
import { quote } from '../../../server/src/service/edits';
import { coverage } from '../../../server/src/service/network';
import { AccountError } from './errors';
import { isNetworkId, plainLabel } from './trust';
import { l10n } from '../l10n';

/** ECI takes at most this many security groups per pod, all of one VPC and one type. */
export const MAX_SECURITY_GROUPS = 5;

/** The picker's words, in one place, in the display language (called when shown, after activation set the language). */
export const PICK_TEXT = {
  vSwitchTitle: (region: string) => l10n.t('Pick vSwitches ({0})', region),
  groupTitle: (region: string) => l10n.t('Pick security groups ({0})', region),
  vSwitchPlaceholder: (n: number) => l10n.t('{0} vSwitches. Select one or more (ECI picks a zone among them); type to filter by ID, zone, CIDR, name…', n),
  groupPlaceholder: (n: number) => l10n.t('{0} security groups. Select up to {1}, of one VPC and one type; type to filter…', n, MAX_SECURITY_GROUPS),
  groupTitleInVpc: (region: string, vpcId: string) => l10n.t('Pick security groups ({0}, {1})', region, vpcId),
  groupPlaceholderInVpc: (n: number, vpcId: string, vSwitches: string) =>
    l10n.t("{0} security groups of {1}, the VPC of the pod's vSwitches ({2}). Select up to {3} of one type; type to filter…", n, vpcId, vSwitches, MAX_SECURITY_GROUPS),
  snatYes: (gateway: string) => l10n.t('SNAT via {0}', gateway),
  snatNo: () => l10n.t('no SNAT: no Internet without an EIP'),
  snatUnknown: () => l10n.t('SNAT not checked'),
  freeIps: (n: number) => l10n.t('{0} free IPs', n),
  vpc: (id: string) => l10n.t('VPC {0}', id),
  tooMany: () => l10n.t('An ECI pod takes at most {0} security groups.', MAX_SECURITY_GROUPS),
  twoVpcs: (a: string, b: string) => l10n.t("Security groups of {0} and {1}: a pod's groups must all be in one VPC (the VPC of its vSwitches).", a, b),
  twoTypes: () => l10n.t('Normal and enterprise security groups: a pod takes groups of one type only.'),
  vSwitchVpcs: (a: string, b: string) => l10n.t("vSwitches of {0} and {1}: a pod's vSwitches must all be in one VPC.", a, b),
  noVSwitches: (region: string) => l10n.t('No vSwitches in {0}.', region),
  noGroups: (region: string) => l10n.t('No security groups in {0}.', region),
  notAnId: (id: string, kind: NetworkPickKind) =>
    kind === 'vSwitch' ? l10n.t('"{0}" is not a valid vSwitch ID; nothing was inserted.', id) : l10n.t('"{0}" is not a valid security group ID; nothing was inserted.', id),
  noPlaceholder: () => l10n.t('The pick command has no quoted {0} placeholder; nothing was inserted.', '${id}'),
} as const;

const NOUN: Record<NetworkPickKind, string> = { vSwitch: 'vSwitch', securityGroup: 'security group' };

export interface NetworkItemText {
  label: string;
  description: string;
  detail: string;
}

/** Whether SNAT takes the vSwitch to the Internet, from its VPC's network facts (undefined: not read). */
export function snatText(v: VSwitchFacts, network: VpcNetworkFacts | undefined): string {
  if (!network) return PICK_TEXT.snatUnknown();
  const c = coverage(v, network);
  return c.covered ? PICK_TEXT.snatYes(c.natGatewayId) : PICK_TEXT.snatNo();
}

/** ID; zone and CIDR; free IPs, SNAT, VPC and name. */
export function vSwitchItemText(v: VSwitchFacts, network: VpcNetworkFacts | undefined): NetworkItemText {
  const detail = [typeof v.availableIpCount === 'number' ? PICK_TEXT.freeIps(v.availableIpCount) : undefined, snatText(v, network), PICK_TEXT.vpc(v.vpcId)].filter(Boolean).join(' · ');
  return { label: plainLabel(v.id), description: plainLabel(`${v.zoneId}  ${v.cidr}${v.name ? `  ${v.name}` : ''}`), detail: plainLabel(detail) };
}

/** ID; name and type; VPC. */
export function securityGroupItemText(g: SecurityGroupFacts): NetworkItemText {
  return { label: plainLabel(g.id), description: plainLabel([g.name, g.type].filter(Boolean).join('  ')), detail: plainLabel(PICK_TEXT.vpc(g.vpcId)) };
}

/**
 * The security groups to offer a pod: when its vSwitches are known and all in one VPC, only that VPC's groups (a pod's
 * groups must be in the VPC of its vSwitches) and `vpcId`; otherwise every group (the picker groups them by VPC).
 */
export function groupsForPod(
  groups: readonly SecurityGroupFacts[],
  vSwitches: readonly VSwitchFacts[],
  podVSwitchIds: readonly string[],
): { groups: SecurityGroupFacts[]; vpcId?: string } {
  const vpcs = new Set(vSwitches.filter((v) => podVSwitchIds.includes(v.id)).map((v) => v.vpcId));
  if (vpcs.size !== 1) return { groups: [...groups] };
  const [vpcId] = vpcs;
  return { groups: groups.filter((g) => g.vpcId === vpcId), vpcId };
}

/** Why a selection cannot be inserted, or undefined when it can. */
export function selectionProblem(kind: NetworkPickKind, chosen: readonly (VSwitchFacts | SecurityGroupFacts)[]): string | undefined {
  const first = chosen[0];
  if (!first) return undefined;
  const otherVpc = chosen.find((c) => c.vpcId !== first.vpcId);
  if (kind === 'vSwitch') return otherVpc ? PICK_TEXT.vSwitchVpcs(first.vpcId, otherVpc.vpcId) : undefined;
  if (chosen.length > MAX_SECURITY_GROUPS) return PICK_TEXT.tooMany();
  if (otherVpc) return PICK_TEXT.twoVpcs(first.vpcId, otherVpc.vpcId);
  const types = new Set(chosen.map((c) => (c as SecurityGroupFacts).type).filter(Boolean));
  return types.size > 1 ? PICK_TEXT.twoTypes() : undefined;
}

/**
 * The text the pick inserts: the quoted `${id}` placeholder of the template replaced by the chosen IDs, comma-joined,
 * written with the same quoting code as completion. Refuses IDs that are not IDs of `kind` and templates whose
 * placeholder is not quoted, so API data can never add YAML.
 */
export function fillTemplateIds(template: string, ids: readonly string[], kind: NetworkPickKind): string {
  const bad = ids.find((id) => !isNetworkId(kind, id));
  if (bad !== undefined || ids.length === 0) throw new AccountError('Malformed', PICK_TEXT.notAnId(plainLabel(String(bad ?? '')).slice(0, 80), kind));
  const m = /(["'])\$\{id\}\1/.exec(template);
  if (!m || template.split('${id}').length !== 2) throw new AccountError('Malformed', PICK_TEXT.noPlaceholder());
  return template.slice(0, m.index) + quote(ids.join(','), m[1] as '"' | "'") + template.slice(m.index + m[0].length);
}

/** User wording of a network kind. */
export function networkNoun(kind: NetworkPickKind): string {
  return NOUN[kind];
}

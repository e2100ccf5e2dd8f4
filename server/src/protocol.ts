/** Custom messages between the client and the server, one constant per method with its types. */
import type { AccountResource, SecurityGroupFacts, VpcNetworkFacts, VSwitchFacts } from './service/account';
import type { AccountResourceKind, PickKind } from './service/catalogue/types';

/** Server → client: list account resources (the client owns credentials and the SDK). */
export const ListAccountResources = 'eci/listAccountResources';
export interface ListAccountResourcesParams {
  kind: AccountResourceKind;
}
export type ListAccountResourcesResult = { ok: true; resources: AccountResource[] } | { ok: false; message: string };

/** Client → server notification: whether account features are usable (trust, setting, credentials). */
export const AccountStateChanged = 'eci/accountStateChanged';
export interface AccountStateParams {
  connected: boolean;
  /** The client answers the network requests below (needs `connected`; the Internet-access or the existence check is on). */
  network?: boolean;
  /** The configured region. */
  region?: string;
}

/** Server → client: the vSwitches with these IDs (`DescribeVSwitches`); missing IDs are left out. */
export const DescribeVSwitches = 'eci/describeVSwitches';
export interface DescribeVSwitchesParams {
  vSwitchIds: string[];
}
export type DescribeVSwitchesResult = { ok: true; vSwitches: VSwitchFacts[] } | { ok: false; message: string };

/** Server → client: one VPC's Internet NAT gateways, SNAT entries and 0.0.0.0/0 route entries. */
export const DescribeVpcNetwork = 'eci/describeVpcNetwork';
export interface DescribeVpcNetworkParams {
  vpcId: string;
}
export type DescribeVpcNetworkResult = { ok: true; network: VpcNetworkFacts } | { ok: false; message: string };

/** Server → client: the security groups with these IDs (ECS `DescribeSecurityGroups`); missing IDs are left out. */
export const DescribeSecurityGroups = 'eci/describeSecurityGroups';
export interface DescribeSecurityGroupsParams {
  securityGroupIds: string[];
}
export type DescribeSecurityGroupsResult = { ok: true; securityGroups: SecurityGroupFacts[] } | { ok: false; message: string };

/** Client-side command the service's code actions run to pick a resource and insert its ID. */
export const PickResourceCommand = 'eciAnnotations.pickResource';
export interface PickResourceArgs {
  uri: string;
  /** Document version the edit was computed for. */
  version: number;
  /** One ID (EIP, package, pool) or a comma list (vSwitches, security groups). */
  kind: PickKind;
  /** Edit target: the value range to replace, or the insertion point for a new annotation line. */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  /** Text to insert with `${id}` standing for the chosen ID (keeps quoting style and any new key line). */
  template: string;
  /** A security-group pick: the vSwitches the same annotation map names, whose VPC the picker shows (absent: unknown). */
  vSwitchIds?: string[];
}

/** `initializationOptions` a client sends. VS Code's client sends both; other editors may send `language` or nothing. */
export interface EciInitializationOptions {
  /** The display language (`auto`, `en`, `zh-cn`); `auto` or nothing follows `initialize.locale`. */
  language?: string;
  /** The client runs the `eciAnnotations.pickResource` command, so account pickers can be offered as code actions. */
  pickResourceCommand?: boolean;
}

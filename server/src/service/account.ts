/** How the language service sees the user's Alibaba Cloud account: an interface, so tests pass a fake. */
import type { AccountResourceKind } from './catalogue/types';

/** One resource that can fill an annotation value. */
export interface AccountResource {
  kind: AccountResourceKind;
  /** `eip-…`, `cbwp-…` or `pippool-…`. */
  id: string;
  name?: string;
  /** EIP address; empty for packages and pools. */
  ipAddress?: string;
  /** `Available`, `InUse`, `Created`, … as the API reports it. */
  status?: string;
  /** Mbit/s, as text. */
  bandwidth?: string;
  chargeType?: string;
  internetChargeType?: string;
  isp?: string;
  /** What the resource is attached to, e.g. `EcsInstance i-bp1…`. */
  attachedTo?: string;
}

/** The account as the service needs it. Implementations must never throw secrets in messages. */
export interface AccountResources {
  /** Whether account features are usable now (trusted workspace, feature on, credentials found). */
  isConnected(): boolean;
  /** All resources of a kind in the configured region; rejects with a user-facing message. */
  list(kind: AccountResourceKind): Promise<readonly AccountResource[]>;
  /** The network facts behind the Internet-access check; absent where the client cannot read them. */
  network?: NetworkAccount;
}

/** A cancellation signal the service checks between cloud calls. */
export interface Cancellation {
  readonly isCancellationRequested: boolean;
}

/** One vSwitch as `DescribeVSwitches` reports it. */
export interface VSwitchFacts {
  id: string;
  vpcId: string;
  zoneId: string;
  /** IPv4 CIDR block, e.g. `192.168.1.0/24`. */
  cidr: string;
  /** The route table the vSwitch uses (custom, or the VPC's system table). */
  routeTableId?: string;
  availableIpCount?: number;
  name?: string;
}

/** One NAT gateway of a VPC (`DescribeNatGateways`). */
export interface NatGatewayFacts {
  id: string;
  vpcId: string;
  /** `internet` or `intranet`; intranet gateways never reach the Internet. */
  networkType?: string;
  status?: string;
  snatTableIds: readonly string[];
}

/** One SNAT entry (`DescribeSnatTableEntries`): vSwitch-granular (`sourceVSwitchId`) or CIDR-granular (`sourceCidr`). */
export interface SnatEntryFacts {
  id: string;
  natGatewayId: string;
  snatTableId?: string;
  sourceVSwitchId?: string;
  sourceCidr?: string;
  snatIp?: string;
  status?: string;
}

/** One route entry (`DescribeRouteEntryList`). */
export interface RouteEntryFacts {
  routeTableId: string;
  destinationCidr: string;
  /** `NatGateway`, `Instance`, … */
  nextHopType: string;
  nextHopId: string;
  status?: string;
}

/** Everything about one VPC's Internet path: one listing per VPC, not per template. */
export interface VpcNetworkFacts {
  vpcId: string;
  /** The VPC's CIDR blocks, to name an entry that covers the whole VPC. */
  vpcCidrs?: readonly string[];
  natGateways: readonly NatGatewayFacts[];
  snatEntries: readonly SnatEntryFacts[];
  /** The `0.0.0.0/0` entries of the route tables of the VPC's vSwitches. */
  routeEntries: readonly RouteEntryFacts[];
}

/** One security group (ECS `DescribeSecurityGroups`). */
export interface SecurityGroupFacts {
  id: string;
  vpcId: string;
  /** `normal` or `enterprise`: a pod's groups must all be of one type. */
  type?: string;
  name?: string;
}

/** Reads vSwitches and VPC network facts; rejects with a user-facing message (never a secret). */
export interface NetworkAccount {
  /** The region the account is configured for (decides which ACR images have a `registry-vpc` address). */
  region(): string | undefined;
  vSwitches(ids: readonly string[], token?: Cancellation): Promise<readonly VSwitchFacts[]>;
  vpcNetwork(vpcId: string, token?: Cancellation): Promise<VpcNetworkFacts>;
  /** The security groups with these IDs; missing IDs are left out. Absent where the client cannot read them. */
  securityGroups?(ids: readonly string[], token?: Cancellation): Promise<readonly SecurityGroupFacts[]>;
}

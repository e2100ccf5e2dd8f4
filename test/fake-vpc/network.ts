/**
 * The network the fake cloud serves, in the API's wire shapes: one VPC (192.168.0.0/16) with vSwitches in three zones,
 * an Internet and an intranet NAT gateway, route tables and security groups, in named states for every case of the
 * Internet-access check. Pure data, no I/O.
 */

export interface FakeNetwork {
  vpcs: { VpcId: string; VpcName: string; CidrBlock: string; SecondaryCidrBlocks: string[] }[];
  vSwitches: { VSwitchId: string; VpcId: string; ZoneId: string; CidrBlock: string; RouteTableId: string; AvailableIpAddressCount: number; VSwitchName: string }[];
  natGateways: { NatGatewayId: string; VpcId: string; Name: string; NetworkType: 'internet' | 'intranet'; Status: string; SnatTableIds: string[] }[];
  snatEntries: { SnatEntryId: string; SnatTableId: string; NatGatewayId: string; SourceVSwitchId: string; SourceCIDR: string; SnatIp: string; Status: string; SnatEntryName: string }[];
  routeTables: { RouteTableId: string; VpcId: string; RouteTableType: 'System' | 'Custom'; VSwitchIds: string[] }[];
  routeEntries: { RouteTableId: string; DestinationCidrBlock: string; NextHopType: string; NextHopId: string; Status: string; RouteEntryId: string }[];
  securityGroups: { SecurityGroupId: string; SecurityGroupName: string; VpcId: string; SecurityGroupType: 'normal' | 'enterprise'; Description: string }[];
}

/**
 * - `noNat`: no NAT gateway at all (the intranet one never counts);
 * - `natWithoutSnat`: an Internet NAT gateway and routes, no SNAT entry;
 * - `snatOtherVSwitch`: one SNAT entry, on the zone K vSwitch only;
 * - `snatByCidr`: an SNAT entry for 192.168.0.0/20 (takes in the three vSwitches);
 * - `snatWholeVpc`: an SNAT entry for the VPC's CIDR block;
 * - `snatVSwitch`: one SNAT entry per vSwitch, all three covered;
 * - `missingRoute`: whole-VPC SNAT, but the custom route table of the zone J vSwitch has no 0.0.0.0/0 route;
 * - `multiZone`: SNAT entries on the zone H and K vSwitches, none on the zone J vSwitch added later (the documented trap).
 */
export type NetworkState = 'noNat' | 'natWithoutSnat' | 'snatOtherVSwitch' | 'snatByCidr' | 'snatWholeVpc' | 'snatVSwitch' | 'missingRoute' | 'multiZone';

export const FAKE_IDS = {
  vpc: 'vpc-bp1fakevpc00000000001',
  otherVpc: 'vpc-bp1fakevpc00000000002',
  /** cn-hangzhou-h, 192.168.1.0/24, the system route table. */
  vswH: 'vsw-bp1fakezoneh000000001',
  /** cn-hangzhou-k, 192.168.2.0/24, the system route table. */
  vswK: 'vsw-bp1fakezonek000000002',
  /** cn-hangzhou-j, 192.168.3.0/24, a custom route table. */
  vswJ: 'vsw-bp1fakezonej000000003',
  /** In the other VPC. */
  vswOther: 'vsw-bp1fakeothervpc000004',
  natGateway: 'ngw-bp1fakenatinternet001',
  intranetNat: 'ngw-bp1fakenatintranet002',
  snatTable: 'stb-bp1fakesnattable00001',
  intranetSnatTable: 'stb-bp1fakesnattable00002',
  systemRouteTable: 'vtb-bp1fakesystemtable001',
  customRouteTable: 'vtb-bp1fakecustomtable002',
  otherRouteTable: 'vtb-bp1fakeothertable0003',
  sgNormal: 'sg-bp1fakesgnormal0000001',
  sgEnterprise: 'sg-bp1fakesgenterprise002',
  sgOtherVpc: 'sg-bp1fakesgothervpc00003',
  /** A second normal group in the VPC. */
  sgNormal2: 'sg-bp1fakesgnormal0000004',
} as const;

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** The network in one state; `extra` adds generated vSwitches and security groups in the other VPC (paging tests). */
export function fakeNetwork(state: NetworkState, extra: { vSwitches?: number; securityGroups?: number; snatHosts?: number } = {}): FakeNetwork {
  const id = FAKE_IDS;
  const vSwitches: FakeNetwork['vSwitches'] = [
    {
      VSwitchId: id.vswH,
      VpcId: id.vpc,
      ZoneId: 'cn-hangzhou-h',
      CidrBlock: '192.168.1.0/24',
      RouteTableId: id.systemRouteTable,
      AvailableIpAddressCount: 240,
      VSwitchName: 'eci-zone-h',
    },
    {
      VSwitchId: id.vswK,
      VpcId: id.vpc,
      ZoneId: 'cn-hangzhou-k',
      CidrBlock: '192.168.2.0/24',
      RouteTableId: id.systemRouteTable,
      AvailableIpAddressCount: 198,
      VSwitchName: 'eci-zone-k',
    },
    {
      VSwitchId: id.vswJ,
      VpcId: id.vpc,
      ZoneId: 'cn-hangzhou-j',
      CidrBlock: '192.168.3.0/24',
      RouteTableId: id.customRouteTable,
      AvailableIpAddressCount: 252,
      VSwitchName: 'eci-zone-j (added later)',
    },
    {
      VSwitchId: id.vswOther,
      VpcId: id.otherVpc,
      ZoneId: 'cn-hangzhou-h',
      CidrBlock: '10.0.1.0/24',
      RouteTableId: id.otherRouteTable,
      AvailableIpAddressCount: 250,
      VSwitchName: 'other-vpc',
    },
  ];
  for (let i = 0; i < (extra.vSwitches ?? 0); i++) {
    vSwitches.push({
      VSwitchId: `vsw-bp1fakegen${pad(i, 11)}`,
      VpcId: id.otherVpc,
      ZoneId: 'cn-hangzhou-i',
      CidrBlock: `10.1.${i % 256}.0/24`,
      RouteTableId: id.otherRouteTable,
      AvailableIpAddressCount: 100,
      VSwitchName: `generated-${i}`,
    });
  }
  const hasNat = state !== 'noNat';
  const natGateways: FakeNetwork['natGateways'] = [
    { NatGatewayId: id.intranetNat, VpcId: id.vpc, Name: 'intranet', NetworkType: 'intranet', Status: 'Available', SnatTableIds: [id.intranetSnatTable] },
  ];
  if (hasNat) natGateways.unshift({ NatGatewayId: id.natGateway, VpcId: id.vpc, Name: 'eci-internet', NetworkType: 'internet', Status: 'Available', SnatTableIds: [id.snatTable] });

  let n = 0;
  const entry = (source: { vsw?: string; cidr?: string }, table: string = id.snatTable, nat: string = id.natGateway) => ({
    SnatEntryId: `snat-bp1fake${pad(++n, 12)}`,
    SnatTableId: table,
    NatGatewayId: nat,
    SourceVSwitchId: source.vsw ?? '',
    SourceCIDR: source.cidr ?? '',
    SnatIp: '47.96.200.1',
    Status: 'Available',
    SnatEntryName: source.vsw ?? source.cidr ?? '',
  });
  // The intranet gateway takes in the whole VPC: it must never count as an Internet path.
  const snatEntries: FakeNetwork['snatEntries'] = [entry({ cidr: '192.168.0.0/16' }, id.intranetSnatTable, id.intranetNat)];
  if (hasNat) {
    const add = (...sources: { vsw?: string; cidr?: string }[]) => snatEntries.push(...sources.map((s) => entry(s)));
    // ECS hosts by /32: entries that take in no vSwitch (and make the SNAT listing page).
    for (let i = 0; i < (extra.snatHosts ?? 0); i++) add({ cidr: `192.168.${100 + Math.floor(i / 250)}.${(i % 250) + 1}/32` });
    if (state === 'snatOtherVSwitch') add({ vsw: id.vswK });
    if (state === 'snatByCidr') add({ cidr: '192.168.0.0/20' });
    if (state === 'snatWholeVpc' || state === 'missingRoute') add({ cidr: '192.168.0.0/16' });
    if (state === 'snatVSwitch') add({ vsw: id.vswH }, { vsw: id.vswK }, { vsw: id.vswJ });
    if (state === 'multiZone') add({ vsw: id.vswH }, { vsw: id.vswK });
  }

  const routeTables: FakeNetwork['routeTables'] = [
    { RouteTableId: id.systemRouteTable, VpcId: id.vpc, RouteTableType: 'System', VSwitchIds: [id.vswH, id.vswK] },
    { RouteTableId: id.customRouteTable, VpcId: id.vpc, RouteTableType: 'Custom', VSwitchIds: [id.vswJ] },
    { RouteTableId: id.otherRouteTable, VpcId: id.otherVpc, RouteTableType: 'System', VSwitchIds: [id.vswOther] },
  ];
  let r = 0;
  const route = (table: string, destination: string, type: string, hop: string) => ({
    RouteTableId: table,
    DestinationCidrBlock: destination,
    NextHopType: type,
    NextHopId: hop,
    Status: 'Available',
    RouteEntryId: `rte-bp1fake${pad(++r, 12)}`,
  });
  const routeEntries: FakeNetwork['routeEntries'] = [
    route(id.systemRouteTable, '192.168.0.0/16', 'local', ''),
    route(id.customRouteTable, '10.10.0.0/16', 'Instance', 'i-bp1fakeinstance0000001'),
  ];
  if (hasNat) {
    routeEntries.push(route(id.systemRouteTable, '0.0.0.0/0', 'NatGateway', id.natGateway));
    if (state !== 'missingRoute') routeEntries.push(route(id.customRouteTable, '0.0.0.0/0', 'NatGateway', id.natGateway));
  }

  const securityGroups: FakeNetwork['securityGroups'] = [
    { SecurityGroupId: id.sgNormal, SecurityGroupName: 'eci-pods', VpcId: id.vpc, SecurityGroupType: 'normal', Description: '' },
    { SecurityGroupId: id.sgEnterprise, SecurityGroupName: 'eci-enterprise', VpcId: id.vpc, SecurityGroupType: 'enterprise', Description: '' },
    { SecurityGroupId: id.sgOtherVpc, SecurityGroupName: 'other-vpc', VpcId: id.otherVpc, SecurityGroupType: 'normal', Description: '' },
    { SecurityGroupId: id.sgNormal2, SecurityGroupName: 'eci-pods-2', VpcId: id.vpc, SecurityGroupType: 'normal', Description: '' },
  ];
  for (let i = 0; i < (extra.securityGroups ?? 0); i++) {
    securityGroups.push({ SecurityGroupId: `sg-bp1fakegen${pad(i, 12)}`, SecurityGroupName: `generated-${i}`, VpcId: id.otherVpc, SecurityGroupType: 'normal', Description: '' });
  }

  return {
    vpcs: [
      { VpcId: id.vpc, VpcName: 'eci-vpc', CidrBlock: '192.168.0.0/16', SecondaryCidrBlocks: [] },
      { VpcId: id.otherVpc, VpcName: 'other', CidrBlock: '10.0.0.0/8', SecondaryCidrBlocks: [] },
    ],
    vSwitches,
    natGateways,
    snatEntries,
    routeTables,
    routeEntries,
    securityGroups,
  };
}

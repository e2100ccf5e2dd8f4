/**
 * The VPC network behind the Internet-access check, read through the bundled VPC SDK: the region's vSwitches, and per
 * VPC its CIDR blocks, NAT gateways, SNAT entries and the 0.0.0.0/0 routes of its route tables. Paged like the API
 * pages; every ID is checked before it leaves this module. No `vscode` import.
 */
import type Vpc from '@alicloud/vpc20160428';
import * as $Vpc from '@alicloud/vpc20160428';
import type { NatGatewayFacts, RouteEntryFacts, SnatEntryFacts, VpcNetworkFacts, VSwitchFacts } from '../../../server/src/service/account';
import { lastPage, MAX_PAGES, str, type ProductCalls } from './api-calls';
import { malformed } from './errors';
import { l10n } from '../l10n';
import { isNetworkId, isCidr } from './trust';

/** What the fetchers need from the account: its calls, and a call that may be refused for lack of permission. */
export interface VpcCalls extends ProductCalls<Vpc> {
  /** A call that may be refused for lack of permission without failing the listing (returns undefined then). */
  optional<T>(action: string, signal: AbortSignal | undefined, fn: (c: Vpc) => Promise<T>): Promise<T | undefined>;
}

/** Plain status words only (`Available`, `Pending`, …): anything else is not a status. */
function status(v: unknown): string | undefined {
  const s = str(v);
  return s && /^[A-Za-z]{1,40}$/.test(s) ? s : undefined;
}

/** Page-number paging until the pages hold `TotalCount` items or a page is empty. */
async function paged<I>(action: string, ctx: VpcCalls, pageSize: number, page: (n: number) => Promise<{ total: unknown; items: unknown }>): Promise<I[]> {
  const out: I[] = [];
  for (let n = 1; ; n++) {
    const { total, items } = await page(n);
    if (typeof total !== 'number' || !Array.isArray(items)) throw malformed(action, ctx.host, l10n.t('missing {0} or the list', 'TotalCount'));
    out.push(...(items as I[]));
    if (lastPage(out.length, items.length, total, n)) break;
  }
  ctx.log(`${action}: ${out.length} in ${ctx.regionId} (PageSize ${pageSize})`);
  return out;
}

/** Every vSwitch of the region: one listing serves the check of any pod and the picker. */
export async function fetchVSwitches(ctx: VpcCalls, signal: AbortSignal | undefined): Promise<VSwitchFacts[]> {
  const action = 'DescribeVSwitches';
  const pageSize = 50;
  type Item = $Vpc.DescribeVSwitchesResponseBodyVSwitchesVSwitch;
  const items = await paged<Item>(action, ctx, pageSize, async (pageNumber) => {
    const res = await ctx.call(action, signal, (c) =>
      c.describeVSwitchesWithOptions(new $Vpc.DescribeVSwitchesRequest({ regionId: ctx.regionId, pageNumber, pageSize }), ctx.runtime()),
    );
    return { total: res.body?.totalCount, items: res.body?.vSwitches?.vSwitch };
  });
  return items.map((it) => {
    if (!isNetworkId('vSwitch', it.vSwitchId) || !isNetworkId('vpc', it.vpcId)) throw malformed(action, ctx.host, l10n.t('a {0} or {1} that is not an ID', 'VSwitchId', 'VpcId'));
    if (!isNetworkId('zone', it.zoneId) || !isCidr(it.cidrBlock)) throw malformed(action, ctx.host, l10n.t('a {0} or {1} that is not one ({2})', 'ZoneId', 'CidrBlock', it.vSwitchId));
    const routeTableId = str(it.routeTable?.routeTableId);
    if (routeTableId !== undefined && !isNetworkId('routeTable', routeTableId)) throw malformed(action, ctx.host, l10n.t('a {0} that is not an ID', 'RouteTableId'));
    return {
      id: it.vSwitchId,
      vpcId: it.vpcId,
      zoneId: it.zoneId,
      cidr: it.cidrBlock,
      routeTableId,
      availableIpCount: typeof it.availableIpAddressCount === 'number' ? it.availableIpAddressCount : undefined,
      name: str(it.vSwitchName),
    };
  });
}

/**
 * One VPC's Internet path: its CIDR blocks (to name a whole-VPC SNAT entry; optional, read only with
 * vpc:DescribeVpcs), its NAT gateways, the SNAT entries of the Internet ones, and the 0.0.0.0/0 entries of its route
 * tables. Without an Internet NAT gateway neither SNAT entries nor routes are read.
 */
export async function fetchVpcNetwork(ctx: VpcCalls, vpcId: string, signal: AbortSignal | undefined): Promise<VpcNetworkFacts> {
  if (!isNetworkId('vpc', vpcId)) throw malformed('DescribeVpcNetwork', ctx.host, l10n.t('a VPC ID that is not one'));
  const vpcCidrs = await fetchVpcCidrs(ctx, vpcId, signal);
  const natGateways = await fetchNatGateways(ctx, vpcId, signal);
  const internet = natGateways.filter((g) => g.networkType !== 'intranet');
  if (internet.length === 0) return { vpcId, vpcCidrs, natGateways, snatEntries: [], routeEntries: [] };
  const snatEntries: SnatEntryFacts[] = [];
  for (const gateway of internet) {
    for (const snatTableId of gateway.snatTableIds) snatEntries.push(...(await fetchSnatEntries(ctx, gateway.id, snatTableId, signal)));
  }
  const routeEntries: RouteEntryFacts[] = [];
  for (const routeTableId of await fetchRouteTables(ctx, vpcId, signal)) routeEntries.push(...(await fetchDefaultRoutes(ctx, routeTableId, signal)));
  return { vpcId, vpcCidrs, natGateways, snatEntries, routeEntries };
}

async function fetchVpcCidrs(ctx: VpcCalls, vpcId: string, signal: AbortSignal | undefined): Promise<string[] | undefined> {
  const action = 'DescribeVpcs';
  const res = await ctx.optional(action, signal, (c) =>
    c.describeVpcsWithOptions(new $Vpc.DescribeVpcsRequest({ regionId: ctx.regionId, vpcId, pageNumber: 1, pageSize: 10 }), ctx.runtime()),
  );
  if (!res) return undefined;
  const vpc = res.body?.vpcs?.vpc?.find((v) => v.vpcId === vpcId);
  if (!vpc) return undefined;
  const cidrs = [vpc.cidrBlock, ...(vpc.secondaryCidrBlocks?.secondaryCidrBlock ?? [])].filter((c): c is string => typeof c === 'string' && c !== '');
  if (!cidrs.every(isCidr)) throw malformed(action, ctx.host, l10n.t('a {0} that is not a CIDR block', 'CidrBlock'));
  return cidrs;
}

async function fetchNatGateways(ctx: VpcCalls, vpcId: string, signal: AbortSignal | undefined): Promise<NatGatewayFacts[]> {
  const action = 'DescribeNatGateways';
  const pageSize = 50;
  type Item = $Vpc.DescribeNatGatewaysResponseBodyNatGatewaysNatGateway;
  const items = await paged<Item>(action, ctx, pageSize, async (pageNumber) => {
    const res = await ctx.call(action, signal, (c) =>
      c.describeNatGatewaysWithOptions(new $Vpc.DescribeNatGatewaysRequest({ regionId: ctx.regionId, vpcId, pageNumber, pageSize }), ctx.runtime()),
    );
    return { total: res.body?.totalCount, items: res.body?.natGateways?.natGateway };
  });
  return items.map((it) => {
    const snatTableIds = it.snatTableIds?.snatTableId ?? [];
    if (!isNetworkId('natGateway', it.natGatewayId) || !isNetworkId('vpc', it.vpcId) || !snatTableIds.every((t) => isNetworkId('snatTable', t))) {
      throw malformed(action, ctx.host, l10n.t('a {0}, {1} or {2} that is not an ID', 'NatGatewayId', 'VpcId', 'SnatTableId'));
    }
    return { id: it.natGatewayId, vpcId: it.vpcId, networkType: status(it.networkType), status: status(it.status), snatTableIds: [...snatTableIds] };
  });
}

async function fetchSnatEntries(ctx: VpcCalls, natGatewayId: string, snatTableId: string, signal: AbortSignal | undefined): Promise<SnatEntryFacts[]> {
  const action = 'DescribeSnatTableEntries';
  const pageSize = 50;
  type Item = $Vpc.DescribeSnatTableEntriesResponseBodySnatTableEntriesSnatTableEntry;
  const items = await paged<Item>(action, ctx, pageSize, async (pageNumber) => {
    const res = await ctx.call(action, signal, (c) =>
      c.describeSnatTableEntriesWithOptions(new $Vpc.DescribeSnatTableEntriesRequest({ regionId: ctx.regionId, natGatewayId, snatTableId, pageNumber, pageSize }), ctx.runtime()),
    );
    return { total: res.body?.totalCount, items: res.body?.snatTableEntries?.snatTableEntry };
  });
  return items.map((it) => {
    const sourceVSwitchId = str(it.sourceVSwitchId);
    const sourceCidr = str(it.sourceCIDR);
    if (!isNetworkId('snatEntry', it.snatEntryId)) throw malformed(action, ctx.host, l10n.t('a {0} that is not an ID', 'SnatEntryId'));
    if (sourceVSwitchId !== undefined && !isNetworkId('vSwitch', sourceVSwitchId)) throw malformed(action, ctx.host, l10n.t('a {0} that is not a vSwitch ID', 'SourceVSwitchId'));
    if (sourceCidr !== undefined && !isCidr(sourceCidr)) throw malformed(action, ctx.host, l10n.t('a {0} that is not a CIDR block', 'SourceCIDR'));
    return {
      id: it.snatEntryId,
      natGatewayId: str(it.natGatewayId) ?? natGatewayId,
      snatTableId: str(it.snatTableId) ?? snatTableId,
      sourceVSwitchId,
      sourceCidr,
      snatIp: str(it.snatIp),
      status: status(it.status),
    };
  });
}

async function fetchRouteTables(ctx: VpcCalls, vpcId: string, signal: AbortSignal | undefined): Promise<string[]> {
  const action = 'DescribeRouteTableList';
  const pageSize = 50;
  type Item = $Vpc.DescribeRouteTableListResponseBodyRouterTableListRouterTableListType;
  const items = await paged<Item>(action, ctx, pageSize, async (pageNumber) => {
    const res = await ctx.call(action, signal, (c) =>
      c.describeRouteTableListWithOptions(new $Vpc.DescribeRouteTableListRequest({ regionId: ctx.regionId, vpcId, pageNumber, pageSize }), ctx.runtime()),
    );
    return { total: res.body?.totalCount, items: res.body?.routerTableList?.routerTableListType };
  });
  return items.map((it) => {
    if (!isNetworkId('routeTable', it.routeTableId)) throw malformed(action, ctx.host, l10n.t('a {0} that is not an ID', 'RouteTableId'));
    return it.routeTableId;
  });
}

/** The `0.0.0.0/0` entries of one route table, one fact per next hop (token paging). */
async function fetchDefaultRoutes(ctx: VpcCalls, routeTableId: string, signal: AbortSignal | undefined): Promise<RouteEntryFacts[]> {
  const action = 'DescribeRouteEntryList';
  const out: RouteEntryFacts[] = [];
  let nextToken: string | undefined;
  for (let n = 1; n <= MAX_PAGES; n++) {
    const token = nextToken;
    const res = await ctx.call(action, signal, (c) =>
      c.describeRouteEntryListWithOptions(
        new $Vpc.DescribeRouteEntryListRequest({ regionId: ctx.regionId, routeTableId, destinationCidrBlock: '0.0.0.0/0', maxResult: 100, ...(token ? { nextToken: token } : {}) }),
        ctx.runtime(),
      ),
    );
    const items = res.body?.routeEntrys?.routeEntry;
    if (!res.body || !Array.isArray(items)) throw malformed(action, ctx.host, l10n.t('missing {0}', 'RouteEntrys.RouteEntry'));
    for (const it of items) {
      if (it.destinationCidrBlock !== '0.0.0.0/0') continue;
      for (const hop of it.nextHops?.nextHop ?? []) {
        const nextHopId = str(hop.nextHopId);
        const nextHopType = str(hop.nextHopType);
        if (!nextHopId || !nextHopType || !isNetworkId('any', nextHopId) || !/^[A-Za-z]{1,40}$/.test(nextHopType))
          throw malformed(action, ctx.host, l10n.t('a next hop that is not an ID'));
        out.push({ routeTableId: str(it.routeTableId) ?? routeTableId, destinationCidr: it.destinationCidrBlock, nextHopType, nextHopId, status: status(it.status) });
      }
    }
    if (!res.body.nextToken) break;
    if (res.body.nextToken === token) throw malformed(action, ctx.host, l10n.t('{0} did not advance', 'NextToken'));
    nextToken = res.body.nextToken;
  }
  return out;
}

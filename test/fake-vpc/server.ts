/**
 * Fake Alibaba Cloud VPC OpenAPI (2016-04-28) and ECS `DescribeSecurityGroups` (2014-05-26) on 127.0.0.1 for tests and
 * `npm run fake-cloud`. Verifies the ACS3-HMAC-SHA256 signature like the real gateway (shared/domain/vpc-api.md §6.2),
 * serves generated paged data and network states (network.ts), and injects faults. No `vscode` import.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fakeNetwork, type FakeNetwork, type NetworkState } from './network';

export { fakeNetwork, FAKE_IDS, type FakeNetwork, type NetworkState } from './network';

/** Fake test AccessKey pair (not a real credential). */
export const FAKE_ACCESS_KEY_ID = 'LTAI5tFakeEciTestKey0ab12';
export const FAKE_ACCESS_KEY_SECRET = 'FakeSecretForEciTests0123456789xyz';

export type FaultKind =
  | 'forbidden'
  | 'noPermission'
  | 'throttling'
  | 'slow'
  | 'malformed'
  | 'missingFields'
  | 'serverError'
  | 'invalidAccessKey'
  | 'incompleteSignature'
  | 'nonceUsed'
  | 'expiredToken'
  | 'clockSkew';

export interface Fault {
  kind: FaultKind;
  /** Fault this many matching requests, then answer normally (default: every request). */
  times?: number;
  /** Only requests for this action (e.g. `DescribeEipAddresses`). */
  action?: string;
  /** Answer the first `after` matching requests normally, then start faulting. */
  after?: number;
  /** `slow`: delay before answering (default 30 s). */
  delayMs?: number;
}

export interface FakeVpcOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  eips?: number;
  bandwidthPackages?: number;
  ipPools?: number;
  /** Every n-th EIP (starting with the first) is `InUse`; default 3. */
  inUseEvery?: number;
  /** AccessKey ID → secret; default the fake pair. */
  keys?: Record<string, string>;
  /** Serve at most this many items per page whatever PageSize asks for, and say so in the response's PageSize (a service that caps silently). */
  pageSizeCap?: number;
  /** Leave `PublicIpAddressPoolList` out of the response when the account has no pools (as accounts without the pool feature may). */
  omitEmptyPoolList?: boolean;
  /** Extra EIPs / packages / pools with these IDs (hostile IDs: quotes, newlines, `$(icon)` syntax). */
  extraIds?: { eip?: string[]; bandwidthPackage?: string[]; ipPool?: string[] };
  /** The VPC network and security groups served (a named state, or data); default `multiZone`. */
  network?: NetworkState | FakeNetwork;
  /** Called after each answered request. */
  onRequest?: (r: RecordedRequest) => void;
}

export interface RecordedRequest {
  action: string;
  /** `x-acs-version`: 2016-04-28 (VPC) or 2014-05-26 (ECS). */
  version: string;
  query: Record<string, string>;
  /** Header names the client signed. */
  signedHeaders: string[];
  /** From the Authorization header (IDs are not secret; the fake keys are test values). */
  accessKeyId?: string;
  credentialsProvider?: string;
  status: number;
  code?: string;
}

export interface FakeVpc {
  port: number;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `127.0.0.1:<port>`, the form the SDK's `endpoint` wants. */
  endpoint: string;
  requests: RecordedRequest[];
  setFault(fault: Fault | null): void;
  /** Serves another network state from the next request on. */
  setNetwork(network: NetworkState | FakeNetwork): void;
  close(): Promise<void>;
}

const VPC_VERSION = '2016-04-28';
const ECS_VERSION = '2014-05-26';
/** The API version of each ECS action; every other action is a VPC action. */
const ECS_ACTIONS: Record<string, string> = { DescribeSecurityGroups: ECS_VERSION };
const versionOf = (action: string) => ECS_ACTIONS[action] ?? VPC_VERSION;
const MAX_SKEW_MS = 15 * 60 * 1000;

const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
const sha256hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** The ACS3-HMAC-SHA256 signature of a request, as the gateway computes it. */
export function acs3Signature(
  secret: string,
  method: string,
  pathname: string,
  query: [string, string][],
  headers: Record<string, string | string[] | undefined>,
  signedHeaders: string,
  payloadHash: string,
): string {
  const cq = [...query]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`)
    .join('&');
  const ch = signedHeaders
    .split(';')
    .map((h) => `${h}:${String(headers[h] ?? '').trim()}\n`)
    .join('');
  const cr = `${method}\n${pathname}\n${cq}\n${ch}\n${signedHeaders}\n${payloadHash}`;
  return createHmac('sha256', secret)
    .update(`ACS3-HMAC-SHA256\n${sha256hex(cr)}`)
    .digest('hex');
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

function makeEips(count: number, inUseEvery: number) {
  return Array.from({ length: count }, (_, i) => {
    const inUse = inUseEvery > 0 && i % inUseEvery === 0;
    const eni = i % 2 === 1;
    return {
      AllocationId: `eip-bp1fk${pad(i, 12)}`,
      IpAddress: `47.96.${Math.floor(i / 254) % 256}.${(i % 254) + 1}`,
      Status: inUse ? 'InUse' : 'Available',
      Bandwidth: String([5, 10, 100][i % 3]),
      InternetChargeType: i % 2 ? 'PayByBandwidth' : 'PayByTraffic',
      ChargeType: i % 5 === 4 ? 'PrePaid' : 'PostPaid',
      ISP: i % 7 === 6 ? 'BGP_PRO' : 'BGP',
      Name: i % 4 === 3 ? '' : `eci-eip-${i}`,
      Description: '',
      InstanceId: inUse ? (eni ? `eni-bp1fk${pad(i, 12)}` : `i-bp1fk${pad(i, 12)}`) : '',
      InstanceType: inUse ? (eni ? 'NetworkInterface' : 'EcsInstance') : '',
      InstanceRegionId: inUse ? 'cn-hangzhou' : '',
      RegionId: 'cn-hangzhou',
      AllocationTime: '2024-01-01T00:00:00Z',
      BusinessStatus: 'Normal',
      Mode: 'NAT',
      ServiceManaged: inUse && i % 9 === 0 ? 1 : 0,
      OperationLocks: { LockReason: [] },
      Tags: { Tag: [{ Key: 'env', Value: 'test' }] },
    };
  });
}

function makePackages(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    BandwidthPackageId: `cbwp-bp1fk${pad(i, 12)}`,
    Name: `eci-cbwp-${i}`,
    Description: '',
    Bandwidth: String(200 + i),
    Status: 'Available',
    BusinessStatus: 'Normal',
    ISP: 'BGP',
    InternetChargeType: 'PayByBandwidth',
    InstanceChargeType: 'PostPaid',
    Ratio: 20,
    RegionId: 'cn-hangzhou',
    CreationTime: '2024-01-01T00:00:00Z',
    PublicIpAddresses: { PublicIpAddresse: i % 2 ? [{ AllocationId: `eip-bp1fk${pad(i, 12)}`, IpAddress: '47.96.0.1', BandwidthPackageIpRelationStatus: 'BINDED' }] : [] },
    Tags: { Tag: [] },
  }));
}

function makePools(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    PublicIpAddressPoolId: `pippool-bp1fk${pad(i, 12)}`,
    Name: `eci-pool-${i}`,
    Description: '',
    Status: 'Created',
    Isp: 'BGP',
    RegionId: 'cn-hangzhou',
    CreationTime: '2024-01-01T00:00:00Z',
    TotalIpNum: 64,
    UsedIpNum: i % 64,
    IpAddressRemaining: true,
    Zones: ['cn-hangzhou-h'],
    Tags: [],
  }));
}

const REGIONS = [
  ['cn-hangzhou', 'China (Hangzhou)'],
  ['cn-shanghai', 'China (Shanghai)'],
  ['cn-beijing', 'China (Beijing)'],
  ['cn-shenzhen', 'China (Shenzhen)'],
  ['cn-hongkong', 'China (Hong Kong)'],
  ['ap-southeast-1', 'Singapore'],
  ['eu-central-1', 'Germany (Frankfurt)'],
  ['us-west-1', 'US (Silicon Valley)'],
].map(([RegionId, LocalName]) => ({ RegionId, LocalName, RegionEndpoint: RegionId === 'cn-hangzhou' ? 'vpc.aliyuncs.com' : `vpc.${RegionId}.aliyuncs.com` }));

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

function pageArgs(q: Record<string, string>, max: number, cap?: number): { page: number; size: number } {
  const page = q.PageNumber === undefined ? 1 : Number(q.PageNumber);
  const size = q.PageSize === undefined ? 10 : Number(q.PageSize);
  if (!Number.isInteger(page) || page < 1) throw new ApiError(400, 'InvalidParameter', 'The specified PageNumber is invalid.');
  if (!Number.isInteger(size) || size < 1 || size > max) throw new ApiError(400, 'InvalidParameter', `The specified PageSize is invalid (1-${max}).`);
  return { page, size: cap ? Math.min(size, cap) : size };
}

/** Starts the fake on 127.0.0.1. */
export async function startFakeVpc(options: FakeVpcOptions = {}): Promise<FakeVpc> {
  const keys = options.keys ?? { [FAKE_ACCESS_KEY_ID]: FAKE_ACCESS_KEY_SECRET };
  const eips = makeEips(options.eips ?? 250, options.inUseEvery ?? 3);
  const packages = makePackages(options.bandwidthPackages ?? 120);
  const pools = makePools(options.ipPools ?? 230);
  for (const id of options.extraIds?.eip ?? []) eips.push({ ...makeEips(1, 0)[0], AllocationId: id, Name: id });
  for (const id of options.extraIds?.bandwidthPackage ?? []) packages.push({ ...makePackages(1)[0], BandwidthPackageId: id, Name: id });
  for (const id of options.extraIds?.ipPool ?? []) pools.push({ ...makePools(1)[0], PublicIpAddressPoolId: id, Name: id });
  const cap = options.pageSizeCap;
  let net: FakeNetwork = typeof options.network === 'object' ? options.network : fakeNetwork(options.network ?? 'multiZone');
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const nonces = new Set<string>();
  let fault: (Fault & { seen: number; fired: number }) | null = null;

  const takeFault = (action: string): Fault | null => {
    if (!fault || (fault.action && fault.action !== action)) return null;
    fault.seen++;
    if (fault.after !== undefined && fault.seen <= fault.after) return null;
    if (fault.times !== undefined && fault.fired >= fault.times) return null;
    fault.fired++;
    return fault;
  };

  const verify = (req: IncomingMessage, url: URL, body: Buffer, clockOffsetMs: number): void => {
    const auth = req.headers.authorization;
    if (!auth) throw new ApiError(400, 'MissingAuthorization', 'The Authorization header is missing.');
    const m = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]+)$/.exec(String(auth));
    if (!m) throw new ApiError(400, 'IncompleteSignature', 'The request signature does not conform to Aliyun standards.');
    const [, keyId, signedHeaders, sig] = m;
    const secret = Object.prototype.hasOwnProperty.call(keys, keyId) ? keys[keyId] : undefined;
    if (secret === undefined) throw new ApiError(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
    const names = signedHeaders.split(';');
    for (const h of ['host', 'x-acs-action', 'x-acs-content-sha256', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-version']) {
      if (!names.includes(h)) throw new ApiError(400, 'IncompleteSignature', `The header ${h} must be signed.`);
    }
    const payloadHash = sha256hex(body);
    if (req.headers['x-acs-content-sha256'] !== payloadHash) throw new ApiError(400, 'SignatureDoesNotMatch', 'The x-acs-content-sha256 header does not match the request body.');
    const expected = acs3Signature(secret, req.method ?? 'POST', url.pathname, [...url.searchParams], req.headers, signedHeaders, payloadHash);
    const a = Buffer.from(expected);
    const b = Buffer.from(sig);
    if (a.length !== b.length || !timingSafeEqual(a, b)) {
      throw new ApiError(400, 'SignatureDoesNotMatch', 'Specified signature does not match our calculation.');
    }
    const date = Date.parse(String(req.headers['x-acs-date'] ?? ''));
    if (!Number.isFinite(date) || Math.abs(Date.now() + clockOffsetMs - date) > MAX_SKEW_MS) {
      throw new ApiError(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
    }
    const nonce = String(req.headers['x-acs-signature-nonce'] ?? '');
    if (nonces.has(nonce)) throw new ApiError(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
    nonces.add(nonce);
    const action = String(req.headers['x-acs-action'] ?? '');
    if (req.headers['x-acs-version'] !== versionOf(action))
      throw new ApiError(400, 'InvalidVersion', `Specified parameter Version is not valid: ${String(req.headers['x-acs-version'])}.`);
  };

  const needRegion = (q: Record<string, string>) => {
    if (!q.RegionId) throw new ApiError(400, 'MissingRegionId', 'RegionId is mandatory for this action.');
    if (!REGIONS.some((r) => r.RegionId === q.RegionId)) throw new ApiError(404, 'InvalidRegionId.NotFound', 'The specified RegionId does not exist.');
  };

  const handle = (action: string, q: Record<string, string>, requestId: string): Record<string, unknown> => {
    switch (action) {
      case 'DescribeEipAddresses': {
        needRegion(q);
        const { page, size } = pageArgs(q, 100, cap);
        let list = eips;
        if (q.Status) list = list.filter((e) => e.Status === q.Status);
        if (q.AllocationId) {
          const ids = q.AllocationId.split(',');
          if (ids.length > 50) throw new ApiError(400, 'InvalidParameter', 'At most 50 AllocationId values.');
          list = list.filter((e) => ids.includes(e.AllocationId));
        }
        return { RequestId: requestId, TotalCount: list.length, PageNumber: page, PageSize: size, EipAddresses: { EipAddress: list.slice((page - 1) * size, page * size) } };
      }
      case 'DescribeCommonBandwidthPackages': {
        needRegion(q);
        const { page, size } = pageArgs(q, 50, cap);
        let list = packages;
        if (q.BandwidthPackageId) list = list.filter((p) => p.BandwidthPackageId === q.BandwidthPackageId);
        return {
          RequestId: requestId,
          TotalCount: list.length,
          PageNumber: page,
          PageSize: size,
          CommonBandwidthPackages: { CommonBandwidthPackage: list.slice((page - 1) * size, page * size) },
        };
      }
      case 'ListPublicIpAddressPools': {
        needRegion(q);
        const max = q.MaxResults === undefined ? 10 : Number(q.MaxResults);
        if (!Number.isInteger(max) || max < 10 || max > 100) throw new ApiError(400, 'InvalidParameter', 'The specified MaxResults is invalid (10-100).');
        let start = 0;
        if (q.NextToken) {
          start = Number(
            Buffer.from(q.NextToken, 'base64url')
              .toString('utf8')
              .replace(/^offset:/, ''),
          );
          if (!Number.isInteger(start) || start < 0 || start >= pools.length) throw new ApiError(400, 'InvalidNextToken', 'The specified NextToken is invalid.');
        }
        const end = Math.min(pools.length, start + (cap ? Math.min(cap, max) : max));
        if (pools.length === 0 && options.omitEmptyPoolList) return { RequestId: requestId, TotalCount: 0, NextToken: '' };
        return {
          RequestId: requestId,
          TotalCount: pools.length,
          NextToken: end < pools.length ? Buffer.from(`offset:${end}`).toString('base64url') : '',
          PublicIpAddressPoolList: pools.slice(start, end),
        };
      }
      case 'DescribeRegions':
        return { RequestId: requestId, Regions: { Region: REGIONS } };
      case 'DescribeVSwitches': {
        needRegion(q);
        const { page, size } = pageArgs(q, 50, cap);
        let list = net.vSwitches;
        if (q.VpcId) list = list.filter((v) => v.VpcId === q.VpcId);
        if (q.VSwitchId) list = list.filter((v) => v.VSwitchId === q.VSwitchId);
        if (q.ZoneId) list = list.filter((v) => v.ZoneId === q.ZoneId);
        const items = list.slice((page - 1) * size, page * size).map(({ RouteTableId, ...v }) => ({
          ...v,
          Status: 'Available',
          IsDefault: false,
          RouteTable: { RouteTableId, RouteTableType: net.routeTables.find((t) => t.RouteTableId === RouteTableId)?.RouteTableType ?? 'System' },
        }));
        return { RequestId: requestId, TotalCount: list.length, PageNumber: page, PageSize: size, VSwitches: { VSwitch: items } };
      }
      case 'DescribeVpcs': {
        needRegion(q);
        const { page, size } = pageArgs(q, 50, cap);
        const list = q.VpcId ? net.vpcs.filter((v) => v.VpcId === q.VpcId) : net.vpcs;
        const items = list
          .slice((page - 1) * size, page * size)
          .map((v) => ({ ...v, SecondaryCidrBlocks: { SecondaryCidrBlock: v.SecondaryCidrBlocks }, Status: 'Available', RegionId: q.RegionId }));
        return { RequestId: requestId, TotalCount: list.length, PageNumber: page, PageSize: size, Vpcs: { Vpc: items } };
      }
      case 'DescribeNatGateways': {
        needRegion(q);
        const { page, size } = pageArgs(q, 50, cap);
        let list = net.natGateways;
        if (q.VpcId) list = list.filter((g) => g.VpcId === q.VpcId);
        if (q.NatGatewayId) list = list.filter((g) => g.NatGatewayId === q.NatGatewayId);
        if (q.NetworkType) list = list.filter((g) => g.NetworkType === q.NetworkType);
        const items = list
          .slice((page - 1) * size, page * size)
          .map((g) => ({ ...g, SnatTableIds: { SnatTableId: g.SnatTableIds }, ForwardTableIds: { ForwardTableId: [] }, NatType: 'Enhanced', RegionId: q.RegionId }));
        return { RequestId: requestId, TotalCount: list.length, PageNumber: page, PageSize: size, NatGateways: { NatGateway: items } };
      }
      case 'DescribeSnatTableEntries': {
        needRegion(q);
        if (!q.SnatTableId) throw new ApiError(400, 'MissingSnatTableId', 'SnatTableId is mandatory for this action.');
        const { page, size } = pageArgs(q, 50, cap);
        let list = net.snatEntries.filter((e) => e.SnatTableId === q.SnatTableId);
        if (q.NatGatewayId) list = list.filter((e) => e.NatGatewayId === q.NatGatewayId);
        if (q.SourceVSwitchId) list = list.filter((e) => e.SourceVSwitchId === q.SourceVSwitchId);
        return { RequestId: requestId, TotalCount: list.length, PageNumber: page, PageSize: size, SnatTableEntries: { SnatTableEntry: list.slice((page - 1) * size, page * size) } };
      }
      case 'DescribeRouteTableList': {
        needRegion(q);
        const { page, size } = pageArgs(q, 50, cap);
        const list = q.VpcId ? net.routeTables.filter((t) => t.VpcId === q.VpcId) : net.routeTables;
        const items = list.slice((page - 1) * size, page * size).map((t) => ({ ...t, VSwitchIds: { VSwitchId: t.VSwitchIds }, Status: 'Available' }));
        return { RequestId: requestId, TotalCount: list.length, PageNumber: page, PageSize: size, RouterTableList: { RouterTableListType: items } };
      }
      case 'DescribeRouteEntryList': {
        needRegion(q);
        if (!q.RouteTableId) throw new ApiError(400, 'MissingRouteTableId', 'RouteTableId is mandatory for this action.');
        const max = q.MaxResult === undefined ? 50 : Number(q.MaxResult);
        if (!Number.isInteger(max) || max < 20 || max > 100) throw new ApiError(400, 'InvalidParameter', 'The specified MaxResult is invalid (20-100).');
        let list = net.routeEntries.filter((r) => r.RouteTableId === q.RouteTableId);
        if (q.DestinationCidrBlock) list = list.filter((r) => r.DestinationCidrBlock === q.DestinationCidrBlock);
        let start = 0;
        if (q.NextToken) {
          start = Number(
            Buffer.from(q.NextToken, 'base64url')
              .toString('utf8')
              .replace(/^offset:/, ''),
          );
          if (!Number.isInteger(start) || start < 0 || start >= list.length) throw new ApiError(400, 'InvalidNextToken', 'The specified NextToken is invalid.');
        }
        const end = Math.min(list.length, start + (cap ? Math.min(cap, max) : max));
        const items = list
          .slice(start, end)
          .map(({ NextHopType, NextHopId, ...r }) => ({ ...r, Type: 'Custom', IpVersion: 'ipv4', NextHops: { NextHop: [{ NextHopType, NextHopId, Enabled: 1, Weight: 100 }] } }));
        return {
          RequestId: requestId,
          TotalCount: list.length,
          NextToken: end < list.length ? Buffer.from(`offset:${end}`).toString('base64url') : '',
          RouteEntrys: { RouteEntry: items },
        };
      }
      case 'DescribeSecurityGroups': {
        needRegion(q);
        const { page, size } = pageArgs(q, 50, cap);
        let list = net.securityGroups;
        if (q.VpcId) list = list.filter((g) => g.VpcId === q.VpcId);
        return {
          RequestId: requestId,
          RegionId: q.RegionId,
          TotalCount: list.length,
          PageNumber: page,
          PageSize: size,
          SecurityGroups: { SecurityGroup: list.slice((page - 1) * size, page * size) },
        };
      }
      default:
        throw new ApiError(404, 'InvalidAction.NotFound', `Specified api is not found, please check your url and method: ${action}`);
    }
  };

  let counter = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const requestId = `FAKE-${pad(++counter, 8)}-0000-0000-0000-000000000000`;
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const query = Object.fromEntries(url.searchParams);
      const action = String(req.headers['x-acs-action'] ?? '');
      const version = String(req.headers['x-acs-version'] ?? '');
      const authHeader = String(req.headers.authorization ?? '');
      const signedHeaders = /SignedHeaders=([^,]+)/.exec(authHeader)?.[1].split(';') ?? [];
      const record: RecordedRequest = {
        action,
        version,
        query,
        signedHeaders,
        accessKeyId: /Credential=([^,]+)/.exec(authHeader)?.[1],
        credentialsProvider: req.headers['x-acs-credentials-provider'] as string | undefined,
        status: 200,
      };
      const send = (status: number, body: string, type = 'application/json;charset=utf-8') => {
        record.status = status;
        requests.push(record);
        if (!res.destroyed) {
          res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'x-acs-request-id': requestId });
          res.end(body);
        }
        options.onRequest?.(record);
      };
      const sendError = (e: ApiError) => {
        record.code = e.code;
        send(
          e.status,
          JSON.stringify({
            RequestId: requestId,
            HostId: versionOf(action) === ECS_VERSION ? 'ecs.aliyuncs.com' : 'vpc.aliyuncs.com',
            Code: e.code,
            Message: e.message,
            Recommend: `https://api.aliyun.com/troubleshoot?q=${e.code}&product=Vpc&requestId=${requestId}`,
            ...e.extra,
          }),
        );
      };
      try {
        const f = takeFault(action);
        verify(req, url, Buffer.concat(chunks), f?.kind === 'clockSkew' ? 60 * 60 * 1000 : 0);
        if (f?.kind === 'forbidden') {
          throw new ApiError(403, 'Forbidden.RAM', "User not authorized to operate on the specified resource, or this API doesn't support RAM.", {
            AccessDeniedDetail: {
              PolicyType: 'AccountLevelIdentityBasedPolicy',
              AuthAction: `${versionOf(action) === ECS_VERSION ? 'ecs' : 'vpc'}:${action}`,
              AuthPrincipalType: 'SubUser',
              AuthPrincipalDisplayName: 'eci-dev',
              NoPermissionType: 'ImplicitDeny',
              EncodedDiagnosticMessage: 'AQEAAAAAZmFrZQ==',
            },
          });
        }
        if (f?.kind === 'noPermission')
          throw new ApiError(
            403,
            'NoPermission',
            `You are not authorized to do this action. Resource: acs:vpc:cn-hangzhou:1234567890:eip/* Action: ${versionOf(action) === ECS_VERSION ? 'ecs' : 'vpc'}:${action}`,
          );
        if (f?.kind === 'throttling') throw new ApiError(400, 'Throttling.User', 'Request was denied due to user flow control.');
        if (f?.kind === 'serverError') throw new ApiError(500, 'InternalError', 'The request processing has failed due to some unknown error, exception or failure.');
        if (f?.kind === 'incompleteSignature') throw new ApiError(400, 'IncompleteSignature', 'The request signature does not conform to Aliyun standards.');
        if (f?.kind === 'expiredToken') throw new ApiError(400, 'InvalidSecurityToken.Expired', 'Specified SecurityToken is expired.');
        if (f?.kind === 'nonceUsed') throw new ApiError(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
        if (f?.kind === 'invalidAccessKey') throw new ApiError(400, 'InvalidAccessKeyId', 'Specified access key is not found or invalid.');
        const body = handle(action, query, requestId);
        if (f?.kind === 'malformed') return send(200, '<html><body>502 Bad Gateway</body></html>', 'text/html');
        if (f?.kind === 'missingFields') return send(200, JSON.stringify({ RequestId: requestId }));
        if (f?.kind === 'slow') {
          const t = setTimeout(() => {
            timers.delete(t);
            send(200, JSON.stringify(body));
          }, f.delayMs ?? 30_000);
          timers.add(t);
          return;
        }
        send(200, JSON.stringify(body));
      } catch (e) {
        if (e instanceof ApiError) sendError(e);
        else sendError(new ApiError(500, 'InternalError', String((e as Error)?.message ?? e)));
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    endpoint: `127.0.0.1:${port}`,
    requests,
    setFault(f) {
      fault = f ? { ...f, seen: 0, fired: 0 } : null;
    },
    setNetwork(n) {
      net = typeof n === 'object' ? n : fakeNetwork(n);
    },
    close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

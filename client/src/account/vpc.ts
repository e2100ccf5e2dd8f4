/**
 * Alibaba Cloud VPC account access for the client: the SDK client for one region and credential source, paged listing,
 * retry and the QuickPick texts. Credentials, errors, the cache, trust and the transport are their own modules.
 * This module pulls in the SDK (several MB), so the extension loads it lazily (`dist/account-vpc.js`).
 * No `vscode` import: node tests use it directly.
 */
import Vpc, * as $Vpc from '@alicloud/vpc20160428';
import type OpenApi from '@alicloud/openapi-core';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import * as $dara from '@darabonba/typescript';
import Credential from '@alicloud/credentials';
import type { AccountResource, SecurityGroupFacts, VpcNetworkFacts, VSwitchFacts } from '../../../server/src/service/account';
import type { AccountResourceKind } from '../../../server/src/service/catalogue/types';
import { quote } from '../../../server/src/service/edits';
import { lastPage, str } from './api-calls';
import { abortable, defaultSleep, ResourceCache } from './cache';
import { buildChain, cliProfileName, type Creds, type StaticKeys } from './credentials';
import { AccountError, cancelled, isCancelled, malformed, toAccountError, type ErrContext, type SdkError } from './errors';
import { maskKeyId, scrub } from './secrets';
import { createEcsClient, ecsHostFor, fetchSecurityGroups } from './ecs';
import { endpointSetting, hostProblem, isNetworkId, isResourceId, plainLabel, regionProblem, type ApiProduct, type ProxySettings } from './trust';
import { agentFor, proxyShown, useProxy } from './transport';
import { fetchVpcNetwork, fetchVSwitches } from './vpc-network';
import { l10n } from '../l10n';

export { AccountError, isCancelled, type AccountErrorCode } from './errors';
export { maskKeyId, scrub } from './secrets';
export { cliProfileProviderForTest, defaultRegion, envKeys, type StaticKeys } from './credentials';
export { ResourceCache } from './cache';
export { fillTemplateIds, groupsForPod, networkNoun, PICK_TEXT, securityGroupItemText, selectionProblem, vSwitchItemText } from './network-pick';
export type { AccountResource, AccountResourceKind, SecurityGroupFacts, VpcNetworkFacts, VSwitchFacts };

export interface VpcAccountOptions {
  regionId: string;
  /** Static keys win over the chain when given. */
  credentials?: StaticKeys;
  /** CLI (`~/.aliyun/config.json`) / INI (`~/.alibabacloud/credentials`) profile; empty = chain default (env vars first). */
  profile?: string;
  /** Add the ECS instance metadata (IMDS) step at the end of the chain. Off by default. */
  useEcsMetadata?: boolean;
  /** `host[:port]` (a scheme such as `http://` is accepted and sets the protocol). */
  endpoint?: string;
  /** The ECS API override (security groups), `host[:port]`; the user's own value only. */
  ecsEndpoint?: string;
  protocol?: 'https' | 'http';
  /** Proxy for every call (VS Code `http.proxy`, HTTPS_PROXY / NO_PROXY); see `proxyFrom()` in trust.ts. */
  proxy?: ProxySettings;
  /** Milliseconds; defaults 10 000 / 5 000. */
  readTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** Retry on `Throttling*`: total attempts (default 3), exponential backoff from `baseDelayMs` (default 200), capped by `maxDelayMs` (default 5000). */
  retry?: { attempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** Gate checked before every request (trust + feature setting); `false` rejects with code `Disabled`, sending nothing. */
  allowNetwork?: () => boolean;
  /** Shared cache, so that recreated accounts (setting changes) reuse results. */
  cache?: ResourceCache;
  /** Cache lifetime; 0 disables caching. Default 300 s. */
  cacheTtlMs?: number;
  /** Log sink; every line is scrubbed first. */
  log?: (line: string) => void;
  /** Test hooks. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

/** Per-call options. */
export interface CallOptions {
  signal?: AbortSignal;
}

export interface EipFilter {
  /** `Available`, `InUse`, … (one value, sent as `Status`). */
  status?: string;
  /** IDs to look up (sent as comma-separated `AllocationId`, 50 per request). */
  ids?: readonly string[];
}

export interface Region {
  id: string;
  name: string;
  endpoint?: string;
}

/** Which credential source answered, without secrets. */
export interface CredentialSourceInfo {
  /** `vscode/secret_storage`, `default/env`, `default/cli_profile`, `default/profile` or `default/ecs_ram_role`. */
  provider: string;
  /** CLI / INI profile name, when the source has profiles. */
  profile?: string;
  /** Inner credential type, e.g. `static_ak`, `ram_role_arn`. */
  credentialType?: string;
  /** Masked, e.g. `LTAI****ab12`. */
  accessKeyId?: string;
  /** Sources left out on purpose, e.g. environment variables while a profile is set. */
  skipped?: string[];
}

export interface VpcAccount {
  readonly regionId: string;
  /** The host the SDK calls (from the SDK client itself), checked before anything is sent. */
  readonly host: string;
  listEips(filter?: EipFilter, opts?: CallOptions): Promise<AccountResource[]>;
  listBandwidthPackages(opts?: CallOptions): Promise<AccountResource[]>;
  listIpPools(opts?: CallOptions): Promise<AccountResource[]>;
  listRegions(opts?: CallOptions): Promise<Region[]>;
  /** The ECS host security groups are read from (the region's ECS endpoint or the ECS override); empty when the override is malformed. */
  readonly ecsHost: string;
  /** Every vSwitch of the region (one cached listing, for the Internet check, existence checks and the picker). */
  listVSwitches(opts?: CallOptions): Promise<VSwitchFacts[]>;
  /** The vSwitches with these IDs, from the region's listing; unknown IDs are left out. */
  vSwitches(ids: readonly string[], opts?: CallOptions): Promise<VSwitchFacts[]>;
  /** One VPC's NAT gateways, SNAT entries and 0.0.0.0/0 routes (cached per VPC). */
  vpcNetwork(vpcId: string, opts?: CallOptions): Promise<VpcNetworkFacts>;
  /** Every security group of the region in a VPC (ECS, one cached listing). */
  listSecurityGroups(opts?: CallOptions): Promise<SecurityGroupFacts[]>;
  /** Dispatch by kind (the server's `eci/listAccountResources`). */
  list(kind: AccountResourceKind, opts?: CallOptions): Promise<AccountResource[]>;
  /** Resolves the credential chain (reads files, no VPC call) and says which source answered. */
  describeCredentialSource(): Promise<CredentialSourceInfo>;
  /** Names of the chain steps in order, e.g. `['env', 'cli_profile', 'profile']`. */
  credentialChain(): string[];
  /** Forget cached lists of this account (profile, endpoint, region); next calls fetch again. */
  refresh(kind?: AccountResourceKind | 'regions'): void;
  dispose(): void;
}

const ACTIONS = {
  eip: 'DescribeEipAddresses',
  bandwidthPackage: 'DescribeCommonBandwidthPackages',
  ipPool: 'ListPublicIpAddressPools',
  regions: 'DescribeRegions',
} as const;

// ---------------------------------------------------------------------------------------------------------------

/** Splits a user endpoint into SDK `endpoint` (host[:port]) and protocol. */
export function normalizeEndpoint(endpoint: string | undefined, protocol: string | undefined, product: ApiProduct = 'vpc'): { endpoint?: string; protocol: 'https' | 'http' } {
  let proto: 'https' | 'http' = protocol === 'http' ? 'http' : 'https';
  const raw = endpoint?.trim();
  if (!raw) return { protocol: proto };
  let host = raw;
  const m = /^(https?):\/\/(.*)$/i.exec(raw);
  if (m) {
    proto = m[1].toLowerCase() as 'https' | 'http';
    host = m[2];
  }
  host = host.replace(/\/+$/, '');
  if (!/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/.test(host)) {
    throw new AccountError(
      'Config',
      l10n.t('The endpoint setting {0} = "{1}" is not a host name (expected host[:port], e.g. {2}.cn-hangzhou.aliyuncs.com). Nothing was sent.', endpointSetting(product), raw, product),
    );
  }
  return { endpoint: host, protocol: proto };
}

/** What an EIP is bound to; EIPs a cloud service manages for itself (ServiceManaged = 1, e.g. for an NLB) say so. */
function eipAttachment(it: EipItem): string | undefined {
  const bound = it.status === 'InUse' && it.instanceId ? `${it.instanceType ?? ''} ${it.instanceId}`.trim() : undefined;
  if (it.serviceManaged !== 1) return bound;
  return bound ? l10n.t('{0}, managed by an Alibaba Cloud service', bound) : l10n.t('managed by an Alibaba Cloud service');
}

const STATUS_RANK: Record<string, number> = { Available: 0, InUse: 1 };

/** Available first, then InUse, then the rest; stable within a group. */
export function sortEips(list: readonly AccountResource[]): AccountResource[] {
  return list
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (STATUS_RANK[a.r.status ?? ''] ?? 2) - (STATUS_RANK[b.r.status ?? ''] ?? 2) || a.i - b.i)
    .map((x) => x.r);
}

// ---------------------------------------------------------------------------------------------------------------
// Presentation helpers shared by the QuickPick (pure, tested in node)

export interface PickItemText {
  label: string;
  description: string;
  detail: string;
  /** Taken by an instance: the picker marks it with a warning. */
  inUse: boolean;
}

const KIND_NOUN: Record<AccountResourceKind, string> = { eip: 'EIP', bandwidthPackage: 'shared bandwidth package', ipPool: 'IP address pool' };

/** Why a picked value is refused, per kind (whole sentences for translation). */
const NOT_AN_ID: Record<AccountResourceKind, (id: string) => string> = {
  eip: (id) => l10n.t('"{0}" is not a valid EIP ID; nothing was inserted.', id),
  bandwidthPackage: (id) => l10n.t('"{0}" is not a valid shared bandwidth package ID; nothing was inserted.', id),
  ipPool: (id) => l10n.t('"{0}" is not a valid IP address pool ID; nothing was inserted.', id),
};

/** Label/description/detail for one resource: ID, IP, name; status, bandwidth, charge type, ISP, attachment. */
export function pickItemText(r: AccountResource): PickItemText {
  const inUse = r.kind === 'eip' && r.status !== undefined && r.status !== 'Available';
  const facts = [r.status, r.bandwidth ? `${r.bandwidth} Mbit/s` : undefined, [r.chargeType, r.internetChargeType].filter(Boolean).join(' / ') || undefined, r.isp].filter(Boolean);
  let detail = facts.join(' · ');
  if (r.kind === 'eip' && r.status === 'InUse') detail += ` · ${l10n.t('in use by {0}, one EIP serves one instance', r.attachedTo ?? l10n.t('another resource'))}`;
  else if (r.attachedTo) detail += ` · ${r.attachedTo}`;
  return {
    label: `${inUse ? '$(warning) ' : ''}${plainLabel(r.id)}`,
    description: plainLabel([r.ipAddress, r.name].filter(Boolean).join('  ')),
    detail: plainLabel(detail),
    inUse,
  };
}

/**
 * The text the pick inserts: the quoted `${id}` placeholder of the template (`"${id}"` or `'${id}'`) replaced by the
 * chosen ID, written with the same quoting code as completion. Refuses IDs that are not IDs of `kind`, and templates
 * whose placeholder is not quoted, so API data can never add YAML.
 */
export function fillTemplate(template: string, id: string, kind?: AccountResourceKind): string {
  if (kind && !isResourceId(kind, id)) throw new AccountError('Malformed', NOT_AN_ID[kind](plainLabel(id).slice(0, 80)));
  const m = /(["'])\$\{id\}\1/.exec(template);
  if (!m || template.split('${id}').length !== 2) throw new AccountError('Malformed', l10n.t('The pick command has no quoted {0} placeholder; nothing was inserted.', '${id}'));
  return template.slice(0, m.index) + quote(id, m[1] as '"' | "'") + template.slice(m.index + m[0].length);
}

/** User wording of a kind, e.g. "EIP". */
export function kindNoun(kind: AccountResourceKind): string {
  return KIND_NOUN[kind];
}

// ---------------------------------------------------------------------------------------------------------------
// The account

type EipItem = $Vpc.DescribeEipAddressesResponseBodyEipAddressesEipAddress;

/** Creates the VPC account access object (no network until a list method is called). */
export function createVpcAccount(options: VpcAccountOptions): VpcAccount {
  const regionId = options.regionId;
  const badRegion = regionProblem(regionId);
  if (badRegion) throw new AccountError('Config', badRegion);
  const { endpoint, protocol } = normalizeEndpoint(options.endpoint, options.protocol);
  if (options.proxy) useProxy(options.proxy);
  const readTimeoutMs = options.readTimeoutMs ?? 10_000;
  const connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
  const attempts = Math.max(1, options.retry?.attempts ?? 3);
  const baseDelayMs = options.retry?.baseDelayMs ?? 200;
  const maxDelayMs = options.retry?.maxDelayMs ?? 5_000;
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const cache = options.cache ?? new ResourceCache();
  const ttlMs = options.cacheTtlMs ?? 300_000;
  const log = (line: string) => options.log?.(scrub(line));
  const chain = buildChain(options);
  const sourceKey = options.credentials ? `static:${maskKeyId(options.credentials.accessKeyId)}` : `chain:${options.profile?.trim() || ''}:${options.useEcsMetadata ? 'imds' : ''}`;
  const prefix = `${sourceKey}|${protocol}://${endpoint ?? ''}|${regionId}|`;
  const credential = new Credential(null, chain);
  const sdkConfig = { credential, regionId, protocol, readTimeout: readTimeoutMs, connectTimeout: connectTimeoutMs, userAgent: 'vscode-eci-annotations/0.1' };
  const client = new Vpc(new $OpenApiUtil.Config({ ...sdkConfig, endpoint }));
  // The host the SDK will really call (it pastes the region into it): checked here, before anything is sent.
  const endpointField = (client as unknown as { _endpoint?: unknown })._endpoint;
  const host = typeof endpointField === 'string' ? endpointField : '';
  const badHost = hostProblem(host, endpoint);
  if (badHost) {
    chain.dispose();
    throw new AccountError('Config', badHost);
  }
  const getClient = (): Vpc => client;
  // The ECS client is made on the first security-group call, so that a bad ECS override only fails those calls.
  let ecsOverride: string | undefined;
  let ecsProblem: AccountError | undefined;
  try {
    ecsOverride = normalizeEndpoint(options.ecsEndpoint, protocol, 'ecs').endpoint;
  } catch (err) {
    ecsProblem = err as AccountError;
  }
  const ecsHost = ecsProblem ? '' : ecsHostFor(regionId, ecsOverride);
  let ecs: { client: OpenApi; host: string } | undefined;
  const getEcs = (): { client: OpenApi; host: string } => {
    if (ecsProblem) throw ecsProblem;
    return (ecs ??= createEcsClient(sdkConfig, ecsOverride));
  };
  const runtime = () => new $dara.RuntimeOptions({ readTimeout: readTimeoutMs, connectTimeout: connectTimeoutMs });

  const gate = (action: string) => {
    if (options.allowNetwork && !options.allowNetwork()) {
      throw new AccountError(
        'Disabled',
        l10n.t(
          'Alibaba Cloud account features are off: the workspace is not trusted or eciAnnotations.account.enabled is false. Trust the workspace and enable the setting to list resources.',
        ),
        { action },
      );
    }
  };

  const errCtx = (action: string, tries: number, product: ApiProduct = 'vpc', at = host): ErrContext => ({
    action,
    regionId,
    host: at,
    product,
    attempts: tries,
    readTimeoutMs,
    proxy: agentFor(`${protocol}://${at}/`) ? proxyShown() : undefined,
    keyId: chain.last?.accessKeyId,
    source: chain.last ? chain.steps.find((s) => s.name === chain.last?.step)?.label : undefined,
  });

  /** One VPC API call with gate, credential check, throttling retry, cancellation and error mapping. */
  function call<T>(action: string, signal: AbortSignal | undefined, fn: (c: Vpc) => Promise<T>): Promise<T> {
    return callOn('vpc', getClient, host, action, signal, fn);
  }

  /** One ECS API call, under the same rules (the host was checked when the client was made). */
  function callEcs<T>(action: string, signal: AbortSignal | undefined, fn: (c: OpenApi) => Promise<T>): Promise<T> {
    if (signal?.aborted) return Promise.reject(cancelled());
    let api: { client: OpenApi; host: string };
    try {
      gate(action);
      api = getEcs();
    } catch (err) {
      return Promise.reject(err);
    }
    return callOn('ecs', () => api.client, api.host, action, signal, fn);
  }

  async function callOn<C, T>(product: ApiProduct, target: () => C, at: string, action: string, signal: AbortSignal | undefined, fn: (c: C) => Promise<T>): Promise<T> {
    let tries = 0;
    for (;;) {
      if (signal?.aborted) throw cancelled();
      gate(action);
      tries++;
      const started = Date.now();
      try {
        await abortable(chain.getCredentials(), signal);
        const result = await abortable(fn(target()), signal);
        log(`${action} ${regionId} ok in ${Date.now() - started} ms`);
        return result;
      } catch (err) {
        if (isCancelled(err)) {
          log(`${action} ${regionId} cancelled`);
          throw err;
        }
        const e = err as SdkError;
        const throttled = typeof e?.code === 'string' && /Throttling/.test(e.code);
        log(
          `${action} ${regionId} failed in ${Date.now() - started} ms (attempt ${tries}/${attempts}): ${e?.name ?? 'Error'} ${e?.code ?? ''} ${String(e?.message ?? e).slice(0, 300)}`,
        );
        if (throttled && tries < attempts) {
          const ra = (e as { retryAfter?: unknown }).retryAfter;
          const retryAfter = typeof ra === 'number' && Number.isFinite(ra) && ra >= 0 ? ra : undefined;
          const delay = Math.min(maxDelayMs, retryAfter ?? baseDelayMs * 2 ** (tries - 1));
          log(`${action} throttled (${e.code}); retrying in ${delay} ms`);
          await sleep(delay, signal);
          continue;
        }
        throw toAccountError(err, errCtx(action, tries, product, at));
      }
    }
  }

  const vpcCalls = {
    regionId,
    host,
    call,
    runtime,
    log,
    /** A call refused for lack of permission (RAM) gives undefined; other failures still fail. */
    async optional<T>(action: string, signal: AbortSignal | undefined, fn: (c: Vpc) => Promise<T>): Promise<T | undefined> {
      try {
        return await call(action, signal, fn);
      } catch (err) {
        if ((err as AccountError).code !== 'Forbidden') throw err;
        log(`${action} not permitted; going on without it`);
        return undefined;
      }
    },
  };

  const cached = <T>(key: string, signal: AbortSignal | undefined, load: (s: AbortSignal) => Promise<T>): Promise<T> => {
    if (signal?.aborted) return Promise.reject(cancelled());
    try {
      gate(key);
    } catch (err) {
      return Promise.reject(err);
    }
    return cache.get(prefix + key, ttlMs, now, load, signal);
  };

  async function fetchEips(filter: EipFilter, signal: AbortSignal): Promise<AccountResource[]> {
    const action = ACTIONS.eip;
    const out: AccountResource[] = [];
    const pageSize = 100;
    const ids = filter.ids ?? [];
    const groups: (string | undefined)[] = [];
    for (let i = 0; i < ids.length; i += 50) groups.push(ids.slice(i, i + 50).join(','));
    if (groups.length === 0) groups.push(undefined);
    for (const allocationId of groups) {
      const groupStart = out.length;
      for (let page = 1; ; page++) {
        const res = await call(action, signal, (c) =>
          c.describeEipAddressesWithOptions(
            new $Vpc.DescribeEipAddressesRequest({
              regionId,
              pageNumber: page,
              pageSize,
              ...(filter.status ? { status: filter.status } : {}),
              ...(allocationId ? { allocationId } : {}),
            }),
            runtime(),
          ),
        );
        const body = res.body;
        const items = body?.eipAddresses?.eipAddress;
        if (!body || typeof body.totalCount !== 'number' || !Array.isArray(items)) throw malformed(action, host, l10n.t('missing {0} or {1}', 'TotalCount', 'EipAddresses.EipAddress'));
        for (const it of items) {
          if (!isResourceId('eip', it.allocationId)) throw malformed(action, host, l10n.t('an {0} that is not an EIP ID', 'AllocationId'));
          out.push({
            kind: 'eip',
            id: it.allocationId,
            name: str(it.name),
            ipAddress: str(it.ipAddress),
            status: str(it.status),
            bandwidth: str(it.bandwidth),
            chargeType: str(it.chargeType),
            internetChargeType: str(it.internetChargeType),
            isp: str(it.ISP),
            attachedTo: eipAttachment(it),
          });
        }
        log(`${action} page ${page} (PageSize ${body.pageSize ?? pageSize}): ${out.length} of ${body.totalCount}`);
        if (lastPage(out.length - groupStart, items.length, body.totalCount, page)) break;
      }
    }
    return sortEips(out);
  }

  async function fetchBandwidthPackages(signal: AbortSignal): Promise<AccountResource[]> {
    const action = ACTIONS.bandwidthPackage;
    const out: AccountResource[] = [];
    const pageSize = 50;
    for (let page = 1; ; page++) {
      const res = await call(action, signal, (c) =>
        c.describeCommonBandwidthPackagesWithOptions(new $Vpc.DescribeCommonBandwidthPackagesRequest({ regionId, pageNumber: page, pageSize }), runtime()),
      );
      const body = res.body;
      const items = body?.commonBandwidthPackages?.commonBandwidthPackage;
      if (!body || typeof body.totalCount !== 'number' || !Array.isArray(items))
        throw malformed(action, host, l10n.t('missing {0} or {1}', 'TotalCount', 'CommonBandwidthPackages.CommonBandwidthPackage'));
      for (const it of items) {
        if (!isResourceId('bandwidthPackage', it.bandwidthPackageId)) throw malformed(action, host, l10n.t('a {0} that is not a bandwidth package ID', 'BandwidthPackageId'));
        const ips = it.publicIpAddresses?.publicIpAddresse?.length ?? 0;
        out.push({
          kind: 'bandwidthPackage',
          id: it.bandwidthPackageId,
          name: str(it.name),
          status: str(it.status),
          bandwidth: str(it.bandwidth),
          chargeType: str(it.instanceChargeType),
          internetChargeType: str(it.internetChargeType),
          isp: str(it.ISP),
          attachedTo: ips ? `${ips} EIP${ips === 1 ? '' : 's'}` : undefined,
        });
      }
      log(`${action} page ${page} (PageSize ${body.pageSize ?? pageSize}): ${out.length} of ${body.totalCount}`);
      if (lastPage(out.length, items.length, body.totalCount, page)) break;
    }
    return out;
  }

  async function fetchIpPools(signal: AbortSignal): Promise<AccountResource[]> {
    const action = ACTIONS.ipPool;
    const out: AccountResource[] = [];
    let nextToken: string | undefined;
    for (let page = 1; ; page++) {
      const token = nextToken;
      const res = await call(action, signal, (c) =>
        c.listPublicIpAddressPoolsWithOptions(new $Vpc.ListPublicIpAddressPoolsRequest({ regionId, maxResults: 100, ...(token ? { nextToken: token } : {}) }), runtime()),
      );
      const body = res.body;
      if (!body) throw malformed(action, host, l10n.t('an empty body'));
      // An account without pools may leave the list out entirely (Terraform's reader tolerates it when TotalCount is 0).
      const items = body.publicIpAddressPoolList ?? (body.totalCount === undefined || body.totalCount === 0 ? [] : undefined);
      if (!Array.isArray(items)) throw malformed(action, host, l10n.t('missing {0}', 'PublicIpAddressPoolList'));
      for (const it of items) {
        if (!isResourceId('ipPool', it.publicIpAddressPoolId)) throw malformed(action, host, l10n.t('a {0} that is not an IP pool ID', 'PublicIpAddressPoolId'));
        out.push({
          kind: 'ipPool',
          id: it.publicIpAddressPoolId,
          name: str(it.name),
          status: str(it.status),
          isp: str(it.isp),
          attachedTo: typeof it.totalIpNum === 'number' ? `${it.usedIpNum ?? 0} of ${it.totalIpNum} IPs used` : undefined,
        });
      }
      log(`${action} page ${page}: ${out.length}${typeof body.totalCount === 'number' ? ` of ${body.totalCount}` : ''}`);
      if (!body.nextToken) break;
      if (body.nextToken === token) throw malformed(action, host, l10n.t('{0} did not advance', 'NextToken'));
      nextToken = body.nextToken;
    }
    return out;
  }

  async function fetchRegions(signal: AbortSignal): Promise<Region[]> {
    const action = ACTIONS.regions;
    const res = await call(action, signal, (c) => c.describeRegionsWithOptions(new $Vpc.DescribeRegionsRequest({ acceptLanguage: 'en-US' }), runtime()));
    const items = res.body?.regions?.region;
    if (!Array.isArray(items)) throw malformed(action, host, l10n.t('missing {0}', 'Regions.Region'));
    return items.filter((r) => r.regionId).map((r) => ({ id: String(r.regionId), name: str(r.localName) ?? String(r.regionId), endpoint: str(r.regionEndpoint) }));
  }

  const account: VpcAccount = {
    regionId,
    host,
    ecsHost,
    listVSwitches(opts = {}) {
      return cached('vSwitch', opts.signal, (s) => fetchVSwitches(vpcCalls, s));
    },
    async vSwitches(ids, opts = {}) {
      const wanted = new Set(ids.filter((id) => isNetworkId('vSwitch', id)));
      if (wanted.size === 0) return [];
      return (await account.listVSwitches(opts)).filter((v) => wanted.has(v.id));
    },
    vpcNetwork(vpcId, opts = {}) {
      if (!isNetworkId('vpc', vpcId)) return Promise.reject(new AccountError('Malformed', l10n.t('"{0}" is not a VPC ID; nothing was sent.', plainLabel(String(vpcId)).slice(0, 80))));
      return cached(`vpcNetwork:${vpcId}`, opts.signal, (s) => fetchVpcNetwork(vpcCalls, vpcId, s));
    },
    listSecurityGroups(opts = {}) {
      return cached('securityGroup', opts.signal, (s) => fetchSecurityGroups({ regionId, host: ecsHost, call: callEcs, runtime, log }, s));
    },
    listEips(filter = {}, opts = {}) {
      const key = `eip${filter.status ? `?status=${filter.status}` : ''}${filter.ids?.length ? `?ids=${[...filter.ids].sort().join(',')}` : ''}`;
      return cached(key, opts.signal, (s) => fetchEips(filter, s));
    },
    listBandwidthPackages(opts = {}) {
      return cached('bandwidthPackage', opts.signal, fetchBandwidthPackages);
    },
    listIpPools(opts = {}) {
      return cached('ipPool', opts.signal, fetchIpPools);
    },
    listRegions(opts = {}) {
      return cached('regions', opts.signal, fetchRegions);
    },
    list(kind, opts = {}) {
      if (kind === 'eip') return account.listEips({}, opts);
      if (kind === 'bandwidthPackage') return account.listBandwidthPackages(opts);
      return account.listIpPools(opts);
    },
    async describeCredentialSource() {
      let c: Creds;
      try {
        c = await chain.getCredentials();
      } catch (err) {
        throw toAccountError(err, errCtx('credentials', 1));
      }
      const step = chain.last?.step ?? '';
      const inner = c.providerName?.split('/').slice(-1)[0];
      const info: CredentialSourceInfo = {
        provider: step === 'static' ? 'vscode/secret_storage' : `default/${step}`,
        credentialType: inner,
        accessKeyId: maskKeyId(c.accessKeyId),
      };
      if (chain.skipped.length) info.skipped = [...chain.skipped];
      const profile = options.profile?.trim();
      if (step === 'cli_profile') info.profile = cliProfileName(profile);
      if (step === 'profile') info.profile = profile || process.env.ALIBABA_CLOUD_PROFILE || 'default';
      return info;
    },
    credentialChain() {
      return chain.steps.map((s) => s.name);
    },
    refresh(kind) {
      cache.clear(kind ? prefix + kind : prefix);
    },
    dispose() {
      chain.dispose();
    },
  };
  return account;
}

/**
 * ECS security groups through one signed RPC call on the runtime the VPC SDK already bundles (`@alicloud/openapi-core`
 * `callApi`, version 2014-05-26): no ECS SDK (see docs/architecture.md). The host is the region's ECS endpoint or
 * exactly the user's `ecsEndpoint` override, checked before anything is sent. No `vscode` import.
 */
import OpenApi, { $OpenApiUtil } from '@alicloud/openapi-core';
import type { SecurityGroupFacts } from '../../../server/src/service/account';
import { lastPage, type ProductCalls } from './api-calls';
import { AccountError, malformed } from './errors';
import { l10n } from '../l10n';
import { hostProblem, isNetworkId } from './trust';

export const ECS_VERSION = '2014-05-26';

/** The ECS host of a region (`ecs.<region>.aliyuncs.com`, the documented regional endpoint), or the override. */
export function ecsHostFor(regionId: string, override: string | undefined): string {
  return override ?? `ecs.${regionId}.aliyuncs.com`;
}

/** An openapi-core client bound to the checked ECS host; throws `Config` when the host is not allowed. */
export function createEcsClient(config: ConstructorParameters<typeof $OpenApiUtil.Config>[0], override: string | undefined): { client: OpenApi; host: string } {
  const regionId = String(config?.regionId ?? '');
  const client = new OpenApi(new $OpenApiUtil.Config({ ...config, endpoint: ecsHostFor(regionId, override) }));
  const endpoint = (client as unknown as { _endpoint?: unknown })._endpoint;
  const host = typeof endpoint === 'string' ? endpoint : '';
  const problem = hostProblem(host, override, 'ecs');
  if (problem) throw new AccountError('Config', problem);
  return { client, host };
}

/** What the fetcher needs from the account: one gated, retried, cancellable ECS call. */
export type EcsCalls = ProductCalls<OpenApi>;

/** `DescribeSecurityGroups` as the generated ECS SDK would send it: RPC style, query parameters, JSON body. */
function rpc(action: string): $OpenApiUtil.Params {
  return new $OpenApiUtil.Params({
    action,
    version: ECS_VERSION,
    protocol: 'HTTPS',
    pathname: '/',
    method: 'POST',
    authType: 'AK',
    style: 'RPC',
    reqBodyType: 'formData',
    bodyType: 'json',
  });
}

interface SecurityGroupItem {
  SecurityGroupId?: unknown;
  SecurityGroupName?: unknown;
  VpcId?: unknown;
  SecurityGroupType?: unknown;
}

/** Every security group of the region (PageSize 50, page-number paging until TotalCount). */
export async function fetchSecurityGroups(ctx: EcsCalls, signal: AbortSignal | undefined): Promise<SecurityGroupFacts[]> {
  const action = 'DescribeSecurityGroups';
  const pageSize = 50;
  const out: SecurityGroupFacts[] = [];
  let seen = 0;
  for (let pageNumber = 1; ; pageNumber++) {
    const query = { RegionId: ctx.regionId, PageNumber: String(pageNumber), PageSize: String(pageSize) };
    const res = await ctx.call(action, signal, (c) => c.callApi(rpc(action), new $OpenApiUtil.OpenApiRequest({ query }), ctx.runtime()));
    const body = res?.body as { TotalCount?: unknown; SecurityGroups?: { SecurityGroup?: unknown } } | undefined;
    const items = body?.SecurityGroups?.SecurityGroup;
    if (!body || typeof body.TotalCount !== 'number' || !Array.isArray(items))
      throw malformed(action, ctx.host, l10n.t('missing {0} or {1}', 'TotalCount', 'SecurityGroups.SecurityGroup'), 'ecs');
    seen += items.length;
    for (const it of items as SecurityGroupItem[]) {
      if (!isNetworkId('securityGroup', it.SecurityGroupId)) throw malformed(action, ctx.host, l10n.t('a {0} that is not a security group ID', 'SecurityGroupId'), 'ecs');
      // Classic-network groups have no VPC; a pod can never use them.
      if (it.VpcId === undefined || it.VpcId === '') continue;
      if (!isNetworkId('vpc', it.VpcId)) throw malformed(action, ctx.host, l10n.t('a {0} that is not a VPC ID', 'VpcId'), 'ecs');
      const type = typeof it.SecurityGroupType === 'string' && /^[a-z]{1,20}$/.test(it.SecurityGroupType) ? it.SecurityGroupType : undefined;
      const name = typeof it.SecurityGroupName === 'string' && it.SecurityGroupName !== '' ? it.SecurityGroupName : undefined;
      out.push({ id: it.SecurityGroupId, vpcId: it.VpcId, type, name });
    }
    ctx.log(`${action} page ${pageNumber} (PageSize ${pageSize}): ${seen} of ${body.TotalCount}`);
    if (lastPage(seen, items.length, body.TotalCount, pageNumber)) break;
  }
  return out;
}

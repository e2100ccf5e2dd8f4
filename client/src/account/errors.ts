/** Account errors: the codes, the user-facing `AccountError`, and the mapping of SDK and network failures to advice. No `vscode`. */
import { NoCredentialsError } from './credentials';
import { maskKeyId, scrub } from './secrets';
import { endpointSetting, type ApiProduct } from './trust';

/** Why a call failed; `message` is always user-facing and scrubbed. */
export type AccountErrorCode =
  | 'Disabled'
  | 'Cancelled'
  | 'NoCredentials'
  | 'InvalidAccessKey'
  | 'SignatureMismatch'
  | 'ExpiredToken'
  | 'ClockSkew'
  | 'Forbidden'
  | 'Throttled'
  | 'Network'
  | 'Timeout'
  | 'Malformed'
  | 'Config'
  | 'Rejected'
  | 'Server'
  | 'Unknown';

/** Error with a message that tells the user what to do; never contains a secret or a full AccessKey ID. */
export class AccountError extends Error {
  override readonly name = 'AccountError';
  constructor(
    readonly code: AccountErrorCode,
    message: string,
    readonly details: { action?: string; requestId?: string; serviceCode?: string } = {},
  ) {
    super(scrub(message));
  }
}

/** True when `err` is the rejection of a cancelled call. */
export function isCancelled(err: unknown): boolean {
  return err instanceof AccountError && err.code === 'Cancelled';
}

const STORE_COMMAND = '"ECI: Store AccessKey…"';

export function cancelled(): AccountError {
  return new AccountError('Cancelled', 'Cancelled.');
}

function secondsText(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

export interface ErrContext {
  action: string;
  regionId: string;
  host: string;
  attempts: number;
  readTimeoutMs: number;
  /** The proxy in use for this host, without credentials. */
  proxy?: string;
  keyId?: string;
  source?: string;
  /** The API product called (default `vpc`): names the API, its RAM action prefix and its endpoint setting. */
  product?: ApiProduct;
}

/** `VPC` / `ECS`, and the endpoint setting of the product. */
function api(product: ApiProduct = 'vpc'): { name: string; setting: string; openApi: string } {
  return product === 'ecs' ? { name: 'ECS', setting: endpointSetting('ecs'), openApi: 'ECS OpenAPI' } : { name: 'VPC', setting: endpointSetting('vpc'), openApi: 'VPC OpenAPI' };
}

export type SdkError = Error & {
  code?: string;
  statusCode?: number;
  requestId?: string;
  accessDeniedDetail?: Record<string, unknown> | null;
  data?: Record<string, unknown>;
};

/** Maps any failure to an `AccountError` with advice. */
export function toAccountError(err: unknown, ctx: ErrContext): AccountError {
  if (err instanceof AccountError) return err;
  if (err instanceof NoCredentialsError) {
    return new AccountError(
      'NoCredentials',
      `No Alibaba Cloud credentials found. Looked at: ${err.reasons.join('; ')}. ` +
        `Run aliyun configure, set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or run ${STORE_COMMAND}.`,
      { action: ctx.action },
    );
  }
  const e = (err ?? {}) as SdkError;
  const code = typeof e.code === 'string' ? e.code : '';
  const rid = e.requestId && e.requestId !== 'undefined' ? e.requestId : undefined;
  const details = { action: ctx.action, requestId: rid, serviceCode: code || undefined };
  const who = ctx.keyId ? `The AccessKey ID ${maskKeyId(ctx.keyId)}${ctx.source ? ` (from ${ctx.source})` : ''}` : 'The AccessKey ID';
  const reqText = rid ? ` Request ID: ${rid}.` : '';
  if (code === 'InvalidCredentials') {
    return new AccountError('NoCredentials', `No Alibaba Cloud credentials configured. Run aliyun configure or ${STORE_COMMAND}.`, details);
  }
  if (code === 'InvalidAccessKeyId.NotFound' || code === 'InvalidAccessKeyId' || code === 'InvalidAccessKeyId.Inactive' || code === 'MissingAccessKeyId') {
    return new AccountError(
      'InvalidAccessKey',
      `${who} is not valid (${code}): it was not found, was deleted or is disabled. Check it for typos and stray spaces, then update it with aliyun configure or ${STORE_COMMAND}.${reqText}`,
      details,
    );
  }
  if (code === 'IncompleteSignature') {
    return new AccountError(
      'Rejected',
      `${ctx.host} rejected the request signature as incomplete or malformed (IncompleteSignature). Your secret is not the cause: something between VS Code and the API changed the request (a proxy or an endpoint override that is not the VPC OpenAPI). Check eciAnnotations.account.endpoint and your proxy.${reqText}`,
      details,
    );
  }
  if (code === 'SignatureNonceUsed') {
    return new AccountError(
      'Rejected',
      `${ctx.host} saw this request's one-time nonce before (SignatureNonceUsed): the request was sent twice, usually by a proxy that retries. Run "ECI: Refresh account resources" to try again; if it keeps happening, check your proxy.${reqText}`,
      details,
    );
  }
  if (code === 'SignatureDoesNotMatch') {
    return new AccountError(
      'SignatureMismatch',
      `${who} was accepted but its AccessKey secret is wrong (${code}). Re-enter the secret (watch for stray spaces) with ${STORE_COMMAND} or aliyun configure.${reqText}`,
      details,
    );
  }
  if (/^InvalidSecurityToken/.test(code)) {
    const expired = /Expired/i.test(code);
    return new AccountError(
      'ExpiredToken',
      `The STS security token${ctx.source ? ` from ${ctx.source}` : ''} ${expired ? 'has expired' : 'is not valid'} (${code}). STS tokens last a limited time: enter a new token with ${STORE_COMMAND} (it takes an optional token), or refresh the source (aliyun configure, or a new ALIBABA_CLOUD_SECURITY_TOKEN) and run "ECI: Refresh account resources".${reqText}`,
      details,
    );
  }
  if (/^InvalidTimeStamp/.test(code)) {
    return new AccountError(
      'ClockSkew',
      `The request was rejected as expired (${code}): your computer's clock is probably off by more than 15 minutes. Synchronise the system clock and retry.${reqText}`,
      details,
    );
  }
  if (code === 'Forbidden.RAM' || code === 'NoPermission' || /^Forbidden/.test(code) || e.statusCode === 403) {
    const authAction = typeof e.accessDeniedDetail?.AuthAction === 'string' ? e.accessDeniedDetail.AuthAction : `${ctx.product ?? 'vpc'}:${ctx.action}`;
    return new AccountError(
      'Forbidden',
      `Permission denied (${code || e.statusCode}): the RAM identity behind ${ctx.keyId ? maskKeyId(ctx.keyId) : 'these credentials'} may not call ${authAction}. ` +
        `Ask your account administrator to grant the RAM action ${authAction}; the README lists a custom policy with exactly the actions this extension uses.${reqText}`,
      details,
    );
  }
  if (/Throttling/.test(code) || e.name === 'ThrottlingError') {
    return new AccountError(
      'Throttled',
      `Alibaba Cloud throttled ${ctx.action} (${code || 'Throttling'}) and it still failed after ${ctx.attempts} attempts. Wait a minute, then run "ECI: Refresh account resources".${reqText}`,
      details,
    );
  }
  if (/^InvalidRegionId/.test(code)) {
    return new AccountError(
      'Config',
      `The region "${ctx.regionId}" is not valid for the ${api(ctx.product).name} API (${code}). Check the region setting (eciAnnotations.account.region) or run "ECI: Select Alibaba Cloud region…".${reqText}`,
      details,
    );
  }
  const msg = String(e.message ?? '');
  const sys = `${code} ${msg}`;
  if (/\b(ENOTFOUND|EAI_AGAIN)\b/.test(sys)) {
    return new AccountError(
      'Network',
      `Cannot resolve ${ctx.host} (DNS lookup failed${ctx.proxy ? ` through the proxy ${ctx.proxy}` : ''}). Check the region setting (eciAnnotations.account.region is "${ctx.regionId}"; a misspelled region gives an unknown host) and your network or proxy.`,
      details,
    );
  }
  const net = /\b(ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|EPROTO|EPIPE|ETIMEDOUT)\b/.exec(sys);
  if (net) {
    const what = net[1] === 'EPROTO' ? 'TLS handshake failed (is the endpoint plain HTTP? check eciAnnotations.account.protocol)' : `connection failed (${net[1]})`;
    return new AccountError(
      'Network',
      `Cannot reach the ${api(ctx.product).name} API at ${ctx.host}${ctx.proxy ? ` through the proxy ${ctx.proxy}` : ''}: ${what}. Check your network, proxy and the region/endpoint settings.`,
      details,
    );
  }
  if (e.name === 'RequestTimeoutError' || /Timeout/.test(msg)) {
    return new AccountError(
      'Timeout',
      `The ${api(ctx.product).name} API at ${ctx.host} did not answer ${ctx.action} within ${secondsText(ctx.readTimeoutMs)}. Check your network or proxy and retry; the editor keeps working without account data.`,
      details,
    );
  }
  if (e instanceof SyntaxError || e.name === 'SyntaxError') {
    return new AccountError(
      'Malformed',
      `The ${api(ctx.product).name} API at ${ctx.host} returned a response that is not JSON for ${ctx.action}. If you set ${api(ctx.product).setting}, make sure it points to the ${api(ctx.product).openApi}; otherwise retry later.`,
      details,
    );
  }
  if ((e.statusCode ?? 0) >= 500) {
    return new AccountError(
      'Server',
      `The ${api(ctx.product).name} API failed on its side (${e.statusCode}${code ? ` ${code}` : ''}) for ${ctx.action}. Retry later.${reqText}`,
      details,
    );
  }
  if (code) {
    const serviceMsg = typeof e.data?.Message === 'string' ? e.data.Message : msg;
    return new AccountError('Unknown', `The ${api(ctx.product).name} API rejected ${ctx.action}: ${code}: ${serviceMsg.slice(0, 300)}${reqText}`, details);
  }
  return new AccountError('Unknown', `Calling ${ctx.action} failed: ${(e.name && e.name !== 'Error' ? `${e.name}: ` : '') + msg.slice(0, 300)}`, details);
}

export function malformed(action: string, host: string, what: string, product: ApiProduct = 'vpc'): AccountError {
  const a = api(product);
  return new AccountError(
    'Malformed',
    `The ${a.name} API at ${host} returned an unexpected ${action} response (${what}). If you set ${a.setting}, make sure it points to the ${a.openApi}; otherwise retry later.`,
    { action },
  );
}

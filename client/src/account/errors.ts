/** Account errors: the codes, the user-facing `AccountError`, and the mapping of SDK and network failures to advice. No `vscode`. */
import { NoCredentialsError } from './credentials';
import { maskKeyId, scrub } from './secrets';
import { endpointSetting, type ApiProduct } from './trust';
import { l10n } from '../l10n';

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

export function cancelled(): AccountError {
  return new AccountError('Cancelled', l10n.t('Cancelled.'));
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
      l10n.t(
        'No Alibaba Cloud credentials found. Looked at: {0}. Run aliyun configure, set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or run "ECI: Store AccessKey…".',
        err.reasons.join('; '),
      ),
      { action: ctx.action },
    );
  }
  const e = (err ?? {}) as SdkError;
  const code = typeof e.code === 'string' ? e.code : '';
  const rid = e.requestId && e.requestId !== 'undefined' ? e.requestId : undefined;
  const details = { action: ctx.action, requestId: rid, serviceCode: code || undefined };
  const who = ctx.keyId
    ? ctx.source
      ? l10n.t('The AccessKey ID {0} (from {1})', maskKeyId(ctx.keyId), ctx.source)
      : l10n.t('The AccessKey ID {0}', maskKeyId(ctx.keyId))
    : l10n.t('The AccessKey ID');
  const reqText = rid ? l10n.t(' Request ID: {0}.', rid) : '';
  if (code === 'InvalidCredentials') {
    return new AccountError('NoCredentials', l10n.t('No Alibaba Cloud credentials configured. Run aliyun configure or "ECI: Store AccessKey…".'), details);
  }
  if (code === 'InvalidAccessKeyId.NotFound' || code === 'InvalidAccessKeyId' || code === 'InvalidAccessKeyId.Inactive' || code === 'MissingAccessKeyId') {
    return new AccountError(
      'InvalidAccessKey',
      l10n.t(
        '{0} is not valid ({1}): it was not found, was deleted or is disabled. Check it for typos and stray spaces, then update it with aliyun configure or "ECI: Store AccessKey…".',
        who,
        code,
      ) + reqText,
      details,
    );
  }
  if (code === 'IncompleteSignature') {
    return new AccountError(
      'Rejected',
      l10n.t(
        '{0} rejected the request signature as incomplete or malformed (IncompleteSignature). Your secret is not the cause: something between VS Code and the API changed the request (a proxy or an endpoint override that is not the VPC OpenAPI). Check eciAnnotations.account.endpoint and your proxy.',
        ctx.host,
      ) + reqText,
      details,
    );
  }
  if (code === 'SignatureNonceUsed') {
    return new AccountError(
      'Rejected',
      l10n.t(
        '{0} saw this request\'s one-time nonce before (SignatureNonceUsed): the request was sent twice, usually by a proxy that retries. Run "ECI: Refresh account resources" to try again; if it keeps happening, check your proxy.',
        ctx.host,
      ) + reqText,
      details,
    );
  }
  if (code === 'SignatureDoesNotMatch') {
    return new AccountError(
      'SignatureMismatch',
      l10n.t('{0} was accepted but its AccessKey secret is wrong ({1}). Re-enter the secret (watch for stray spaces) with "ECI: Store AccessKey…" or aliyun configure.', who, code) +
        reqText,
      details,
    );
  }
  if (/^InvalidSecurityToken/.test(code)) {
    const expired = /Expired/i.test(code);
    const head = ctx.source
      ? expired
        ? l10n.t('The STS security token from {0} has expired ({1}).', ctx.source, code)
        : l10n.t('The STS security token from {0} is not valid ({1}).', ctx.source, code)
      : expired
        ? l10n.t('The STS security token has expired ({0}).', code)
        : l10n.t('The STS security token is not valid ({0}).', code);
    return new AccountError(
      'ExpiredToken',
      l10n.t(
        '{0} STS tokens last a limited time: enter a new token with "ECI: Store AccessKey…" (it takes an optional token), or refresh the source (aliyun configure, or a new ALIBABA_CLOUD_SECURITY_TOKEN) and run "ECI: Refresh account resources".',
        head,
      ) + reqText,
      details,
    );
  }
  if (/^InvalidTimeStamp/.test(code)) {
    return new AccountError(
      'ClockSkew',
      l10n.t("The request was rejected as expired ({0}): your computer's clock is probably off by more than 15 minutes. Synchronise the system clock and retry.", code) + reqText,
      details,
    );
  }
  if (code === 'Forbidden.RAM' || code === 'NoPermission' || /^Forbidden/.test(code) || e.statusCode === 403) {
    const authAction = typeof e.accessDeniedDetail?.AuthAction === 'string' ? e.accessDeniedDetail.AuthAction : `${ctx.product ?? 'vpc'}:${ctx.action}`;
    return new AccountError(
      'Forbidden',
      l10n.t(
        'Permission denied ({0}): the RAM identity behind {1} may not call {2}. Ask your account administrator to grant the RAM action {2}; the README lists a custom policy with exactly the actions this extension uses.',
        code || String(e.statusCode),
        ctx.keyId ? maskKeyId(ctx.keyId) : l10n.t('these credentials'),
        authAction,
      ) + reqText,
      details,
    );
  }
  if (/Throttling/.test(code) || e.name === 'ThrottlingError') {
    return new AccountError(
      'Throttled',
      l10n.t(
        'Alibaba Cloud throttled {0} ({1}) and it still failed after {2} attempts. Wait a minute, then run "ECI: Refresh account resources".',
        ctx.action,
        code || 'Throttling',
        ctx.attempts,
      ) + reqText,
      details,
    );
  }
  if (/^InvalidRegionId/.test(code)) {
    return new AccountError(
      'Config',
      l10n.t(
        'The region "{0}" is not valid for the {1} API ({2}). Check the region setting (eciAnnotations.account.region) or run "ECI: Select Alibaba Cloud region…".',
        ctx.regionId,
        api(ctx.product).name,
        code,
      ) + reqText,
      details,
    );
  }
  const msg = String(e.message ?? '');
  const sys = `${code} ${msg}`;
  if (/\b(ENOTFOUND|EAI_AGAIN)\b/.test(sys)) {
    return new AccountError(
      'Network',
      ctx.proxy
        ? l10n.t(
            'Cannot resolve {0} (DNS lookup failed through the proxy {1}). Check the region setting (eciAnnotations.account.region is "{2}"; a misspelled region gives an unknown host) and your network or proxy.',
            ctx.host,
            ctx.proxy,
            ctx.regionId,
          )
        : l10n.t(
            'Cannot resolve {0} (DNS lookup failed). Check the region setting (eciAnnotations.account.region is "{1}"; a misspelled region gives an unknown host) and your network or proxy.',
            ctx.host,
            ctx.regionId,
          ),
      details,
    );
  }
  const net = /\b(ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|EPROTO|EPIPE|ETIMEDOUT)\b/.exec(sys);
  if (net) {
    const what = net[1] === 'EPROTO' ? l10n.t('TLS handshake failed (is the endpoint plain HTTP? check eciAnnotations.account.protocol)') : l10n.t('connection failed ({0})', net[1]);
    return new AccountError(
      'Network',
      ctx.proxy
        ? l10n.t(
            'Cannot reach the {0} API at {1} through the proxy {2}: {3}. Check your network, proxy and the region/endpoint settings.',
            api(ctx.product).name,
            ctx.host,
            ctx.proxy,
            what,
          )
        : l10n.t('Cannot reach the {0} API at {1}: {2}. Check your network, proxy and the region/endpoint settings.', api(ctx.product).name, ctx.host, what),
      details,
    );
  }
  if (e.name === 'RequestTimeoutError' || /Timeout/.test(msg)) {
    return new AccountError(
      'Timeout',
      l10n.t(
        'The {0} API at {1} did not answer {2} within {3}. Check your network or proxy and retry; the editor keeps working without account data.',
        api(ctx.product).name,
        ctx.host,
        ctx.action,
        secondsText(ctx.readTimeoutMs),
      ),
      details,
    );
  }
  if (e instanceof SyntaxError || e.name === 'SyntaxError') {
    return new AccountError(
      'Malformed',
      l10n.t(
        'The {0} API at {1} returned a response that is not JSON for {2}. If you set {3}, make sure it points to the {4}; otherwise retry later.',
        api(ctx.product).name,
        ctx.host,
        ctx.action,
        api(ctx.product).setting,
        api(ctx.product).openApi,
      ),
      details,
    );
  }
  if ((e.statusCode ?? 0) >= 500) {
    return new AccountError(
      'Server',
      l10n.t('The {0} API failed on its side ({1}) for {2}. Retry later.', api(ctx.product).name, `${e.statusCode}${code ? ` ${code}` : ''}`, ctx.action) + reqText,
      details,
    );
  }
  if (code) {
    const serviceMsg = typeof e.data?.Message === 'string' ? e.data.Message : msg;
    return new AccountError('Unknown', l10n.t('The {0} API rejected {1}: {2}: {3}', api(ctx.product).name, ctx.action, code, serviceMsg.slice(0, 300)) + reqText, details);
  }
  return new AccountError('Unknown', l10n.t('Calling {0} failed: {1}', ctx.action, (e.name && e.name !== 'Error' ? `${e.name}: ` : '') + msg.slice(0, 300)), details);
}

export function malformed(action: string, host: string, what: string, product: ApiProduct = 'vpc'): AccountError {
  const a = api(product);
  return new AccountError(
    'Malformed',
    l10n.t(
      'The {0} API at {1} returned an unexpected {2} response ({3}). If you set {4}, make sure it points to the {5}; otherwise retry later.',
      a.name,
      host,
      action,
      what,
      a.setting,
      a.openApi,
    ),
    { action },
  );
}

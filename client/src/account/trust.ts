/**
 * Where a signed request may go, and which account settings a workspace may steer. Pure: no `vscode`, no SDK, so
 * node tests cover every decision. The client feeds it `inspect()` results; the SDK module checks the host here.
 */
import type { AccountResourceKind } from '../../../server/src/service/catalogue/types';
import { l10n } from '../l10n';

/** A region ID as Alibaba Cloud writes them (`cn-hangzhou`, `ap-southeast-1`, `cn-beijing-finance-1`). */
export const REGION_ID = /^[a-z]{2,}(-[a-z0-9]+)+$/;

/** The API products the account calls, each with the hosts it may reach without an override and its override setting. */
export type ApiProduct = 'vpc' | 'ecs';
const PRODUCTS: Record<ApiProduct, { name: string; host: RegExp; setting: string }> = {
  /** `vpc.aliyuncs.com`, `vpc.<region>.aliyuncs.com`, `vpc-vpc.<region>.aliyuncs.com`, as the VPC SDK computes them. */
  vpc: { name: 'VPC', host: /^vpc(-vpc)?(\.[a-z0-9-]+)?\.aliyuncs\.com$/, setting: 'eciAnnotations.account.endpoint' },
  /** `ecs.aliyuncs.com`, `ecs.<region>.aliyuncs.com`, `ecs-vpc.<region>.aliyuncs.com`. */
  ecs: { name: 'ECS', host: /^ecs(-vpc)?(\.[a-z0-9-]+)?\.aliyuncs\.com$/, setting: 'eciAnnotations.account.ecsEndpoint' },
};

/** The smallest cache lifetime a workspace may set: below it, checks would list the whole account on every edit. */
export const MIN_WORKSPACE_TTL_SECONDS = 30;

/** True for a well-formed region ID (at most 64 characters). */
export function isRegionId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 64 && REGION_ID.test(value);
}

/** The reason a region value is refused, in user terms; undefined when it is a region ID. */
export function regionProblem(value: unknown, setting = 'eciAnnotations.account.region'): string | undefined {
  if (isRegionId(value)) return undefined;
  const shown = JSON.stringify((typeof value === 'string' ? value : (JSON.stringify(value) ?? '')).slice(0, 80));
  return l10n.t(
    'The region setting {0} is {1}, which is not an Alibaba Cloud region ID (such as cn-hangzhou or ap-southeast-1). Nothing was sent to Alibaba Cloud. Fix the setting (a workspace\'s .vscode/settings.json may have set it) or run "ECI: Select Alibaba Cloud region…".',
    setting,
    shown,
  );
}

/**
 * Checks the host the SDK is about to call. Without an override it must be an Alibaba Cloud endpoint of the product
 * (`vpc…aliyuncs.com`, `ecs…aliyuncs.com`); with the user's own override it must be exactly that override. Returns a
 * problem or undefined.
 */
export function hostProblem(actualHost: string, override: string | undefined, product: ApiProduct = 'vpc'): string | undefined {
  const host = String(actualHost ?? '');
  const p = PRODUCTS[product];
  if (override) {
    if (host === override) return undefined;
    return l10n.t('The {0} API host would be "{1}", not your endpoint override "{2}" ({3}). Nothing was sent.', p.name, host.slice(0, 120), override, p.setting);
  }
  if (p.host.test(host)) return undefined;
  return l10n.t(
    'The {0} API host would be "{1}", which is not an Alibaba Cloud endpoint ({2}…aliyuncs.com). Nothing was sent. Check eciAnnotations.account.region.',
    p.name,
    host.slice(0, 120),
    product,
  );
}

/** The endpoint-override setting of a product, for messages. */
export function endpointSetting(product: ApiProduct): string {
  return PRODUCTS[product].setting;
}

/** ID patterns of the resources the pickers insert. */
export const RESOURCE_ID: Record<AccountResourceKind, RegExp> = {
  eip: /^eip-[0-9a-z]{1,60}$/,
  bandwidthPackage: /^cbwp-[0-9a-z]{1,60}$/,
  ipPool: /^pippool-[0-9a-z]{1,60}$/,
};

/** True when `id` has the shape of a `kind` ID (so it can carry no quote, newline or YAML syntax). */
export function isResourceId(kind: AccountResourceKind, id: unknown): id is string {
  return typeof id === 'string' && RESOURCE_ID[kind].test(id);
}

// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]+/g;

/** ID patterns of the network resources read for the Internet-access check and the vSwitch / security group pickers. */
export const NETWORK_ID = {
  vSwitch: /^vsw-[0-9a-z]{1,60}$/,
  vpc: /^vpc-[0-9a-z]{1,60}$/,
  natGateway: /^ngw-[0-9a-z]{1,60}$/,
  snatTable: /^stb-[0-9a-z]{1,60}$/,
  snatEntry: /^snat-[0-9a-z]{1,60}$/,
  routeTable: /^vtb-[0-9a-z]{1,60}$/,
  securityGroup: /^sg-[0-9a-z]{1,60}$/,
  zone: /^[a-z]{2,}(-[a-z0-9]+)+$/,
  /** A next hop of a route (an instance, ENI, NAT gateway, VPN, …): an ID of any kind. */
  any: /^[a-z][0-9a-z]{0,20}-[0-9a-z-]{1,60}$/,
} as const;

/** True when `id` has the shape of a `kind` network ID. */
export function isNetworkId(kind: keyof typeof NETWORK_ID, id: unknown): id is string {
  return typeof id === 'string' && id.length <= 80 && NETWORK_ID[kind].test(id);
}

/** True for an IPv4 CIDR block such as `192.168.1.0/24`. */
export function isCidr(value: unknown): value is string {
  const m = typeof value === 'string' ? /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value) : null;
  return !!m && m.slice(1, 5).every((p) => Number(p) <= 255) && Number(m[5]) <= 32;
}

/** Text from the API made safe for QuickPick labels: no `$(icon)` syntax, no line breaks or control characters. */
export function plainLabel(text: string): string {
  return String(text).replace(CONTROL_CHARACTERS, ' ').replace(/\$\(/g, '$\u200b(');
}

// ---------------------------------------------------------------------------------------------------------------
// Which scope a setting came from, and what a workspace may do with it

/** The parts of `WorkspaceConfiguration.inspect()` used here. */
export interface Inspected<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

/** Everything the decision needs, read from VS Code by the client. */
export interface SettingsInput {
  enabled?: Inspected<boolean>;
  region?: Inspected<string>;
  profile?: Inspected<string>;
  checkExistence?: Inspected<boolean>;
  checkInternet?: Inspected<boolean>;
  cacheTtlSeconds?: Inspected<number>;
  endpoint?: Inspected<string>;
  /** The ECS API override (security groups), with the same rules as `endpoint`. */
  ecsEndpoint?: Inspected<string>;
  protocol?: Inspected<string>;
  useEcsMetadata?: Inspected<boolean>;
  /** `vscode.env.remoteName`: set in Remote-SSH, WSL, containers, code-server. */
  remoteName?: string;
  /** Values the user confirmed: `profile:<name>`, `checkExistence`, `checkInternet`, and (remote windows) `endpoint:<v>`, `protocol:<v>`, `useEcsMetadata:<v>`. */
  confirmed: ReadonlySet<string>;
}

/** A value that is used only after the user says yes once. */
export interface PendingConfirmation {
  /** Key remembered once confirmed (see `SettingsInput.confirmed`). */
  key: string;
  /** Where the remembered answer lives: per workspace, or for this user on this machine (remote values). */
  store: 'workspace' | 'global';
  setting: string;
  value: string;
  /** The question, in user terms. */
  question: string;
  /** The label of the button that says yes. */
  accept: string;
}

export interface EffectiveSettings {
  enabled: boolean;
  /** Empty: not set anywhere (the profile's `region_id`, else `cn-hangzhou`, applies). */
  region: string;
  /** Set when `region` is not a region ID: nothing may be sent. */
  regionProblem?: string;
  profile: string;
  checkExistence: boolean;
  checkInternet: boolean;
  cacheTtlSeconds: number;
  endpoint: string;
  /** The user's ECS API override (`host[:port]`), empty for the region's endpoint. */
  ecsEndpoint: string;
  protocol: 'https' | 'http';
  useEcsMetadata: boolean;
  /** Set while a machine-scope value of a remote window waits for confirmation: nothing may be sent. */
  blocked?: string;
  pending: PendingConfirmation[];
  /** Workspace values that were ignored or capped, for the log. */
  notes: string[];
}

const SECTION = 'eciAnnotations.account';

function fromWorkspace<T>(i: Inspected<T> | undefined): T | undefined {
  return i?.workspaceFolderValue ?? i?.workspaceValue;
}
function fromUser<T>(i: Inspected<T> | undefined): T | undefined {
  return i?.globalValue ?? i?.defaultValue;
}

/**
 * The account settings to use, decided per setting:
 * - `enabled`: a workspace may switch account features off, never on against the user's `false`.
 * - `region`: honoured from any scope when it is a region ID; anything else blocks every call (S1).
 * - `profile`: a workspace value is used only after the user confirmed that profile for this workspace (a profile
 *   can run a command, External mode); until then the user's value is used.
 * - `checkExistence`: a workspace `true` is used only after the user confirmed it for this workspace (it calls the
 *   account without a user action).
 * - `cacheTtlSeconds`: a workspace value below 30 s is raised to 30 s; the user's 0 still disables the cache.
 * - `endpoint`, `ecsEndpoint`, `protocol`, `useEcsMetadata`: user (application) scope only, workspace values ignored; in a remote
 *   window each non-default value is used only after the user confirmed that exact value (remembered).
 */
export function resolveSettings(input: SettingsInput): EffectiveSettings {
  const notes: string[] = [];
  const pending: PendingConfirmation[] = [];
  const confirmed = input.confirmed;

  const userEnabled = fromUser(input.enabled) !== false;
  const wsEnabled = fromWorkspace(input.enabled);
  if (wsEnabled === true && !userEnabled) notes.push(`Ignoring ${SECTION}.enabled = true from the workspace: you switched account features off in your user settings.`);
  const enabled = userEnabled && wsEnabled !== false;

  const rawRegion = fromWorkspace(input.region) ?? fromUser(input.region) ?? '';
  const region = typeof rawRegion === 'string' ? rawRegion.trim() : String(rawRegion);
  const regionIssue = region === '' ? undefined : regionProblem(region);

  const userProfile = String(fromUser(input.profile) ?? '').trim();
  const wsProfile = fromWorkspace(input.profile);
  let profile = userProfile;
  if (typeof wsProfile === 'string' && wsProfile.trim() !== userProfile) {
    const value = wsProfile.trim();
    const key = `profile:${value}`;
    if (confirmed.has(key)) profile = value;
    else {
      pending.push({
        key,
        store: 'workspace',
        setting: `${SECTION}.profile`,
        value,
        question: l10n.t(
          'This workspace asks ECI Annotations to sign Alibaba Cloud requests with the credential profile "{0}". A profile can hold other keys or run a command (External mode). Use it in this workspace?',
          value || l10n.t('(default chain)'),
        ),
        accept: l10n.t('Use This Profile'),
      });
      notes.push(`Using your own profile setting until you confirm the workspace's profile "${value}".`);
    }
  }

  const checkExistence = accountCheck(input.checkExistence, 'checkExistence', confirmed, pending, {
    question: l10n.t(
      'This workspace turns on the existence check: ECI Annotations would list the EIPs, bandwidth packages, IP pools, vSwitches and security groups of your Alibaba Cloud account whenever a YAML file with their IDs is open. Allow it in this workspace?',
    ),
    accept: l10n.t('Allow Existence Check'),
  });
  const checkInternet = accountCheck(input.checkInternet, 'checkInternet', confirmed, pending, {
    question: l10n.t(
      'This workspace turns on the Internet-access check: ECI Annotations would list the vSwitches, NAT gateways, SNAT entries and route tables of your Alibaba Cloud account whenever a pod manifest is open. Allow it in this workspace?',
    ),
    accept: l10n.t('Allow Internet Check'),
  });

  const userTtl = fromUser(input.cacheTtlSeconds);
  const wsTtl = fromWorkspace(input.cacheTtlSeconds);
  let cacheTtlSeconds = typeof userTtl === 'number' && Number.isFinite(userTtl) && userTtl >= 0 ? userTtl : 300;
  if (wsTtl !== undefined) {
    const v = typeof wsTtl === 'number' && Number.isFinite(wsTtl) ? wsTtl : 300;
    cacheTtlSeconds = Math.max(MIN_WORKSPACE_TTL_SECONDS, v);
    if (v < MIN_WORKSPACE_TTL_SECONDS) notes.push(`Raised ${SECTION}.cacheTtlSeconds = ${v} from the workspace to ${MIN_WORKSPACE_TTL_SECONDS} s.`);
  }

  for (const [name, i] of [
    ['endpoint', input.endpoint],
    ['ecsEndpoint', input.ecsEndpoint],
    ['protocol', input.protocol],
    ['useEcsMetadata', input.useEcsMetadata],
  ] as const) {
    if (fromWorkspace<unknown>(i) !== undefined) notes.push(`Ignoring ${SECTION}.${name} from the workspace: it is read from your user settings only.`);
  }
  const endpoint = String(input.endpoint?.globalValue ?? '').trim();
  const ecsEndpoint = String(input.ecsEndpoint?.globalValue ?? '').trim();
  const protocol: 'https' | 'http' = input.protocol?.globalValue === 'http' ? 'http' : 'https';
  const useEcsMetadata = input.useEcsMetadata?.globalValue === true;

  let blocked: string | undefined;
  if (input.remoteName) {
    const machine: [string, string, boolean][] = [
      ['endpoint', endpoint, endpoint !== ''],
      ['ecsEndpoint', ecsEndpoint, ecsEndpoint !== ''],
      ['protocol', protocol, protocol !== 'https'],
      ['useEcsMetadata', String(useEcsMetadata), useEcsMetadata],
    ];
    for (const [name, value, set] of machine) {
      const key = `${name}:${value}`;
      if (!set || confirmed.has(key)) continue;
      pending.push({
        key,
        store: 'global',
        setting: `${SECTION}.${name}`,
        value,
        question: l10n.t(
          'In this remote window ({0}) the setting {1} is "{2}". Settings of a remote machine can come from a dev container definition. Send your signed Alibaba Cloud requests according to it?',
          String(input.remoteName),
          `${SECTION}.${name}`,
          value,
        ),
        accept: l10n.t('Use {0} "{1}"', name, value.slice(0, 60)),
      });
      blocked ??= l10n.t('The {0} value "{1}" of this remote window is not confirmed yet, so nothing was sent. Answer the prompt, or remove the setting.', `${SECTION}.${name}`, value);
    }
  }

  return {
    enabled,
    region,
    regionProblem: regionIssue,
    profile,
    checkExistence,
    checkInternet,
    cacheTtlSeconds,
    endpoint,
    ecsEndpoint,
    protocol,
    useEcsMetadata,
    blocked,
    pending,
    notes,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Proxies

/** A proxy for the VPC API calls: VS Code's `http.proxy` (user scope) first, then HTTPS_PROXY / HTTP_PROXY and NO_PROXY. */
export interface ProxySettings {
  /** `http://[user:pass@]host:port` */
  url?: string;
  /** Hosts that bypass the proxy (NO_PROXY syntax: `example.com`, `.example.com`, `*`, `host:port`). */
  noProxy: string[];
}

/** Proxy settings from VS Code's user-scope `http.proxy`/`http.noProxy` and the environment, like the aliyun CLI. */
export function proxyFrom(vscodeProxy: string | undefined, vscodeNoProxy: readonly string[] | undefined, env: NodeJS.ProcessEnv, protocol: 'https' | 'http'): ProxySettings {
  const pick = (...names: string[]) =>
    names
      .map((n) => env[n])
      .find((v) => typeof v === 'string' && v.trim() !== '')
      ?.trim();
  const url = vscodeProxy?.trim() || (protocol === 'https' ? pick('HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy') : pick('HTTP_PROXY', 'http_proxy'));
  const noProxy = [...(vscodeNoProxy ?? []), ...(pick('NO_PROXY', 'no_proxy') ?? '').split(',')].map((s) => s.trim().toLowerCase()).filter(Boolean);
  return { url: url || undefined, noProxy };
}

/** True when `host` (`name[:port]`) must be reached directly according to NO_PROXY entries. */
export function bypassesProxy(host: string, noProxy: readonly string[]): boolean {
  const h = host.toLowerCase();
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(h);
  const name = m?.[1] ?? h;
  const port = m?.[2];
  for (const raw of noProxy) {
    if (raw === '*') return true;
    const e = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(raw);
    const en = (e?.[1] ?? raw).replace(/^\*\./, '.');
    if (e?.[2] && e[2] !== port) continue;
    if (en.startsWith('.') ? name.endsWith(en) || name === en.slice(1) : name === en || name.endsWith(`.${en}`)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------------
// Tracing

/**
 * A trace line as it may be written: in Restricted Mode only its first line (`Sending notification 'textDocument/didOpen'`),
 * never the parameters or results, which carry whole documents (S6).
 */
export function traceLine(message: string, trusted: boolean): string {
  if (trusted) return message;
  if (/^\s*[[{]/.test(String(message))) return '(a JSON trace entry, not shown in Restricted Mode)';
  const first = String(message).split('\n', 1)[0];
  return first.length < String(message).length ? `${first} (contents not traced in Restricted Mode)` : first;
}

// ---------------------------------------------------------------------------------------------------------------
// Words

/** Where the credentials came from, in user terms (not `vscode/secret_storage (static_ak)`). */
export function sourceInWords(provider: string, profile?: string, type?: string): string {
  const kind =
    type === 'static_sts' || type === 'sts'
      ? l10n.t('temporary STS key')
      : type === 'ram_role_arn'
        ? l10n.t('RAM role')
        : type === 'oidc_role_arn'
          ? l10n.t('OIDC role')
          : type === 'ecs_ram_role'
            ? l10n.t('ECS instance role')
            : 'AccessKey';
  switch (provider) {
    case 'vscode/secret_storage':
      return l10n.t('{0} saved in VS Code', kind);
    case 'default/env':
      return l10n.t('{0} from environment variables', kind);
    case 'default/oidc_role_arn':
      return l10n.t('OIDC role from environment variables (RRSA)');
    case 'default/cli_profile':
      return l10n.t('aliyun CLI profile "{0}" ({1})', profile ?? 'default', kind);
    case 'default/profile':
      return l10n.t('~/.alibabacloud/credentials [{0}] ({1})', profile ?? 'default', kind);
    case 'default/ecs_ram_role':
      return l10n.t('ECS instance RAM role (instance metadata)');
    case 'default/credentials_uri':
      return 'ALIBABA_CLOUD_CREDENTIALS_URI';
    default:
      return provider;
  }
}

/**
 * A check that calls the account on its own whenever a file is checked: the user's value applies; a workspace may
 * turn it off, and turn it on only once the user confirmed that for the workspace.
 */
function accountCheck(
  setting: Inspected<boolean> | undefined,
  key: 'checkExistence' | 'checkInternet',
  confirmed: ReadonlySet<string>,
  pending: PendingConfirmation[],
  ask: { question: string; accept: string },
): boolean {
  const user = fromUser(setting) === true;
  const workspace = fromWorkspace(setting);
  if (workspace === undefined) return user;
  if (workspace !== true || user || confirmed.has(key)) return workspace === true;
  pending.push({ key, store: 'workspace', setting: `${SECTION}.${key}`, value: 'true', ...ask });
  return false;
}

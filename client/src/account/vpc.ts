/**
 * Alibaba Cloud VPC account access for the client: credential chain, paged listing, retry, cache and error mapping.
 * This module pulls in the SDK (several MB), so the extension loads it lazily with `await import('./vpc')`.
 * No `vscode` import: node tests use it directly.
 */
import Vpc, * as $Vpc from '@alicloud/vpc20160428';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import * as $dara from '@darabonba/typescript';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import Credential, {
  CLIProfileCredentialsProvider,
  ECSRAMRoleCredentialsProvider,
  OIDCRoleArnCredentialsProvider,
  ProfileCredentialsProvider,
  RAMRoleARNCredentialsProvider,
  StaticAKCredentialsProvider,
  StaticSTSCredentialsProvider,
  URICredentialsProvider,
} from '@alicloud/credentials';
import type { AccountResource } from '../../../server/src/service/account';
import type { AccountResourceKind } from '../../../server/src/service/catalogue/types';
import { quote } from '../../../server/src/service/edits';
import { hostProblem, isRegionId, isResourceId, plainLabel, regionProblem, type ProxySettings } from './trust';
import { agentFor, proxyShown, useProxy } from './transport';

export type { AccountResource, AccountResourceKind };

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

/** Static keys, e.g. from VS Code SecretStorage. */
export interface StaticKeys {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

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

const STORE_COMMAND = '"ECI: Store AccessKey…" (eciAnnotations.storeAccessKey)';

// ---------------------------------------------------------------------------------------------------------------
// Secret hygiene

const knownSecrets = new Set<string>();

/** `LTAI5tAbc…ab12` → `LTAI****ab12`; short values become `****`. */
export function maskKeyId(id: string): string {
  const s = id.trim();
  return s.length <= 8 ? '****' : `${s.slice(0, 4)}****${s.slice(-4)}`;
}

function remember(...values: (string | undefined)[]): void {
  for (const v of values) if (v && v.length >= 8) knownSecrets.add(v);
}

/** Removes secrets, full key IDs, signatures and authorization text from any text meant for users or logs. */
export function scrub(text: string, extraSecrets: readonly string[] = []): string {
  let out = String(text);
  for (const s of [...knownSecrets, ...extraSecrets].sort((a, b) => b.length - a.length)) {
    if (s) out = out.split(s).join(/^(LTAI|STS\.)/.test(s) ? maskKeyId(s) : '****');
  }
  return out
    .replace(/\b(LTAI[0-9A-Za-z]{4,}|STS\.[0-9A-Za-z]{8,})\b/g, (m) => maskKeyId(m))
    .replace(/authorization\s*[:=]\s*[^\n]*/gi, 'authorization: ****')
    .replace(/Signature=[^,&\s"']*/gi, 'Signature=****')
    .replace(/\b(access_key_secret|accessKeySecret|AccessKeySecret|security_token|securityToken|SecurityToken|sts_token)(["']?\s*[:=]\s*["']?)[^"',\s}]+/g, '$1$2****')
    .replace(/\b(ALIBABA_CLOUD_ACCESS_KEY_SECRET|ALIBABA_CLOUD_SECURITY_TOKEN)=\S+/g, '$1=****')
    .replace(/(x-acs-security-token|x-acs-bearer-token)\s*[:=]\s*\S+/gi, '$1: ****');
}

// ---------------------------------------------------------------------------------------------------------------
// Credential chain

interface Creds {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
  providerName?: string;
}
interface Provider {
  getCredentials(): Promise<Creds>;
  getProviderName(): string;
}
interface ChainStep {
  name: string;
  label: string;
  build: () => Provider;
}

/** Why a chain step failed, in words that never echo file contents. */
function stepReason(step: ChainStep, err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  if (/reading aliyun cli config/.test(m)) return `${step.label}: file not found`;
  if (/parse aliyun cli config/.test(m)) return `${step.label}: not valid JSON`;
  if (/no any configured profiles/.test(m)) return `${step.label}: no profiles`;
  const profile = /unable to get profile with '([^']*)'/.exec(m);
  if (profile) return `${step.label}: no profile "${profile[1]}"`;
  if (/ENOENT|no such file/i.test(m)) return `${step.label}: file not found`;
  if (/Can not find credential type for "([^"]*)"/.test(m)) return `${step.label}: no section [${/"([^"]*)"/.exec(m)?.[1]}]`;
  if (err instanceof StepSkipped) return `${step.label}: ${m}`;
  if (/enviroment variables|environment variable/i.test(m)) return `${step.label}: not set`;
  return `${step.label}: ${scrub(m).split('\n')[0].slice(0, 160)}`;
}

class NoCredentialsError extends Error {
  constructor(readonly reasons: string[]) {
    super('no credentials');
  }
}

/** First step that yields credentials wins and is remembered (reset after a failure). */
class ChainProvider implements Provider {
  private winner?: { step: ChainStep; provider: Provider };
  private providers = new Map<string, Provider>();
  last?: Creds & { step: string };
  /** Sources deliberately left out (e.g. environment variables when a profile is set), for *Show account*. */
  constructor(
    readonly steps: ChainStep[],
    readonly skipped: string[],
  ) {}

  getProviderName(): string {
    return 'default';
  }

  async getCredentials(): Promise<Creds> {
    if (this.winner) {
      try {
        return this.record(this.winner.step, await this.winner.provider.getCredentials());
      } catch {
        this.winner = undefined;
      }
    }
    const reasons: string[] = [];
    for (const step of this.steps) {
      let provider = this.providers.get(step.name);
      try {
        if (!provider) {
          provider = step.build();
          this.providers.set(step.name, provider);
        }
        const creds = await provider.getCredentials();
        if (!creds?.accessKeyId || !creds.accessKeySecret) throw new Error('incomplete credentials');
        this.winner = { step, provider };
        return this.record(step, creds);
      } catch (err) {
        this.providers.delete(step.name);
        reasons.push(stepReason(step, err));
      }
    }
    throw new NoCredentialsError(reasons);
  }

  private record(step: ChainStep, c: Creds): Creds {
    remember(c.accessKeySecret, c.accessKeyId, c.securityToken);
    this.last = { ...c, step: step.name };
    return { ...c, providerName: step.name === 'static' ? c.providerName : `default/${c.providerName ?? step.name}` };
  }

  dispose(): void {
    for (const p of this.providers.values()) (p as { close?: () => void }).close?.();
    this.providers.clear();
  }
}

function cliProfileName(profile: string | undefined): string | undefined {
  if (profile) return profile;
  if (process.env.ALIBABA_CLOUD_PROFILE) return process.env.ALIBABA_CLOUD_PROFILE;
  try {
    const conf = JSON.parse(readFileSync(join(homedir(), '.aliyun', 'config.json'), 'utf8')) as { current?: unknown };
    return typeof conf.current === 'string' ? conf.current : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The region to use when the setting is empty: `ALIBABA_CLOUD_REGION_ID` (or the `ALIBABACLOUD_`/`ALICLOUD_` spelling),
 * else the `region_id` of the aliyun CLI profile in use, else undefined. Invalid values are skipped.
 */
export function defaultRegion(profile?: string): { region: string; from: string } | undefined {
  for (const name of ['ALIBABA_CLOUD_REGION_ID', 'ALIBABACLOUD_REGION_ID', 'ALICLOUD_REGION_ID']) {
    const v = process.env[name]?.trim();
    if (v && isRegionId(v)) return { region: v, from: `environment variable ${name}` };
  }
  try {
    const conf = JSON.parse(readFileSync(join(homedir(), '.aliyun', 'config.json'), 'utf8')) as { profiles?: { name?: unknown; region_id?: unknown }[] };
    const name = cliProfileName(profile?.trim() || undefined);
    const p = conf.profiles?.find((x) => x?.name === name);
    if (p && isRegionId(p.region_id)) return { region: p.region_id, from: `aliyun CLI profile "${name}"` };
  } catch {
    // no CLI config: no default
  }
  return undefined;
}

/** Names the aliyun CLI accepts for the key pair and token (not the bare ACCESS_KEY_ID). */
const ENV_PREFIXES = ['ALIBABA_CLOUD_', 'ALIBABACLOUD_', 'ALICLOUD_'] as const;

/** The first prefix with both ID and secret set, and its values. */
export function envKeys(env: NodeJS.ProcessEnv = process.env): { prefix: string; id: string; secret: string; token?: string } | undefined {
  for (const prefix of ENV_PREFIXES) {
    const id = env[`${prefix}ACCESS_KEY_ID`]?.trim();
    const secret = env[`${prefix}ACCESS_KEY_SECRET`]?.trim();
    if (id && secret) return { prefix, id, secret, token: env[`${prefix}SECURITY_TOKEN`]?.trim() || undefined };
  }
  return undefined;
}

/** Thrown by a step that is skipped on purpose; its message is the reason shown to the user. */
class StepSkipped extends Error {}

interface CliProfile {
  name?: string;
  mode?: string;
  access_key_id?: string;
  access_key_secret?: string;
  ram_role_arn?: string;
  ram_session_name?: string;
  expired_seconds?: number;
  sts_region?: string;
  sts_endpoint?: string;
  enable_vpc?: boolean;
  external_id?: string;
  source_profile?: string;
  region_id?: string;
}

/** aliyun CLI modes the SDK's credential library cannot use, with what to use instead. */
const UNSUPPORTED_CLI_MODES: Record<string, string> = {
  CredentialsURI: 'set ALIBABA_CLOUD_CREDENTIALS_URI to the same URI instead',
  BearerToken: 'the VPC API does not take bearer tokens; use an AK, StsToken or RamRoleArn profile',
  RsaKeyPair: 'the mode is deprecated; use an AK or RamRoleArn profile',
  RamRoleArnWithRoleName: 'the mode is deprecated; use a RamRoleArn profile',
  Anonymous: 'signed calls need credentials; use an AK, StsToken or RamRoleArn profile',
};

function readCliConfig(): { current?: string; profiles?: CliProfile[] } | undefined {
  try {
    return JSON.parse(readFileSync(join(homedir(), '.aliyun', 'config.json'), 'utf8')) as { current?: string; profiles?: CliProfile[] };
  } catch {
    return undefined;
  }
}

/** `type = …` of a section of the shared credentials INI file, without parsing the secrets. */
function iniType(profile: string | undefined): string | undefined {
  const file = process.env.ALIBABA_CLOUD_CREDENTIALS_FILE || join(homedir(), '.alibabacloud', 'credentials');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const name = profile || process.env.ALIBABA_CLOUD_PROFILE || 'default';
  let inSection = false;
  for (const line of text.split(/\r?\n/)) {
    const section = /^\s*\[([^\]]*)\]\s*$/.exec(line);
    if (section) inSection = section[1].trim() === name;
    else if (inSection) {
      const m = /^\s*type\s*=\s*(\S+)/.exec(line);
      if (m) return m[1];
    }
  }
  return undefined;
}

/** The CLI-profile step: the library's provider, except where it drops ExternalId or would reach ECS metadata unasked. */
function cliProfileProvider(profile: string | undefined, useEcsMetadata: boolean): Provider {
  const conf = readCliConfig();
  const name = cliProfileName(profile);
  const p = conf?.profiles?.find((x) => x?.name === name);
  if (p?.mode && UNSUPPORTED_CLI_MODES[p.mode]) throw new StepSkipped(`profile "${name}" uses mode ${p.mode}, which this extension does not support: ${UNSUPPORTED_CLI_MODES[p.mode]}`);
  if (p?.mode === 'EcsRamRole' && !useEcsMetadata) throw new StepSkipped(`profile "${name}" uses mode EcsRamRole (ECS instance metadata); turn on eciAnnotations.account.useEcsMetadata in your user settings to use it`);
  if (p && (p.mode === 'RamRoleArn' || p.mode === 'ChainableRamRoleArn') && p.external_id) {
    const source: Provider =
      p.mode === 'RamRoleArn'
        ? StaticAKCredentialsProvider.builder().withAccessKeyId(String(p.access_key_id ?? '')).withAccessKeySecret(String(p.access_key_secret ?? '')).build()
        : cliProfileProvider(String(p.source_profile ?? ''), useEcsMetadata);
    let b = RAMRoleARNCredentialsProvider.builder()
      .withCredentialsProvider(source as Parameters<ReturnType<typeof RAMRoleARNCredentialsProvider.builder>['withCredentialsProvider']>[0])
      .withRoleArn(String(p.ram_role_arn ?? ''))
      .withExternalId(p.external_id);
    if (p.ram_session_name) b = b.withRoleSessionName(p.ram_session_name);
    if (p.expired_seconds) b = b.withDurationSeconds(Number(p.expired_seconds));
    if (p.sts_region) b = b.withStsRegionId(p.sts_region);
    if (p.sts_endpoint) b = b.withStsEndpoint(p.sts_endpoint);
    if (p.enable_vpc !== undefined) b = b.withEnableVpc(!!p.enable_vpc);
    return b.build();
  }
  const b = CLIProfileCredentialsProvider.builder();
  return (profile ? b.withProfileName(profile) : b).build();
}

/**
 * The credential chain, in the order of the `@alicloud/credentials` default chain:
 * static keys from SecretStorage (alone, when stored); else environment key pair (`ALIBABA_CLOUD_*`, `ALIBABACLOUD_*`,
 * `ALICLOUD_*`) → OIDC/RRSA from the environment → aliyun CLI profile → `~/.alibabacloud/credentials` → ECS instance
 * metadata (only with `useEcsMetadata`) → `ALIBABA_CLOUD_CREDENTIALS_URI`. A set profile skips the environment steps.
 */
function buildChain(o: VpcAccountOptions): ChainProvider {
  const steps: ChainStep[] = [];
  if (o.credentials) {
    const keys = { ...o.credentials };
    remember(keys.accessKeySecret, keys.accessKeyId, keys.securityToken);
    steps.push({
      name: 'static',
      label: 'AccessKey stored in VS Code',
      build: () =>
        keys.securityToken
          ? StaticSTSCredentialsProvider.builder().withAccessKeyId(keys.accessKeyId.trim()).withAccessKeySecret(keys.accessKeySecret.trim()).withSecurityToken(keys.securityToken.trim()).build()
          : StaticAKCredentialsProvider.builder().withAccessKeyId(keys.accessKeyId.trim()).withAccessKeySecret(keys.accessKeySecret.trim()).build(),
    });
    return new ChainProvider(steps, []);
  }
  const profile = o.profile?.trim() || undefined;
  const useImds = o.useEcsMetadata === true;
  const skipped: string[] = [];
  if (profile) {
    if (envKeys()) skipped.push(`environment variables ${envKeys()?.prefix}ACCESS_KEY_ID/SECRET (eciAnnotations.account.profile is set)`);
    if (process.env.ALIBABA_CLOUD_ROLE_ARN && process.env.ALIBABA_CLOUD_OIDC_TOKEN_FILE) skipped.push('OIDC role from the environment (eciAnnotations.account.profile is set)');
    if (process.env.ALIBABA_CLOUD_CREDENTIALS_URI) skipped.push('ALIBABA_CLOUD_CREDENTIALS_URI (eciAnnotations.account.profile is set)');
  } else {
    steps.push({
      name: 'env',
      label: 'environment variables ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET (or ALIBABACLOUD_*, ALICLOUD_*)',
      build: () => {
        const k = envKeys();
        if (!k) throw new StepSkipped('not set');
        const provider = k.token
          ? StaticSTSCredentialsProvider.builder().withAccessKeyId(k.id).withAccessKeySecret(k.secret).withSecurityToken(k.token).build()
          : StaticAKCredentialsProvider.builder().withAccessKeyId(k.id).withAccessKeySecret(k.secret).build();
        return { getCredentials: () => provider.getCredentials(), getProviderName: () => `env/${provider.getProviderName()}` };
      },
    });
    steps.push({
      name: 'oidc_role_arn',
      label: 'OIDC role from ALIBABA_CLOUD_ROLE_ARN / ALIBABA_CLOUD_OIDC_PROVIDER_ARN / ALIBABA_CLOUD_OIDC_TOKEN_FILE',
      build: () => {
        if (!process.env.ALIBABA_CLOUD_ROLE_ARN || !process.env.ALIBABA_CLOUD_OIDC_PROVIDER_ARN || !process.env.ALIBABA_CLOUD_OIDC_TOKEN_FILE) throw new StepSkipped('not set');
        return OIDCRoleArnCredentialsProvider.builder().build();
      },
    });
  }
  steps.push({
    name: 'cli_profile',
    label: `aliyun CLI profile${profile ? ` "${profile}"` : ''} in ~/.aliyun/config.json`,
    build: () => {
      if (process.env.ALIBABA_CLOUD_CLI_PROFILE_DISABLED?.toLowerCase() === 'true') throw new StepSkipped('disabled by ALIBABA_CLOUD_CLI_PROFILE_DISABLED');
      return cliProfileProvider(profile, useImds);
    },
  });
  steps.push({
    name: 'profile',
    label: `~/.alibabacloud/credentials${profile ? ` [${profile}]` : ''}`,
    build: () => {
      const type = iniType(profile);
      if (type === 'ecs_ram_role' && !useImds) throw new StepSkipped('type ecs_ram_role uses the ECS instance metadata; turn on eciAnnotations.account.useEcsMetadata in your user settings to use it');
      if (type && !['access_key', 'ram_role_arn', 'ecs_ram_role'].includes(type)) throw new StepSkipped(`type ${type} is not supported here; use access_key or ram_role_arn, or an aliyun CLI profile`);
      const b = ProfileCredentialsProvider.builder();
      return (profile ? b.withProfileName(profile) : b).build();
    },
  });
  if (useImds) {
    steps.push({
      name: 'ecs_ram_role',
      label: 'ECS instance metadata (RAM role)',
      build: () => ECSRAMRoleCredentialsProvider.builder().withRoleName(process.env.ALIBABA_CLOUD_ECS_METADATA ?? '').withAsyncCredentialUpdateEnabled(false).build(),
    });
  }
  if (!profile && process.env.ALIBABA_CLOUD_CREDENTIALS_URI) {
    steps.push({ name: 'credentials_uri', label: 'ALIBABA_CLOUD_CREDENTIALS_URI', build: () => URICredentialsProvider.builder().build() });
  }
  return new ChainProvider(steps, skipped);
}

// ---------------------------------------------------------------------------------------------------------------
// Cache

interface Pending {
  promise: Promise<unknown>;
  controller: AbortController;
  waiters: number;
}

/** TTL cache of lists keyed by (credential source, endpoint, region, kind); concurrent callers share one fetch. */
export class ResourceCache {
  private values = new Map<string, { at: number; value: unknown }>();
  private pending = new Map<string, Pending>();

  async get<T>(key: string, ttlMs: number, clock: () => number, load: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) throw cancelled();
    const hit = this.values.get(key);
    if (hit && ttlMs > 0 && clock() - hit.at < ttlMs) return hit.value as T;
    let p = this.pending.get(key);
    if (!p) {
      const controller = new AbortController();
      const entry: Pending = { controller, waiters: 0, promise: Promise.resolve() };
      entry.promise = load(controller.signal).then(
        (value) => {
          if (this.pending.get(key) === entry) this.pending.delete(key);
          if (ttlMs > 0) this.values.set(key, { at: clock(), value });
          return value;
        },
        (err: unknown) => {
          if (this.pending.get(key) === entry) this.pending.delete(key);
          throw err;
        },
      );
      entry.promise.catch(() => undefined);
      this.pending.set(key, entry);
      p = entry;
    }
    const shared = p;
    shared.waiters++;
    let counted = true;
    const release = () => {
      if (!counted) return;
      counted = false;
      shared.waiters--;
    };
    return abortable(shared.promise as Promise<T>, signal, () => {
      release();
      if (shared.waiters === 0) shared.controller.abort();
    }).finally(release);
  }

  /** Drops cached values whose key starts with `prefix` (all when absent). */
  clear(prefix = ''): void {
    for (const k of [...this.values.keys()]) if (k.startsWith(prefix)) this.values.delete(k);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

function cancelled(): AccountError {
  return new AccountError('Cancelled', 'Cancelled.');
}

function abortable<T>(p: Promise<T>, signal: AbortSignal | undefined, onAbort?: () => void): Promise<T> {
  if (!signal) return p;
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      onAbort?.();
      reject(cancelled());
    };
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', abort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(e);
      },
    );
  });
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(cancelled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Splits a user endpoint into SDK `endpoint` (host[:port]) and protocol. */
export function normalizeEndpoint(endpoint: string | undefined, protocol: string | undefined): { endpoint?: string; protocol: 'https' | 'http' } {
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
    throw new AccountError('Config', `The endpoint setting "${raw}" is not a host name (expected host[:port], e.g. vpc.cn-hangzhou.aliyuncs.com).`);
  }
  return { endpoint: host, protocol: proto };
}

function secondsText(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

interface ErrContext {
  action: string;
  regionId: string;
  host: string;
  attempts: number;
  readTimeoutMs: number;
  /** The proxy in use for this host, without credentials. */
  proxy?: string;
  keyId?: string;
  source?: string;
}

type SdkError = Error & {
  code?: string;
  statusCode?: number;
  requestId?: string;
  accessDeniedDetail?: Record<string, unknown> | null;
  data?: Record<string, unknown>;
};

/** Maps any failure to an `AccountError` with advice. */
function toAccountError(err: unknown, ctx: ErrContext): AccountError {
  if (err instanceof AccountError) return err;
  if (err instanceof NoCredentialsError) {
    return new AccountError(
      'NoCredentials',
      `No Alibaba Cloud credentials found. Looked at: ${err.reasons.join('; ')}. ` +
        `Run \`aliyun configure\`, set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or run ${STORE_COMMAND}.`,
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
    return new AccountError('NoCredentials', `No Alibaba Cloud credentials configured. Run \`aliyun configure\` or ${STORE_COMMAND}.`, details);
  }
  if (code === 'InvalidAccessKeyId.NotFound' || code === 'InvalidAccessKeyId' || code === 'InvalidAccessKeyId.Inactive' || code === 'MissingAccessKeyId') {
    return new AccountError(
      'InvalidAccessKey',
      `${who} is not valid (${code}): it was not found, was deleted or is disabled. Check it for typos and stray spaces, then update it with \`aliyun configure\` or ${STORE_COMMAND}.${reqText}`,
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
      `${who} was accepted but its AccessKey secret is wrong (${code}). Re-enter the secret (watch for stray spaces) with ${STORE_COMMAND} or \`aliyun configure\`.${reqText}`,
      details,
    );
  }
  if (/^InvalidSecurityToken/.test(code)) {
    const expired = /Expired/i.test(code);
    return new AccountError(
      'ExpiredToken',
      `The STS security token${ctx.source ? ` from ${ctx.source}` : ''} ${expired ? 'has expired' : 'is not valid'} (${code}). STS tokens last a limited time: enter a new token with ${STORE_COMMAND} (it takes an optional token), or refresh the source (\`aliyun configure\`, or a new ALIBABA_CLOUD_SECURITY_TOKEN) and run "ECI: Refresh account resources".${reqText}`,
      details,
    );
  }
  if (/^InvalidTimeStamp/.test(code)) {
    return new AccountError('ClockSkew', `The request was rejected as expired (${code}): your computer's clock is probably off by more than 15 minutes. Synchronise the system clock and retry.${reqText}`, details);
  }
  if (code === 'Forbidden.RAM' || code === 'NoPermission' || /^Forbidden/.test(code) || e.statusCode === 403) {
    const authAction = typeof e.accessDeniedDetail?.AuthAction === 'string' ? e.accessDeniedDetail.AuthAction : `vpc:${ctx.action}`;
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
    return new AccountError('Config', `The region "${ctx.regionId}" is not valid for the VPC API (${code}). Check the region setting (eciAnnotations.account.region) or run "ECI: Select Alibaba Cloud region…".${reqText}`, details);
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
    return new AccountError('Network', `Cannot reach the VPC API at ${ctx.host}${ctx.proxy ? ` through the proxy ${ctx.proxy}` : ''}: ${what}. Check your network, proxy and the region/endpoint settings.`, details);
  }
  if (e.name === 'RequestTimeoutError' || /Timeout/.test(msg)) {
    return new AccountError('Timeout', `The VPC API at ${ctx.host} did not answer ${ctx.action} within ${secondsText(ctx.readTimeoutMs)}. Check your network or proxy and retry; the editor keeps working without account data.`, details);
  }
  if (e instanceof SyntaxError || e.name === 'SyntaxError') {
    return new AccountError('Malformed', `The VPC API at ${ctx.host} returned a response that is not JSON for ${ctx.action}. If you set eciAnnotations.account.endpoint, make sure it points to the VPC OpenAPI; otherwise retry later.`, details);
  }
  if ((e.statusCode ?? 0) >= 500) {
    return new AccountError('Server', `The VPC API failed on its side (${e.statusCode}${code ? ` ${code}` : ''}) for ${ctx.action}. Retry later.${reqText}`, details);
  }
  if (code) {
    const serviceMsg = typeof e.data?.Message === 'string' ? e.data.Message : msg;
    return new AccountError('Unknown', `The VPC API rejected ${ctx.action}: ${code}: ${serviceMsg.slice(0, 300)}${reqText}`, details);
  }
  return new AccountError('Unknown', `Calling ${ctx.action} failed: ${(e.name && e.name !== 'Error' ? `${e.name}: ` : '') + msg.slice(0, 300)}`, details);
}

function malformed(action: string, host: string, what: string): AccountError {
  return new AccountError('Malformed', `The VPC API at ${host} returned an unexpected ${action} response (${what}). If you set eciAnnotations.account.endpoint, make sure it points to the VPC OpenAPI; otherwise retry later.`, { action });
}

function str(v: unknown): string | undefined {
  return v === undefined || v === null || v === '' ? undefined : String(v);
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

/** Label/description/detail for one resource: ID, IP, name; status, bandwidth, charge type, ISP, attachment. */
export function pickItemText(r: AccountResource): PickItemText {
  const inUse = r.kind === 'eip' && r.status !== undefined && r.status !== 'Available';
  const facts = [
    r.status,
    r.bandwidth ? `${r.bandwidth} Mbit/s` : undefined,
    [r.chargeType, r.internetChargeType].filter(Boolean).join(' / ') || undefined,
    r.isp,
  ].filter(Boolean);
  let detail = facts.join(' · ');
  if (r.kind === 'eip' && r.status === 'InUse') detail += ` · in use by ${r.attachedTo ?? 'another resource'}, one EIP serves one instance`;
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
  if (kind && !isResourceId(kind, id)) throw new AccountError('Malformed', `"${plainLabel(id).slice(0, 80)}" is not a valid ${KIND_NOUN[kind]} ID; nothing was inserted.`);
  const m = /(["'])\$\{id\}\1/.exec(template);
  if (!m || template.split('${id}').length !== 2) throw new AccountError('Malformed', 'The pick command has no quoted ${id} placeholder; nothing was inserted.');
  return template.slice(0, m.index) + quote(id, m[1] as '"' | "'") + template.slice(m.index + m[0].length);
}

/** Paging ends when the pages hold `total` items, a page is empty, or (a service that never ends) after 1000 pages. */
function lastPage(seen: number, onPage: number, total: number, page: number): boolean {
  return seen >= total || onPage === 0 || page >= 1000;
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
  const sourceKey = options.credentials
    ? `static:${maskKeyId(options.credentials.accessKeyId)}`
    : `chain:${options.profile?.trim() || ''}:${options.useEcsMetadata ? 'imds' : ''}`;
  const prefix = `${sourceKey}|${protocol}://${endpoint ?? ''}|${regionId}|`;
  const client = new Vpc(
    new $OpenApiUtil.Config({
      credential: new Credential(null, chain),
      regionId,
      endpoint,
      protocol,
      readTimeout: readTimeoutMs,
      connectTimeout: connectTimeoutMs,
      userAgent: 'vscode-eci-annotations/0.1',
    }),
  );
  // The host the SDK will really call (it pastes the region into it): checked here, before anything is sent.
  const host = String((client as unknown as { _endpoint?: unknown })._endpoint ?? '');
  const badHost = hostProblem(host, endpoint);
  if (badHost) {
    chain.dispose();
    throw new AccountError('Config', badHost);
  }
  const getClient = (): Vpc => client;
  const runtime = () => new $dara.RuntimeOptions({ readTimeout: readTimeoutMs, connectTimeout: connectTimeoutMs });

  const gate = (action: string) => {
    if (options.allowNetwork && !options.allowNetwork()) {
      throw new AccountError(
        'Disabled',
        'Alibaba Cloud account features are off: the workspace is not trusted or eciAnnotations.account.enabled is false. Trust the workspace and enable the setting to list resources.',
        { action },
      );
    }
  };

  const errCtx = (action: string, tries: number): ErrContext => ({
    action,
    regionId,
    host,
    attempts: tries,
    readTimeoutMs,
    proxy: agentFor(`${protocol}://${host}/`) ? proxyShown() : undefined,
    keyId: chain.last?.accessKeyId,
    source: chain.last ? chain.steps.find((s) => s.name === chain.last?.step)?.label : undefined,
  });

  /** One API call with gate, credential check, throttling retry, cancellation and error mapping. */
  async function call<T>(action: string, signal: AbortSignal | undefined, fn: (c: Vpc) => Promise<T>): Promise<T> {
    let tries = 0;
    for (;;) {
      if (signal?.aborted) throw cancelled();
      gate(action);
      tries++;
      const started = Date.now();
      try {
        await abortable(chain.getCredentials(), signal);
        const result = await abortable(fn(getClient()), signal);
        log(`${action} ${regionId} ok in ${Date.now() - started} ms`);
        return result;
      } catch (err) {
        if (isCancelled(err)) {
          log(`${action} ${regionId} cancelled`);
          throw err;
        }
        const e = err as SdkError;
        const throttled = typeof e?.code === 'string' && /Throttling/.test(e.code);
        log(`${action} ${regionId} failed in ${Date.now() - started} ms (attempt ${tries}/${attempts}): ${e?.name ?? 'Error'} ${e?.code ?? ''} ${String(e?.message ?? e).slice(0, 300)}`);
        if (throttled && tries < attempts) {
          const ra = (e as { retryAfter?: unknown }).retryAfter;
          const retryAfter = typeof ra === 'number' && Number.isFinite(ra) && ra >= 0 ? ra : undefined;
          const delay = Math.min(maxDelayMs, retryAfter ?? baseDelayMs * 2 ** (tries - 1));
          log(`${action} throttled (${e.code}); retrying in ${delay} ms`);
          await sleep(delay, signal);
          continue;
        }
        throw toAccountError(err, errCtx(action, tries));
      }
    }
  }

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
        if (!body || typeof body.totalCount !== 'number' || !Array.isArray(items)) throw malformed(action, host, 'missing TotalCount or EipAddresses.EipAddress');
        for (const it of items as EipItem[]) {
          if (!isResourceId('eip', it.allocationId)) throw malformed(action, host, 'an AllocationId that is not an EIP ID');
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
            attachedTo: it.status === 'InUse' && it.instanceId ? `${it.instanceType ?? ''} ${it.instanceId}`.trim() : undefined,
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
      if (!body || typeof body.totalCount !== 'number' || !Array.isArray(items)) throw malformed(action, host, 'missing TotalCount or CommonBandwidthPackages.CommonBandwidthPackage');
      for (const it of items) {
        if (!isResourceId('bandwidthPackage', it.bandwidthPackageId)) throw malformed(action, host, 'a BandwidthPackageId that is not a bandwidth package ID');
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
      if (!body) throw malformed(action, host, 'an empty body');
      // An account without pools may leave the list out entirely (Terraform's reader tolerates it when TotalCount is 0).
      const items = body.publicIpAddressPoolList ?? (body.totalCount === undefined || body.totalCount === 0 ? [] : undefined);
      if (!Array.isArray(items)) throw malformed(action, host, 'missing PublicIpAddressPoolList');
      for (const it of items) {
        if (!isResourceId('ipPool', it.publicIpAddressPoolId)) throw malformed(action, host, 'a PublicIpAddressPoolId that is not an IP pool ID');
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
      if (body.nextToken === token) throw malformed(action, host, 'NextToken did not advance');
      nextToken = body.nextToken;
    }
    return out;
  }

  async function fetchRegions(signal: AbortSignal): Promise<Region[]> {
    const action = ACTIONS.regions;
    const res = await call(action, signal, (c) => c.describeRegionsWithOptions(new $Vpc.DescribeRegionsRequest({ acceptLanguage: 'en-US' }), runtime()));
    const items = res.body?.regions?.region;
    if (!Array.isArray(items)) throw malformed(action, host, 'missing Regions.Region');
    return items
      .filter((r) => r.regionId)
      .map((r) => ({ id: String(r.regionId), name: str(r.localName) ?? String(r.regionId), endpoint: str(r.regionEndpoint) }));
  }

  const account: VpcAccount = {
    regionId,
    host,
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

/** The provider the CLI-profile step builds for `profile` (tests check what it passes to STS). */
export function cliProfileProviderForTest(profile: string, useEcsMetadata = false): unknown {
  return cliProfileProvider(profile, useEcsMetadata);
}

/**
 * The credential chain: SecretStorage keys, or the `@alicloud/credentials` default chain's steps in its order, with
 * the extension's rules (ECS metadata only when allowed, ExternalId for RamRoleArn profiles, named unsupported modes).
 * No `vscode`.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  CLIProfileCredentialsProvider,
  ECSRAMRoleCredentialsProvider,
  OIDCRoleArnCredentialsProvider,
  ProfileCredentialsProvider,
  RAMRoleARNCredentialsProvider,
  StaticAKCredentialsProvider,
  StaticSTSCredentialsProvider,
  URICredentialsProvider,
} from '@alicloud/credentials';
import { remember, scrub } from './secrets';
import { isRegionId } from './trust';
import { l10n } from '../l10n';

/** Static keys, e.g. from VS Code SecretStorage. */
export interface StaticKeys {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

/** What the chain is built from. */
export interface ChainOptions {
  /** Static keys win over the chain when given. */
  credentials?: StaticKeys;
  /** CLI / INI profile; empty = the default chain. */
  profile?: string;
  /** Allow the ECS instance metadata service (the last step, and EcsRamRole / ecs_ram_role profiles). */
  useEcsMetadata?: boolean;
}

export interface Creds {
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
  if (/reading aliyun cli config/.test(m)) return l10n.t('{0}: file not found', step.label);
  if (/parse aliyun cli config/.test(m)) return l10n.t('{0}: not valid JSON', step.label);
  if (/no any configured profiles/.test(m)) return l10n.t('{0}: no profiles', step.label);
  const profile = /unable to get profile with '([^']*)'/.exec(m);
  if (profile) return l10n.t('{0}: no profile "{1}"', step.label, profile[1]);
  if (/ENOENT|no such file/i.test(m)) return l10n.t('{0}: file not found', step.label);
  if (/Can not find credential type for "([^"]*)"/.test(m)) return l10n.t('{0}: no section [{1}]', step.label, /"([^"]*)"/.exec(m)?.[1] ?? '');
  if (err instanceof StepSkipped) return `${step.label}: ${m}`;
  if (/enviroment variables|environment variable/i.test(m)) return l10n.t('{0}: not set', step.label);
  return `${step.label}: ${scrub(m).split('\n')[0].slice(0, 160)}`;
}

export class NoCredentialsError extends Error {
  constructor(readonly reasons: string[]) {
    super('no credentials');
  }
}

/** First step that yields credentials wins and is remembered (reset after a failure). */
export class ChainProvider implements Provider {
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

export function cliProfileName(profile: string | undefined): string | undefined {
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
    if (v && isRegionId(v)) return { region: v, from: l10n.t('environment variable {0}', name) };
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
const UNSUPPORTED_CLI_MODES: Record<string, () => string> = {
  CredentialsURI: () => l10n.t('set ALIBABA_CLOUD_CREDENTIALS_URI to the same URI instead'),
  BearerToken: () => l10n.t('the VPC API does not take bearer tokens; use an AK, StsToken or RamRoleArn profile'),
  RsaKeyPair: () => l10n.t('the mode is deprecated; use an AK or RamRoleArn profile'),
  RamRoleArnWithRoleName: () => l10n.t('the mode is deprecated; use a RamRoleArn profile'),
  Anonymous: () => l10n.t('signed calls need credentials; use an AK, StsToken or RamRoleArn profile'),
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
  if (p?.mode && UNSUPPORTED_CLI_MODES[p.mode])
    throw new StepSkipped(l10n.t('profile "{0}" uses mode {1}, which this extension does not support: {2}', name ?? '', p.mode, UNSUPPORTED_CLI_MODES[p.mode]()));
  if (p?.mode === 'EcsRamRole' && !useEcsMetadata)
    throw new StepSkipped(
      l10n.t('profile "{0}" uses mode EcsRamRole (ECS instance metadata); turn on eciAnnotations.account.useEcsMetadata in your user settings to use it', name ?? ''),
    );
  if (p && (p.mode === 'RamRoleArn' || p.mode === 'ChainableRamRoleArn') && p.external_id) {
    const source: Provider =
      p.mode === 'RamRoleArn'
        ? StaticAKCredentialsProvider.builder()
            .withAccessKeyId(String(p.access_key_id ?? ''))
            .withAccessKeySecret(String(p.access_key_secret ?? ''))
            .build()
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
export function buildChain(o: ChainOptions): ChainProvider {
  const steps: ChainStep[] = [];
  if (o.credentials) {
    const keys = { ...o.credentials };
    remember(keys.accessKeySecret, keys.accessKeyId, keys.securityToken);
    steps.push({
      name: 'static',
      label: l10n.t('AccessKey stored in VS Code'),
      build: () =>
        keys.securityToken
          ? StaticSTSCredentialsProvider.builder()
              .withAccessKeyId(keys.accessKeyId.trim())
              .withAccessKeySecret(keys.accessKeySecret.trim())
              .withSecurityToken(keys.securityToken.trim())
              .build()
          : StaticAKCredentialsProvider.builder().withAccessKeyId(keys.accessKeyId.trim()).withAccessKeySecret(keys.accessKeySecret.trim()).build(),
    });
    return new ChainProvider(steps, []);
  }
  const profile = o.profile?.trim() || undefined;
  const useImds = o.useEcsMetadata === true;
  const skipped: string[] = [];
  if (profile) {
    if (envKeys()) skipped.push(l10n.t('environment variables {0}ACCESS_KEY_ID/SECRET (eciAnnotations.account.profile is set)', envKeys()?.prefix ?? ''));
    if (process.env.ALIBABA_CLOUD_ROLE_ARN && process.env.ALIBABA_CLOUD_OIDC_TOKEN_FILE) skipped.push(l10n.t('OIDC role from the environment (eciAnnotations.account.profile is set)'));
    if (process.env.ALIBABA_CLOUD_CREDENTIALS_URI) skipped.push(l10n.t('ALIBABA_CLOUD_CREDENTIALS_URI (eciAnnotations.account.profile is set)'));
  } else {
    steps.push({
      name: 'env',
      label: l10n.t('environment variables ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET (or ALIBABACLOUD_*, ALICLOUD_*)'),
      build: () => {
        const k = envKeys();
        if (!k) throw new StepSkipped(l10n.t('not set'));
        const provider = k.token
          ? StaticSTSCredentialsProvider.builder().withAccessKeyId(k.id).withAccessKeySecret(k.secret).withSecurityToken(k.token).build()
          : StaticAKCredentialsProvider.builder().withAccessKeyId(k.id).withAccessKeySecret(k.secret).build();
        return { getCredentials: () => provider.getCredentials(), getProviderName: () => `env/${provider.getProviderName()}` };
      },
    });
    steps.push({
      name: 'oidc_role_arn',
      label: l10n.t('OIDC role from ALIBABA_CLOUD_ROLE_ARN / ALIBABA_CLOUD_OIDC_PROVIDER_ARN / ALIBABA_CLOUD_OIDC_TOKEN_FILE'),
      build: () => {
        if (!process.env.ALIBABA_CLOUD_ROLE_ARN || !process.env.ALIBABA_CLOUD_OIDC_PROVIDER_ARN || !process.env.ALIBABA_CLOUD_OIDC_TOKEN_FILE) throw new StepSkipped(l10n.t('not set'));
        return OIDCRoleArnCredentialsProvider.builder().build();
      },
    });
  }
  steps.push({
    name: 'cli_profile',
    label: profile ? l10n.t('aliyun CLI profile "{0}" in ~/.aliyun/config.json', profile) : l10n.t('aliyun CLI profile in ~/.aliyun/config.json'),
    build: () => {
      if (process.env.ALIBABA_CLOUD_CLI_PROFILE_DISABLED?.toLowerCase() === 'true') throw new StepSkipped(l10n.t('disabled by ALIBABA_CLOUD_CLI_PROFILE_DISABLED'));
      return cliProfileProvider(profile, useImds);
    },
  });
  steps.push({
    name: 'profile',
    label: `~/.alibabacloud/credentials${profile ? ` [${profile}]` : ''}`,
    build: () => {
      const type = iniType(profile);
      if (type === 'ecs_ram_role' && !useImds)
        throw new StepSkipped(l10n.t('type ecs_ram_role uses the ECS instance metadata; turn on eciAnnotations.account.useEcsMetadata in your user settings to use it'));
      if (type && !['access_key', 'ram_role_arn', 'ecs_ram_role'].includes(type))
        throw new StepSkipped(l10n.t('type {0} is not supported here; use access_key or ram_role_arn, or an aliyun CLI profile', type));
      const b = ProfileCredentialsProvider.builder();
      return (profile ? b.withProfileName(profile) : b).build();
    },
  });
  if (useImds) {
    steps.push({
      name: 'ecs_ram_role',
      label: l10n.t('ECS instance metadata (RAM role)'),
      build: () =>
        ECSRAMRoleCredentialsProvider.builder()
          .withRoleName(process.env.ALIBABA_CLOUD_ECS_METADATA ?? '')
          .withAsyncCredentialUpdateEnabled(false)
          .build(),
    });
  }
  if (!profile && process.env.ALIBABA_CLOUD_CREDENTIALS_URI) {
    steps.push({ name: 'credentials_uri', label: 'ALIBABA_CLOUD_CREDENTIALS_URI', build: () => URICredentialsProvider.builder().build() });
  }
  return new ChainProvider(steps, skipped);
}

/** The provider the CLI-profile step builds for `profile` (tests check what it passes to STS). */
export function cliProfileProviderForTest(profile: string, useEcsMetadata = false): unknown {
  return cliProfileProvider(profile, useEcsMetadata);
}

/**
 * Account features on the client side: commands, QuickPick, status bar, SecretStorage, workspace-trust gate, and the
 * `eci/listAccountResources` handler the server calls. The SDK module (`./vpc`, bundled as `dist/account-vpc.js`) is
 * loaded on first use only.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DidChangeConfigurationNotification, NotificationType, RequestType, State, type LanguageClient } from 'vscode-languageclient/node';
import {
  AccountStateChanged,
  DescribeSecurityGroups,
  DescribeVpcNetwork,
  DescribeVSwitches,
  ListAccountResources,
  PickResourceCommand,
  type AccountStateParams,
  type DescribeSecurityGroupsParams,
  type DescribeSecurityGroupsResult,
  type DescribeVpcNetworkParams,
  type DescribeVpcNetworkResult,
  type DescribeVSwitchesParams,
  type DescribeVSwitchesResult,
  type ListAccountResourcesParams,
  type ListAccountResourcesResult,
  type PickResourceArgs,
} from '../../../server/src/protocol';
import type { AccountResource } from '../../../server/src/service/account';
import type { AccountResourceKind, NetworkPickKind, PickKind } from '../../../server/src/service/catalogue/types';
import type { SecurityGroupFacts, VpcNetworkFacts, VSwitchFacts } from '../../../server/src/service/account';
import type { ResourceCache, VpcAccount } from './vpc';
import { isNetworkId, proxyFrom, resolveSettings, sourceInWords, type EffectiveSettings, type Inspected, type PendingConfirmation } from './trust';

type VpcModule = typeof import('./vpc');

const SECTION = 'eciAnnotations.account';
const SECRET_KEY = 'eciAnnotations.account.accessKey';
const KINDS: readonly AccountResourceKind[] = ['eip', 'bandwidthPackage', 'ipPool'];
const NETWORK_KINDS: readonly NetworkPickKind[] = ['vSwitch', 'securityGroup'];
const CREDENTIAL_CODES = new Set(['NoCredentials', 'InvalidAccessKey', 'SignatureMismatch', 'ExpiredToken']);

export const Commands = {
  pickResource: PickResourceCommand,
  selectRegion: 'eciAnnotations.selectRegion',
  storeAccessKey: 'eciAnnotations.storeAccessKey',
  clearAccessKey: 'eciAnnotations.clearAccessKey',
  refresh: 'eciAnnotations.refreshAccountResources',
  showAccount: 'eciAnnotations.showAccount',
} as const;

type Settings = EffectiveSettings;

/** workspaceState / globalState keys of the values the user confirmed (see trust.ts). */
const CONFIRMED_WORKSPACE = 'eciAnnotations.account.confirmed';
const CONFIRMED_GLOBAL = 'eciAnnotations.account.confirmedRemote';

interface StoredKeys {
  accessKeyId: string;
  accessKeySecret: string;
  /** STS security token, for temporary keys. */
  securityToken?: string;
}

interface ResourceItem extends vscode.QuickPickItem {
  resource?: AccountResource;
  action?: 'region';
}

const listRequest = new RequestType<ListAccountResourcesParams, ListAccountResourcesResult, void>(ListAccountResources);
const vSwitchesRequest = new RequestType<DescribeVSwitchesParams, DescribeVSwitchesResult, void>(DescribeVSwitches);
const vpcNetworkRequest = new RequestType<DescribeVpcNetworkParams, DescribeVpcNetworkResult, void>(DescribeVpcNetwork);
const securityGroupsRequest = new RequestType<DescribeSecurityGroupsParams, DescribeSecurityGroupsResult, void>(DescribeSecurityGroups);

/** User-facing texts of the account requests the server makes (one place, for translation). */
const REQUEST_TEXT = {
  untrusted: () => vscode.l10n.t('Alibaba Cloud account features need a trusted workspace.'),
  disabled: () => vscode.l10n.t('Alibaba Cloud account features are off ({0}).', `${SECTION}.enabled`),
  internetOff: () => vscode.l10n.t('The Internet-access check is off ({0}), so the NAT gateways and routes of the account are not read.', `${SECTION}.checkInternet`),
  checksOff: () =>
    vscode.l10n.t(
      'Neither the Internet-access check ({0}) nor the existence check ({1}) is on, so the network of the account is not read.',
      `${SECTION}.checkInternet`,
      `${SECTION}.checkExistence`,
    ),
  reading: () => vscode.l10n.t('ECI: reading Alibaba Cloud account…'),
  badParams: () => vscode.l10n.t('The request names no valid vSwitch, security group or VPC ID.'),
} as const;

/** The resource pickers' words for each kind (whole sentences, so each language words its own plurals). */
const KIND_TEXT: Record<
  AccountResourceKind,
  { title: (region: string) => string; loading: () => string; listing: (region: string) => string; none: (region: string) => string; count: (n: number, free: number) => string }
> = {
  eip: {
    title: (region) => vscode.l10n.t('Pick an EIP ({0})', region),
    loading: () => vscode.l10n.t('Loading EIPs from your Alibaba Cloud account…'),
    listing: (region) => vscode.l10n.t('Listing EIPs in {0}…', region),
    none: (region) => vscode.l10n.t('No EIPs in {0}.', region),
    count: (n, free) => vscode.l10n.t('{0} EIPs, {1} available — type to filter by ID, IP, name, status…', n, free),
  },
  bandwidthPackage: {
    title: (region) => vscode.l10n.t('Pick a shared bandwidth package ({0})', region),
    loading: () => vscode.l10n.t('Loading shared bandwidth packages from your Alibaba Cloud account…'),
    listing: (region) => vscode.l10n.t('Listing shared bandwidth packages in {0}…', region),
    none: (region) => vscode.l10n.t('No shared bandwidth packages in {0}.', region),
    count: (n) => vscode.l10n.t('{0} shared bandwidth packages — type to filter', n),
  },
  ipPool: {
    title: (region) => vscode.l10n.t('Pick an IP address pool ({0})', region),
    loading: () => vscode.l10n.t('Loading IP address pools from your Alibaba Cloud account…'),
    listing: (region) => vscode.l10n.t('Listing IP address pools in {0}…', region),
    none: (region) => vscode.l10n.t('No IP address pools in {0}.', region),
    count: (n) => vscode.l10n.t('{0} IP address pools — type to filter', n),
  },
};
const stateNotification = new NotificationType<AccountStateParams>(AccountStateChanged);

const warnedNotes = new Set<string>();
let stateStore: { workspace: vscode.Memento; global: vscode.Memento } | undefined;

/** Values the user confirmed: per workspace (profile, existence check) and per machine (remote-window overrides). */
function confirmedKeys(): Set<string> {
  const ws = stateStore?.workspace.get<string[]>(CONFIRMED_WORKSPACE) ?? [];
  const global = stateStore?.global.get<string[]>(CONFIRMED_GLOBAL) ?? [];
  return new Set([...ws, ...global]);
}

/**
 * The account settings to use, decided per setting by `resolveSettings` (trust.ts): what a workspace may set, what
 * needs the user's confirmation first, and the user-only (application-scope) endpoint, protocol and IMDS switch.
 */
function readSettings(log?: vscode.LogOutputChannel): Settings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const i = <T>(key: string): Inspected<T> | undefined => c.inspect<T>(key);
  const s = resolveSettings({
    enabled: i('enabled'),
    region: i('region'),
    profile: i('profile'),
    checkExistence: i('checkExistence'),
    checkInternet: i('checkInternet'),
    cacheTtlSeconds: i('cacheTtlSeconds'),
    endpoint: i('endpoint'),
    ecsEndpoint: i('ecsEndpoint'),
    protocol: i('protocol'),
    useEcsMetadata: i('useEcsMetadata'),
    remoteName: vscode.env.remoteName,
    confirmed: confirmedKeys(),
  });
  for (const note of s.notes) {
    if (log && !warnedNotes.has(note)) {
      warnedNotes.add(note);
      log.warn(note);
    }
  }
  return s;
}

/**
 * An error with the shape of the SDK module's AccountError, for refusals made before the SDK is loaded. `Unconfirmed`:
 * a value waits for the user's answer to a prompt that is already on screen.
 */
function configError(message: string, code: 'Config' | 'Unconfirmed' = 'Config'): Error & { code: string } {
  return Object.assign(new Error(message), { name: 'AccountError', code });
}

/** The user's proxy: VS Code's `http.proxy`/`http.noProxy` from user settings only, then the environment. */
function readProxy(protocol: 'https' | 'http') {
  const h = vscode.workspace.getConfiguration('http');
  const proxy = h.inspect<string>('proxy')?.globalValue;
  const noProxy = h.inspect<string[]>('noProxy')?.globalValue;
  return proxyFrom(typeof proxy === 'string' ? proxy : undefined, Array.isArray(noProxy) ? noProxy : undefined, process.env, protocol);
}

function isKind(v: unknown): v is AccountResourceKind {
  return typeof v === 'string' && (KINDS as readonly string[]).includes(v);
}

function isNetworkKind(v: unknown): v is NetworkPickKind {
  return typeof v === 'string' && (NETWORK_KINDS as readonly string[]).includes(v);
}

function isPickKind(v: unknown): v is PickKind {
  return isKind(v) || isNetworkKind(v);
}

function isPickArgs(a: unknown): a is PickResourceArgs {
  const x = a as PickResourceArgs | undefined;
  const pos = (p: unknown) => typeof (p as { line?: unknown })?.line === 'number' && typeof (p as { character?: unknown })?.character === 'number';
  return (
    !!x &&
    typeof x.uri === 'string' &&
    typeof x.version === 'number' &&
    isPickKind(x.kind) &&
    pos(x.range?.start) &&
    pos(x.range?.end) &&
    typeof x.template === 'string' &&
    x.template.includes('${id}')
  );
}

/** The open vSwitch or security group picker: what it picks, the IDs it lists and those checked, whether it is still loading. */
export interface PickerStatus {
  kind: NetworkPickKind;
  ids: string[];
  selected: string[];
  busy: boolean;
}

/** What the account part exposes to the extension: its disposable, the configuration patch for the server, and a read-only status. */
export interface AccountHandle extends vscode.Disposable {
  /** Replaces the account values the server reads (`enabled`, `checkExistence`, `checkInternet`) by the effective ones. */
  patchConfiguration(section: string | undefined, value: unknown): unknown;
  /** The last problem shown to the user about account calls, and the host calls go to (for tests and other extensions). */
  status(): { problem?: string; host?: string; usable: boolean; pending: string[]; picker?: PickerStatus };
}

/** Registers the account commands, status bar item and LSP handlers; dispose to undo. */
export function activateAccount(context: vscode.ExtensionContext, client: LanguageClient): AccountHandle {
  stateStore = { workspace: context.workspaceState, global: context.globalState };
  const log = vscode.window.createOutputChannel('ECI Annotations: Alibaba Cloud account', { log: true });
  const disposables: vscode.Disposable[] = [log];
  let lastProblem: string | undefined;
  const asked = new Set<string>();
  let vpcPromise: Promise<VpcModule> | undefined;
  let vpcLoaded: VpcModule | undefined;
  let cache: ResourceCache | undefined;
  let account: VpcAccount | undefined;
  let accountKey = '';
  let keysGeneration = 0;
  let hasStoredKeys = false;
  let credentialsBroken = false;
  let lastSent: string | undefined;
  /** The region calls go to, once known (the setting, else the profile's region or cn-hangzhou). */
  let resolvedRegion: string | undefined;
  const toldUser = new Set<string>();
  let openPicker: PickerStatus | undefined;

  /** Loads the SDK module once; this is where its require cost is paid. */
  const loadVpc = (): Promise<VpcModule> =>
    (vpcPromise ??= (async () => {
      const started = Date.now();
      // A separate bundle, so that start-up never parses the SDK.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a bundle of its own, loaded by path at run time
      const m = await Promise.resolve().then(() => require(path.join(__dirname, 'account-vpc.js')) as VpcModule);
      vpcLoaded = m;
      log.info(`Alibaba Cloud SDK loaded in ${Date.now() - started} ms`);
      return m;
    })());

  const readKeys = async (): Promise<StoredKeys | undefined> => {
    const raw = await context.secrets.get(SECRET_KEY);
    if (!raw) return undefined;
    try {
      const k = JSON.parse(raw) as Partial<StoredKeys>;
      if (typeof k.accessKeyId !== 'string' || typeof k.accessKeySecret !== 'string') return undefined;
      return { accessKeyId: k.accessKeyId, accessKeySecret: k.accessKeySecret, ...(typeof k.securityToken === 'string' && k.securityToken ? { securityToken: k.securityToken } : {}) };
    } catch {
      return undefined;
    }
  };

  const featureOn = () => vscode.workspace.isTrusted && readSettings().enabled;
  const usable = () => featureOn() && !credentialsBroken;

  /** After a confirmation: the server reads its settings again and the account is rebuilt on the next call. */
  const settingsChanged = (): void => {
    credentialsBroken = false;
    stateChanged();
    if (client.state === State.Running) client.sendNotification(DidChangeConfigurationNotification.type, { settings: null }).catch(() => undefined);
  };

  /**
   * Asks once per session for each value that waits for the user's confirmation (a workspace's profile or
   * existence check, a remote window's endpoint override); a yes is remembered. Resolves when every question is
   * answered when `wait` is set, else at once.
   */
  const askPending = async (pending: readonly PendingConfirmation[], wait: boolean): Promise<void> => {
    const questions = pending.filter((p) => !asked.has(p.key));
    const runs = questions.map(async (p) => {
      asked.add(p.key);
      const choice = await vscode.window.showWarningMessage(p.question, p.accept, vscode.l10n.t('Not Now'));
      if (choice !== p.accept) {
        log.info(`Not confirmed: ${p.setting} = ${JSON.stringify(p.value)}`);
        return;
      }
      const [store, key] = p.store === 'workspace' ? [context.workspaceState, CONFIRMED_WORKSPACE] : [context.globalState, CONFIRMED_GLOBAL];
      const list = store.get<string[]>(key) ?? [];
      if (!list.includes(p.key)) await store.update(key, [...list, p.key]);
      log.info(`Confirmed: ${p.setting} = ${JSON.stringify(p.value)}`);
      settingsChanged();
    });
    if (wait) await Promise.all(runs);
  };

  const getAccount = async (interactive = false): Promise<{ vpc: VpcModule; account: VpcAccount; settings: Settings }> => {
    let s = readSettings(log);
    if (s.pending.length) {
      await askPending(s.pending, interactive);
      s = readSettings(log);
    }
    if (s.regionProblem) throw configError(s.regionProblem);
    if (s.blocked) throw configError(s.blocked, 'Unconfirmed');
    const vpc = await loadVpc();
    cache ??= new vpc.ResourceCache();
    if (!s.region) s = { ...s, region: vpc.defaultRegion(s.profile)?.region ?? 'cn-hangzhou' };
    const keys = await readKeys();
    const proxy = readProxy(s.protocol);
    const key = JSON.stringify([
      s.region,
      s.profile,
      s.useEcsMetadata,
      s.endpoint,
      s.ecsEndpoint,
      s.protocol,
      s.cacheTtlSeconds,
      proxy,
      keysGeneration,
      keys ? Object.keys(keys) : null,
    ]);
    if (!account || key !== accountKey) {
      account?.dispose();
      account = undefined;
      account = vpc.createVpcAccount({
        regionId: s.region,
        profile: s.profile,
        credentials: keys,
        useEcsMetadata: s.useEcsMetadata,
        endpoint: s.endpoint || undefined,
        ecsEndpoint: s.ecsEndpoint || undefined,
        protocol: s.protocol,
        proxy,
        readTimeoutMs: 10_000,
        connectTimeoutMs: 5_000,
        cacheTtlMs: s.cacheTtlSeconds * 1000,
        cache,
        allowNetwork: featureOn,
        log: (line) => log.info(line),
      });
      accountKey = key;
      log.info(
        `Account calls go to ${s.protocol}://${account.host}${s.endpoint ? ' (your endpoint override)' : ''}, security groups to ${account.ecsHost || 'nowhere (the ECS override is not a host name)'}${proxy.url ? ', through your proxy' : ''}.`,
      );
    }
    if (resolvedRegion !== s.region) {
      resolvedRegion = s.region;
      sendState();
    }
    return { vpc, account, settings: s };
  };

  const messageOf = (err: unknown): string => {
    if (err && typeof err === 'object' && (err as Error).name === 'AccountError') return (err as Error).message;
    const text = err instanceof Error ? err.message : String(err);
    const message = vscode.l10n.t('Account call failed: {0}', text);
    return vpcLoaded ? vpcLoaded.scrub(message) : message;
  };
  const codeOf = (err: unknown): string => (err && typeof err === 'object' && typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : '');

  /** Tells the server whether account features are usable, and whether it may ask for network facts (checkInternet). */
  const sendState = (force = false): void => {
    if (client.state !== State.Running) return;
    const connected = usable();
    const s = readSettings();
    const params: AccountStateParams = { connected, network: connected && (s.checkInternet || s.checkExistence) && !s.regionProblem, region: s.region || resolvedRegion || undefined };
    const key = JSON.stringify(params);
    if (!force && key === lastSent) return;
    lastSent = key;
    client.sendNotification(stateNotification, params).catch((e: unknown) => log.warn(`Could not send ${AccountStateChanged}: ${messageOf(e)}`));
  };

  const noteFailure = (err: unknown): void => {
    if (CREDENTIAL_CODES.has(codeOf(err))) {
      credentialsBroken = true;
      sendState();
    }
  };

  const showAccountError = async (err: unknown): Promise<void> => {
    const code = codeOf(err);
    if (code === 'Cancelled') return;
    lastProblem = messageOf(err);
    const actions: string[] = [];
    if (code === 'ExpiredToken') actions.push(vscode.l10n.t('Enter New Token…'));
    else if (CREDENTIAL_CODES.has(code)) actions.push(vscode.l10n.t('Store AccessKey…'));
    if (code === 'Network' || code === 'Config') actions.push(vscode.l10n.t('Select Region…'));
    if (code === 'Disabled' && !vscode.workspace.isTrusted) actions.push(vscode.l10n.t('Manage Workspace Trust'));
    actions.push(vscode.l10n.t('Show Log'));
    const choice = await vscode.window.showErrorMessage(messageOf(err), ...actions);
    if (choice === vscode.l10n.t('Store AccessKey…') || choice === vscode.l10n.t('Enter New Token…')) await vscode.commands.executeCommand(Commands.storeAccessKey);
    else if (choice === vscode.l10n.t('Select Region…')) await vscode.commands.executeCommand(Commands.selectRegion);
    else if (choice === vscode.l10n.t('Manage Workspace Trust')) await vscode.commands.executeCommand('workbench.trust.manage');
    else if (choice === vscode.l10n.t('Show Log')) log.show(true);
  };

  /** Refuses (with a message) when the workspace is untrusted or the feature is off. */
  const ensureAllowed = async (): Promise<boolean> => {
    if (!vscode.workspace.isTrusted) {
      const c = await vscode.window.showWarningMessage(
        vscode.l10n.t('ECI Annotations calls your Alibaba Cloud account only in a trusted workspace.'),
        vscode.l10n.t('Manage Workspace Trust'),
      );
      if (c) await vscode.commands.executeCommand('workbench.trust.manage');
      return false;
    }
    if (!readSettings().enabled) {
      const c = await vscode.window.showWarningMessage(vscode.l10n.t('Alibaba Cloud account features are off ({0}).', `${SECTION}.enabled`), vscode.l10n.t('Open Settings'));
      if (c) await vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.enabled`);
      return false;
    }
    return true;
  };

  // ------------------------------------------------------------------------------------------------------------
  // Status bar

  const status = vscode.window.createStatusBarItem('eciAnnotations.account', vscode.StatusBarAlignment.Right, 100);
  status.name = 'ECI Annotations: Alibaba Cloud account';
  status.command = Commands.showAccount;
  disposables.push(status);
  let picked = false;
  /** Account features matter in a YAML file with ECI annotations, or once the user picked a resource. */
  const relevant = (doc: vscode.TextDocument | undefined): boolean => !!doc && doc.languageId === 'yaml' && (picked || /k8s\.aliyun\.com\/(eci-|eip-)/.test(doc.getText()));
  const updateStatus = (): void => {
    const s = readSettings();
    if (!relevant(vscode.window.activeTextEditor?.document) || !vscode.workspace.isTrusted || !s.enabled) {
      status.hide();
      return;
    }
    const who = hasStoredKeys ? vscode.l10n.t('saved key') : s.profile || vscode.l10n.t('default');
    status.text = `$(cloud) ECI: ${who} · ${s.region || vscode.l10n.t('default region')}`;
    status.tooltip = [
      vscode.l10n.t('Alibaba Cloud account used to pick EIPs, bandwidth packages and IP pools.'),
      vscode.l10n.t(
        'Credentials: {0} · Region: {1}',
        hasStoredKeys ? vscode.l10n.t('AccessKey saved in VS Code') : s.profile ? vscode.l10n.t('profile "{0}"', s.profile) : vscode.l10n.t('default chain'),
        s.region || vscode.l10n.t('default'),
      ),
      ...(credentialsBroken ? [vscode.l10n.t('Last call failed: credentials need attention.')] : []),
      ...(s.regionProblem ? [vscode.l10n.t('The region setting is not a region ID: nothing is sent.')] : []),
      vscode.l10n.t('Click for details.'),
    ].join('\n');
    status.backgroundColor = credentialsBroken || s.regionProblem || s.blocked ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    status.show();
  };
  const refreshStoredFlag = async (): Promise<void> => {
    hasStoredKeys = !!(await readKeys());
    updateStatus();
  };

  const stateChanged = (): void => {
    updateStatus();
    sendState();
  };

  // ------------------------------------------------------------------------------------------------------------
  // Server requests

  /**
   * Answers one server request under the trust rules: a trusted workspace, account features on, and for the network
   * facts the Internet-access check on (the user's setting, or a workspace value the user confirmed). Cancellation
   * aborts the calls; the first failure of each kind is shown to the user once.
   */
  const serve = async <T extends { ok: true }>(
    what: string,
    token: vscode.CancellationToken,
    network: 'none' | 'resources' | 'internet',
    fn: (acc: VpcAccount, signal: AbortSignal) => Promise<T>,
  ): Promise<T | { ok: false; message: string }> => {
    if (!vscode.workspace.isTrusted) return { ok: false, message: REQUEST_TEXT.untrusted() };
    const s = readSettings();
    if (!s.enabled) return { ok: false, message: REQUEST_TEXT.disabled() };
    if (network === 'internet' && !s.checkInternet) return { ok: false, message: REQUEST_TEXT.internetOff() };
    if (network === 'resources' && !s.checkInternet && !s.checkExistence) return { ok: false, message: REQUEST_TEXT.checksOff() };
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    try {
      const { account: acc } = await getAccount();
      lastProblem = undefined;
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: REQUEST_TEXT.reading() }, () => fn(acc, controller.signal));
      log.info(`${what}: answered`);
      if (credentialsBroken) {
        credentialsBroken = false;
        stateChanged();
      }
      return result;
    } catch (err) {
      const code = codeOf(err);
      if (code !== 'Cancelled') {
        lastProblem = messageOf(err);
        log.warn(`${what}: ${lastProblem}`);
      }
      noteFailure(err);
      // A value waiting for confirmation is not an error to show: its question is on screen (or was answered "Not Now").
      if (code && code !== 'Cancelled' && code !== 'Unconfirmed' && !toldUser.has(code)) {
        toldUser.add(code);
        void showAccountError(err);
      }
      updateStatus();
      return { ok: false, message: messageOf(err) };
    } finally {
      sub.dispose();
    }
  };

  disposables.push(
    client.onRequest(listRequest, (params, token): Promise<ListAccountResourcesResult> => {
      if (!isKind(params?.kind)) return Promise.resolve({ ok: false, message: `Unknown account resource kind: ${String(params?.kind)}` });
      return serve(`${ListAccountResources} ${params.kind}`, token, 'none', async (acc, signal) => ({ ok: true, resources: await acc.list(params.kind, { signal }) }));
    }),
    client.onRequest(vSwitchesRequest, (params, token): Promise<DescribeVSwitchesResult> => {
      const ids = Array.isArray(params?.vSwitchIds) ? params.vSwitchIds.filter((id): id is string => typeof id === 'string').slice(0, 50) : [];
      if (ids.length === 0) return Promise.resolve({ ok: false, message: REQUEST_TEXT.badParams() });
      return serve(DescribeVSwitches, token, 'resources', async (acc, signal) => ({ ok: true, vSwitches: await acc.vSwitches(ids, { signal }) }));
    }),
    client.onRequest(vpcNetworkRequest, (params, token): Promise<DescribeVpcNetworkResult> => {
      if (typeof params?.vpcId !== 'string') return Promise.resolve({ ok: false, message: REQUEST_TEXT.badParams() });
      return serve(DescribeVpcNetwork, token, 'internet', async (acc, signal) => ({ ok: true, network: await acc.vpcNetwork(params.vpcId, { signal }) }));
    }),
    client.onRequest(securityGroupsRequest, (params, token): Promise<DescribeSecurityGroupsResult> => {
      const ids = Array.isArray(params?.securityGroupIds) ? params.securityGroupIds.filter((id): id is string => typeof id === 'string').slice(0, 50) : [];
      if (ids.length === 0) return Promise.resolve({ ok: false, message: REQUEST_TEXT.badParams() });
      return serve(DescribeSecurityGroups, token, 'resources', async (acc, signal) => {
        const wanted = new Set(ids);
        return { ok: true, securityGroups: (await acc.listSecurityGroups({ signal })).filter((g) => wanted.has(g.id)) };
      });
    }),
    client.onDidChangeState((e) => {
      if (e.newState === State.Running) {
        lastSent = undefined;
        sendState();
      }
    }),
  );

  // ------------------------------------------------------------------------------------------------------------
  // QuickPick

  /** Shows the resources of `kind` in a QuickPick with progress; resolves with the choice or undefined. */
  const pickFromAccount = (kind: AccountResourceKind, vpc: VpcModule, region: string): Promise<AccountResource | undefined> => {
    const words = KIND_TEXT[kind];
    const qp = vscode.window.createQuickPick<ResourceItem>();
    const refreshButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('refresh'), tooltip: vscode.l10n.t('Refresh from the account') };
    qp.title = words.title(region);
    qp.placeholder = words.loading();
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    qp.canSelectMany = false;
    qp.buttons = [refreshButton];
    const controller = new AbortController();
    let loading = false;

    const toItems = (list: readonly AccountResource[]): ResourceItem[] => {
      const items: ResourceItem[] = [];
      let group = '';
      for (const r of list) {
        const t = vpc.pickItemText(r);
        const g = kind === 'eip' ? (r.status === 'Available' ? vscode.l10n.t('Available') : vscode.l10n.t('Not available (one EIP serves one instance)')) : '';
        if (g && g !== group) items.push({ label: g, kind: vscode.QuickPickItemKind.Separator });
        group = g;
        items.push({ label: t.label, description: t.description, detail: t.detail, resource: r });
      }
      if (items.length === 0) items.push({ label: `$(globe) ${vscode.l10n.t('Select another region…')}`, detail: words.none(region), action: 'region' });
      return items;
    };

    const load = async (refresh: boolean): Promise<void> => {
      if (loading) return;
      loading = true;
      qp.busy = true;
      let notify: NodeJS.Timeout | undefined;
      let finishProgress: (() => void) | undefined;
      try {
        const { account: acc } = await getAccount();
        if (refresh) acc.refresh(kind);
        const listing = acc.list(kind, { signal: controller.signal });
        notify = setTimeout(() => {
          void vscode.window.withProgress(
            { location: vscode.ProgressLocation.Notification, title: words.listing(region), cancellable: true },
            (_progress, token) =>
              new Promise<void>((resolve) => {
                finishProgress = resolve;
                token.onCancellationRequested(() => {
                  controller.abort();
                  qp.hide();
                  resolve();
                });
                listing.then(
                  () => resolve(),
                  () => resolve(),
                );
              }),
          );
        }, 400);
        const list = await listing;
        qp.items = toItems(list);
        const free = list.filter((r) => r.status === 'Available').length;
        qp.placeholder = words.count(list.length, free);
        if (credentialsBroken) {
          credentialsBroken = false;
          stateChanged();
        }
      } catch (err) {
        if (codeOf(err) === 'Cancelled') return;
        qp.hide();
        noteFailure(err);
        updateStatus();
        await showAccountError(err);
      } finally {
        if (notify) clearTimeout(notify);
        finishProgress?.();
        qp.busy = false;
        loading = false;
      }
    };

    return new Promise<AccountResource | undefined>((resolve) => {
      let done = false;
      const finish = (r: AccountResource | undefined) => {
        if (done) return;
        done = true;
        resolve(r);
        qp.dispose();
      };
      qp.onDidAccept(() => {
        const item = qp.selectedItems[0];
        if (item?.action === 'region') {
          finish(undefined);
          void vscode.commands.executeCommand(Commands.selectRegion);
        } else if (item?.resource) {
          finish(item.resource);
        }
      });
      qp.onDidHide(() => {
        controller.abort();
        finish(undefined);
      });
      qp.onDidTriggerButton((b) => {
        if (b === refreshButton) void load(true);
      });
      qp.show();
      void load(false);
    });
  };

  /**
   * vSwitches or security groups in a multi-select QuickPick (the EIP picker's safe texts): vSwitches with zone, CIDR,
   * free IPs and whether SNAT takes them to the Internet; security groups grouped by VPC, at most 5 of one VPC and
   * type. Resolves with the chosen IDs, or undefined.
   */
  const pickNetwork = (kind: NetworkPickKind, vpc: VpcModule, region: string, current: readonly string[], podVSwitchIds: readonly string[] = []): Promise<string[] | undefined> => {
    type Fact = VSwitchFacts | SecurityGroupFacts;
    interface NetworkItem extends vscode.QuickPickItem {
      fact?: Fact;
    }
    const text = vpc.PICK_TEXT;
    const qp = vscode.window.createQuickPick<NetworkItem>();
    const title = kind === 'vSwitch' ? text.vSwitchTitle(region) : text.groupTitle(region);
    qp.title = title;
    qp.placeholder =
      kind === 'vSwitch' ? vscode.l10n.t('Loading vSwitches from your Alibaba Cloud account…') : vscode.l10n.t('Loading security groups from your Alibaba Cloud account…');
    qp.canSelectMany = true;
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    qp.busy = true;
    const controller = new AbortController();
    let problem: string | undefined;
    /** The VPC of the pod's vSwitches, when the security groups are narrowed to it. */
    let podVpc: string | undefined;

    const show = (facts: readonly Fact[], networks: ReadonlyMap<string, VpcNetworkFacts>): void => {
      const selected = new Set(qp.selectedItems.length ? qp.selectedItems.map((i) => i.fact?.id) : current);
      const items: NetworkItem[] = [];
      let vpcId = '';
      for (const f of [...facts].sort((a, b) => (a.vpcId < b.vpcId ? -1 : a.vpcId > b.vpcId ? 1 : 0))) {
        if (f.vpcId !== vpcId) items.push({ label: text.vpc(f.vpcId), kind: vscode.QuickPickItemKind.Separator });
        vpcId = f.vpcId;
        const t = kind === 'vSwitch' ? vpc.vSwitchItemText(f as VSwitchFacts, networks.get(f.vpcId)) : vpc.securityGroupItemText(f);
        items.push({ ...t, fact: f });
      }
      qp.items = items;
      qp.selectedItems = items.filter((i) => i.fact && selected.has(i.fact.id));
      openPicker = { kind, ids: items.flatMap((i) => (i.fact ? [i.fact.id] : [])), selected: qp.selectedItems.flatMap((i) => (i.fact ? [i.fact.id] : [])), busy: qp.busy };
      qp.placeholder =
        facts.length === 0
          ? kind === 'vSwitch'
            ? text.noVSwitches(region)
            : text.noGroups(region)
          : kind === 'vSwitch'
            ? text.vSwitchPlaceholder(facts.length)
            : podVpc
              ? text.groupPlaceholderInVpc(facts.length, podVpc, podVSwitchIds.join(', '))
              : text.groupPlaceholder(facts.length);
    };

    const load = async (): Promise<void> => {
      try {
        const { account: acc } = await getAccount();
        if (kind === 'securityGroup') {
          const groups = await acc.listSecurityGroups({ signal: controller.signal });
          // Narrowed to the VPC of the pod's vSwitches when they are known; the vSwitch listing is cached and shared.
          const switches = podVSwitchIds.length
            ? await acc.listVSwitches({ signal: controller.signal }).catch((err: unknown) => {
                if (codeOf(err) === 'Cancelled') throw err;
                log.warn(`vSwitches not read for the security group picker: ${messageOf(err)}`);
                return [];
              })
            : [];
          const offered = vpc.groupsForPod(groups, switches, podVSwitchIds);
          podVpc = offered.vpcId;
          if (podVpc) qp.title = text.groupTitleInVpc(region, podVpc);
          show(offered.groups, new Map());
          return;
        }
        const switches = await acc.listVSwitches({ signal: controller.signal });
        show(switches, new Map());
        // Whether SNAT covers each vSwitch: one network listing per VPC, after the list is already shown.
        const networks = new Map<string, VpcNetworkFacts>();
        await Promise.all(
          [...new Set(switches.map((v) => v.vpcId))].slice(0, 10).map(async (id) => {
            try {
              networks.set(id, await acc.vpcNetwork(id, { signal: controller.signal }));
            } catch (err) {
              log.warn(`SNAT of ${id} not read for the picker: ${messageOf(err)}`);
            }
          }),
        );
        if (!controller.signal.aborted) show(switches, networks);
      } catch (err) {
        if (codeOf(err) === 'Cancelled') return;
        qp.hide();
        noteFailure(err);
        await showAccountError(err);
      } finally {
        qp.busy = false;
        if (openPicker) openPicker.busy = false;
      }
    };

    return new Promise<string[] | undefined>((resolve) => {
      let done = false;
      const finish = (ids: string[] | undefined) => {
        if (done) return;
        done = true;
        openPicker = undefined;
        controller.abort();
        resolve(ids);
        qp.dispose();
      };
      qp.onDidChangeSelection((items) => {
        if (openPicker) openPicker.selected = items.flatMap((i) => (i.fact ? [i.fact.id] : []));
        problem = vpc.selectionProblem(
          kind,
          items.flatMap((i) => (i.fact ? [i.fact] : [])),
        );
        const shownTitle = podVpc ? text.groupTitleInVpc(region, podVpc) : title;
        qp.title = problem ? `${shownTitle}: ${problem}` : shownTitle;
      });
      qp.onDidAccept(() => {
        const ids = qp.selectedItems.flatMap((i) => (i.fact ? [i.fact.id] : []));
        if (problem || ids.length === 0) return;
        finish(ids);
      });
      qp.onDidHide(() => finish(undefined));
      qp.show();
      void load();
    });
  };

  const pickResource = async (args: unknown): Promise<boolean> => {
    if (!isPickArgs(args)) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Pick a resource: this command runs from the code actions on EIP, bandwidth package and IP pool annotations.'));
      return false;
    }
    const uri = vscode.Uri.parse(args.uri);
    const docNow = () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const changed = vscode.l10n.t('The document changed since the code action was computed. Run the code action again.');
    if (docNow()?.version !== args.version) {
      void vscode.window.showWarningMessage(changed);
      return false;
    }
    if (!(await ensureAllowed())) return false;
    const { vpc, settings } = await getAccount(true).catch(async (err: unknown) => {
      await showAccountError(err);
      return { vpc: undefined, settings: undefined };
    });
    if (!vpc || !settings) return false;
    const kind = args.kind;
    const { start, end } = args.range;
    let chosenIds: string[] | undefined;
    if (isNetworkKind(kind)) {
      const written = docNow()?.getText(new vscode.Range(start.line, start.character, end.line, end.character)) ?? '';
      const podVSwitchIds = Array.isArray(args.vSwitchIds) ? args.vSwitchIds.filter((id): id is string => typeof id === 'string' && isNetworkId('vSwitch', id)).slice(0, 10) : [];
      chosenIds = await pickNetwork(kind, vpc, settings.region, written.match(/\b(?:vsw|sg)-[0-9a-z]+\b/g) ?? [], podVSwitchIds);
    } else {
      const chosen = await pickFromAccount(kind, vpc, settings.region);
      chosenIds = chosen ? [chosen.id] : undefined;
    }
    if (!chosenIds?.length) return false;
    const doc = docNow();
    if (!doc || doc.isClosed || doc.version !== args.version) {
      void vscode.window.showWarningMessage(changed);
      return false;
    }
    let text: string;
    try {
      text = isNetworkKind(kind) ? vpc.fillTemplateIds(args.template, chosenIds, kind) : vpc.fillTemplate(args.template, chosenIds[0], kind);
    } catch (err) {
      await showAccountError(err);
      return false;
    }
    const shown = chosenIds.join(',');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(start.line, start.character, end.line, end.character), text);
    const ok = await vscode.workspace.applyEdit(edit);
    if (!ok) void vscode.window.showErrorMessage(vscode.l10n.t('Could not insert {0}: the edit was rejected.', shown));
    else {
      log.info(`Inserted ${kind} ${shown}`);
      picked = true;
      updateStatus();
    }
    return ok;
  };

  // ------------------------------------------------------------------------------------------------------------
  // Commands

  const selectRegion = async (): Promise<void> => {
    const c = vscode.workspace.getConfiguration(SECTION);
    const current = readSettings().region;
    const cts = new vscode.CancellationTokenSource();
    const controller = new AbortController();
    cts.token.onCancellationRequested(() => controller.abort());
    const manual: vscode.QuickPickItem = { label: `$(edit) ${vscode.l10n.t('Enter a region ID…')}` };
    const items = (async (): Promise<vscode.QuickPickItem[]> => {
      if (!featureOn()) return [manual];
      try {
        const { account: acc } = await getAccount(true);
        const regions = await acc.listRegions({ signal: controller.signal });
        return [
          ...regions.map((r) => ({ label: r.id, description: r.name, detail: r.endpoint, picked: r.id === current })),
          { label: '', kind: vscode.QuickPickItemKind.Separator },
          manual,
        ];
      } catch (err) {
        if (codeOf(err) !== 'Cancelled') {
          log.warn(`DescribeRegions: ${messageOf(err)}`);
          void vscode.window.showWarningMessage(vscode.l10n.t('Could not list regions: {0}', messageOf(err)));
        }
        return [manual];
      }
    })();
    const picked = await vscode.window.showQuickPick(
      items,
      { title: vscode.l10n.t('Alibaba Cloud region (now {0})', current), placeHolder: vscode.l10n.t('Region for EIPs, bandwidth packages and IP pools'), matchOnDescription: true },
      cts.token,
    );
    cts.cancel();
    cts.dispose();
    if (!picked) return;
    let region = picked.label;
    if (picked === manual) {
      const typed = await vscode.window.showInputBox({
        title: vscode.l10n.t('Alibaba Cloud region ID'),
        value: current,
        prompt: vscode.l10n.t('For example cn-hangzhou, cn-beijing, ap-southeast-1'),
        validateInput: (v) => (/^[a-z]{2,}(-[a-z0-9]+)+$/.test(v.trim()) ? undefined : vscode.l10n.t('A region ID looks like cn-hangzhou')),
      });
      if (!typed) return;
      region = typed.trim();
    }
    const i = c.inspect<string>('region');
    const target = i?.workspaceFolderValue !== undefined || i?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await c.update('region', region, target);
    log.info(`Region set to ${region} (${target === vscode.ConfigurationTarget.Global ? 'user' : 'workspace'} settings)`);
  };

  const storeAccessKey = async (): Promise<void> => {
    const accessKeyId = await vscode.window.showInputBox({
      title: vscode.l10n.t('Store AccessKey (1/3): AccessKey ID'),
      prompt: vscode.l10n.t(
        'Stored in VS Code SecretStorage (the OS keychain); used instead of the aliyun CLI profile and environment variables. The ID is not a secret and stays visible.',
      ),
      ignoreFocusOut: true,
      validateInput: (v) => (/^\S{8,}$/.test(v.trim()) ? undefined : vscode.l10n.t('Paste the AccessKey ID (for example LTAI… or STS.…)')),
    });
    if (!accessKeyId) return;
    const accessKeySecret = await vscode.window.showInputBox({
      title: vscode.l10n.t('Store AccessKey (2/3): AccessKey secret'),
      prompt: vscode.l10n.t('The secret is never shown, logged or written to settings.'),
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (/^\S{8,}$/.test(v.trim()) ? undefined : vscode.l10n.t('Paste the AccessKey secret')),
    });
    if (!accessKeySecret) return;
    const securityToken = await vscode.window.showInputBox({
      title: vscode.l10n.t('Store AccessKey (3/3): STS security token (optional)'),
      prompt: vscode.l10n.t('Only for temporary STS keys (IDs starting with STS.). Leave empty and press Enter for a permanent AccessKey.'),
      password: true,
      ignoreFocusOut: true,
      value: '',
      validateInput: (v) => (v.trim() === '' || /^\S{16,}$/.test(v.trim()) ? undefined : vscode.l10n.t('Paste the whole security token, or leave it empty')),
    });
    if (securityToken === undefined) return;
    const stored: StoredKeys = { accessKeyId: accessKeyId.trim(), accessKeySecret: accessKeySecret.trim(), ...(securityToken.trim() ? { securityToken: securityToken.trim() } : {}) };
    await context.secrets.store(SECRET_KEY, JSON.stringify(stored));
    keysGeneration++;
    cache?.clear();
    credentialsBroken = false;
    await refreshStoredFlag();
    sendState(true);
    const masked = accessKeyId.trim().length > 8 ? `${accessKeyId.trim().slice(0, 4)}****${accessKeyId.trim().slice(-4)}` : '****';
    log.info(`AccessKey ${masked} stored in SecretStorage`);
    const c = await vscode.window.showInformationMessage(vscode.l10n.t('AccessKey {0} stored in VS Code SecretStorage.', masked), vscode.l10n.t('Test Connection'));
    if (c) await testConnection();
  };

  const testConnection = async (): Promise<void> => {
    if (!(await ensureAllowed())) return;
    try {
      const { account: acc, settings } = await getAccount(true);
      acc.refresh('regions');
      const regions = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('ECI: calling DescribeRegions…'), cancellable: true },
        (_p, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          return acc.listRegions({ signal: controller.signal });
        },
      );
      void vscode.window.showInformationMessage(vscode.l10n.t('Connected: the VPC API answered in {0} ({1} regions).', settings.region, regions.length));
    } catch (err) {
      noteFailure(err);
      await showAccountError(err);
    }
  };

  const clearAccessKey = async (): Promise<void> => {
    const keys = await readKeys();
    if (!keys) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('No AccessKey is saved in VS Code. The credential chain (environment, aliyun CLI profile, ~/.alibabacloud/credentials) is in use.'),
      );
      return;
    }
    const shown = keys.accessKeyId.length > 8 ? `${keys.accessKeyId.slice(0, 4)}****${keys.accessKeyId.slice(-4)}` : '****';
    const ok = await vscode.window.showWarningMessage(
      vscode.l10n.t('Remove the AccessKey {0} saved in VS Code?', shown),
      { modal: true, detail: vscode.l10n.t('ECI Annotations then uses the credential chain again: environment variables, the aliyun CLI profile, ~/.alibabacloud/credentials.') },
      vscode.l10n.t('Remove'),
    );
    if (ok !== vscode.l10n.t('Remove')) return;
    await context.secrets.delete(SECRET_KEY);
    keysGeneration++;
    cache?.clear();
    credentialsBroken = false;
    await refreshStoredFlag();
    sendState(true);
    log.info('Stored AccessKey removed');
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Stored AccessKey removed. The credential chain (environment, aliyun CLI profile, ~/.alibabacloud/credentials) is used again.'),
    );
  };

  const refresh = (): void => {
    cache?.clear();
    credentialsBroken = false;
    updateStatus();
    sendState(true);
    log.info('Account resources refreshed');
    void vscode.window.setStatusBarMessage(vscode.l10n.t('ECI: account resources will be read again'), 3000);
  };

  const showAccount = async (): Promise<void> => {
    const s = readSettings(log);
    const lines = [
      vscode.l10n.t('Region: {0}', s.region || vscode.l10n.t("not set (ALIBABA_CLOUD_REGION_ID, the profile's region_id, else cn-hangzhou)")),
      vscode.l10n.t('Profile setting: {0}', s.profile || vscode.l10n.t('(chain default)')),
      vscode.l10n.t('Endpoint: {0}', s.endpoint ? vscode.l10n.t('{0} (user-settings override)', `${s.protocol}://${s.endpoint}`) : vscode.l10n.t('default for the region')),
      vscode.l10n.t('ECS metadata credentials: {0}', s.useEcsMetadata ? vscode.l10n.t('on') : vscode.l10n.t('off')),
    ];
    if (!vscode.workspace.isTrusted) lines.push(vscode.l10n.t('Account features: off (workspace not trusted)'));
    else if (!s.enabled) lines.push(vscode.l10n.t('Account features: off ({0})', `${SECTION}.enabled`));
    else {
      try {
        const { account: acc } = await getAccount(true);
        const src = await acc.describeCredentialSource();
        lines.unshift(vscode.l10n.t('Credentials: {0}, AccessKey ID {1}', sourceInWords(src.provider, src.profile, src.credentialType), src.accessKeyId ?? 'n/a'));
        for (const skipped of src.skipped ?? []) lines.push(vscode.l10n.t('Skipped: {0}', skipped));
        lines.push(vscode.l10n.t('Calls go to: {0}', `${s.protocol}://${acc.host}`));
        credentialsBroken = false;
        stateChanged();
      } catch (err) {
        noteFailure(err);
        lines.unshift(vscode.l10n.t('Credentials: not usable: {0}', messageOf(err)));
      }
    }
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t('ECI Annotations: Alibaba Cloud account'),
      { modal: true, detail: lines.join('\n') },
      vscode.l10n.t('Select Region…'),
      vscode.l10n.t('Store AccessKey…'),
      vscode.l10n.t('Show Log'),
    );
    if (choice === vscode.l10n.t('Select Region…')) await selectRegion();
    else if (choice === vscode.l10n.t('Store AccessKey…')) await storeAccessKey();
    else if (choice === vscode.l10n.t('Show Log')) log.show(true);
  };

  disposables.push(
    vscode.commands.registerCommand(Commands.pickResource, pickResource),
    vscode.commands.registerCommand(Commands.selectRegion, selectRegion),
    vscode.commands.registerCommand(Commands.storeAccessKey, storeAccessKey),
    vscode.commands.registerCommand(Commands.clearAccessKey, clearAccessKey),
    vscode.commands.registerCommand(Commands.refresh, refresh),
    vscode.commands.registerCommand(Commands.showAccount, showAccount),
    vscode.window.onDidChangeActiveTextEditor(updateStatus),
    vscode.workspace.onDidSaveTextDocument((d) => {
      if (d === vscode.window.activeTextEditor?.document) updateStatus();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(stateChanged),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      credentialsBroken = false;
      readSettings(log);
      stateChanged();
    }),
    context.secrets.onDidChange((e) => {
      if (e.key === SECRET_KEY) void refreshStoredFlag();
    }),
    { dispose: () => account?.dispose() },
  );

  /** Asks the pending questions on start and after setting changes, so an existence check can be allowed before it runs. */
  const askIfRelevant = (): void => {
    if (!vscode.workspace.isTrusted) return;
    const s = readSettings(log);
    if (s.enabled && s.pending.length) void askPending(s.pending, false);
  };
  disposables.push(
    vscode.workspace.onDidGrantWorkspaceTrust(askIfRelevant),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION)) askIfRelevant();
    }),
  );

  void refreshStoredFlag();
  sendState();
  askIfRelevant();
  const disposable = vscode.Disposable.from(...disposables);
  return {
    dispose: () => {
      disposable.dispose();
    },
    patchConfiguration(section, value) {
      if (!value || typeof value !== 'object') return value;
      const s = readSettings();
      const patch = (a: unknown) => ({ ...((a as object | undefined) ?? {}), enabled: s.enabled, checkExistence: s.checkExistence, checkInternet: s.checkInternet });
      if (section === 'eciAnnotations') return { ...value, account: patch((value as { account?: unknown }).account) };
      if (section === SECTION) return patch(value);
      return value;
    },
    status() {
      const s = readSettings();
      return {
        problem: lastProblem,
        host: account?.host,
        usable: usable(),
        pending: s.pending.map((p) => p.key),
        picker: openPicker && { ...openPicker, ids: [...openPicker.ids], selected: [...openPicker.selected] },
      };
    },
  };
}

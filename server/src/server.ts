/** The language server: LSP wiring around the pure ECI language service (settings, debounce, cancellation, caching). */
import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  ResponseError,
  LSPErrorCodes,
  DidChangeWatchedFilesNotification,
  type CancellationToken,
  type CodeAction,
  type CodeLens,
  type Connection,
  type Hover,
  type Position,
  type Range,
} from 'vscode-languageserver/node';
import { lifecycleTransport } from './transport';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { lengthOf, storedDocuments } from './documents';
import { warmUpRequests } from './warmUp';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import { ValidationWorkerClient } from './validationWorkerClient';
import type { InternetLens } from './validationWorker';
import { encodedPublish } from './encodedDiagnostics';
import { slices } from './slices';
import { getLanguageService, type CodeActionOptions, type EciModel, type ValidationSettings } from './service/languageService';
import { NetworkCache } from './service/internet';
import { isHelmValuesFile } from './helmValues';
import type { AccountResources, NetworkAccount } from './service/account';
import { DIAGNOSTIC_SOURCE, RULES, type RuleCode, type RuleSeverity } from './service/rules';
import { CONFIG_FILE_NAME, ProjectConfigs, type ProjectConfig } from './config/projectConfig';
import { chooseLocale, type Locale } from './service/l10n';
import { version } from '../../package.json';
import {
  AccountStateChanged,
  DescribeSecurityGroups,
  DescribeVpcNetwork,
  DescribeVSwitches,
  ListAccountResources,
  type AccountStateParams,
  type DescribeSecurityGroupsParams,
  type DescribeSecurityGroupsResult,
  type DescribeVpcNetworkParams,
  type DescribeVpcNetworkResult,
  type DescribeVSwitchesParams,
  type DescribeVSwitchesResult,
  type EciInitializationOptions,
  type ListAccountResourcesParams,
  type ListAccountResourcesResult,
} from './protocol';

if (process.argv.includes('--version')) {
  process.stdout.write(`${version}\n`);
  process.exit(0);
}
if (process.argv.includes('--help')) {
  process.stdout.write(
    `eci-annotations-language-server ${version}: the ECI Annotations language server (LSP).\nUsage: eci-annotations-language-server --stdio   (or --node-ipc, --socket=<port>)\n`,
  );
  process.exit(0);
}

/** Files larger than this are not analysed; the user is told once. */
const MAX_FILE_CHARS = 5_000_000;
/** Typing debounce: twice the file's last validation cost, within these bounds. */
const DEBOUNCE_MIN_MS = 75;
const DEBOUNCE_MAX_MS = 600;
/** A client that does not answer `workspace/configuration` in this time gets the defaults meanwhile. */
const CONFIGURATION_TIMEOUT_MS = 2000;
/** `ECI_TRACE_MODELS=1` logs each whole-file model made on the main thread (the tests count them). */
const TRACE_MODELS = process.env.ECI_TRACE_MODELS === '1';

interface Settings extends ValidationSettings {
  enable: boolean;
  accountEnabled: boolean;
  checkExistence: boolean;
  /** Warn when a pod will not reach the Internet (needs the account). */
  checkInternet: boolean;
  /** The cluster's vSwitches when neither the pod nor an eci-profile names them. */
  vSwitchIds: string[];
  /** The Internet-access CodeLens on pod templates. */
  internetCodeLens: boolean;
}

const transport = lifecycleTransport(process.argv.slice(2));
const connection: Connection = transport ? createConnection(ProposedFeatures.all, transport.reader, transport.writer) : createConnection(ProposedFeatures.all);
if (transport) transport.attach(connection);
const documents = new TextDocuments(storedDocuments);

let accountConnected = false;
let accountState: AccountStateParams = { connected: false };
/** VPC reads through the client, which owns credentials, endpoints and trust. */
const network: NetworkAccount = {
  region: () => accountState.region,
  async vSwitches(ids, token) {
    const result = await requestClient<DescribeVSwitchesResult>(DescribeVSwitches, { vSwitchIds: [...ids] } satisfies DescribeVSwitchesParams, token);
    if (!result.ok) throw new Error(result.message);
    return result.vSwitches;
  },
  async vpcNetwork(vpcId, token) {
    const result = await requestClient<DescribeVpcNetworkResult>(DescribeVpcNetwork, { vpcId } satisfies DescribeVpcNetworkParams, token);
    if (!result.ok) throw new Error(result.message);
    return result.network;
  },
  async securityGroups(ids, token) {
    const result = await requestClient<DescribeSecurityGroupsResult>(DescribeSecurityGroups, { securityGroupIds: [...ids] } satisfies DescribeSecurityGroupsParams, token);
    if (!result.ok) throw new Error(result.message);
    return result.securityGroups;
  },
};
const account: AccountResources = {
  isConnected: () => accountConnected,
  async list(kind) {
    const result = await connection.sendRequest<ListAccountResourcesResult>(ListAccountResources, { kind } satisfies ListAccountResourcesParams);
    if (!result.ok) throw new Error(result.message);
    return result.resources;
  },
  get network() {
    return accountConnected && accountState.network ? network : undefined;
  },
};

/**
 * Asks the client, passing the cancellation only when there is an LSP token: `sendRequest(method, params, undefined)`
 * would send `[params, null]` as two positional parameters, and the client's handler would get `null` as its token
 * (the validation, whose token is not an LSP one, then failed on every request that no CodeLens had cached yet).
 */
function requestClient<R>(method: string, params: object, token: { isCancellationRequested: boolean } | undefined): Promise<R> {
  const lsp = asToken(token);
  return cancellable(lsp ? connection.sendRequest<R>(method, params, lsp) : connection.sendRequest<R>(method, params), lsp);
}

/** Settles when the request does, or rejects as soon as the token is cancelled (the client is told by `$/cancelRequest`). */
function cancellable<T>(request: Promise<T>, token: CancellationToken | undefined): Promise<T> {
  if (!token) return request;
  return new Promise<T>((resolve, reject) => {
    const listener = token.onCancellationRequested(() => reject(new Error('cancelled')));
    request.then(resolve, reject).finally(() => listener.dispose());
  });
}

/** The service's cancellation as an LSP token (the service passes the LSP token it was given). */
function asToken(token: { isCancellationRequested: boolean } | undefined): CancellationToken | undefined {
  return token && 'onCancellationRequested' in token ? (token as CancellationToken) : undefined;
}
/** The display language: `eciAnnotations.language` when it names one, else the editor's (`initialize.locale`). */
let editorLocale: string | undefined;
let locale: Locale = 'en';
/**
 * The network facts read from the account, for this thread's service and for the worker's calls: one cloud request per
 * vSwitch, VPC and security group for both (the worker keeps a cache of its own in front of this one).
 */
const networkCache = new NetworkCache();
let service = getLanguageService({ account, locale, networkCache });

/** Switches the service to another language; models of the old service are dropped. */
function useLocale(next: Locale): void {
  if (next === locale) return;
  locale = next;
  service = getLanguageService({ account, locale, networkCache });
  models.clear();
}

async function readLanguageSetting(): Promise<void> {
  if (!hasConfiguration) return;
  try {
    // A client that does not answer keeps the current language rather than holding up re-validation.
    const unanswered = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), CONFIGURATION_TIMEOUT_MS).unref());
    const config = await Promise.race([connection.workspace.getConfiguration({ section: 'eciAnnotations' }) as Promise<SettingsSection | null>, unanswered]);
    if (config === undefined) return;
    useLocale(chooseLocale(config?.language, editorLocale));
  } catch {
    // Keep the current language.
  }
}

let hasConfiguration = false;
let lazyCodeActions = false;
/** Whether the client can run the account pickers (VS Code's client says so; other editors get everything else). */
let clientRunsPickers = false;
/** `.eci-annotations.yaml` files, found upward from each document. */
const projectConfigs = new ProjectConfigs();
const settingsCache = new Map<string, Promise<Settings>>();
/** The model of each document with the text it was made from: the text, not the version, decides whether it is current. */
const models = new Map<string, { text: string; model: EciModel }>();
/** The text of each document the worker last validated, with that validation's id: the worker keeps its model. */
const workerModels = new Map<string, { text: string; id: number; locale: Locale }>();
const timers = new Map<string, NodeJS.Timeout>();
/** Bumped on every open, change and close: a validation of an older generation stops and publishes nothing. */
const generations = new Map<string, number>();
/** Busy milliseconds of each document's last validation, which sets its typing debounce. */
const costs = new Map<string, number>();
const tooLarge = new Set<string>();

connection.onInitialize((params) => {
  hasConfiguration = Boolean(params.capabilities.workspace?.configuration);
  const codeAction = params.capabilities.textDocument?.codeAction;
  lazyCodeActions = Boolean(codeAction?.dataSupport && codeAction.resolveSupport?.properties.includes('edit'));
  const options = params.initializationOptions as EciInitializationOptions | undefined;
  clientRunsPickers = options?.pickResourceCommand === true;
  watchConfigFiles = Boolean(params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration);
  editorLocale = params.locale;
  useLocale(chooseLocale(options?.language, params.locale));
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: ['/', '"', "'", ' ', ':'], resolveProvider: false },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: ['quickfix', 'refactor.rewrite'], resolveProvider: lazyCodeActions },
      codeLensProvider: { resolveProvider: false },
    },
    serverInfo: { name: 'eci-annotations', version },
  };
});

let watchConfigFiles = false;
connection.onInitialized(() => {
  void readLanguageSetting();
  void warmUpRequests(() => service).catch((e: unknown) => connection.console.error(`ECI: warming up failed: ${(e as Error).message}`));
  if (watchConfigFiles) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/${CONFIG_FILE_NAME}` }] });
  }
});

/** A `.eci-annotations.yaml` was created, changed or deleted: read them again and check every open document. */
connection.onDidChangeWatchedFiles((params) => {
  if (!params.changes.some((c) => c.uri.endsWith(`/${CONFIG_FILE_NAME}`))) return;
  projectConfigs.clear();
  for (const doc of documents.all()) schedule(doc, 0);
});

/** The repository's config for a document on disk. */
function projectConfigOf(uri: string): ProjectConfig | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    const config = projectConfigs.forFile(fileURLToPath(uri));
    if (config && config.problems.length > 0 && !reportedConfigs.has(config)) {
      reportedConfigs.add(config);
      for (const problem of config.problems) connection.console.warn(`ECI: ${config.file}: ${problem}`);
    }
    return config;
  } catch {
    return undefined;
  }
}
const reportedConfigs = new WeakSet<ProjectConfig>();

/**
 * Severities in order of precedence: a rule setting the user set explicitly (the VS Code client sends only those),
 * then `.eci-annotations.yaml`, then the rule's default.
 */
function effectiveSettings(uri: string, settings: Settings): Settings {
  const config = projectConfigOf(uri);
  if (!config) return settings;
  return { ...settings, enable: settings.enable && !config.isIgnored(fileURLToPath(uri)), severity: { ...config.rules, ...settings.severity } };
}

connection.onDidChangeConfiguration(async () => {
  settingsCache.clear();
  service.clearAccountCache();
  worker.clearAccountCache();
  await readLanguageSetting();
  for (const doc of documents.all()) schedule(doc, 0);
});

connection.onNotification(AccountStateChanged, (params: AccountStateParams) => {
  accountConnected = params.connected;
  accountState = params;
  service.clearAccountCache();
  worker.clearAccountCache();
  for (const doc of documents.all()) schedule(doc, 0);
  void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
});

const DEFAULT_SETTINGS: Settings = { enable: true, accountEnabled: true, checkExistence: false, checkInternet: false, vSwitchIds: [], internetCodeLens: true, severity: {} };

/**
 * The settings of a document. When the client takes longer than CONFIGURATION_TIMEOUT_MS to answer, the defaults
 * apply until its answer arrives; then the document is validated again with it.
 */
function settingsFor(uri: string): Promise<Settings> {
  let cached = settingsCache.get(uri);
  if (!cached) {
    const answer = readSettings(uri);
    let timedOut = false;
    const timeout = new Promise<Settings>((resolve) =>
      setTimeout(() => {
        timedOut = true;
        resolve(DEFAULT_SETTINGS);
      }, CONFIGURATION_TIMEOUT_MS).unref(),
    );
    const settings = Promise.race([answer, timeout]);
    cached = settings;
    settingsCache.set(uri, settings);
    void answer.then((value) => {
      if (!timedOut || settingsCache.get(uri) !== settings) return;
      settingsCache.set(uri, Promise.resolve(value));
      const doc = documents.get(uri);
      if (doc) schedule(doc, 0);
    });
  }
  return cached;
}

/** The `eciAnnotations` section as the client sends it: whatever the settings files hold, so every value is checked. */
interface SettingsSection {
  language?: unknown;
  enable?: unknown;
  internetCodeLens?: unknown;
  rules?: Partial<Record<string, unknown>>;
  account?: { enabled?: unknown; checkExistence?: unknown; checkInternet?: unknown; vSwitchIds?: unknown };
}

async function readSettings(uri: string): Promise<Settings> {
  const defaults = DEFAULT_SETTINGS;
  if (!hasConfiguration) return defaults;
  try {
    const config = ((await connection.workspace.getConfiguration({ scopeUri: uri, section: 'eciAnnotations' })) as SettingsSection | null) ?? {};
    const severity: Partial<Record<RuleCode, RuleSeverity>> = {};
    for (const rule of RULES) {
      const value = config.rules?.[rule.code];
      if (typeof value === 'string' && ['off', 'hint', 'information', 'warning', 'error'].includes(value)) severity[rule.code] = value as RuleSeverity;
    }
    return {
      enable: config.enable !== false,
      accountEnabled: config.account?.enabled !== false,
      checkExistence: config.account?.checkExistence === true,
      checkInternet: config.account?.checkInternet === true,
      vSwitchIds: Array.isArray(config.account?.vSwitchIds)
        ? config.account.vSwitchIds.filter((v: unknown): v is string => typeof v === 'string' && /^vsw-[a-z0-9]+$/.test(v)).slice(0, 10)
        : [],
      internetCodeLens: config.internetCodeLens !== false,
      severity,
    };
  } catch {
    return defaults;
  }
}

/** Whether a document is over MAX_FILE_CHARS (the user is told once per document). */
function isTooLarge(doc: TextDocument): boolean {
  if (lengthOf(doc) > MAX_FILE_CHARS) {
    if (!tooLarge.has(doc.uri)) {
      tooLarge.add(doc.uri);
      connection.console.info(`ECI: ${doc.uri} is larger than ${MAX_FILE_CHARS / 1e6} MB; ECI annotation checks are skipped for it.`);
    }
    return true;
  }
  tooLarge.delete(doc.uri);
  return false;
}

/**
 * The model of the current version for requests, made at most once per text. YAML documents are parsed on first
 * use, so a request parses only the documents it looks at; validation parses in the worker, not here.
 */
function modelOf(doc: TextDocument): EciModel | undefined {
  if (isTooLarge(doc)) return undefined;
  const text = doc.getText();
  const cached = models.get(doc.uri);
  if (cached && cached.text === text && cached.model.version === doc.version) return cached.model;
  const model = service.parse(doc, { helmValues: isHelmValuesFile(doc.uri) });
  models.set(doc.uri, { text, model });
  if (TRACE_MODELS) connection.console.log(`ECI: main-thread model of ${doc.uri} v${doc.version}`);
  return model;
}

/** The model hover and completion use: the YAML document under the cursor only (see `modelAround`). */
function aroundOf(doc: TextDocument, position: Position): EciModel | undefined {
  if (isTooLarge(doc)) return undefined;
  return service.modelAround(doc, position, { helmValues: isHelmValuesFile(doc.uri) });
}

/** The typing debounce of a document: longer for files that cost more to check. */
function debounceOf(uri: string): number {
  return Math.min(DEBOUNCE_MAX_MS, Math.max(DEBOUNCE_MIN_MS, 2 * (costs.get(uri) ?? 0)));
}

function schedule(doc: TextDocument, delay = debounceOf(doc.uri)): void {
  clearTimeout(timers.get(doc.uri));
  timers.set(
    doc.uri,
    setTimeout(() => {
      timers.delete(doc.uri);
      void validate(doc.uri);
    }, delay),
  );
}

function bump(uri: string): number {
  const generation = (generations.get(uri) ?? 0) + 1;
  generations.set(uri, generation);
  return generation;
}

/**
 * Parse and validation run in a worker thread (`dist/validation-worker.js`), so the main thread answers requests
 * while a big file validates. Without the worker (its script missing, or it kept dying) the main thread validates
 * in slices of at most SLICE_MS.
 */
const worker = new ValidationWorkerClient(
  path.join(__dirname, 'validation-worker.js'),
  (level, message) => (level === 'info' ? connection.console.info(message) : connection.console.error(message)),
  () => {
    for (const doc of documents.all()) schedule(doc, 0);
  },
  (call, token) => {
    switch (call.method) {
      case 'list':
        return account.list(call.args[0]);
      case 'vSwitches':
        return networkCache.vSwitchFacts(network, call.args[0], token).then((found) => [...found.values()].filter((v) => v !== null));
      case 'vpcNetwork':
        return networkCache.vpcNetwork(network, call.args[0], token);
      case 'securityGroups':
        return networkCache.securityGroupFacts(network, call.args[0], token).then((found) => [...found.values()].filter((g) => g !== null));
    }
  },
);

/** Documents being validated now. */
const validating = new Set<string>();
/** Requests waiting for the end of a document's validation (`validationEnds`). */
const validationWaiters = new Map<string, Set<() => void>>();

/** Validates the current text of a document and publishes its diagnostics, unless a newer version arrives first. */
async function validate(uri: string): Promise<void> {
  validating.add(uri);
  try {
    await validateNow(uri);
  } finally {
    validating.delete(uri);
    wakeWaiters(uri);
  }
}

/** Lets the requests waiting for a document's validation look again. */
function wakeWaiters(uri: string): void {
  for (const done of [...(validationWaiters.get(uri) ?? [])]) done();
}

async function validateNow(uri: string): Promise<void> {
  const generation = generations.get(uri);
  const current = () => generations.get(uri) === generation && documents.get(uri) !== undefined;
  try {
    const settings = effectiveSettings(uri, await settingsFor(uri));
    const doc = documents.get(uri);
    if (!doc || !current()) return;
    const version = doc.version;
    let diagnostics: Diagnostic[] | undefined = [];
    /** The worker's diagnostics, as JSON. */
    let encoded: Uint8Array | undefined;
    /** The worker's validation of this version, whose model the account checks use. */
    let validated: number | undefined;
    if (settings.enable && !isTooLarge(doc)) {
      if (worker.available) {
        const text = doc.getText();
        const sentLocale = locale;
        const reply = await worker.validate({ uri, version, text, helmValues: isHelmValuesFile(uri), locale: sentLocale, settings: { severity: settings.severity } });
        if (reply?.type === 'failed') throw new Error(reply.message);
        if (reply?.type !== 'diagnostics') return;
        if (documents.get(uri)) workerModels.set(uri, { text, id: reply.id, locale: sentLocale });
        wakeWaiters(uri);
        validated = reply.id;
        costs.set(uri, reply.busyMs);
        encoded = reply.diagnostics;
      } else {
        diagnostics = await validateHere(doc, settings, current);
      }
    } else if (worker.available && !isTooLarge(doc)) {
      // Not checked, but an eci-profile in it still counts for the Internet lines of the other documents.
      workerModels.delete(uri);
      worker.remember({ uri, version, text: doc.getText(), helmValues: isHelmValuesFile(uri), locale });
    }
    if (!diagnostics || !current()) return;
    const published = encoded ? encodedPublish(uri, version, encoded) : { uri, version, diagnostics };
    await connection.sendDiagnostics(published);
    if (!settings.enable || !settings.accountEnabled || !accountConnected || (!settings.checkExistence && !settings.checkInternet)) return;
    const extra = validated !== undefined ? await accountChecksInWorker(uri, validated, settings) : await accountChecksHere(doc, settings);
    if (extra?.length && current()) {
      await connection.sendDiagnostics({ uri, version, diagnostics: [...published.diagnostics, ...extra] });
    }
  } catch (e) {
    connection.console.error(`ECI: validating ${uri} failed: ${(e as Error).message}`);
  }
}

/** The account checks over the worker's model of a validated version; undefined when a newer version took over. */
async function accountChecksInWorker(uri: string, validated: number, settings: Settings): Promise<Diagnostic[] | undefined> {
  const { severity, checkExistence, checkInternet, vSwitchIds } = settings;
  const state = { connected: accountConnected, region: accountState.region, network: Boolean(accountState.network) };
  const reply = await worker.request({ type: 'accountChecks', uri, validated, account: state, settings: { severity, checkExistence, checkInternet, vSwitchIds } });
  if (reply?.type === 'failed') throw new Error(reply.message);
  return reply?.type === 'accountDiagnostics' ? reply.diagnostics : undefined;
}

/** The account checks on this thread, when it validated the document itself (no worker). */
async function accountChecksHere(doc: TextDocument, settings: Settings): Promise<Diagnostic[] | undefined> {
  const model = modelOf(doc);
  if (!model) return undefined;
  const token = versionToken(doc.uri, doc.version);
  const extra = settings.checkExistence ? await service.checkAccountResources(model, { ...settings, workspace: otherModels(doc.uri), token }) : [];
  if (settings.checkInternet) {
    const lines = await service.checkInternet(model, { ...settings, warn: true, vSwitchIds: settings.vSwitchIds, workspace: otherModels(doc.uri), token });
    for (const l of lines) if (l.diagnostic) extra.push(l.diagnostic);
  }
  return extra;
}

/** Validation on the main thread, in slices of at most SLICE_MS with requests answered in between. */
async function validateHere(doc: TextDocument, settings: Settings, current: () => boolean): Promise<Diagnostic[] | undefined> {
  const work = slices(current);
  const model = modelOf(doc);
  const diagnostics = model ? await service.doValidationInSteps(model, settings, work.pause) : [];
  if (diagnostics) costs.set(doc.uri, work.busyMs());
  return diagnostics;
}

/** The models of the other open documents (where an eci-profile ConfigMap or Selector may be). */
function otherModels(uri: string): EciModel[] {
  return documents
    .all()
    .filter((d) => d.uri !== uri)
    .map((d) => modelOf(d))
    .filter((m): m is EciModel => m !== undefined);
}

/** Cancelled once the document has moved past this version (a newer validation takes over). */
function versionToken(uri: string, version: number): { readonly isCancellationRequested: boolean } {
  return {
    get isCancellationRequested() {
      return documents.get(uri)?.version !== version;
    },
  };
}

/**
 * The pause of a long request: after SLICE_MS of work it yields to the event loop, so that other requests and the
 * client's `$/cancelRequest` are read; resolves to false once the request is cancelled.
 */
function pauseFor(token: CancellationToken): () => Promise<boolean> | boolean {
  return slices(() => !token.isCancellationRequested).pause;
}

/** Runs a handler safely: cancellation becomes RequestCancelled, exceptions are logged and give the empty answer. */
async function runSafe<T>(token: CancellationToken, empty: T, what: string, fn: () => T | Promise<T>): Promise<T | ResponseError<void>> {
  if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
  try {
    const result = await fn();
    if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    return result;
  } catch (e) {
    connection.console.error(`ECI: ${what} failed: ${(e as Error).message}`);
    return empty;
  }
}

connection.onCompletion((params, token) =>
  runSafe(token, { isIncomplete: false, items: [] }, 'completion', async () => {
    const doc = documents.get(params.textDocument.uri);
    const model = doc && aroundOf(doc, params.position);
    return model ? service.doComplete(model, params.position) : { isIncomplete: false, items: [] };
  }),
);

connection.onHover((params, token) =>
  runSafe(token, null, 'hover', async (): Promise<Hover | null> => {
    const doc = documents.get(params.textDocument.uri);
    const model = doc && aroundOf(doc, params.position);
    if (!model) return null;
    const base = service.doHover(model, params.position);
    const settings = await settingsFor(doc.uri);
    // The other documents' models only when the account hover reads them (making one parses a whole file).
    const account = (m: EciModel) =>
      service.doAccountHover(m, params.position, {
        ...settings,
        vSwitchIds: settings.vSwitchIds,
        get workspace() {
          return otherModels(doc.uri);
        },
        token,
      });
    // The Internet line weighs file-wide facts: when there is one here, it comes from the whole file's model, the
    // worker's when it has validated this text (the cloud calls just made here are in the shared network cache).
    let live = settings.enable ? await account(model) : null;
    if (live) {
      const fromWorker = await accountHoverInWorker(doc, params.position, settings, token);
      const whole = fromWorker === undefined && !token.isCancellationRequested && modelOf(doc);
      if (fromWorker !== undefined) live = fromWorker;
      else if (whole) live = await account(whole);
    }
    if (!live) return base;
    if (!base) return live;
    const text = (h: Hover): string =>
      typeof h.contents === 'string' ? h.contents : Array.isArray(h.contents) ? h.contents.map((m) => (typeof m === 'string' ? m : m.value)).join('\n\n') : h.contents.value;
    return { contents: { kind: 'markdown', value: `${text(live)}\n\n---\n\n${text(base)}` }, range: base.range ?? live.range };
  }),
);

connection.onCodeLens((params, token) =>
  runSafe(token, [], 'code lens', async (): Promise<CodeLens[]> => {
    const uri = params.textDocument.uri;
    const doc = documents.get(uri);
    if (!doc || isTooLarge(doc)) return [];
    const settings = await settingsFor(uri);
    if (!settings.enable || !settings.internetCodeLens) return [];
    const lens = (l: InternetLens): CodeLens => ({ range: l.range, command: { title: l.line, command: '' } });
    const fromWorker = await internetLinesInWorker(uri, settings, token);
    if (fromWorker || token.isCancellationRequested) return (fromWorker ?? []).map(lens);
    // After an await: the document may have changed or closed meanwhile; the current text answers.
    const current = documents.get(uri);
    const model = current && modelOf(current);
    if (!model) return [];
    const lines = await service.checkInternet(model, { ...settings, warn: false, vSwitchIds: settings.vSwitchIds, workspace: otherModels(uri), token, pause: pauseFor(token) });
    return lines.map(lens);
  }),
);

/**
 * The Internet lines of the current text from the worker's model of it, so that this thread parses nothing for the
 * CodeLens (a 25,000-line document took it 300 ms or more on every edit); when that text is not validated yet, after
 * its validation. Undefined when no validation of it is coming (no worker, a disabled file) or the request was cancelled.
 */
async function internetLinesInWorker(uri: string, settings: Settings, token: CancellationToken): Promise<InternetLens[] | undefined> {
  while (!token.isCancellationRequested) {
    const doc = documents.get(uri);
    if (!doc || !worker.available) return undefined;
    const validated = workerModelOf(doc);
    if (validated === undefined) {
      // Not validated yet: after its validation, if one is coming.
      if (!timers.has(uri) && !validating.has(uri)) return undefined;
      await validationEnds(uri, token);
      continue;
    }
    const state = { connected: accountConnected, region: accountState.region, network: Boolean(accountState.network) };
    const reply = await worker.request({ type: 'internetLines', uri, validated, account: state, settings: { severity: settings.severity, vSwitchIds: settings.vSwitchIds } }, token);
    if (reply?.type === 'failed') throw new Error(reply.message);
    if (reply?.type === 'internetLines') return reply.lines;
    if (!reply || !(await newerModel(uri, validated, token))) return undefined;
  }
  return undefined;
}

/** The account hover over the worker's model of the current text; undefined when the worker has none. */
async function accountHoverInWorker(doc: TextDocument, position: Position, settings: Settings, token: CancellationToken): Promise<Hover | null | undefined> {
  let validated = workerModelOf(doc);
  while (validated !== undefined && !token.isCancellationRequested) {
    const state = { connected: accountConnected, region: accountState.region, network: Boolean(accountState.network) };
    const reply = await worker.request(
      { type: 'accountHover', uri: doc.uri, validated, position, account: state, settings: { severity: settings.severity, vSwitchIds: settings.vSwitchIds } },
      token,
    );
    if (reply?.type === 'failed') throw new Error(reply.message);
    if (reply?.type === 'hover') return reply.hover;
    if (!reply || documents.get(doc.uri) !== doc || !(await newerModel(doc.uri, validated, token))) return undefined;
    validated = workerModelOf(doc);
  }
  return undefined;
}

/**
 * After the worker answered stale for its model `validated` of a document (a newer validation of it took over, such
 * as after a settings change): whether another model is there to ask, once that validation has ended.
 */
async function newerModel(uri: string, validated: number, token: CancellationToken): Promise<boolean> {
  // A validation that ends may have been overtaken by the next one: wait until none is due.
  while ((timers.has(uri) || validating.has(uri)) && !token.isCancellationRequested) await validationEnds(uri, token);
  const doc = documents.get(uri);
  const now = doc && workerModelOf(doc);
  return now !== undefined && now !== validated;
}

/** Resolves when the running or next validation of a document ends (or the token is cancelled). */
function validationEnds(uri: string, token: CancellationToken): Promise<void> {
  return new Promise((resolve) => {
    let waiting = validationWaiters.get(uri);
    if (!waiting) validationWaiters.set(uri, (waiting = new Set()));
    const done = () => {
      waiting.delete(done);
      if (waiting.size === 0 && validationWaiters.get(uri) === waiting) validationWaiters.delete(uri);
      cancelled.dispose();
      resolve();
    };
    const cancelled = token.onCancellationRequested(done);
    waiting.add(done);
  });
}

/** The id of the worker's validation of exactly this text, whose model the worker keeps; undefined when there is none. */
function workerModelOf(doc: TextDocument): number | undefined {
  const at = workerModels.get(doc.uri);
  return worker.available && at?.locale === locale && at.text === doc.getText() ? at.id : undefined;
}

/**
 * Code actions from the worker's model of the current text, so that this thread parses nothing for them (the fixes
 * of Internet warnings come from the worker's account checks); undefined when the worker has no such model (an edit
 * not validated yet).
 * The worker gets each ECI diagnostic's code and range only, with its index as `data`, and the answer gets the
 * client's own diagnostics back.
 */
async function codeActionsInWorker(
  doc: TextDocument,
  range: Range,
  diagnostics: readonly Diagnostic[],
  options: CodeActionOptions,
  token: CancellationToken,
): Promise<CodeAction[] | undefined> {
  const validated = workerModelOf(doc);
  if (validated === undefined) return undefined;
  const ours = diagnostics.filter((d) => d?.source === DIAGNOSTIC_SOURCE && d.range);
  const sent = ours.map((d, i): Diagnostic => ({ range: d.range, code: d.code, source: d.source, message: '', data: i }));
  const reply = await worker.request({ type: 'codeActions', uri: doc.uri, validated, range, diagnostics: sent, options }, token);
  if (reply?.type !== 'codeActions') return undefined;
  for (const action of reply.actions) if (action.diagnostics) action.diagnostics = action.diagnostics.map((d) => ours[d.data as number]);
  return reply.actions;
}

connection.onCodeAction((params, token) =>
  runSafe(token, [], 'code actions', async () => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc || isTooLarge(doc)) return [];
    const settings = await settingsFor(doc.uri);
    if (token.isCancellationRequested) return [];
    const options = { accountActions: clientRunsPickers && settings.accountEnabled, lazyEdits: lazyCodeActions, vSwitchIds: settings.vSwitchIds };
    const diagnostics = params.context?.diagnostics ?? [];
    const fromWorker = await codeActionsInWorker(doc, params.range, diagnostics, options, token);
    if (fromWorker || token.isCancellationRequested) return fromWorker ?? [];
    // After an await: the document may have changed or closed meanwhile; the current text answers.
    const current = documents.get(params.textDocument.uri);
    const model = current && modelOf(current);
    if (!model) return [];
    return (await service.getCodeActionsInSteps(model, params.range, diagnostics, { ...options, workspace: () => otherModels(doc.uri) }, pauseFor(token))) ?? [];
  }),
);

connection.onCodeActionResolve((action, token) =>
  runSafe<CodeAction>(token, action, 'code action resolve', async () => {
    const uri = (action.data as { eciFix?: { uri?: string } } | undefined)?.eciFix?.uri;
    const doc = uri ? documents.get(uri) : undefined;
    const validated = doc && !action.edit ? workerModelOf(doc) : undefined;
    if (doc && validated !== undefined) {
      const reply = await worker.request({ type: 'resolve', uri: doc.uri, validated, action: { title: action.title, data: action.data as unknown } }, token);
      if (reply?.type === 'resolved') return reply.edit ? { ...action, edit: reply.edit } : action;
    }
    const model = doc && modelOf(doc);
    return model ? service.resolveCodeAction(model, action) : action;
  }),
);

/** Documents just opened: the change event that follows the open must not delay their first validation. */
const justOpened = new Set<string>();
documents.onDidOpen((e) => {
  bump(e.document.uri);
  justOpened.add(e.document.uri);
  schedule(e.document, 0);
  // What the first request would pay for (blocks of lines, the outline), done in idle steps instead.
  void e.document.prepareWhenIdle(() => documents.get(e.document.uri) === e.document);
});
documents.onDidChangeContent((e) => {
  if (justOpened.delete(e.document.uri)) return;
  bump(e.document.uri);
  schedule(e.document);
});
documents.onDidClose((e) => {
  bump(e.document.uri);
  justOpened.delete(e.document.uri);
  clearTimeout(timers.get(e.document.uri));
  timers.delete(e.document.uri);
  costs.delete(e.document.uri);
  models.delete(e.document.uri);
  workerModels.delete(e.document.uri);
  wakeWaiters(e.document.uri);
  settingsCache.delete(e.document.uri);
  service.forget(e.document.uri);
  worker.forget(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

documents.listen(connection);
connection.listen();

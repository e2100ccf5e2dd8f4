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
  type Connection,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import { getLanguageService, type EciModel, type ValidationSettings } from './service/languageService';
import { isHelmValuesFile } from './helmValues';
import type { AccountResources } from './service/account';
import { RULES, type RuleCode, type RuleSeverity } from './service/rules';
import { CONFIG_FILE_NAME, ProjectConfigs, type ProjectConfig } from './config/projectConfig';
import { chooseLocale, type Locale } from './service/l10n';
import { version } from '../../package.json';
import {
  AccountStateChanged,
  ListAccountResources,
  type AccountStateParams,
  type EciInitializationOptions,
  type ListAccountResourcesParams,
  type ListAccountResourcesResult,
} from './protocol';

if (process.argv.includes('--version')) {
  process.stdout.write(`${version}\n`);
  process.exit(0);
}
if (process.argv.includes('--help')) {
  process.stdout.write(`eci-annotations-language-server ${version}: the ECI Annotations language server (LSP).\nUsage: eci-annotations-language-server --stdio   (or --node-ipc, --socket=<port>)\n`);
  process.exit(0);
}

/** Files larger than this are not analysed; the user is told once. */
const MAX_FILE_CHARS = 5_000_000;
const DEBOUNCE_MS = 250;

interface Settings extends ValidationSettings {
  enable: boolean;
  accountEnabled: boolean;
  checkExistence: boolean;
}

const connection: Connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

let accountConnected = false;
const account: AccountResources = {
  isConnected: () => accountConnected,
  async list(kind) {
    const result = await connection.sendRequest<ListAccountResourcesResult>(ListAccountResources, { kind } satisfies ListAccountResourcesParams);
    if (!result.ok) throw new Error(result.message);
    return result.resources;
  },
};
/** The display language: `eciAnnotations.language` when it names one, else the editor's (`initialize.locale`). */
let editorLocale: string | undefined;
let locale: Locale = 'en';
let service = getLanguageService({ account, locale });

/** Switches the service to another language; models of the old service are dropped. */
function useLocale(next: Locale): void {
  if (next === locale) return;
  locale = next;
  service = getLanguageService({ account, locale });
  models.clear();
}

async function readLanguageSetting(): Promise<void> {
  if (!hasConfiguration) return;
  try {
    const config = await connection.workspace.getConfiguration({ section: 'eciAnnotations' });
    useLocale(chooseLocale(config?.language, editorLocale));
  } catch {
    // Keep the current language.
  }
}

let hasConfiguration = false;
/** Whether the client can run the account pickers (VS Code's client says so; other editors get everything else). */
let clientRunsPickers = false;
/** `.eci-annotations.yaml` files, found upward from each document. */
const projectConfigs = new ProjectConfigs();
const settingsCache = new Map<string, Promise<Settings>>();
const models = new Map<string, EciModel>();
const timers = new Map<string, NodeJS.Timeout>();
const tooLarge = new Set<string>();

connection.onInitialize((params) => {
  hasConfiguration = Boolean(params.capabilities.workspace?.configuration);
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
      codeActionProvider: { codeActionKinds: ['quickfix', 'refactor.rewrite'] },
    },
    serverInfo: { name: 'eci-annotations', version },
  };
});

let watchConfigFiles = false;
connection.onInitialized(() => {
  void readLanguageSetting();
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
  await readLanguageSetting();
  for (const doc of documents.all()) schedule(doc, 0);
});

connection.onNotification(AccountStateChanged, (params: AccountStateParams) => {
  accountConnected = params.connected;
  for (const doc of documents.all()) schedule(doc, 0);
});

function settingsFor(uri: string): Promise<Settings> {
  let cached = settingsCache.get(uri);
  if (!cached) {
    cached = readSettings(uri);
    settingsCache.set(uri, cached);
  }
  return cached;
}

async function readSettings(uri: string): Promise<Settings> {
  const defaults: Settings = { enable: true, accountEnabled: true, checkExistence: false, severity: {} };
  if (!hasConfiguration) return defaults;
  try {
    const config = (await connection.workspace.getConfiguration({ scopeUri: uri, section: 'eciAnnotations' })) ?? {};
    const severity: Partial<Record<RuleCode, RuleSeverity>> = {};
    for (const rule of RULES) {
      const value = config.rules?.[rule.code];
      if (typeof value === 'string' && ['off', 'hint', 'information', 'warning', 'error'].includes(value)) severity[rule.code] = value as RuleSeverity;
    }
    return {
      enable: config.enable !== false,
      accountEnabled: config.account?.enabled !== false,
      checkExistence: config.account?.checkExistence === true,
      severity,
    };
  } catch {
    return defaults;
  }
}

/** The model of the current version, parsed at most once per version. */
function modelOf(doc: TextDocument): EciModel | undefined {
  if (doc.getText().length > MAX_FILE_CHARS) {
    if (!tooLarge.has(doc.uri)) {
      tooLarge.add(doc.uri);
      connection.console.info(`ECI: ${doc.uri} is larger than ${MAX_FILE_CHARS / 1e6} MB; ECI annotation checks are skipped for it.`);
    }
    return undefined;
  }
  tooLarge.delete(doc.uri);
  const cached = models.get(doc.uri);
  if (cached && cached.version === doc.version) return cached;
  const model = service.parse(doc, { helmValues: isHelmValuesFile(doc.uri) });
  models.set(doc.uri, model);
  return model;
}

function schedule(doc: TextDocument, delay = DEBOUNCE_MS): void {
  clearTimeout(timers.get(doc.uri));
  timers.set(
    doc.uri,
    setTimeout(() => {
      timers.delete(doc.uri);
      void validate(doc.uri, doc.version);
    }, delay),
  );
}

async function validate(uri: string, version: number): Promise<void> {
  const doc = documents.get(uri);
  if (!doc || doc.version !== version) return;
  try {
    const settings = effectiveSettings(uri, await settingsFor(uri));
    const model = settings.enable ? modelOf(doc) : undefined;
    const diagnostics = model ? service.doValidation(model, settings) : [];
    if (documents.get(uri)?.version !== version) return;
    await connection.sendDiagnostics({ uri, version, diagnostics });
    if (model && settings.checkExistence && settings.accountEnabled && accountConnected) {
      const missing = await service.checkAccountResources(model, settings);
      if (missing.length && documents.get(uri)?.version === version) {
        await connection.sendDiagnostics({ uri, version, diagnostics: [...diagnostics, ...missing] });
      }
    }
  } catch (e) {
    connection.console.error(`ECI: validating ${uri} failed: ${(e as Error).message}`);
  }
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
    const model = doc && modelOf(doc);
    return model ? service.doComplete(model, params.position) : { isIncomplete: false, items: [] };
  }),
);

connection.onHover((params, token) =>
  runSafe(token, null, 'hover', () => {
    const doc = documents.get(params.textDocument.uri);
    const model = doc && modelOf(doc);
    return model ? service.doHover(model, params.position) : null;
  }),
);

connection.onCodeAction((params, token) =>
  runSafe(token, [], 'code actions', async () => {
    const doc = documents.get(params.textDocument.uri);
    const model = doc && modelOf(doc);
    if (!model) return [];
    const settings = await settingsFor(doc.uri);
    return service.getCodeActions(model, params.range, params.context.diagnostics, { accountActions: clientRunsPickers && settings.accountEnabled });
  }),
);

documents.onDidOpen((e) => schedule(e.document, 0));
documents.onDidChangeContent((e) => schedule(e.document));
documents.onDidClose((e) => {
  clearTimeout(timers.get(e.document.uri));
  timers.delete(e.document.uri);
  models.delete(e.document.uri);
  settingsCache.delete(e.document.uri);
  service.forget(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

documents.listen(connection);
connection.listen();

/**
 * Generates the injection grammar, the snippets and the package.json contributions (grammar, snippets, settings)
 * from the catalogue and the rules. Run it with `node scripts/generate.mjs [--check]`; the pure `build*` functions
 * are also imported by the staleness test.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANNOTATIONS, ROUTING_LABELS } from '../server/src/service/catalogue/annotations';
import type { Annotation, RoutingLabel } from '../server/src/service/catalogue/types';
import { RULES, type RuleSeverity } from '../server/src/service/rules';

export const GRAMMAR_PATH = 'syntaxes/eci-annotations.injection.tmLanguage.json';
export const SNIPPETS_PATH = 'snippets/eci-annotations.code-snippets.json';
export const PACKAGE_JSON_PATH = 'package.json';
/** The English manifest strings; `package.nls.<locale>.json` translate them (VS Code picks the display language's). */
export const PACKAGE_NLS_PATH = 'package.nls.json';

export const GRAMMAR_SCOPE = 'eci-annotations.injection';
export const ANNOTATION_SCOPE = 'support.type.property-name.eci-annotation.yaml';
export const LEGACY_SCOPE = 'invalid.deprecated.eci-annotation.yaml';
export const LABEL_SCOPE = 'support.type.property-name.eci-label.yaml';
/** A key in ECI's own namespace that the catalogue does not have: almost always a typo, which ECI silently ignores. */
export const UNKNOWN_SCOPE = 'invalid.illegal.unknown.eci-annotation.yaml';
/** ECI's own key namespace (the same as `Catalogue.isEciNamespace`), as a regular expression for a whole key. */
export const ECI_NAMESPACE_KEY = 'k8s\\.aliyun\\.com/(?:eci|eip|imc)-[A-Za-z0-9._-]+';

/** The label that routes pods to ECI; the other routing labels belong to other products. */
export const ECI_LABEL = 'alibabacloud.com/eci';

/** Equal to the extension's display name, so the Settings editor lists these settings right under the extension. */
export const GENERAL_GROUP_TITLE = 'ECI Annotations';
export const RULES_GROUP_ID = 'eciAnnotations.rules';
export const RULES_GROUP_TITLE = '%config.rules.title%';

const GENERATED_NOTE = 'Generated from server/src/service/catalogue/annotations.ts by `node scripts/generate.mjs`; do not edit.';

// ---------------------------------------------------------------------------------------------------------------------
// Catalogue lookups (they throw, so a renamed key fails the generator instead of producing a dead snippet)

/** The catalogue record of a key. */
export function annotation(key: string): Annotation {
  const found = ANNOTATIONS.find((a) => a.key === key);
  if (!found) throw new Error(`The catalogue has no annotation ${key}`);
  return found;
}

/** The routing label of a key. */
export function routingLabel(key: string): RoutingLabel {
  const found = ROUTING_LABELS.find((l) => l.key === key);
  if (!found) throw new Error(`The catalogue has no routing label ${key}`);
  return found;
}

/** The values `dependent` needs `key` to have, from the dependent's `requires` relation. */
function requiredValues(dependent: string, key: string): readonly string[] {
  const values = annotation(dependent).requires?.find((r) => r.key === key && r.values?.length)?.values;
  if (!values) throw new Error(`${dependent} has no "requires" relation on a value of ${key}`);
  return values;
}

/** The enum values of a key. */
function enumValues(key: string): string[] {
  const value = annotation(key).value;
  if (value.kind !== 'enum') throw new Error(`${key} is not an enum`);
  return value.values.map((v) => v.value);
}

/** The value a snippet suggests: the documented default, else the example. */
function suggested(key: string): string {
  const a = annotation(key);
  return a.default ?? a.example;
}

// ---------------------------------------------------------------------------------------------------------------------
// Grammar

/** Escapes a string for use in a (Oniguruma or JavaScript) regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An alternation of keys, longest first, so no key can stop at a shorter key it starts with. */
export function keyAlternation(keys: readonly string[]): string {
  const sorted = [...new Set(keys)].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  return sorted.map(escapeRegExp).join('|');
}

/**
 * A key starts after a blank, `{`, `,` or `[` (so never inside a longer word, and never at column 0, where the YAML
 * grammar's document and mapping rules begin and must not be pre-empted) and ends at the mapping colon.
 */
const KEY_BEFORE = '(?<=[\\t {,\\[])';
const PLAIN_KEY_AFTER = '(?=[\\t ]*:(?:[\\s,\\]}]|$))';
const QUOTED_KEY_AFTER = '(?=[\\t ]*:)';

interface MatchRule {
  match: string;
  name?: string;
  captures: Record<string, { name: string }>;
}

/** Plain, double- and single-quoted forms of a set of keys, scoped `scope`. Quotes and colon keep YAML's scopes. */
function keyRules(keys: readonly string[], scope: string): { patterns: MatchRule[] } {
  return keyPatternRules(keyAlternation(keys), scope);
}

/** Plain, double- and single-quoted forms of keys matching a regular expression, scoped `scope`. */
function keyPatternRules(alternation: string, scope: string): { patterns: MatchRule[] } {
  const quoted = (quote: string, style: string): MatchRule => ({
    match: `${KEY_BEFORE}(${quote})(${alternation})(${quote})${QUOTED_KEY_AFTER}`,
    name: `string.quoted.${style}.yaml entity.name.tag.yaml`,
    captures: {
      '1': { name: 'punctuation.definition.string.begin.yaml' },
      '2': { name: scope },
      '3': { name: 'punctuation.definition.string.end.yaml' },
    },
  });
  return {
    patterns: [{ match: `${KEY_BEFORE}(${alternation})${PLAIN_KEY_AFTER}`, captures: { '1': { name: `entity.name.tag.yaml ${scope}` } } }, quoted('"', 'double'), quoted("'", 'single')],
  };
}

/** Catalogue keys by how the grammar scopes them. */
export function grammarKeys(): { annotations: string[]; legacy: string[]; labels: string[] } {
  return {
    annotations: ANNOTATIONS.filter((a) => !a.supersededBy).map((a) => a.key),
    legacy: ANNOTATIONS.filter((a) => a.supersededBy).map((a) => a.key),
    labels: [routingLabel(ECI_LABEL).key],
  };
}

/** The TextMate injection grammar that scopes ECI keys written as YAML mapping keys. */
export function buildGrammar(): Record<string, unknown> {
  const keys = grammarKeys();
  return {
    information_for_contributors: [GENERATED_NOTE],
    name: 'ECI annotation keys in YAML',
    scopeName: GRAMMAR_SCOPE,
    injectionSelector: 'L:source.yaml -comment -string',
    // Documented keys come first: at the same position the first pattern wins, so only the rest reach `unknown-keys`.
    patterns: [{ include: '#annotation-keys' }, { include: '#legacy-keys' }, { include: '#routing-labels' }, { include: '#unknown-keys' }],
    repository: {
      'annotation-keys': keyRules(keys.annotations, ANNOTATION_SCOPE),
      'legacy-keys': keyRules(keys.legacy, LEGACY_SCOPE),
      'routing-labels': keyRules(keys.labels, LABEL_SCOPE),
      'unknown-keys': keyPatternRules(ECI_NAMESPACE_KEY, UNKNOWN_SCOPE),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Snippets

export interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}

/** `${n:text}`, with the snippet syntax's special characters escaped. */
function placeholder(n: number, text: string): string {
  return `\${${n}:${text.replace(/[\\$}]/g, '\\$&')}}`;
}

/** `${n|a,b|}`: the first value is the default. */
function choice(n: number, values: readonly string[]): string {
  return `\${${n}|${values.map((v) => v.replace(/[\\$,|}]/g, '\\$&')).join(',')}|}`;
}

/** A YAML double-quoted scalar around snippet text (the text's YAML escapes are the caller's concern). */
function quoted(snippetText: string): string {
  return `"${snippetText}"`;
}

/** Escapes text for a YAML double-quoted scalar. */
function yamlDoubleQuoted(text: string): string {
  return text.replace(/[\\"]/g, '\\$&');
}

/** `key: "${n:default}"` with the key and the default taken from the catalogue. */
function annotationEntry(key: string, n: number, value = suggested(key)): string {
  return `${annotation(key).key}: ${quoted(placeholder(n, yamlDoubleQuoted(value)))}`;
}

/** `key: "value"` with a fixed value. */
function fixedEntry(key: string, value: string): string {
  return `${key}: ${quoted(yamlDoubleQuoted(value))}`;
}

function indent(lines: readonly string[], by: number): string[] {
  return lines.map((l) => ' '.repeat(by) + l);
}

/** A Pod named by tab stop 1 with the given annotation lines; the container's name and image follow them. */
function podBody(annotationLines: readonly string[], nextTabStop: number): string[] {
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${placeholder(1, 'nginx')}`,
    '  annotations:',
    ...indent(annotationLines, 4),
    'spec:',
    '  containers:',
    `    - name: ${placeholder(nextTabStop, 'nginx')}`,
    `      image: ${placeholder(nextTabStop + 1, 'nginx:1.27')}`,
  ];
}

const EIP_ID = 'k8s.aliyun.com/eci-eip-instanceid';
const WITH_EIP = 'k8s.aliyun.com/eci-with-eip';
const EIP_BANDWIDTH = 'k8s.aliyun.com/eip-bandwidth';
const BANDWIDTH_PACKAGE = 'k8s.aliyun.com/eip-common-bandwidth-package-id';
const IP_POOL = 'k8s.aliyun.com/eip-public-ip-address-pool-id';
const SPOT_STRATEGY = 'k8s.aliyun.com/eci-spot-strategy';
const SPOT_PRICE_LIMIT = 'k8s.aliyun.com/eci-spot-price-limit';
const USE_SPECS = 'k8s.aliyun.com/eci-use-specs';

/** Specs of the multi-spec snippet: vCPU-memory pairs, then an ECS instance type as the last resort. */
const MULTI_SPECS = ['2-4Gi', '4-8Gi', 'ecs.c6.xlarge'];

/** `k8s.aliyun.com/eci-with-eip: "true"`: the value the EIP options need. */
function withEipEntry(dependent: string): string {
  return fixedEntry(annotation(WITH_EIP).key, requiredValues(dependent, WITH_EIP)[0]);
}

/** The snippets, keyed by the name VS Code shows. */
export function buildSnippets(): Record<string, Snippet> {
  const label = routingLabel(ECI_LABEL);
  const spotStrategies = enumValues(SPOT_STRATEGY);
  const withLimit = requiredValues(SPOT_PRICE_LIMIT, SPOT_STRATEGY);
  // The strategy the price limit needs comes first, so the inserted defaults agree with each other.
  const strategies = [...spotStrategies.filter((v) => withLimit.includes(v)), ...spotStrategies.filter((v) => !withLimit.includes(v))];

  return {
    'ECI: Pod with an existing EIP': {
      prefix: 'eci-pod-eip',
      description: `Pod that uses an existing elastic IP address (${annotation(EIP_ID).key}).`,
      body: podBody([annotationEntry(EIP_ID, 2)], 3),
    },
    'ECI: Deployment with an auto-created EIP': {
      prefix: 'eci-deployment-eip',
      description:
        `Deployment whose pods each get a new EIP (${annotation(WITH_EIP).key}, ${annotation(EIP_BANDWIDTH).key}) ` + `on the pod template, routed to ECI with the ${label.key} label.`,
      body: [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        `  name: ${placeholder(1, 'nginx')}`,
        'spec:',
        `  replicas: ${placeholder(2, '1')}`,
        '  selector:',
        '    matchLabels:',
        '      app: $1',
        '  template:',
        '    metadata:',
        '      labels:',
        '        app: $1',
        `        ${fixedEntry(label.key, label.value)}`,
        '      annotations:',
        `        ${withEipEntry(EIP_BANDWIDTH)}`,
        `        ${annotationEntry(EIP_BANDWIDTH, 3)}`,
        '    spec:',
        '      containers:',
        `        - name: ${placeholder(4, 'nginx')}`,
        `          image: ${placeholder(5, 'nginx:1.27')}`,
      ],
    },
    'ECI: EIP in a shared bandwidth package': {
      prefix: 'eci-eip-bandwidth-package',
      description: `Pod with a new EIP added to an Internet Shared Bandwidth package (${annotation(WITH_EIP).key}, ${annotation(BANDWIDTH_PACKAGE).key}).`,
      body: podBody([withEipEntry(BANDWIDTH_PACKAGE), annotationEntry(BANDWIDTH_PACKAGE, 2)], 3),
    },
    'ECI: EIP from an IP address pool': {
      prefix: 'eci-eip-ip-pool',
      description: `Pod with a new EIP allocated from an IP address pool (${annotation(WITH_EIP).key}, ${annotation(IP_POOL).key}).`,
      body: podBody([withEipEntry(IP_POOL), annotationEntry(IP_POOL, 2)], 3),
    },
    'ECI: spot Pod': {
      prefix: 'eci-spot-pod',
      description:
        `Spot (preemptible) Pod: ${annotation(SPOT_STRATEGY).key}, a maximum hourly price in ${annotation(SPOT_PRICE_LIMIT).key} ` +
        `and the specs to try in ${annotation(USE_SPECS).key}.`,
      body: podBody([`${annotation(SPOT_STRATEGY).key}: ${quoted(choice(2, strategies))}`, annotationEntry(SPOT_PRICE_LIMIT, 3), annotationEntry(USE_SPECS, 4)], 5),
    },
    'ECI: Pod with multiple specs': {
      prefix: 'eci-multi-spec-pod',
      description: `Pod with specs tried in order when stock runs out (${annotation(USE_SPECS).key}).`,
      body: podBody([annotationEntry(USE_SPECS, 2, MULTI_SPECS.join(','))], 3),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Settings and package.json

const SEVERITIES: readonly RuleSeverity[] = ['off', 'hint', 'information', 'warning', 'error'];

/** `%key%`: a manifest string that VS Code looks up in `package.nls*.json`. */
function nls(key: string): string {
  return `%${key}%`;
}

/** The English manifest strings this script owns (the rest of package.nls.json is written by hand). */
export function generatedNls(): Record<string, string> {
  const strings: Record<string, string> = {
    'config.rules.title': 'Rules',
    'settings.enable': 'Check ECI annotations in YAML files.',
    'settings.trace.server':
      "Traces the communication between VS Code and the ECI Annotations language server in the *ECI Annotations* output (set that output's log level to Trace). `verbose` writes whole documents to the log; in Restricted Mode only message names are written, and a workspace value is ignored there.",
    'settings.trace.server.off': 'No tracing.',
    'settings.trace.server.messages': 'Trace the messages only.',
    'settings.trace.server.verbose': 'Trace the messages and their contents.',
    'settings.language':
      'Language of hover docs, completion details and messages from the language server. `auto` follows the VS Code display language; many Chinese users run an English VS Code and pick `zh-cn` here.',
    'settings.language.auto': 'The VS Code display language.',
    'settings.language.en': 'English.',
    'settings.language.zh-cn': 'Simplified Chinese (简体中文).',
    'settings.severity.off': 'Do not report it.',
    'settings.severity.hint': 'Report it as a hint (dots under the text; not listed in the Problems panel).',
    'settings.severity.information': 'Report it as information.',
    'settings.severity.warning': 'Report it as a warning.',
    'settings.severity.error': 'Report it as an error.',
  };
  for (const rule of RULES) strings[`settings.rules.${rule.code}`] = rule.description;
  return strings;
}

export interface ConfigurationGroup {
  id?: string;
  title: string;
  properties: Record<string, Record<string, unknown>>;
  [other: string]: unknown;
}

/** The settings group with one severity setting per rule. */
export function buildRuleSettings(): ConfigurationGroup {
  const properties: ConfigurationGroup['properties'] = {};
  RULES.forEach((rule, i) => {
    properties[`eciAnnotations.rules.${rule.code}`] = {
      type: 'string',
      enum: [...SEVERITIES],
      enumDescriptions: SEVERITIES.map((s) => nls(`settings.severity.${s}`)),
      default: rule.defaultSeverity,
      markdownDescription: nls(`settings.rules.${rule.code}`),
      scope: 'resource',
      order: i,
    };
  });
  return { id: RULES_GROUP_ID, title: RULES_GROUP_TITLE, properties };
}

/** The settings this script owns in the general group (other settings there are left alone). */
export function buildGeneralSettings(): ConfigurationGroup['properties'] {
  const languages = ['auto', 'en', 'zh-cn'];
  return {
    'eciAnnotations.enable': {
      type: 'boolean',
      default: true,
      markdownDescription: nls('settings.enable'),
      scope: 'resource',
    },
    'eciAnnotations.language': {
      type: 'string',
      enum: languages,
      enumDescriptions: languages.map((l) => nls(`settings.language.${l}`)),
      default: 'auto',
      markdownDescription: nls('settings.language'),
      scope: 'window',
    },
    'eciAnnotations.trace.server': {
      type: 'string',
      enum: ['off', 'messages', 'verbose'],
      enumDescriptions: ['off', 'messages', 'verbose'].map((v) => nls(`settings.trace.server.${v}`)),
      default: 'off',
      markdownDescription: nls('settings.trace.server'),
      scope: 'window',
    },
  };
}

/** package.nls.json with the generated strings up to date; hand-written strings are kept, keys sorted. */
export function updateNls(existing: Record<string, string>): Record<string, string> {
  const merged: Record<string, string> = { ...existing, ...generatedNls() };
  return Object.fromEntries(
    Object.keys(merged)
      .sort()
      .map((k) => [k, merged[k]]),
  );
}

type Json = Record<string, unknown>;

/** package.json with the grammar and settings contributions up to date (and no snippets contribution); every other key is kept. */
export function updatePackageJson(pkg: Json): Json {
  const next = structuredClone(pkg);
  const contributes = (next.contributes ?? {}) as Json;
  next.contributes = contributes;
  contributes.grammars = [{ scopeName: GRAMMAR_SCOPE, path: `./${GRAMMAR_PATH}`, injectTo: ['source.yaml'] }];
  // The whole-manifest snippets are served by the language server's completion, only where a manifest can start.
  delete contributes.snippets;

  const existing = contributes.configuration;
  const groups = (Array.isArray(existing) ? existing : existing ? [existing] : []) as ConfigurationGroup[];

  let general = groups.find((g) => g.title === GENERAL_GROUP_TITLE);
  if (!general) {
    general = { id: 'eciAnnotations', title: GENERAL_GROUP_TITLE, properties: {} };
    groups.unshift(general);
  }
  general.properties = { ...(general.properties ?? {}), ...buildGeneralSettings() };

  const rules = buildRuleSettings();
  const at = groups.findIndex((g) => g.id === RULES_GROUP_ID);
  if (at >= 0) groups[at] = rules;
  else groups.splice(groups.indexOf(general) + 1, 0, rules);

  contributes.configuration = groups;
  return next;
}

/** JSON as every generated file is written: two-space indent, final newline. */
export function renderJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

export interface GeneratedFile {
  path: string;
  content: string;
}

/** The generated files as they should be; package.json is derived from its current content. */
export function generatedFiles(root: string): GeneratedFile[] {
  const pkg = JSON.parse(readFileSync(join(root, PACKAGE_JSON_PATH), 'utf8')) as Json;
  const strings = JSON.parse(readOrEmpty(join(root, PACKAGE_NLS_PATH)) || '{}') as Record<string, string>;
  return [
    { path: GRAMMAR_PATH, content: renderJson(buildGrammar()) },
    { path: SNIPPETS_PATH, content: renderJson(buildSnippets()) },
    { path: PACKAGE_JSON_PATH, content: renderJson(updatePackageJson(pkg)) },
    { path: PACKAGE_NLS_PATH, content: renderJson(updateNls(strings)) },
  ];
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Paths of the generated files that differ from what the catalogue gives. */
export function staleFiles(root: string): string[] {
  return generatedFiles(root)
    .filter((f) => readOrEmpty(join(root, f.path)) !== f.content)
    .map((f) => f.path);
}

/** Writes the stale files, or with `--check` lists them and returns 1. */
export function main(args: readonly string[], root = process.cwd()): number {
  const unknown = args.filter((a) => a !== '--check');
  if (unknown.length > 0) {
    console.error(`Unknown argument(s): ${unknown.join(' ')}. Usage: node scripts/generate.mjs [--check]`);
    return 2;
  }
  if (args.includes('--check')) {
    const stale = staleFiles(root);
    if (stale.length === 0) {
      console.log('Generated files are up to date.');
      return 0;
    }
    console.error(`Stale generated files (run \`node scripts/generate.mjs\`):\n${stale.map((p) => `  ${p}`).join('\n')}`);
    return 1;
  }
  const written: string[] = [];
  for (const path of [GRAMMAR_PATH, SNIPPETS_PATH, PACKAGE_JSON_PATH, PACKAGE_NLS_PATH]) {
    // Recomputed per file so package.json is read right before it is written.
    const file = generatedFiles(root).find((f) => f.path === path)!;
    const target = join(root, file.path);
    if (readOrEmpty(target) === file.content) continue;
    writeFileSync(target, file.content);
    written.push(file.path);
  }
  console.log(written.length ? `Wrote ${written.join(', ')}.` : 'Generated files are up to date.');
  return 0;
}

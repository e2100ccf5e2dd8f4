/**
 * The generated grammar, snippets and package.json contributions: up to date with the catalogue (the same comparison as
 * `node scripts/generate.mjs --check`), and the snippets expand to valid manifests with catalogue keys only.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { ANNOTATIONS, ROUTING_LABELS } from '../../server/src/service/catalogue/annotations';
import { RULES } from '../../server/src/service/rules';
import { Catalogue } from '../../server/src/service/catalogue';
import {
  ANNOTATION_SCOPE,
  ECI_LABEL,
  ECI_NAMESPACE_KEY,
  GRAMMAR_PATH,
  GRAMMAR_SCOPE,
  LABEL_SCOPE,
  LEGACY_SCOPE,
  PACKAGE_JSON_PATH,
  RULES_GROUP_TITLE,
  SNIPPETS_PATH,
  annotation,
  buildGeneralSettings,
  buildGrammar,
  buildRuleSettings,
  buildSnippets,
  generatedNls,
  grammarKeys,
  renderJson,
  staleFiles,
  updatePackageJson,
  type ConfigurationGroup,
  type Snippet,
} from '../../scripts/generate';
import { check } from './support';

/** The repository root: the working directory when run by npm, else three levels above the bundled test. */
const ROOT = [process.cwd(), resolve(__dirname, '../../..')].find((d) => existsSync(join(d, 'scripts/generate.ts'))) ?? process.cwd();

function read(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

type Json = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------------------------------
// Snippet bodies with every tab stop replaced by its default

type Part = { text: string } | { stop: number; inner?: Part[]; choices?: string[] };

/** Parses the snippet syntax this project uses: `$n`, `${n}`, `${n:text}`, `${n|a,b|}` and `\` escapes. */
function parseSnippet(src: string): Part[] {
  let i = 0;
  const parts = (inPlaceholder: boolean): Part[] => {
    const out: Part[] = [];
    let text = '';
    const flush = () => {
      if (text) out.push({ text });
      text = '';
    };
    while (i < src.length) {
      const c = src[i];
      if (c === '\\' && '$}\\'.includes(src[i + 1] ?? '')) {
        text += src[i + 1];
        i += 2;
      } else if (inPlaceholder && c === '}') {
        flush();
        i++;
        return out;
      } else if (c === '$') {
        const rest = src.slice(i);
        const simple = /^\$(\d+)/.exec(rest);
        const braced = /^\$\{(\d+)([:|}])/.exec(rest);
        flush();
        if (simple) {
          out.push({ stop: Number(simple[1]) });
          i += simple[0].length;
        } else if (braced) {
          const stop = Number(braced[1]);
          i += braced[0].length;
          if (braced[2] === '}') out.push({ stop });
          else if (braced[2] === ':') out.push({ stop, inner: parts(true) });
          else out.push({ stop, choices: choiceList() });
        } else {
          throw new Error(`Unsupported snippet syntax: ${rest.slice(0, 20)}`);
        }
      } else {
        text += c;
        i++;
      }
    }
    if (inPlaceholder) throw new Error(`Unterminated placeholder in ${src}`);
    flush();
    return out;
  };
  const choiceList = (): string[] => {
    const choices: string[] = [];
    let current = '';
    while (!(src[i] === '|' && src[i + 1] === '}')) {
      if (i >= src.length) throw new Error(`Unterminated choice in ${src}`);
      if (src[i] === '\\' && ',|\\$}'.includes(src[i + 1] ?? '')) {
        current += src[i + 1];
        i += 2;
      } else if (src[i] === ',') {
        choices.push(current);
        current = '';
        i++;
      } else {
        current += src[i++];
      }
    }
    choices.push(current);
    i += 2;
    return choices;
  };
  return parts(false);
}

interface Expanded {
  text: string;
  /** Default of every tab stop. */
  defaults: Map<number, string>;
  /** Choices of every choice tab stop. */
  choices: Map<number, string[]>;
}

/** The text VS Code inserts when every tab stop keeps its default (mirrors copy it). */
function expand(snippet: Snippet): Expanded {
  const parts = parseSnippet(snippet.body.join('\n'));
  const defaults = new Map<number, string>();
  const choices = new Map<number, string[]>();
  const render = (list: Part[]): string => list.map((p) => ('text' in p ? p.text : p.inner ? render(p.inner) : p.choices ? p.choices[0] : (defaults.get(p.stop) ?? ''))).join('');
  const collect = (list: Part[]): void => {
    for (const p of list) {
      if ('text' in p || (!p.inner && !p.choices)) continue;
      if (p.inner) collect(p.inner);
      const value = p.inner ? render(p.inner) : p.choices![0];
      assert.ok(!defaults.has(p.stop), `${snippet.prefix}: tab stop ${p.stop} has two defaults`);
      defaults.set(p.stop, value);
      if (p.choices) choices.set(p.stop, p.choices);
    }
  };
  collect(parts);
  const stops = new Set<number>();
  const walk = (list: Part[]): void => list.forEach((p) => 'stop' in p && (stops.add(p.stop), p.inner && walk(p.inner)));
  walk(parts);
  const numbered = [...stops].filter((n) => n > 0).sort((a, b) => a - b);
  assert.deepEqual(
    numbered,
    numbered.map((_, k) => k + 1),
    `${snippet.prefix}: tab stops are numbered from 1 without gaps`,
  );
  for (const n of numbered) assert.ok(defaults.has(n), `${snippet.prefix}: tab stop ${n} has a default`);
  return { text: render(parts) + '\n', defaults, choices };
}

interface Manifest {
  kind?: string;
  metadata?: { annotations?: Record<string, unknown>; labels?: Record<string, unknown> };
  spec?: {
    selector?: { matchLabels?: Record<string, unknown> };
    template?: { metadata?: { annotations?: Record<string, unknown>; labels?: Record<string, unknown> } };
  };
}

/** Parses an expanded snippet as kubectl does (YAML 1.1) and fails on any error or warning. */
function manifest(prefix: string, text: string): Manifest {
  const doc = parseDocument(text, { version: '1.1' });
  assert.deepEqual(
    [...doc.errors, ...doc.warnings].map((e) => e.message),
    [],
    `${prefix} is not valid YAML:\n${text}`,
  );
  return doc.toJS() as Manifest;
}

/** Where the snippet's pod annotations and labels are. */
function podMetadata(m: Manifest): { annotations?: Record<string, unknown>; labels?: Record<string, unknown> } | undefined {
  return m.kind === 'Pod' ? m.metadata : m.spec?.template?.metadata;
}

const SNIPPETS = buildSnippets();
const byPrefix = new Map(Object.values(SNIPPETS).map((s) => [s.prefix, s]));
const catalogueKeys = new Set(ANNOTATIONS.map((a) => a.key));

// ---------------------------------------------------------------------------------------------------------------------

describe('generated files are up to date with the catalogue', () => {
  it('the injection grammar', () => {
    assert.equal(read(GRAMMAR_PATH), renderJson(buildGrammar()), `${GRAMMAR_PATH} is stale: run node scripts/generate.mjs`);
  });

  it('the snippets', () => {
    assert.equal(read(SNIPPETS_PATH), renderJson(buildSnippets()), `${SNIPPETS_PATH} is stale: run node scripts/generate.mjs`);
  });

  it('the package.json contributions (grammar, snippets, settings)', () => {
    const text = read(PACKAGE_JSON_PATH);
    assert.equal(text, renderJson(updatePackageJson(JSON.parse(text) as Json)), 'package.json is stale: run node scripts/generate.mjs');
  });

  it('check mode finds no stale file', () => {
    assert.deepEqual(staleFiles(ROOT), []);
  });
});

describe('injection grammar', () => {
  it('the unknown-key pattern covers the same namespace as the unknown-key diagnostic', () => {
    const catalogue = new Catalogue();
    const whole = new RegExp(`^${ECI_NAMESPACE_KEY}$`);
    const samples = [...ANNOTATIONS.map((a) => a.key), 'k8s.aliyun.com/eci-eip-bandwidth', 'k8s.aliyun.com/imc-x', 'k8s.aliyun.com/acr-x', 'example.com/eci-x'];
    for (const key of samples) assert.equal(whole.test(key), catalogue.isEciNamespace(key), key);
  });

  const grammar = buildGrammar() as { scopeName: string; injectionSelector: string; repository: Record<string, { patterns: { match: string }[] }> };

  it('has one key set per scope: documented, legacy, the ECI label', () => {
    const keys = grammarKeys();
    assert.deepEqual([...keys.annotations, ...keys.legacy].sort(), [...catalogueKeys].sort());
    assert.deepEqual(
      keys.legacy.sort(),
      ANNOTATIONS.filter((a) => a.supersededBy)
        .map((a) => a.key)
        .sort(),
    );
    assert.deepEqual(keys.labels, [ECI_LABEL]);
    assert.ok(ROUTING_LABELS.some((l) => l.key === ECI_LABEL));
  });

  it('lists every key, escaped, longest first', () => {
    const alternation = (rule: string) => /\((k8s[^()]*|kubernetes[^()]*|alibabacloud[^()]*)\)/.exec(grammar.repository[rule].patterns[0].match)![1].split('|');
    const keys = grammarKeys();
    for (const [rule, expected] of [
      ['annotation-keys', keys.annotations],
      ['legacy-keys', keys.legacy],
      ['routing-labels', keys.labels],
    ] as const) {
      const listed = alternation(rule).map((k) => k.replace(/\\(.)/g, '$1'));
      assert.deepEqual([...listed].sort(), [...expected].sort(), rule);
      assert.ok(
        alternation(rule).every((k) => !/(^|[^\\])\./.test(k)),
        `${rule}: every dot is escaped`,
      );
      for (let i = 1; i < listed.length; i++) assert.ok(listed[i - 1].length >= listed[i].length, `${rule}: longest first`);
    }
  });

  it('matches keys, not values (the same regular expressions, run by JavaScript)', () => {
    const scopeOf = (line: string): string[] => {
      const found: string[] = [];
      for (const [rule, scope] of [
        ['annotation-keys', ANNOTATION_SCOPE],
        ['legacy-keys', LEGACY_SCOPE],
        ['routing-labels', LABEL_SCOPE],
      ]) {
        for (const p of grammar.repository[rule].patterns) if (new RegExp(p.match).test(line)) found.push(scope);
      }
      return found;
    };
    assert.deepEqual(scopeOf('    k8s.aliyun.com/eci-with-eip: "true"'), [ANNOTATION_SCOPE]);
    assert.deepEqual(scopeOf('  - "k8s.aliyun.com/eci-with-eip": "true"'), [ANNOTATION_SCOPE]);
    assert.deepEqual(scopeOf("  {'k8s.aliyun.com/eci-instance-type': x}"), [LEGACY_SCOPE]);
    assert.deepEqual(scopeOf('    alibabacloud.com/eci: "true"'), [LABEL_SCOPE]);
    assert.deepEqual(scopeOf('    app: k8s.aliyun.com/eci-with-eip'), []);
    assert.deepEqual(scopeOf('    k8s.aliyun.com/eci-with-eip-extra: "true"'), []);
    assert.deepEqual(scopeOf('    image: example.com/k8s.aliyun.com/eci-with-eip:latest'), []);
    assert.deepEqual(scopeOf('k8s.aliyun.com/eci-with-eip: "true"'), [], 'column 0 is left to the YAML grammar');
  });

  it('is injected into YAML and leaves strings and comments alone', () => {
    assert.equal(grammar.scopeName, GRAMMAR_SCOPE);
    assert.match(grammar.injectionSelector, /^L:source\.yaml\b/);
    assert.match(grammar.injectionSelector, /-comment/);
    assert.match(grammar.injectionSelector, /-string/);
  });
});

describe('snippets', () => {
  it('are the six documented prefixes, each with a description', () => {
    assert.deepEqual([...byPrefix.keys()].sort(), ['eci-deployment-eip', 'eci-eip-bandwidth-package', 'eci-eip-ip-pool', 'eci-multi-spec-pod', 'eci-pod-eip', 'eci-spot-pod']);
    for (const s of byPrefix.values()) assert.ok(s.description.length > 20, `${s.prefix} has a description`);
  });

  for (const snippet of Object.values(SNIPPETS)) {
    it(`${snippet.prefix}: expands to valid YAML whose annotation keys are documented and whose values are strings`, () => {
      const { text } = expand(snippet);
      const m = manifest(snippet.prefix, text);
      const meta = podMetadata(m);
      const annotations = Object.entries(meta?.annotations ?? {});
      assert.ok(annotations.length > 0, `${snippet.prefix} has pod annotations:\n${text}`);
      for (const [key, value] of annotations) {
        assert.ok(catalogueKeys.has(key), `${snippet.prefix}: ${key} is in the catalogue`);
        const a = annotation(key);
        assert.ok(!a.supersededBy && !a.readOnly, `${snippet.prefix}: ${key} is neither legacy nor read-only`);
        assert.equal(typeof value, 'string', `${snippet.prefix}: ${key} is quoted`);
      }
      for (const [key, value] of Object.entries(meta?.labels ?? {})) {
        if (key.includes('/'))
          assert.ok(
            ROUTING_LABELS.some((l) => l.key === key && l.value === value),
            `${snippet.prefix}: label ${key}`,
          );
      }
      for (const line of snippet.body) {
        for (const key of line.match(/[a-z0-9.-]+\.(?:com|io)\/[A-Za-z0-9.-]+(?=:)/g) ?? []) {
          assert.ok(catalogueKeys.has(key) || ROUTING_LABELS.some((l) => l.key === key), `${snippet.prefix}: ${key} in the body is in the catalogue`);
        }
      }
    });

    it(`${snippet.prefix}: the expanded manifest has no ECI diagnostics`, () => {
      const { text } = expand(snippet);
      assert.deepEqual(
        check(text).diagnostics.map((d) => `${d.code}: ${d.message}`),
        [],
        text,
      );
    });
  }

  it('eci-deployment-eip puts the ECI keys and label on the pod template, not on the Deployment', () => {
    const { text } = expand(byPrefix.get('eci-deployment-eip')!);
    const m = manifest('eci-deployment-eip', text);
    assert.equal(m.kind, 'Deployment');
    assert.equal(m.metadata?.annotations, undefined);
    const template = m.spec?.template?.metadata;
    assert.equal(template?.annotations?.['k8s.aliyun.com/eci-with-eip'], 'true');
    assert.equal(template?.annotations?.['k8s.aliyun.com/eip-bandwidth'], annotation('k8s.aliyun.com/eip-bandwidth').default);
    assert.equal(template?.labels?.[ECI_LABEL], 'true');
    for (const [key, value] of Object.entries(m.spec?.selector?.matchLabels ?? {})) assert.equal(template?.labels?.[key], value, 'selector matches the template');
  });

  it('eci-pod-eip, eci-eip-bandwidth-package and eci-eip-ip-pool use the catalogue examples as defaults', () => {
    const cases: [string, string][] = [
      ['eci-pod-eip', 'k8s.aliyun.com/eci-eip-instanceid'],
      ['eci-eip-bandwidth-package', 'k8s.aliyun.com/eip-common-bandwidth-package-id'],
      ['eci-eip-ip-pool', 'k8s.aliyun.com/eip-public-ip-address-pool-id'],
    ];
    for (const [prefix, key] of cases) {
      const m = manifest(prefix, expand(byPrefix.get(prefix)!).text);
      assert.equal(m.metadata?.annotations?.[key], annotation(key).example, prefix);
      if (prefix !== 'eci-pod-eip') assert.equal(m.metadata?.annotations?.['k8s.aliyun.com/eci-with-eip'], 'true', prefix);
    }
  });

  it('eci-spot-pod offers exactly the spot strategies of the catalogue enum', () => {
    const { choices } = expand(byPrefix.get('eci-spot-pod')!);
    const strategy = annotation('k8s.aliyun.com/eci-spot-strategy').value;
    assert.equal(strategy.kind, 'enum');
    assert.equal(choices.size, 1);
    assert.deepEqual([...[...choices.values()][0]].sort(), strategy.values.map((v) => v.value).sort());
  });

  it('eci-multi-spec-pod lists specs within the catalogue limit', () => {
    const m = manifest('eci-multi-spec-pod', expand(byPrefix.get('eci-multi-spec-pod')!).text);
    const specs = m.metadata?.annotations?.['k8s.aliyun.com/eci-use-specs'];
    assert.equal(specs, '2-4Gi,4-8Gi,ecs.c6.xlarge');
    const type = annotation('k8s.aliyun.com/eci-use-specs').value;
    assert.ok(type.kind === 'specList' && String(specs).split(',').length <= type.max);
  });

  it('lookups fail loudly for keys the catalogue does not have', () => {
    assert.throws(() => annotation('k8s.aliyun.com/eci-no-such-key'), /no annotation k8s\.aliyun\.com\/eci-no-such-key/);
  });
});

describe('settings', () => {
  it('one severity setting per rule, with its default and description', () => {
    const group = buildRuleSettings();
    assert.equal(group.title, RULES_GROUP_TITLE);
    assert.deepEqual(
      Object.keys(group.properties),
      RULES.map((r) => `eciAnnotations.rules.${r.code}`),
    );
    for (const rule of RULES) {
      const p = group.properties[`eciAnnotations.rules.${rule.code}`];
      assert.equal(p.type, 'string');
      assert.deepEqual(p.enum, ['off', 'hint', 'information', 'warning', 'error']);
      assert.equal((p.enumDescriptions as string[]).length, 5);
      assert.equal(p.default, rule.defaultSeverity);
      assert.equal(p.markdownDescription, `%settings.rules.${rule.code}%`);
      assert.equal(generatedNls()[`settings.rules.${rule.code}`], rule.description);
      assert.equal(p.scope, 'resource');
    }
  });

  it('package.json update keeps other groups and keys, replaces the rules group and is idempotent', () => {
    const account: ConfigurationGroup = { title: '%config.account.title%', properties: { 'eciAnnotations.account.region': { type: 'string' } } };
    const before: Json = {
      name: 'x',
      contributes: {
        commands: [{ command: 'c' }],
        configuration: [
          { title: 'ECI Annotations', properties: { 'eciAnnotations.other': { type: 'boolean' } } },
          account,
          { id: 'eciAnnotations.rules', title: 'old', properties: { 'eciAnnotations.rules.gone': {} } },
        ],
      },
    };
    const after = updatePackageJson(before);
    assert.deepEqual(updatePackageJson(after), after);
    const contributes = after.contributes as Json;
    assert.deepEqual(contributes.commands, [{ command: 'c' }]);
    const groups = contributes.configuration as ConfigurationGroup[];
    assert.equal(groups.length, 3);
    assert.deepEqual(groups[0].properties, { 'eciAnnotations.other': { type: 'boolean' }, ...buildGeneralSettings() });
    assert.deepEqual(groups[1], account);
    assert.deepEqual(groups[2], buildRuleSettings());
    assert.deepEqual(contributes.grammars, [{ scopeName: GRAMMAR_SCOPE, path: `./${GRAMMAR_PATH}`, injectTo: ['source.yaml'] }]);
    // Snippets are served by the language server's completion (only where a manifest can start), not contributed.
    assert.equal(contributes.snippets, undefined);
    assert.equal((before.contributes as Json).grammars, undefined, 'the input is not modified');
  });

  it('package.json has the general settings', () => {
    const pkg = JSON.parse(read(PACKAGE_JSON_PATH)) as { contributes: { configuration: ConfigurationGroup[] } };
    const general = pkg.contributes.configuration.find((g) => g.title === 'ECI Annotations');
    assert.ok(general);
    assert.equal(general.properties['eciAnnotations.enable'].default, true);
    assert.equal(general.properties['eciAnnotations.enable'].scope, 'resource');
    assert.equal(general.properties['eciAnnotations.trace.server'].default, 'off');
    assert.equal(general.properties['eciAnnotations.trace.server'].scope, 'window');
  });
});

/** Localization: every catalogue entry and every message in every language, locale choice, and hover/completion in zh-CN. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionList, Hover, MarkupContent } from 'vscode-languageserver-types';
import { ANNOTATIONS } from '../../server/src/service/catalogue/annotations';
import type { NetworkAccount } from '../../server/src/service/account';
import type { Annotation } from '../../server/src/service/catalogue/types';
import { CATALOGUE_LANGUAGE_FILES, localizeAnnotation, missingTexts, phraseSources, staleTexts } from '../../server/src/service/catalogue/l10n';
import { annotationMarkdown } from '../../server/src/service/docs';
import { chooseLocale, LOCALES, MESSAGES, resolveLocale, t, type MessageKey } from '../../server/src/service/l10n';
import type { LanguageServiceOptions } from '../../server/src/service/languageService';
import { RULES } from '../../server/src/service/rules';
import SNIPPETS from '../../snippets/eci-annotations.code-snippets.json';
import { readdirSync, readFileSync } from 'node:fs';
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { cursor, doc, positionOf, service } from './helpers';
import { actionsFor, check, fixture, fixtureNames, POD, withCode } from './support';

const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** Keys that occur twice in one object of a JSON file (JSON.parse keeps the last one silently), with their paths. */
function duplicateKeys(text: string): string[] {
  const out: string[] = [];
  const walk = (node: JsonNode | undefined, path: string) => {
    if (node?.type === 'object') {
      const seen = new Set<string>();
      for (const property of node.children ?? []) {
        const key = String(property.children?.[0]?.value);
        if (seen.has(key)) out.push(`${path}/${key}`);
        seen.add(key);
        walk(property.children?.[1], `${path}/${key}`);
      }
    } else if (node?.type === 'array') node.children?.forEach((child, i) => walk(child, `${path}/${i}`));
  };
  walk(parseTree(text), '');
  return out;
}

describe('language files are complete', () => {
  test('no language file says a key twice (the second would silently win)', () => {
    const files = [
      ...readdirSync('server/src/service/messages').map((f) => `server/src/service/messages/${f}`),
      ...readdirSync('server/src/service/catalogue/l10n').map((f) => `server/src/service/catalogue/l10n/${f}`),
      ...readdirSync('l10n').map((f) => `l10n/${f}`),
      ...readdirSync('.').filter((f) => /^package\.nls(\.[a-z-]+)?\.json$/.test(f)),
    ].filter((f) => f.endsWith('.json'));
    assert.ok(files.length >= 8, files.join(', '));
    for (const file of files) assert.deepEqual(duplicateKeys(readFileSync(file, 'utf8')), [], file);
  });

  for (const locale of LOCALES) {
    test(`catalogue texts in ${locale}: every annotation, enum value, label and source page`, () => {
      const missing = missingTexts(locale);
      assert.deepEqual(
        missing,
        [],
        `server/src/service/catalogue/l10n/${locale}.json lacks ${missing.length} entries (add them; mark text without an official source with "review"):\n  ${missing.join('\n  ')}`,
      );
    });

    test(`catalogue texts in ${locale}: no entry for a key the catalogue does not have`, () => {
      const stale = staleTexts(CATALOGUE_LANGUAGE_FILES[locale]);
      assert.deepEqual(stale, [], `server/src/service/catalogue/l10n/${locale}.json has entries for unknown keys:\n  ${stale.join('\n  ')}`);
    });

    test(`messages in ${locale}: every key, with the same placeholders as English`, () => {
      const problems: string[] = [];
      for (const key of Object.keys(MESSAGES.en) as MessageKey[]) {
        const text = MESSAGES[locale][key];
        if (!text) problems.push(`${key}: missing`);
        else if (placeholders(text).join() !== placeholders(MESSAGES.en[key]).join())
          problems.push(`${key}: placeholders ${placeholders(text).join()} ≠ ${placeholders(MESSAGES.en[key]).join()}`);
      }
      assert.deepEqual(problems, [], `server/src/service/l10n.ts, table ${locale}:\n  ${problems.join('\n  ')}`);
    });
  }

  test('every Chinese entry either names its official source or is marked for review', () => {
    const unmarked = Object.entries(CATALOGUE_LANGUAGE_FILES['zh-cn'].annotations)
      .filter(([, e]) => !e.basis && !e.review)
      .map(([k]) => k);
    assert.deepEqual(unmarked, []);
  });

  test('the completeness check names a new catalogue key and each of its missing fields', () => {
    const added: Annotation = {
      ...ANNOTATIONS.find((a) => a.key === 'k8s.aliyun.com/eci-spot-duration')!,
      key: 'k8s.aliyun.com/eci-brand-new',
      source: 'https://www.alibabacloud.com/help/en/eci/user-guide/brand-new-page',
    };
    const missing = missingTexts('zh-cn', CATALOGUE_LANGUAGE_FILES['zh-cn'], [...ANNOTATIONS, added]);
    assert.deepEqual(missing, [
      'k8s.aliyun.com/eci-brand-new: summary',
      'k8s.aliyun.com/eci-brand-new: doc',
      'k8s.aliyun.com/eci-brand-new: values.0',
      'k8s.aliyun.com/eci-brand-new: values.1',
      'page: https://www.alibabacloud.com/help/en/eci/user-guide/brand-new-page',
    ]);
  });
});

describe('locale choice', () => {
  test('language tags map to a supported locale', () => {
    for (const tag of ['zh-cn', 'zh-CN', 'zh', 'zh-Hans', 'zh-Hans-CN', 'zh_CN.UTF-8', 'zh-SG']) assert.equal(resolveLocale(tag), 'zh-cn', tag);
    for (const tag of ['en', 'en-US', 'de', 'ja', 'zh-TW', 'zh-Hant', '', undefined, null, 'C.UTF-8']) assert.equal(resolveLocale(tag), 'en', String(tag));
  });

  test('eciAnnotations.language overrides the editor language; auto follows it', () => {
    assert.equal(chooseLocale('en', 'zh-cn'), 'en');
    assert.equal(chooseLocale('zh-cn', 'en'), 'zh-cn');
    assert.equal(chooseLocale('auto', 'zh-cn'), 'zh-cn');
    assert.equal(chooseLocale('auto', 'en-us'), 'en');
    assert.equal(chooseLocale(undefined, 'zh-CN'), 'zh-cn');
    assert.equal(chooseLocale('klingon', 'zh-CN'), 'zh-cn');
  });

  test('t fills placeholders and falls back to English', () => {
    assert.equal(t('hover.legacy', { key: 'k8s.aliyun.com/x' }, 'zh-cn'), '**旧版注解**：请改用 `k8s.aliyun.com/x`。');
    assert.equal(t('hover.legacy', { key: 'k8s.aliyun.com/x' }), '**Legacy**: use `k8s.aliyun.com/x` instead.');
  });
});

const TEMPLATE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  template:
    metadata:
      labels:
        alibabacloud.com/eci: "true"
      annotations:
        k8s.aliyun.com/eci-spot-strategy: SpotWithPriceLimit
        k8s.aliyun.com/eip-common-bandwith-package-id: cbwp-2ze0000****
        k8s.aliyun.com/eci-with-eip: "true"
    spec:
      containers: []
`;

function hoverMarkdown(options: LanguageServiceOptions, needle: string, delta = 3): string {
  const ls = service(options);
  const h: Hover | null = ls.doHover(ls.parse(doc(TEMPLATE)), positionOf(TEMPLATE, needle, delta));
  assert.ok(h, `a hover on ${needle}`);
  return (h.contents as MarkupContent).value;
}

describe('hover and completion in Simplified Chinese', () => {
  test('a key: Chinese doc, headings, value docs, notes and the Chinese page', () => {
    const md = hoverMarkdown({ locale: 'zh-cn' }, 'k8s.aliyun.com/eci-spot-strategy');
    assert.match(md, /^\*\*k8s\.aliyun\.com\/eci-spot-strategy\*\* · ECI Pod 注解/);
    assert.match(md, /将 Pod 创建为抢占式实例/);
    assert.match(md, /\| 类型 \| 以下之一：SpotAsPriceGo, SpotWithPriceLimit \|/);
    assert.match(md, /`SpotAsPriceGo`: 系统自动出价/);
    assert.match(md, /\| 默认值 \| 未设置 \|/);
    assert.match(md, /仅在创建 Pod 时生效/);
    assert.match(md, /\[ECI 文档\]\(https:\/\/help\.aliyun\.com\/zh\/eci\/user-guide\/create-a-preemptible-elastic-container-instance-2\)/);
    assert.doesNotMatch(md, /Makes the pod a spot instance|Takes effect only|\| Type \|/);
  });

  test('a key whose catalogue link is an English page links the Chinese page', () => {
    const md = hoverMarkdown({ locale: 'zh-cn' }, 'k8s.aliyun.com/eci-with-eip');
    assert.match(md, /自动创建一个按量付费的 EIP/);
    assert.match(md, /\(https:\/\/help\.aliyun\.com\/zh\/eci\/user-guide\/enable-internet-access-2\)/);
  });

  test('an enum value, a misspelt key and the routing label', () => {
    assert.match(hoverMarkdown({ locale: 'zh-cn' }, 'SpotWithPriceLimit'), /^\*\*SpotWithPriceLimit\*\*: 设置抢占式实例的价格上限/);
    const misspelt = hoverMarkdown({ locale: 'zh-cn' }, 'eip-common-bandwith-package-id');
    assert.match(misspelt, /^\*\*k8s\.aliyun\.com\/eip-common-bandwith-package-id\*\* 是 \*\*k8s\.aliyun\.com\/eip-common-bandwidth-package-id\*\* 的错误拼写/);
    assert.match(misspelt, /加入一个已有的共享带宽包/);
    const label = hoverMarkdown({ locale: 'zh-cn' }, 'alibabacloud.com/eci');
    assert.match(label, /· Pod 标签/);
    assert.match(label, /这是标签（不是注解）/);
    assert.match(label, /\[文档\]\(https:\/\/help\.aliyun\.com\/zh\/eci\/user-guide\/schedule-pods-to-virtual-kubelet\)/);
  });

  test('English users get English text and the English page', () => {
    const md = hoverMarkdown({ locale: 'en' }, 'k8s.aliyun.com/eci-spot-strategy');
    assert.match(md, /· ECI pod annotation/);
    assert.match(md, /Makes the pod a spot instance/);
    assert.match(md, /\[ECI documentation\]\(https:\/\/www\.alibabacloud\.com\/help\/en\/eci\/user-guide\/create-a-preemptible-elastic-container-instance-1\)/);
    assert.doesNotMatch(md, /[\u4e00-\u9fff]/);
  });

  test('completion details and docs of keys and labels', async () => {
    const { text, position } = cursor(TEMPLATE.replace('k8s.aliyun.com/eci-with-eip: "true"', 'k8s.aliyun.com/eci-use|'));
    const ls = service({ locale: 'zh-cn' });
    const list: CompletionList = await ls.doComplete(ls.parse(doc(text)), position);
    const specs = list.items.find((i) => i.label === 'k8s.aliyun.com/eci-use-specs');
    assert.ok(specs, 'eci-use-specs is offered');
    assert.equal(specs.detail, '按优先级尝试的实例规格（最多 5 个）。');
    assert.match((specs.documentation as MarkupContent).value, /\| 类型 \| 逗号分隔的规格列表，最多 5 个：`<vCPU>-<内存>Gi`/);

    const labelled = cursor(TEMPLATE.replace('alibabacloud.com/eci: "true"', 'alibabacloud.com/e|'));
    const labels = await ls.doComplete(ls.parse(doc(labelled.text)), labelled.position);
    assert.equal(labels.items.find((i) => i.label === 'alibabacloud.com/eci')?.detail, '将 Pod 调度到 ECI');
  });

  test('every annotation renders in Chinese with no English heading left', () => {
    for (const a of ANNOTATIONS) {
      const md = annotationMarkdown(localizeAnnotation(a, 'zh-cn'));
      assert.doesNotMatch(md, /\| (Type|Default|Example|Values) \||not set|ECI documentation|Takes effect only/, a.key);
    }
  });
});

/** Every message, related message and fix title a locale's service gives for every fixture. */
function everyText(locale: 'en' | 'zh-cn'): { codes: Set<string>; texts: { code: string; kind: string; text: string }[] } {
  const ls = service({ locale });
  const codes = new Set<string>();
  const texts: { code: string; kind: string; text: string }[] = [];
  // The fixtures, and a read-only key written by hand (the fixtures have none outside objects read back from a cluster).
  for (const text of [...fixtureNames().map(fixture), POD('    k8s.aliyun.com/eci-instance-id: "eci-2ze000000000"')]) {
    const c = check(text, undefined, ls);
    for (const d of c.diagnostics) {
      const code = String(d.code);
      codes.add(code);
      texts.push({ code, kind: 'message', text: d.message });
      for (const r of d.relatedInformation ?? []) texts.push({ code, kind: 'related', text: r.message });
      for (const a of actionsFor(c, d)) texts.push({ code, kind: 'fix', text: a.title });
    }
  }
  return { codes, texts };
}

/** An English phrase (three Latin words in a row) once keys, paths, IDs and quoted values are taken out. */
function englishPhrase(text: string): string | undefined {
  const rest = text.replace(/"[^"]*"/g, ' ').replace(/\S*[./:_<>[\]{}|=-]\S*/g, ' ');
  return /[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,}){2,}/.exec(rest)?.[0];
}

describe('diagnostics and fix titles in every language', () => {
  const zh = everyText('zh-cn');
  const en = everyText('en');

  test('the fixtures raise every rule whose text is checked here', () => {
    const expected = RULES.map((r) => r.code).filter((c) => c !== 'resource-not-found' && c !== 'no-internet-access' && c !== 'network-mismatch');
    assert.deepEqual(
      expected.filter((c) => !zh.codes.has(c)),
      [],
    );
  });

  test('a zh-CN user reads Chinese: every message, related message and fix title, with no English sentence left', () => {
    const english = zh.texts.filter((x) => !/[\u4e00-\u9fff]/.test(x.text) || englishPhrase(x.text));
    assert.deepEqual(
      english.map((x) => `${x.code} ${x.kind}: ${x.text}`),
      [],
    );
  });

  test('an English user sees no Chinese', () => {
    assert.deepEqual(
      en.texts.filter((x) => /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/.test(x.text)).map((x) => `${x.code} ${x.kind}: ${x.text}`),
      [],
    );
  });

  test('Problems text is plain and bounded: no backticks or bold markers, at most 1,000 characters', () => {
    for (const { code, kind, text } of [...zh.texts, ...en.texts]) {
      assert.ok(!text.includes('`') && !text.includes('**'), `${code} ${kind}: ${text}`);
      assert.ok(text.length <= 1000, `${code} ${kind}: ${text.length} characters`);
    }
  });

  test('missing-dependency names what is needed once', () => {
    const ls = service({ locale: 'en' });
    const c = check(POD('    k8s.aliyun.com/eip-bandwidth: "5"'), undefined, ls);
    const [d] = withCode(c, 'missing-dependency');
    assert.equal(
      d.message,
      'k8s.aliyun.com/eip-bandwidth needs k8s.aliyun.com/eci-with-eip: "true" in the same annotations. It configures the EIP that ECI creates for the pod, so without that EIP it is ignored.',
    );
    const [zhD] = withCode(check(POD('    k8s.aliyun.com/eip-bandwidth: "5"'), undefined, service({ locale: 'zh-cn' })), 'missing-dependency');
    assert.equal(
      zhD.message,
      'k8s.aliyun.com/eip-bandwidth 需要在同一组注解中同时配置 k8s.aliyun.com/eci-with-eip: "true"。它用于配置 ECI 为 Pod 创建的 EIP，没有创建 EIP 时该配置会被忽略。',
    );
  });

  test('a Chinese value check and its fix title', () => {
    const c = check(POD('    k8s.aliyun.com/eci-spot-strategy: "SpotAsPriceGO"'), undefined, service({ locale: 'zh-cn' }));
    const [d] = withCode(c, 'invalid-value');
    assert.equal(d.message, '"SpotAsPriceGO" 不是 k8s.aliyun.com/eci-spot-strategy 的有效取值。有效取值：SpotAsPriceGo, SpotWithPriceLimit。您是否想写 "SpotAsPriceGo"？');
    assert.deepEqual(
      actionsFor(c, d).map((a) => a.title),
      ['改为 "SpotAsPriceGo"', '对此行禁用 invalid-value'],
    );
  });

  test('the catalogue phrases messages quote have no entry left that nothing quotes', () => {
    assert.deepEqual(
      Object.keys(CATALOGUE_LANGUAGE_FILES['zh-cn'].phrases ?? {}).filter((p) => !phraseSources().includes(p)),
      [],
    );
  });
});

describe('the Internet line, hover and warning in Simplified Chinese', () => {
  const VSW = 'vsw-bp1kkkk00000000002';
  const network: NetworkAccount = {
    region: () => 'cn-hangzhou',
    vSwitches: async (ids) => ids.filter((id) => id === VSW).map((id) => ({ id, vpcId: 'vpc-bp1net0000000000001', zoneId: 'cn-hangzhou-k', cidr: '192.168.1.0/24' })),
    vpcNetwork: async (vpcId) => ({ vpcId, natGateways: [], snatEntries: [], routeEntries: [] }),
  };
  const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  template:
    metadata:
      annotations:
        k8s.aliyun.com/eci-vswitch: "${VSW}"
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

  for (const locale of ['zh-cn', 'en'] as const) {
    test(`${locale}: the line, the hover, the warning, its related message and its fixes`, async () => {
      const ls = service({ locale, account: { isConnected: () => true, list: async () => [], network } });
      const model = ls.parse(doc(text));
      const [report] = await ls.checkInternet(model, { warn: true });
      const d = report.diagnostic!;
      const titles = ls.getCodeActions(model, d.range, [d], { accountActions: true }).map((a) => a.title);
      const texts = [report.line, report.details, d.message as string, ...(d.relatedInformation ?? []).map((r) => r.message), ...titles];
      if (locale === 'zh-cn') {
        assert.equal(report.line, `公网：${VSW} 没有公网出口`);
        assert.equal(
          d.message,
          `该 Pod通过公网从 Docker Hub 拉取 nginx:1.27，但它没有 EIP，交换机 ${VSW}（可用区 cn-hangzhou-k）也没有公网出口（没有 NAT 网关）。ECI 拉取镜像没有公网通道，调度到那里的 Pod 会停在 ImagePullBackOff。请在 NAT 网关上为该交换机添加 SNAT 条目、添加 k8s.aliyun.com/eci-with-eip: "true"，或从 VPC 内的镜像仓库拉取。`,
        );
        assert.ok(titles.includes('随Pod创建 EIP：k8s.aliyun.com/eci-with-eip: "true"'), titles.join(' | '));
        assert.deepEqual(
          texts.filter((x) => !/[\u4e00-\u9fff]/.test(x)),
          [],
        );
      } else {
        assert.deepEqual(
          texts.filter((x) => /[\u4e00-\u9fff]/.test(x)),
          [],
        );
      }
    });
  }
});

describe('snippets in Simplified Chinese', () => {
  test('every snippet has its name and description in the message tables, and zh-CN completion shows them', async () => {
    const snippets = SNIPPETS as Record<string, { prefix: string; description: string }>;
    for (const [name, s] of Object.entries(snippets)) {
      assert.equal(MESSAGES.en[`snippet.${s.prefix}.name` as MessageKey], name, `${s.prefix}: en.json name`);
      assert.equal(MESSAGES.en[`snippet.${s.prefix}.description` as MessageKey], s.description, `${s.prefix}: en.json description`);
    }
    const ls = service({ locale: 'zh-cn' });
    const list = await ls.doComplete(ls.parse(doc('eci')), { line: 0, character: 3 });
    const pod = list.items.find((i) => i.label === 'eci-pod-eip');
    assert.equal(pod?.detail, 'ECI：绑定已有 EIP 的 Pod');
    assert.match((pod?.documentation as MarkupContent).value, /^使用已有弹性公网 IP 的 Pod/);
  });
});

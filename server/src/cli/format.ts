/** The CLI's output formats: readable text, JSON, SARIF 2.1.0 and GitHub workflow commands. */
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { RULES } from '../service/rules';
import { SYNTAX_CODE, type Finding, type Severity } from './check';
import { sentences, t, type Locale, type MessageKey } from '../service/l10n';
import NLS_ZH_CN from '../../../package.nls.zh-cn.json';

export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

/** The result of checking one file. */
export interface FileReport {
  /** Absolute path (or the `--stdin-filename`). */
  file: string;
  /** As shown: relative to the working folder, with `/`. */
  display: string;
  findings: Finding[];
  /** Why the file could not be read. */
  error?: string;
  /** Fixes applied (`--fix`) or that would be applied (`--fix-dry-run`). */
  fixCount: number;
}

export interface RunSummary {
  version: string;
  cwd: string;
  files: number;
  reports: FileReport[];
  /** Whether fixes were applied (or computed, for a dry run). */
  fixing: boolean;
  /** The language of the text summary (English when absent). */
  locale?: Locale;
}

/** The overview page of ECI pod annotations; each result also names its own annotation's page when it has one. */
export const ECI_ANNOTATIONS_DOCS = 'https://www.alibabacloud.com/help/en/eci/user-guide/pod-annotations-1';
const INFORMATION_URI = 'https://example.invalid/eci-annotations';

/** The CLI's own rule for files that are not YAML; its description is a message (`cli.sarif.syntaxRule`). */
const SYNTAX_RULE = { code: SYNTAX_CODE, defaultSeverity: 'error' as const };

/** The page of ECI pod annotations in each language. */
const ANNOTATIONS_DOCS: Record<Locale, string> = { en: ECI_ANNOTATIONS_DOCS, 'zh-cn': 'https://help.aliyun.com/zh/eci/user-guide/pod-annotations' };

/** A rule's description in `locale`: the description its setting has in that language (package.nls.<locale>.json). */
function ruleDescription(rule: (typeof RULES)[number] | typeof SYNTAX_RULE, locale: Locale): string {
  if (!('description' in rule)) return t('cli.sarif.syntaxRule', undefined, locale);
  const localized = locale === 'en' ? undefined : (NLS_ZH_CN as Record<string, string>)[`settings.rules.${rule.code}`];
  return localized ?? rule.description;
}

export function format(kind: Format, run: RunSummary, color: boolean): string {
  switch (kind) {
    case 'json':
      return formatJson(run);
    case 'sarif':
      return `${JSON.stringify(toSarif(run), null, 2)}\n`;
    case 'github':
      return formatGithub(run);
    default:
      return formatText(run, color);
  }
}

function counts(run: RunSummary) {
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  let fixable = 0;
  for (const r of run.reports) {
    for (const f of r.findings) {
      bySeverity[f.severity]++;
      if (f.fixable) fixable++;
    }
  }
  const unreadable = run.reports.filter((r) => r.error !== undefined).length;
  const fixes = run.reports.reduce((n, r) => n + r.fixCount, 0);
  return { ...bySeverity, fixable, unreadable, fixes };
}

type Counted = 'file' | 'problem' | 'error' | 'warning' | 'information' | 'hint';

function formatText(run: RunSummary, color: boolean): string {
  const locale = run.locale ?? 'en';
  const plural = (n: number, word: Counted) => t(`cli.${word}.${n === 1 ? 'one' : 'other'}` as MessageKey, { count: n }, locale);
  const paint = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const SEVERITY_COLOR: Record<Severity, string> = { error: '31', warning: '33', information: '36', hint: '2' };
  const out: string[] = [];
  for (const r of run.reports) {
    if (r.error === undefined && r.findings.length === 0) continue;
    out.push(paint('1;4', r.display));
    if (r.error !== undefined) out.push(`${r.display}: ${paint('31', 'error')} ${r.error}`);
    const width = Math.max(...r.findings.map((f) => `${f.line}:${f.column}`.length), 0);
    for (const f of r.findings) {
      const where = `${r.display}:${f.line}:${f.column}`.padEnd(r.display.length + 1 + width);
      out.push(
        `${where}  ${paint(SEVERITY_COLOR[f.severity], f.severity.padEnd(11))} ${paint('2', f.code.padEnd(18))} ${f.message}${f.fixable ? paint('2', t('cli.fixableMark', undefined, locale)) : ''}`,
      );
    }
    out.push('');
  }
  const c = counts(run);
  const problems = c.error + c.warning + c.information + c.hint;
  const parts = [
    c.error && plural(c.error, 'error'),
    c.warning && plural(c.warning, 'warning'),
    c.information && plural(c.information, 'information'),
    c.hint && plural(c.hint, 'hint'),
  ].filter(Boolean);
  const filesWith = run.reports.filter((r) => r.findings.length > 0).length;
  const summary = sentences(
    locale,
    problems === 0
      ? t('cli.none', { files: plural(run.files, 'file') }, locale)
      : t('cli.problems', { problems: plural(problems, 'problem'), parts: parts.join(locale === 'zh-cn' ? '，' : ', '), filesWith, files: plural(run.files, 'file') }, locale),
    c.fixes > 0 && t('cli.fixed', { problems: plural(c.fixes, 'problem') }, locale),
    c.fixable > 0 && t('cli.fixable', { count: c.fixable }, locale),
    c.unreadable > 0 && t('cli.unreadable', { files: plural(c.unreadable, 'file') }, locale),
  );
  out.push(problems === 0 && c.unreadable === 0 ? paint('32', summary) : paint('1', summary));
  return `${out.join('\n')}\n`;
}

function formatJson(run: RunSummary): string {
  const c = counts(run);
  const files = run.reports
    .filter((r) => r.findings.length > 0 || r.error !== undefined || r.fixCount > 0)
    .map((r) => ({ path: r.display, ...(r.error !== undefined ? { error: r.error } : {}), ...(r.fixCount > 0 ? { fixed: r.fixCount } : {}), findings: r.findings }));
  const summary = { files: run.files, errors: c.error, warnings: c.warning, information: c.information, hints: c.hint, fixable: c.fixable, fixed: c.fixes, unreadable: c.unreadable };
  return `${JSON.stringify({ tool: 'eci-annotations', version: run.version, summary, files }, null, 2)}\n`;
}

/** GitHub Actions workflow commands: one annotation per finding, shown on the pull request's diff. */
function formatGithub(run: RunSummary): string {
  const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };
  const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const prop = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const out: string[] = [];
  for (const r of run.reports) {
    if (r.error !== undefined) out.push(`::error file=${prop(r.display)},title=${prop('eci-annotations: unreadable file')}::${data(r.error)}`);
    for (const f of r.findings) {
      const where = `file=${prop(r.display)},line=${f.line},col=${f.column},endLine=${f.endLine},endColumn=${f.endColumn}`;
      out.push(`::${LEVEL[f.severity]} ${where},title=${prop(`ECI ${f.code}`)}::${data(f.message)}`);
    }
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

const SARIF_LEVEL: Record<Severity, Sarif.Result.level> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** Plain text of a markdown description. */
const plain = (markdown: string) => markdown.replace(/`([^`]*)`/g, '$1').replace(/\*\*([^*]*)\*\*/g, '$1');

/** SARIF 2.1.0, as GitHub code scanning and other viewers read it. */
export function toSarif(run: RunSummary): Sarif.Log {
  const locale = run.locale ?? 'en';
  const docs = ANNOTATIONS_DOCS[locale];
  const rules = [...RULES, SYNTAX_RULE];
  const ruleIndex = new Map<string, number>(rules.map((r, i) => [r.code, i]));
  const results: Sarif.Result[] = [];
  const notifications: Sarif.Notification[] = [];
  for (const r of run.reports) {
    const artifactLocation: Sarif.ArtifactLocation = { uri: encodeURI(r.display), uriBaseId: 'SRCROOT' };
    if (r.error !== undefined) {
      notifications.push({ level: 'error', message: { text: `${r.display}: ${r.error}` }, locations: [{ physicalLocation: { artifactLocation } }] });
    }
    for (const f of r.findings) {
      results.push({
        ruleId: f.code,
        ruleIndex: ruleIndex.get(f.code),
        level: SARIF_LEVEL[f.severity],
        message: { text: f.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation,
              region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
            },
          },
        ],
        ...(f.annotation ? { properties: { annotation: f.annotation, ...(f.docs ? { helpUri: f.docs } : {}), fixable: f.fixable } } : {}),
      });
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'eci-annotations',
            semanticVersion: run.version,
            version: run.version,
            informationUri: INFORMATION_URI,
            rules: rules.map((rule) => {
              const description = ruleDescription(rule, locale);
              return {
                id: rule.code,
                name: rule.code.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()).replace(/^\w/, (c) => c.toUpperCase()),
                shortDescription: { text: plain(description).split(/(?<=\.)\s|(?<=。)/)[0] },
                fullDescription: { text: plain(description) },
                help: {
                  text: t('cli.sarif.helpText', { description: plain(description), url: docs }, locale),
                  markdown: `${description}\n\n[${t('cli.sarif.docsLink', undefined, locale)}](${docs})`,
                },
                helpUri: docs,
                defaultConfiguration: { level: rule.defaultSeverity === 'off' ? 'none' : SARIF_LEVEL[rule.defaultSeverity] },
              };
            }),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(run.cwd.endsWith('/') ? run.cwd : `${run.cwd}/`).href } },
        invocations: [{ executionSuccessful: notifications.length === 0, toolExecutionNotifications: notifications }],
        results,
      },
    ],
  };
}

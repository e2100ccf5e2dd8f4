/**
 * `.eci-annotations.yaml`: the repository's rule severities and ignored paths, found upward from each file. It never
 * holds account settings. The CLI and the language server both read it; this module touches the file system.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { t, type Locale } from '../service/l10n';
import { RULES, type RuleCode, type RuleSeverity } from '../service/rules';
import { globToRegExp } from './glob';

export const CONFIG_FILE_NAME = '.eci-annotations.yaml';
export const SEVERITIES: readonly RuleSeverity[] = ['off', 'hint', 'information', 'warning', 'error'];

/** A parsed config file. */
export interface ProjectConfig {
  /** Absolute path of the file. */
  readonly file: string;
  readonly rules: Partial<Record<RuleCode, RuleSeverity>>;
  /** Ignore patterns, relative to the file's folder. */
  readonly ignore: readonly string[];
  /** What was wrong in the file (unknown rule, bad severity, account settings, broken YAML). */
  readonly problems: readonly string[];
  /** Whether a path (absolute) is ignored by this file's patterns. */
  isIgnored(file: string): boolean;
}

const RULE_CODES = new Set<string>(RULES.map((r) => r.code));

/** Whether a string is a rule code. */
export function isRuleCode(code: string): code is RuleCode {
  return RULE_CODES.has(code);
}

/** Whether a string is a severity. */
export function isSeverity(value: unknown): value is RuleSeverity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

/** Parses the text of a config file. Never throws; problems are collected, worded in `locale`. */
export function parseProjectConfig(text: string, file: string, locale: Locale = 'en'): ProjectConfig {
  const problems: string[] = [];
  const rules: Partial<Record<RuleCode, RuleSeverity>> = {};
  const ignore: string[] = [];
  let data: unknown;
  try {
    data = parseYaml(text, { maxAliasCount: 100 });
  } catch (e) {
    problems.push(t('config.notYaml', { error: (e as Error).message.split('\n')[0] }, locale));
  }
  if (data !== null && data !== undefined && (typeof data !== 'object' || Array.isArray(data))) problems.push(t('config.notMap', undefined, locale));
  const root = data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  for (const [key, value] of Object.entries(root)) {
    if (key === 'rules') {
      if (!value || typeof value !== 'object' || Array.isArray(value)) {
        problems.push(t('config.rulesNotMap', undefined, locale));
        continue;
      }
      for (const [code, severity] of Object.entries(value as Record<string, unknown>)) {
        // YAML reads a bare `off` as the boolean false.
        const s = severity === false ? 'off' : severity;
        if (!isRuleCode(code)) problems.push(t('config.unknownRule', { code, rules: [...RULE_CODES].join(', ') }, locale));
        else if (!isSeverity(s)) problems.push(t('config.badSeverity', { code, severities: SEVERITIES.join(', ') }, locale));
        else rules[code] = s;
      }
    } else if (key === 'ignore') {
      const list = Array.isArray(value) ? value : [value];
      for (const p of list) {
        if (typeof p === 'string' && p.trim()) ignore.push(p.trim());
        else problems.push(t('config.ignoreNotList', undefined, locale));
      }
    } else if (key === 'account' || /^(account|accessKey|region|profile|endpoint)/i.test(key)) {
      problems.push(t('config.accountSetting', { key, file: CONFIG_FILE_NAME }, locale));
    } else {
      problems.push(t('config.unknownKey', { key }, locale));
    }
  }
  const dir = path.dirname(file);
  const patterns = ignore.map((p) => globToRegExp(p));
  return {
    file,
    rules,
    ignore,
    problems,
    isIgnored(target) {
      const rel = path.relative(dir, target).split(path.sep).join('/');
      if (!rel || rel.startsWith('../') || path.isAbsolute(rel)) return false;
      return patterns.some((re) => re.test(rel));
    },
  };
}

/** Finds and caches the nearest config file above each folder. */
export class ProjectConfigs {
  /** `locale`: the language of the problems found in config files. */
  constructor(private readonly locale: Locale = 'en') {}

  private readonly byDir = new Map<string, ProjectConfig | undefined>();
  private readonly byFile = new Map<string, ProjectConfig | undefined>();

  /** The config that applies to a file (absolute path): the nearest `.eci-annotations.yaml` in its folder or above. */
  forFile(file: string): ProjectConfig | undefined {
    return this.forDir(path.dirname(path.resolve(file)));
  }

  forDir(dir: string): ProjectConfig | undefined {
    if (this.byDir.has(dir)) return this.byDir.get(dir);
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    let config = this.read(candidate);
    if (!config) {
      const parent = path.dirname(dir);
      config = parent === dir ? undefined : this.forDir(parent);
    }
    this.byDir.set(dir, config);
    return config;
  }

  /** Drops everything cached (a config file changed). */
  clear(): void {
    this.byDir.clear();
    this.byFile.clear();
  }

  private read(file: string): ProjectConfig | undefined {
    if (this.byFile.has(file)) return this.byFile.get(file);
    let config: ProjectConfig | undefined;
    try {
      const stat = fs.statSync(file, { throwIfNoEntry: false });
      if (stat?.isFile()) config = parseProjectConfig(fs.readFileSync(file, 'utf8'), file, this.locale);
    } catch (e) {
      config = { ...parseProjectConfig('', file, this.locale), problems: [t('config.unreadable', { error: (e as Error).message }, this.locale)] };
    }
    this.byFile.set(file, config);
    return config;
  }
}

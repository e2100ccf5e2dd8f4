/** Command-line arguments of `eci-annotations`. */
import { isRuleCode, isSeverity } from '../config/projectConfig';
import type { RuleCode, RuleSeverity } from '../service/rules';
import { SEVERITY_ORDER, type Severity } from './check';
import { FORMATS, type Format } from './format';
import { t, type Locale, type MessageArgs, type MessageKey } from '../service/l10n';

export interface CliOptions {
  command: 'check' | 'help' | 'version';
  paths: string[];
  format: Format;
  failOn: Severity;
  rules: Partial<Record<RuleCode, RuleSeverity>>;
  fix: boolean;
  fixDryRun: boolean;
  stdinFilename?: string;
  /** Worker threads; `undefined` picks by the number of files and cores. */
  jobs?: number;
  color?: boolean;
  config: boolean;
  /** `--locale`, as given (a language tag); absent: the environment's (`LC_ALL`, `LC_MESSAGES`, `LANG`). */
  locale?: string;
}

/** A usage mistake: a message key, so that the message can be written in the user's language. */
export class UsageError extends Error {
  constructor(
    readonly key: MessageKey,
    readonly args: MessageArgs = {},
  ) {
    super(t(key, args));
  }

  /** The message in `locale`. */
  in(locale: Locale): string {
    return t(this.key, this.args, locale);
  }
}

/** Parses argv (without node and the script). Throws `UsageError` with a message for the user. */
export function parseArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = { command: 'check', paths: [], format: 'text', failOn: 'warning', rules: {}, fix: false, fixDryRun: false, config: true };
  let sawCommand = false;
  const rest = [...argv];
  const value = (flag: string, inline?: string): string => {
    const v = inline ?? rest.shift();
    if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError('cli.usage.needsValue', { flag });
    return v;
  };
  let onlyPaths = false;
  while (rest.length > 0) {
    const arg = rest.shift()!;
    if (onlyPaths || arg === '-' || !arg.startsWith('-')) {
      if (!sawCommand && !onlyPaths) {
        sawCommand = true;
        if (arg === 'check') continue;
        if (arg === 'help') return { ...options, command: 'help' };
        throw new UsageError('cli.usage.unknownCommand', { arg });
      }
      options.paths.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPaths = true;
      sawCommand = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    const inline = eq > 0 && arg.startsWith('--') ? arg.slice(eq + 1) : undefined;
    switch (flag) {
      case '-h':
      case '--help':
        return { ...options, command: 'help' };
      case '-v':
      case '--version':
        return { ...options, command: 'version' };
      case '-f':
      case '--format': {
        const f = value(flag, inline);
        if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError('cli.usage.format', { formats: FORMATS.join(', '), value: f });
        options.format = f as Format;
        break;
      }
      case '--fail-on': {
        const s = value(flag, inline);
        if (!(SEVERITY_ORDER as readonly string[]).includes(s)) throw new UsageError('cli.usage.failOn', { values: [...SEVERITY_ORDER].reverse().join(', '), value: s });
        options.failOn = s as Severity;
        break;
      }
      case '--rule': {
        const spec = value(flag, inline);
        const m = /^([\w-]+)[=:](\w+)$/.exec(spec);
        if (!m) throw new UsageError('cli.usage.rule', { value: spec });
        if (!isRuleCode(m[1])) throw new UsageError('cli.usage.unknownRule', { code: m[1] });
        if (!isSeverity(m[2])) throw new UsageError('cli.usage.severity', { code: m[1], value: m[2] });
        options.rules[m[1]] = m[2];
        break;
      }
      case '--fix':
        options.fix = true;
        break;
      case '--fix-dry-run':
        options.fixDryRun = true;
        break;
      case '--stdin-filename':
        options.stdinFilename = value(flag, inline);
        break;
      case '-j':
      case '--jobs': {
        const j = value(flag, inline);
        const n = Number(j);
        if (j !== 'auto' && !(Number.isInteger(n) && n >= 1 && n <= 256)) throw new UsageError('cli.usage.jobs', { value: j });
        options.jobs = j === 'auto' ? undefined : n;
        break;
      }
      case '--color':
        options.color = true;
        break;
      case '--no-color':
        options.color = false;
        break;
      case '--no-config':
        options.config = false;
        break;
      case '--locale': {
        const tag = value(flag, inline);
        if (!/^(?:en|zh)(?:[-_.@]|$)/i.test(tag)) throw new UsageError('cli.usage.locale', { value: tag });
        options.locale = tag;
        break;
      }
      default:
        throw new UsageError('cli.usage.unknownOption', { flag });
    }
  }
  if (options.fix && options.fixDryRun) throw new UsageError('cli.usage.fixBoth');
  if (options.fix && options.paths.includes('-')) throw new UsageError('cli.usage.fixStdin');
  if (options.stdinFilename !== undefined && !options.paths.includes('-')) throw new UsageError('cli.usage.stdinFilename');
  return options;
}

/** The `--help` text in `locale`; `fixes` lists the rules `--fix` fixes. */
export function helpText(fixes: readonly { code: string }[], locale: Locale = 'en'): string {
  return t('cli.help', { fixes: fixes.map((f) => `  ${f.code.padEnd(20)}${t(`cli.fix.${f.code}` as MessageKey, undefined, locale)}`).join('\n') }, locale);
}

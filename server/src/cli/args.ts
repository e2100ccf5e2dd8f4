/** Command-line arguments of `eci-annotations`. */
import { isRuleCode, isSeverity } from '../config/projectConfig';
import type { RuleCode, RuleSeverity } from '../service/rules';
import { SEVERITY_ORDER, type Severity } from './check';
import { FORMATS, type Format } from './format';

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

export class UsageError extends Error {}

/** Parses argv (without node and the script). Throws `UsageError` with a message for the user. */
export function parseArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = { command: 'check', paths: [], format: 'text', failOn: 'warning', rules: {}, fix: false, fixDryRun: false, config: true };
  let sawCommand = false;
  const rest = [...argv];
  const value = (flag: string, inline?: string): string => {
    const v = inline ?? rest.shift();
    if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(`${flag} needs a value.`);
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
        throw new UsageError(`Unknown command "${arg}". Use: eci-annotations check [files | folders | globs | -]`);
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
        if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${f}".`);
        options.format = f as Format;
        break;
      }
      case '--fail-on': {
        const s = value(flag, inline);
        if (!(SEVERITY_ORDER as readonly string[]).includes(s)) throw new UsageError(`--fail-on must be one of ${[...SEVERITY_ORDER].reverse().join(', ')}, not "${s}".`);
        options.failOn = s as Severity;
        break;
      }
      case '--rule': {
        const spec = value(flag, inline);
        const m = /^([\w-]+)[=:](\w+)$/.exec(spec);
        if (!m) throw new UsageError(`--rule takes code=severity, for example --rule legacy-key=error, not "${spec}".`);
        if (!isRuleCode(m[1])) throw new UsageError(`--rule: unknown rule "${m[1]}".`);
        if (!isSeverity(m[2])) throw new UsageError(`--rule ${m[1]}: severity must be off, hint, information, warning or error, not "${m[2]}".`);
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
        if (j !== 'auto' && !(Number.isInteger(n) && n >= 1 && n <= 256)) throw new UsageError(`--jobs takes a number of threads (1 or more) or "auto", not "${j}".`);
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
        if (!/^(?:en|zh)(?:[-_.@]|$)/i.test(tag)) throw new UsageError(`--locale takes en or zh-cn (or a tag such as zh_CN.UTF-8), not "${tag}".`);
        options.locale = tag;
        break;
      }
      default:
        throw new UsageError(`Unknown option ${flag}. See eci-annotations --help.`);
    }
  }
  if (options.fix && options.fixDryRun) throw new UsageError('Use either --fix or --fix-dry-run.');
  if (options.fix && options.paths.includes('-')) throw new UsageError('--fix writes files; for stdin use --fix-dry-run, which prints the diff.');
  if (options.stdinFilename !== undefined && !options.paths.includes('-')) throw new UsageError('--stdin-filename names what "-" (stdin) holds; add - to the paths.');
  return options;
}

/** The `--help` text. */
export function helpText(fixes: readonly { code: string; what: string }[]): string {
  return `eci-annotations: check the ECI pod annotations of Kubernetes manifests, as the editor extension does.

Usage:
  eci-annotations check [files | folders | globs | -] [options]

Folders are searched for *.yaml and *.yml (node_modules and .git are skipped). With no paths, the current folder.
"-" reads stdin. Quote globs so that the shell leaves them alone: 'deploy/**/*.yaml'.

Options:
  -f, --format <text|json|sarif|github>   output format (default: text)
      --fail-on <error|warning|information|hint>
                                          exit 1 when a finding is at least this severe (default: warning)
      --rule <code>=<severity>            set a rule's severity (off, hint, information, warning, error);
                                          wins over .eci-annotations.yaml; repeat for more rules
      --fix                               apply the fixes that need no choice and write the files
      --fix-dry-run                       print those fixes as a unified diff instead of writing them
      --stdin-filename <path>             the name of what stdin holds (config lookup, values files, output)
  -j, --jobs <n|auto>                     worker threads (default: auto, by files and cores)
      --no-config                         do not read .eci-annotations.yaml files
      --color, --no-color                 force colours on or off (default: on when stdout is a terminal)
      --locale <en|zh-cn>                 the language of messages (default: from LC_ALL, LC_MESSAGES or LANG;
                                          zh_CN.* gives Simplified Chinese, anything else English)
  -h, --help                              this help
  -v, --version                           the version

Fixes --fix applies (the same edits as the editor's quick fixes; comments, order, quoting and indentation stay):
${fixes.map((f) => `  ${f.code.padEnd(20)}${f.what}`).join('\n')}

Configuration: the nearest .eci-annotations.yaml above each file:
  rules:
    legacy-key: error
    single-instance: off
  ignore:
    - charts/vendor/
    - '**/*.generated.yaml'
A line "# eci-disable-next-line [code …]" silences the next line.

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage error or a file that
could not be read (a missing path included).

Examples:
  eci-annotations check deploy/
  eci-annotations check 'k8s/**/*.yaml' --format github
  helm template ./chart | eci-annotations check -
  eci-annotations check - --stdin-filename chart/values.yaml < chart/values.yaml
  eci-annotations check . --format sarif > eci.sarif
  eci-annotations check deploy/ --fix-dry-run | git apply
  eci-annotations check deploy/ --rule legacy-key=error --fail-on error
  eci-annotations check deploy/ --locale zh-cn
`;
}

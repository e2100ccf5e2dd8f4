/** Checks an annotation's string value against its catalogue type, and describes types for people. */
import { editDistance } from './catalogue';
import type { Annotation, ValueType } from './catalogue/types';

export interface ValueProblem {
  code: 'invalid-value' | 'list-too-long';
  message: string;
  /** A corrected value when one is obvious (closest enum value, canonical casing). */
  suggestion?: string;
}

/** `<vCPU>-<memory>Gi`, an ECS instance type, or the legacy GPU form `ecigpu-<GPU type>-<count>`. */
const SPEC_ITEM = /^(\d+(\.\d+)?-\d+(\.\d+)?Gi|ecs\.[a-z0-9-]+\.[a-z0-9]+|ecigpu-[A-Za-z0-9]+-\d+)$/;

/** Splits a comma list, trimming items. */
export function listItems(value: string): string[] {
  return value.split(',').map((s) => s.trim());
}

/** Returns what is wrong with `value` for `annotation`, or undefined when it is fine. */
export function checkValue(annotation: Annotation, value: string): ValueProblem | undefined {
  const type = annotation.value;
  const key = annotation.key;
  const invalid = (message: string, suggestion?: string): ValueProblem => ({ code: 'invalid-value', message, suggestion });
  switch (type.kind) {
    case 'boolean': {
      const allowed = type.only ? [type.only] : ['true', 'false'];
      if (allowed.includes(value)) return undefined;
      const lower = value.toLowerCase();
      const fixed = allowed.includes(lower) ? lower : undefined;
      return invalid(`${key} expects ${allowed.map((v) => `"${v}"`).join(' or ')}, not "${value}". ECI ignores any other value.`, fixed);
    }
    case 'integer': {
      if (!/^-?\d+$/.test(value)) return invalid(`${key} expects a whole number${unitText(type.unit)} written as a string, for example "${annotation.example}".`);
      const n = Number(value);
      if ((type.min !== undefined && n < type.min) || (type.max !== undefined && n > type.max)) {
        return invalid(`${key} must be between ${type.min ?? '−∞'} and ${type.max ?? '∞'}${unitText(type.unit)}; "${value}" is out of range, so ECI rejects the pod.`);
      }
      return undefined;
    }
    case 'decimal': {
      const decimals = type.maxDecimals ?? 3;
      if (!new RegExp(`^\\d+(\\.\\d{1,${decimals}})?$`).test(value)) {
        return invalid(`${key} expects a decimal number with at most ${decimals} decimal places, for example "${annotation.example}".`);
      }
      return undefined;
    }
    case 'enum': {
      const names = type.values.map((v) => v.value);
      const items = type.list ? listItems(value) : [value];
      if (type.list?.max !== undefined && items.length > type.list.max) {
        return { code: 'list-too-long', message: `${key} accepts at most ${type.list.max} values; this has ${items.length}.` };
      }
      for (const item of items) {
        if (names.includes(item)) continue;
        const closest = closestValue(item, names);
        return invalid(
          `"${item}" is not a valid value for ${key}. Valid values: ${names.join(', ')}.${closest ? ` Did you mean "${closest}"?` : ''}`,
          closest && !type.list ? closest : undefined,
        );
      }
      return undefined;
    }
    case 'id': {
      const items = type.list ? listItems(value) : [value];
      if (type.list?.max !== undefined && items.length > type.list.max) {
        return { code: 'list-too-long', message: `${key} accepts at most ${type.list.max} IDs; this has ${items.length}.` };
      }
      for (const item of items) {
        const id = type.regionQualified ? item.replace(/^[a-z0-9-]+:(?=cri-)/, '') : item;
        if (!id.startsWith(type.prefix) || !/^[a-z]+-[A-Za-z0-9*]+$/.test(id)) {
          if (isPlaceholder(id)) continue;
          const noun = describeIdPrefix(type.prefix);
          return invalid(`"${item}" does not look like ${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun} ID (${type.prefix}…), which ${key} expects.`);
        }
      }
      return undefined;
    }
    case 'list': {
      const items = listItems(value);
      if (type.max !== undefined && items.length > type.max) {
        return { code: 'list-too-long', message: `${key} accepts at most ${type.max} ${type.item}s; this has ${items.length}. ECI rejects the pod.` };
      }
      if (type.itemPattern) {
        const pattern = new RegExp(type.itemPattern);
        const bad = items.find((i) => !pattern.test(i));
        if (bad !== undefined) return invalid(`"${bad}" is not a valid ${type.item} for ${key}; expected something like "${annotation.example}".`);
      }
      return undefined;
    }
    case 'json': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch (e) {
        return invalid(`${key} must hold JSON, but this does not parse: ${(e as Error).message}. Example: ${annotation.example}`);
      }
      const isArray = Array.isArray(parsed);
      if ((type.shape === 'array') !== isArray || parsed === null || typeof parsed !== 'object') {
        return invalid(`${key} must hold a JSON ${type.shape}, for example ${annotation.example}`);
      }
      return undefined;
    }
    case 'quantity': {
      const units = type.units ?? ['Ki', 'Mi', 'Gi', 'Ti'];
      if (!new RegExp(`^\\d+(\\.\\d+)?(${units.join('|')})?$`).test(value)) {
        return invalid(`${key} expects a size such as "${annotation.example}" (units: ${units.join(', ')}).`);
      }
      return undefined;
    }
    case 'specList': {
      const items = listItems(value);
      if (items.length > type.max) {
        return { code: 'list-too-long', message: `${key} accepts at most ${type.max} specs; this has ${items.length}. ECI rejects the pod.` };
      }
      const bad = items.find((i) => !SPEC_ITEM.test(i));
      if (bad !== undefined) {
        return invalid(`"${bad}" is not a spec ECI understands. Use <vCPU>-<memory>Gi (for example "2-4Gi") or an ECS instance type (for example "ecs.c6.xlarge").`);
      }
      return undefined;
    }
    case 'text': {
      if (type.pattern && !new RegExp(type.pattern).test(value)) {
        return invalid(`"${value}" is not a valid value for ${key}; expected something like "${annotation.example}".`);
      }
      return undefined;
    }
  }
}

/** Masked or templated values (`eip-****`, `${EIP_ID}`) are placeholders: they are not judged. */
export function isPlaceholder(value: string): boolean {
  return /\$\{[^}]*\}|\*\*\*\*|<[^>]+>/.test(value);
}

/** Human words for a value type, used by hover and completion docs. */
export function describeType(type: ValueType): string {
  switch (type.kind) {
    case 'boolean':
      return type.only ? `string boolean, "${type.only}"` : 'string boolean, "true" or "false"';
    case 'integer':
      return `whole number as a string${rangeText(type.min, type.max)}${unitText(type.unit)}`;
    case 'decimal':
      return `decimal as a string, at most ${type.maxDecimals ?? 3} decimal places`;
    case 'enum':
      return type.list ? `comma list of: ${type.values.map((v) => v.value).join(', ')}` : `one of: ${type.values.map((v) => v.value).join(', ')}`;
    case 'id':
      return `${describeIdPrefix(type.prefix)} ID (${type.prefix}…)${type.list ? `, comma list${type.list.max ? ` of at most ${type.list.max}` : ''}` : ''}`;
    case 'list':
      return `comma list of ${type.item}s${type.max ? `, at most ${type.max}` : ''}`;
    case 'json':
      return `JSON ${type.shape} in a string`;
    case 'quantity':
      return `size with a unit (${(type.units ?? ['Ki', 'Mi', 'Gi', 'Ti']).join(', ')})`;
    case 'specList':
      return `comma list of at most ${type.max} specs: <vCPU>-<memory>Gi or ECS types, in priority order`;
    case 'text':
      return 'string';
  }
}

const ID_NAMES: Record<string, string> = {
  'eip-': 'EIP',
  'cbwp-': 'shared bandwidth package',
  'pippool-': 'IP address pool',
  'sg-': 'security group',
  'vsw-': 'vSwitch',
  'imc-': 'image cache',
  'eap-': 'elasticity assurance',
  'cri-': 'Container Registry Enterprise instance',
  'rg-': 'resource group',
};

export function describeIdPrefix(prefix: string): string {
  return ID_NAMES[prefix] ?? 'resource';
}

function rangeText(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `, ${min}–${max}`;
  if (min !== undefined) return `, at least ${min}`;
  if (max !== undefined) return `, at most ${max}`;
  return '';
}

function unitText(unit: string | undefined): string {
  return unit ? ` (${unit})` : '';
}

/** The enum value a typo stands for: same letters in another case or with other separators, else one clear nearest spelling. */
function closestValue(value: string, names: readonly string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[-_]/g, '');
  const lower = norm(value);
  const same = names.find((n) => norm(n) === lower);
  if (same !== undefined || lower.length < 3) return same;
  const scored = names.map((n) => ({ n, d: editDistance(lower, norm(n)) })).sort((a, b) => a.d - b.d);
  const [best, second] = scored;
  const limit = Math.max(1, Math.floor(norm(best.n).length / 4));
  return best.d <= limit && (!second || second.d > best.d) ? best.n : undefined;
}

/** Checks an annotation's string value against its catalogue type, and describes types for people. */
import { editDistance } from './catalogue';
import type { Annotation, ValueType } from './catalogue/types';
import { sentences, t, type Locale, type MessageKey } from './l10n';

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

/** Returns what is wrong with `value` for `annotation`, or undefined when it is fine; the message is in `locale`. */
export function checkValue(annotation: Annotation, value: string, locale: Locale = 'en'): ValueProblem | undefined {
  const type = annotation.value;
  const key = annotation.key;
  const example = annotation.example;
  const say = (k: MessageKey, args: Record<string, string | number>) => t(k, { key, ...args }, locale);
  const unit = (u: string | undefined) => (u ? t('type.unit', { unit: u }, locale) : '');
  const invalid = (message: string, suggestion?: string): ValueProblem => ({ code: 'invalid-value', message, suggestion });
  switch (type.kind) {
    case 'boolean': {
      const allowed = type.only ? [type.only] : ['true', 'false'];
      if (allowed.includes(value)) return undefined;
      const lower = value.toLowerCase();
      const fixed = allowed.includes(lower) ? lower : undefined;
      return invalid(type.only ? say('check.booleanOnly', { only: type.only, value }) : say('check.booleanEither', { value }), fixed);
    }
    case 'integer': {
      if (!/^-?\d+$/.test(value)) return invalid(say('check.integer', { unit: unit(type.unit), example }));
      const n = Number(value);
      if ((type.min !== undefined && n < type.min) || (type.max !== undefined && n > type.max)) {
        return invalid(say('check.outOfRange', { min: type.min ?? '−∞', max: type.max ?? '∞', unit: unit(type.unit), value }));
      }
      return undefined;
    }
    case 'decimal': {
      const decimals = type.maxDecimals ?? 3;
      if (!new RegExp(`^\\d+(\\.\\d{1,${decimals}})?$`).test(value)) {
        return invalid(say('check.decimal', { places: decimals, example }));
      }
      return undefined;
    }
    case 'enum': {
      const names = type.values.map((v) => v.value);
      const items = type.list ? listItems(value) : [value];
      if (type.list?.max !== undefined && items.length > type.list.max) {
        return { code: 'list-too-long', message: say('check.tooManyValues', { max: type.list.max, count: items.length }) };
      }
      for (const item of items) {
        if (names.includes(item)) continue;
        const closest = closestValue(item, names);
        return invalid(
          sentences(locale, say('check.notInEnum', { item, values: names.join(', ') }), closest && t('check.didYouMeanValue', { value: closest }, locale)),
          closest && !type.list ? closest : undefined,
        );
      }
      return undefined;
    }
    case 'id': {
      const items = type.list ? listItems(value) : [value];
      if (type.list?.max !== undefined && items.length > type.list.max) {
        return { code: 'list-too-long', message: say('check.tooManyIds', { max: type.list.max, count: items.length }) };
      }
      for (const item of items) {
        const id = type.regionQualified ? item.replace(/^[a-z0-9-]+:(?=cri-)/, '') : item;
        if (!id.startsWith(type.prefix) || !/^[a-z]+-[A-Za-z0-9*]+$/.test(id)) {
          if (isPlaceholder(id)) continue;
          return invalid(say('check.badId', { noun: idNoun(type.prefix, locale), prefix: type.prefix, item }));
        }
      }
      return undefined;
    }
    case 'list': {
      const items = listItems(value);
      if (type.max !== undefined && items.length > type.max) {
        return { code: 'list-too-long', message: say('check.tooManyItems', { max: type.max, item: type.item, count: items.length }) };
      }
      if (type.itemPattern) {
        const pattern = new RegExp(type.itemPattern);
        const bad = items.find((i) => !pattern.test(i));
        if (bad !== undefined) return invalid(say('check.badItem', { bad, item: type.item, example }));
      }
      return undefined;
    }
    case 'json': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch (e) {
        return invalid(say('check.jsonParse', { error: (e as Error).message, example }));
      }
      const isArray = Array.isArray(parsed);
      if ((type.shape === 'array') !== isArray || parsed === null || typeof parsed !== 'object') {
        return invalid(say('check.jsonShape', { shape: t(type.shape === 'array' ? 'word.array' : 'word.object', undefined, locale), example }));
      }
      return undefined;
    }
    case 'quantity': {
      const units = type.units ?? ['Ki', 'Mi', 'Gi', 'Ti'];
      if (!new RegExp(`^\\d+(\\.\\d+)?(${units.join('|')})?$`).test(value)) {
        return invalid(say('check.quantity', { example, units: units.join(', ') }));
      }
      return undefined;
    }
    case 'specList': {
      const items = listItems(value);
      if (items.length > type.max) {
        return { code: 'list-too-long', message: say('check.tooManySpecs', { max: type.max, count: items.length }) };
      }
      const bad = items.find((i) => !SPEC_ITEM.test(i));
      if (bad !== undefined) {
        return invalid(say('check.badSpec', { bad }));
      }
      return undefined;
    }
    case 'text': {
      if (type.pattern && !new RegExp(type.pattern).test(value)) {
        return invalid(say('check.badText', { value, example }));
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

/** What an ID prefix names, in `locale` (the `id.<prefix>` messages). */
function idNoun(prefix: string, locale: Locale): string {
  return prefix in ID_NAMES ? t(`id.${prefix}` as MessageKey, undefined, locale) : describeIdPrefix(prefix);
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

/**
 * The server's user-visible words in each supported language: a message table per locale, `t(key, args)`, and the
 * mapping from a BCP 47 tag (LSP `initialize.locale`, `LANG`, the `eciAnnotations.language` setting) to a locale.
 * English is the fallback. The tables are data, one file per language: `messages/<locale>.json`. Imports nothing from
 * `vscode` or the LSP connection.
 */
import en from './messages/en.json';
import zhCn from './messages/zh-cn.json';

/** The languages the extension speaks. */
export type Locale = 'en' | 'zh-cn';

export const LOCALES: readonly Locale[] = ['en', 'zh-cn'];

/** The value of `eciAnnotations.language`: `auto` follows the editor's display language. */
export type LanguageSetting = 'auto' | Locale;

/**
 * The locale for a language tag such as `zh-CN`, `zh-Hans`, `zh_CN.UTF-8` or `en-US`; English for anything else.
 * Traditional Chinese tags (`zh-TW`, `zh-HK`, `zh-Hant`) get English, since there is no Traditional table yet.
 */
export function resolveLocale(tag: string | undefined | null): Locale {
  const t = (tag ?? '')
    .trim()
    .toLowerCase()
    .replace(/_/g, '-')
    .replace(/[.@].*$/, '');
  if (t === 'zh' || t === 'zh-cn' || t === 'zh-sg' || t.startsWith('zh-hans')) return 'zh-cn';
  return 'en';
}

/** The locale to use: the setting when it names a language, else the editor's (or environment's) language tag. */
export function chooseLocale(setting: unknown, editorTag: string | undefined | null): Locale {
  if (typeof setting === 'string' && (LOCALES as readonly string[]).includes(setting.toLowerCase())) return setting.toLowerCase() as Locale;
  return resolveLocale(editorTag);
}

export type MessageKey = keyof typeof en;
export type MessageTable = Record<MessageKey, string>;

/** The message tables, one per locale. The English one (`messages/en.json`) defines the keys. */
export const MESSAGES: Record<Locale, MessageTable> = { en, 'zh-cn': zhCn };

export type MessageArgs = Record<string, string | number>;

/** Fills `{name}` placeholders; unknown names are left as written. */
function format(template: string, args?: MessageArgs): string {
  if (!args) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in args ? String(args[name]) : whole));
}

/** The message `key` in `locale` (English when the locale has no entry), with `{name}` placeholders filled. */
export function t(key: MessageKey, args?: MessageArgs, locale: Locale = 'en'): string {
  return format(MESSAGES[locale][key] ?? en[key], args);
}

/** `t` bound to one locale. */
export type Translate = (key: MessageKey, args?: MessageArgs) => string;

export function translator(locale: Locale): Translate {
  return (key, args) => t(key, args, locale);
}

/** Sentences joined as the language writes them: a space between English sentences, none between Chinese ones. */
export function sentences(locale: Locale, ...parts: (string | undefined | false)[]): string {
  return parts.filter((p): p is string => Boolean(p)).join(locale === 'zh-cn' ? '' : ' ');
}

/** Catalogue prose (Markdown) as plain text for Problems and notifications: no backticks, no bold markers. */
export function plain(markdown: string): string {
  return markdown.replace(/`([^`\n]*)`/g, '$1').replace(/\*\*([^*\n]+)\*\*/g, '$1');
}

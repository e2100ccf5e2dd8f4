/**
 * The catalogue in the user's language. The prose of each annotation (summary, doc, enum value docs) and the pages it
 * links to are kept per language in `l10n/<locale>.json`, keyed by annotation key and field, where a translator can
 * work on them; this module lays them over the records of `annotations.ts` (English, the fallback).
 */
import { ANNOTATIONS, ROUTING_LABELS } from './annotations';
import { Catalogue } from './index';
import type { Annotation, RoutingLabel } from './types';
import type { Locale } from '../l10n';
import en from './l10n/en.json';
import zhCn from './l10n/zh-cn.json';

/** The texts of one annotation in one language. Absent fields fall back to English. */
export interface AnnotationTexts {
  summary?: string;
  doc?: string;
  /** Enum value → its doc. */
  values?: Record<string, string>;
  /** The official page in this language the text was written from. */
  basis?: string;
  /** Why the text needs a reviewer (for example: no official page in this language was read). */
  review?: string;
}

/** One language file. */
export interface CatalogueLanguageFile {
  /** Catalogue source URL → the same page in this language. */
  pages: Record<string, string>;
  /** Pages whose localized URL was derived, not seen; a reviewer should open them. */
  unverifiedPages?: string[];
  annotations: Record<string, AnnotationTexts>;
  labels: Record<string, { doc?: string; basis?: string; review?: string }>;
}

/** The language files, by locale. */
export const CATALOGUE_LANGUAGE_FILES: Record<Locale, CatalogueLanguageFile> = {
  en,
  'zh-cn': zhCn,
};

/** A catalogue record in a given language. */
export type LocalizedAnnotation = Annotation & { readonly locale: Locale };
export type LocalizedRoutingLabel = RoutingLabel & { readonly locale: Locale };

/** The language a record was localized to; records straight from `annotations.ts` are English. */
export function localeOf(record: Annotation | RoutingLabel): Locale {
  return 'locale' in record ? (record as LocalizedAnnotation).locale : 'en';
}

/** The page for a catalogue source URL in a language (the URL itself when the language file has no entry). */
export function localizedPage(url: string, locale: Locale, file = CATALOGUE_LANGUAGE_FILES[locale]): string {
  return file.pages[url] ?? url;
}

/** An annotation record with its prose and source link in `locale`, falling back to English field by field. */
export function localizeAnnotation(a: Annotation, locale: Locale, file = CATALOGUE_LANGUAGE_FILES[locale]): LocalizedAnnotation {
  const texts = file.annotations[a.key] ?? {};
  const value =
    a.value.kind === 'enum' && texts.values
      ? { ...a.value, values: a.value.values.map((v) => ({ ...v, doc: texts.values?.[v.value] ?? v.doc })) }
      : a.value;
  return { ...a, summary: texts.summary ?? a.summary, doc: texts.doc ?? a.doc, value, source: localizedPage(a.source, locale, file), locale };
}

export function localizeLabel(l: RoutingLabel, locale: Locale, file = CATALOGUE_LANGUAGE_FILES[locale]): LocalizedRoutingLabel {
  return { ...l, doc: file.labels[l.key]?.doc ?? l.doc, source: localizedPage(l.source, locale, file), locale };
}

/** The catalogue with every record in `locale`. */
export function localizedCatalogue(
  locale: Locale,
  annotations: readonly Annotation[] = ANNOTATIONS,
  labels: readonly RoutingLabel[] = ROUTING_LABELS,
): Catalogue {
  return new Catalogue(
    annotations.map((a) => localizeAnnotation(a, locale)),
    labels.map((l) => localizeLabel(l, locale)),
  );
}

/** Whether a URL is a page in the language (so it needs no entry in `pages`). */
function isPageIn(url: string, locale: Locale): boolean {
  return locale === 'zh-cn' ? /^https:\/\/help\.aliyun\.com\/(zh\/|document_detail\/)/.test(url) : /\/help\/en\/|help\.aliyun\.com\/en\//.test(url);
}

/**
 * What a language file lacks for a catalogue: `<key>: <field>` for every missing summary, doc, enum value doc or label
 * doc (English, the fallback, needs no prose entries), and `page: <url>` for every source page with no localized URL.
 */
export function missingTexts(
  locale: Locale,
  file: CatalogueLanguageFile = CATALOGUE_LANGUAGE_FILES[locale],
  annotations: readonly Annotation[] = ANNOTATIONS,
  labels: readonly RoutingLabel[] = ROUTING_LABELS,
): string[] {
  const missing: string[] = [];
  const pages = new Set<string>();
  for (const a of annotations) {
    pages.add(a.source);
    if (locale === 'en') continue;
    const texts = file.annotations[a.key];
    if (!texts?.summary) missing.push(`${a.key}: summary`);
    if (!texts?.doc) missing.push(`${a.key}: doc`);
    if (a.value.kind === 'enum') for (const v of a.value.values) if (!texts?.values?.[v.value]) missing.push(`${a.key}: values.${v.value}`);
  }
  for (const l of labels) {
    pages.add(l.source);
    if (locale !== 'en' && !file.labels[l.key]?.doc) missing.push(`label ${l.key}: doc`);
  }
  for (const url of pages) if (!isPageIn(url, locale) && !file.pages[url]) missing.push(`page: ${url}`);
  return missing;
}

/** Entries of a language file that name no catalogue key (renamed or removed keys leave these behind). */
export function staleTexts(
  file: CatalogueLanguageFile,
  annotations: readonly Annotation[] = ANNOTATIONS,
  labels: readonly RoutingLabel[] = ROUTING_LABELS,
): string[] {
  const keys = new Set(annotations.map((a) => a.key));
  const labelKeys = new Set(labels.map((l) => l.key));
  const stale = Object.keys(file.annotations).filter((k) => !keys.has(k));
  for (const k of Object.keys(file.labels)) if (!labelKeys.has(k)) stale.push(`label ${k}`);
  for (const [key, texts] of Object.entries(file.annotations)) {
    const a = annotations.find((x) => x.key === key);
    const values = a?.value.kind === 'enum' ? new Set(a.value.values.map((v) => v.value)) : new Set<string>();
    for (const v of Object.keys(texts.values ?? {})) if (a && !values.has(v)) stale.push(`${key}: values.${v}`);
  }
  return stale;
}

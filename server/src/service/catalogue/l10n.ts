/**
 * The catalogue in the user's language. The prose of each annotation (summary, doc, enum value docs) and the pages it
 * links to are kept per language in `l10n/<locale>.json`, keyed by annotation key and field, where a translator can
 * work on them; this module lays them over the records of `annotations.ts` (English, the fallback).
 */
import { ANNOTATIONS, ROUTING_LABELS } from './annotations';
import { Catalogue } from './index';
import { JSON_CARRIERS, KIND_PLACEMENTS } from './kinds';
import type { Annotation, Relation, RoutingLabel } from './types';
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
  /**
   * The short English texts of the catalogue and the kind table that messages quote (a relation's `why`, a deprecated
   * value's message, a list's item noun, a site's name without its path), keyed by the English text.
   */
  phrases?: Record<string, string>;
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
  const value = a.value.kind === 'enum' && texts.values ? { ...a.value, values: a.value.values.map((v) => ({ ...v, doc: texts.values?.[v.value] ?? v.doc })) } : a.value;
  const withPhrases = locale === 'en' ? value : value.kind === 'list' ? { ...value, item: phrase(value.item, locale, file) } : value;
  const relation = (r: Relation): Relation => ({ ...r, why: phrase(r.why, locale, file) });
  return {
    ...a,
    summary: texts.summary ?? a.summary,
    doc: texts.doc ?? a.doc,
    value: withPhrases,
    source: localizedPage(a.source, locale, file),
    locale,
    ...(locale !== 'en' && a.requires && { requires: a.requires.map(relation) }),
    ...(locale !== 'en' && a.conflicts && { conflicts: a.conflicts.map(relation) }),
    ...(locale !== 'en' && a.deprecatedValues && { deprecatedValues: a.deprecatedValues.map((d) => ({ ...d, message: phrase(d.message, locale, file) })) }),
    ...(locale !== 'en' && a.waitForFirstConsumer && { waitForFirstConsumer: { ...a.waitForFirstConsumer, why: phrase(a.waitForFirstConsumer.why, locale, file) } }),
  };
}

/** An English phrase of the catalogue or kind table in `locale` (itself when the language file has none). */
export function phrase(text: string, locale: Locale, file = CATALOGUE_LANGUAGE_FILES[locale]): string {
  return locale === 'en' ? text : (file.phrases?.[text] ?? text);
}

/**
 * How a site of the kind table is named in `locale`: `the pod template (spec.template.metadata)` keeps its path and
 * translates the words before it; `{kind}` becomes the document's kind.
 */
export function siteName(label: string, kind: string, locale: Locale, file = CATALOGUE_LANGUAGE_FILES[locale]): string {
  let text = label;
  const words = siteWords(label);
  if (locale !== 'en' && file.phrases?.[words]) text = words === label ? file.phrases[words] : `${file.phrases[words]}（${label.slice(words.length + 2, -1)}）`;
  return text.replace('{kind}', kind);
}

/** A site name without its trailing `(path)`, the part a language file translates. */
function siteWords(label: string): string {
  const m = /^(.*?) \(([\w.[\]*<>-]+)\)$/.exec(label);
  return m ? m[1] : label;
}

/** Site names the analysis adds beside the kind table's (a non-pod object, a root `annotations:` map, a values file). */
const EXTRA_PHRASES: readonly string[] = ['this object', 'the document root (an annotations map outside metadata)', 'the pod annotations in this values file'];

/** The English phrases messages quote: from the catalogue's records and the kind table's site names. */
export function phraseSources(annotations: readonly Annotation[] = ANNOTATIONS): string[] {
  const out = new Set<string>();
  for (const a of annotations) {
    for (const r of [...(a.requires ?? []), ...(a.conflicts ?? [])]) out.add(r.why);
    for (const d of a.deprecatedValues ?? []) out.add(d.message);
    if (a.waitForFirstConsumer) out.add(a.waitForFirstConsumer.why);
    if (a.value.kind === 'list') out.add(a.value.item);
  }
  const sites = [...KIND_PLACEMENTS.flatMap((k) => [...k.sites, ...k.ignoredSites]), ...JSON_CARRIERS];
  for (const { label } of sites) out.add(siteWords(label));
  for (const text of EXTRA_PHRASES) out.add(text);
  return [...out];
}

export function localizeLabel(l: RoutingLabel, locale: Locale, file = CATALOGUE_LANGUAGE_FILES[locale]): LocalizedRoutingLabel {
  return { ...l, doc: file.labels[l.key]?.doc ?? l.doc, source: localizedPage(l.source, locale, file), locale };
}

/** The catalogue with every record in `locale`. */
export function localizedCatalogue(locale: Locale, annotations: readonly Annotation[] = ANNOTATIONS, labels: readonly RoutingLabel[] = ROUTING_LABELS): Catalogue {
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
  if (locale !== 'en') for (const text of phraseSources(annotations)) if (!file.phrases?.[text]) missing.push(`phrase: ${text}`);
  return missing;
}

/** Entries of a language file that name no catalogue key (renamed or removed keys leave these behind). */
export function staleTexts(file: CatalogueLanguageFile, annotations: readonly Annotation[] = ANNOTATIONS, labels: readonly RoutingLabel[] = ROUTING_LABELS): string[] {
  const keys = new Set(annotations.map((a) => a.key));
  const labelKeys = new Set(labels.map((l) => l.key));
  const stale = Object.keys(file.annotations).filter((k) => !keys.has(k));
  const phrases = new Set(phraseSources(annotations));
  for (const k of Object.keys(file.phrases ?? {})) if (!phrases.has(k)) stale.push(`phrase: ${k}`);
  for (const k of Object.keys(file.labels)) if (!labelKeys.has(k)) stale.push(`label ${k}`);
  for (const [key, texts] of Object.entries(file.annotations)) {
    const a = annotations.find((x) => x.key === key);
    const values = a?.value.kind === 'enum' ? new Set(a.value.values.map((v) => v.value)) : new Set<string>();
    for (const v of Object.keys(texts.values ?? {})) if (a && !values.has(v)) stale.push(`${key}: values.${v}`);
  }
  return stale;
}

/**
 * Client words for modules that must not import `vscode` (the pure account code and its unit tests): `l10n.t` as
 * `vscode.l10n.t` has it, English with `{0}` placeholders filled until the extension hands over `vscode.l10n.t` on
 * activation. Every string passed to either goes in `l10n/bundle.l10n.json` and its translations.
 */
type Arg = string | number | boolean;
type Translate = (message: string, ...args: Arg[]) => string;

const english: Translate = (message, ...args) => message.replace(/\{(\d+)\}/g, (whole, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : whole));

let translate: Translate = english;

export const l10n = {
  /** The message in the display language, with `{0}`, `{1}`… filled from `args`. */
  t: (message: string, ...args: Arg[]): string => translate(message, ...args),
};

/** Called once on activation with `vscode.l10n.t`; `undefined` goes back to English (tests). */
export function useTranslator(t: Translate | undefined): void {
  translate = t ?? english;
}

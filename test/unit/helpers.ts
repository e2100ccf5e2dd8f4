/** Test helpers: documents, edits applied to text, and positions found by marker. */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Position, TextEdit } from 'vscode-languageserver-types';
import { getLanguageService, type EciLanguageService, type LanguageServiceOptions } from '../../server/src/service/languageService';

let counter = 0;

export function service(options?: LanguageServiceOptions): EciLanguageService {
  return getLanguageService(options);
}

export function doc(text: string, uri = `file:///test/${++counter}.yaml`, version = 1): TextDocument {
  return TextDocument.create(uri, 'yaml', version, text);
}

/** Removes the first `|` from text and returns its position. */
export function cursor(textWithBar: string): { text: string; position: Position } {
  const i = textWithBar.indexOf('|');
  const text = textWithBar.slice(0, i) + textWithBar.slice(i + 1);
  const before = text.slice(0, i).split('\n');
  return { text, position: { line: before.length - 1, character: before[before.length - 1].length } };
}

/** Applies LSP text edits to a text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const d = TextDocument.create('file:///x', 'yaml', 1, text);
  return TextDocument.applyEdits(d, [...edits]);
}

/** The edits of a code action for a given uri. */
export function editsOf(action: CodeAction, uri: string): TextEdit[] {
  return action.edit?.changes?.[uri] ?? [];
}

/** Position of the first occurrence of `needle` (plus an offset into it). */
export function positionOf(text: string, needle: string, delta = 0): Position {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`not found: ${needle}`);
  const before = text.slice(0, i + delta).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/**
 * THE COMPLETION PROPERTY: at every position of every fixture (and the Helm values fixture, read as a values file),
 * accepting any offered completion never makes the YAML invalid: the text after the edit, with snippet placeholders
 * at their defaults, has no more YAML errors than before (read with the `yaml` package, as kubectl reads it).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import type { CompletionItem, TextEdit } from 'vscode-languageserver-types';
import { applyEdits, doc, service } from './helpers';
import { fixture, fixtureNames } from './support';

/** Helm/Go template lines are not YAML: read them as comments, keeping every offset. */
function yamlErrors(text: string): number {
  const masked = text.replace(/^([ \t]*)\{\{(.*)$/gm, (line, indent: string) => (/\}\}[ \t\r]*$/.test(line) ? `${indent}#${line.slice(indent.length + 1)}` : line));
  return parseAllDocuments(masked, { version: '1.1', prettyErrors: false }).reduce((n, d) => n + d.errors.length, 0);
}

/** The text a snippet inserts with every placeholder at its default (the first choice of a choice). */
function expand(newText: string): string {
  return newText
    .replace(/\$\{\d+\|((?:[^,|\\]|\\.)*)[^}]*\}/g, '$1')
    .replace(/\$\{\d+:((?:[^}\\]|\\.)*)\}/g, '$1')
    .replace(/\$\{?\d+\}?/g, '')
    .replace(/\\([\\$}|,])/g, '$1');
}

/** A few items of different shapes: the first, the last, one with a JSON value, one with a choice, one snippet. */
function sample(items: CompletionItem[]): CompletionItem[] {
  const text = (i: CompletionItem) => (i.textEdit as TextEdit | undefined)?.newText ?? '';
  const picks = [items[0], items[items.length - 1], items.find((i) => text(i).includes("'")), items.find((i) => text(i).includes('${1|')), items.find((i) => i.kind === 15)];
  return [...new Set(picks.filter((i): i is CompletionItem => i !== undefined))];
}

const FILES: { name: string; helmValues: boolean }[] = [...fixtureNames().map((name) => ({ name, helmValues: false })), { name: 'chart/values.yaml', helmValues: true }];

describe('completion never breaks the YAML', () => {
  for (const { name, helmValues } of FILES) {
    test(name, async () => {
      const text = fixture(name);
      const before = yamlErrors(text);
      const ls = service();
      const model = ls.parse(doc(text), { helmValues });
      const lines = text.split('\n');
      let offered = 0;
      for (let line = 0; line < lines.length; line++) {
        const length = lines[line].replace(/\r$/, '').length;
        for (let character = 0; character <= length; character++) {
          const { items } = await ls.doComplete(model, { line, character });
          for (const item of sample(items)) {
            const edit = item.textEdit as TextEdit;
            assert.ok(edit && 'range' in edit, `${item.label}: a text edit`);
            offered++;
            const after = applyEdits(text, [{ range: edit.range, newText: expand(edit.newText) }]);
            const errors = yamlErrors(after);
            assert.ok(
              errors <= before,
              `${name} ${line + 1}:${character} "${item.label}" makes the YAML invalid:\n${after
                .split('\n')
                .slice(Math.max(0, line - 2), line + 3)
                .join('\n')}`,
            );
          }
        }
      }
      assert.ok(offered >= 0);
    });
  }

  test('the property is exercised: the fixtures get completions at many positions', async () => {
    let positions = 0;
    for (const { name, helmValues } of FILES) {
      const text = fixture(name);
      const ls = service();
      const model = ls.parse(doc(text), { helmValues });
      const lines = text.split('\n');
      for (let line = 0; line < lines.length; line++) {
        if ((await ls.doComplete(model, { line, character: lines[line].length })).items.length) positions++;
      }
    }
    assert.ok(positions >= 30, `only ${positions} line ends with completions`);
  });
});

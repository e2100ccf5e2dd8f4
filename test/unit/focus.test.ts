/**
 * Hover and completion use the YAML document under the cursor only, and a focused stand-in of a huge one
 * (`service.modelAround`, issue #8): the answers must be those of the whole file's model.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Position } from 'vscode-languageserver-types';
import { doc, service } from './helpers';
import { fixture, fixtureNames } from './support';
import { documentAround, documentLines, focusedDocument } from '../../server/src/service/yaml/focus';
import { textLines, YamlOutline } from '../../server/src/service/yaml/outline';
import { splitDocuments } from '../../server/src/service/yaml/parse';

/** One Deployment with a pod template annotations map of `n` plain keys and ECI keys among them, and long containers. */
function hugeDeployment(n: number): string {
  const annotations = Array.from({ length: n }, (_, i) =>
    i % 500 === 7 ? `        k8s.aliyun.com/eci-use-specs: "2-4Gi"` : i % 500 === 9 ? `        k8s.aliyun.com/eip-bandwidth: 10` : `        example.com/key-${i}: "value ${i}"`,
  );
  const env = Array.from({ length: n }, (_, i) => `            - name: VAR_${i}\n              value: "${i}"`);
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    k8s.aliyun.com/eci-with-eip: "true"
spec:
  replicas: 1
  template:
    metadata:
      annotations:
${annotations.join('\n')}
    spec:
      containers:
        - name: app
          image: nginx:1.27
          env:
${env.join('\n')}
`;
}

describe('focused documents for hover and completion', () => {
  const text = hugeDeployment(3000);
  const ls = service();
  const document = doc(text);
  const model = ls.parse(document);
  const lines = text.split('\n');

  test('the stand-in holds only the lines it keeps, unchanged, and reads every other line as empty', () => {
    const source = textLines(text);
    const outline = YamlOutline.of(source);
    const chunk = documentLines(source, outline, 1500);
    const focused = focusedDocument(source, outline, chunk, 1500);
    assert.ok(focused.text.length < text.length / 10, `${focused.text.length} of ${text.length}`);
    assert.equal(focused.lines.lineCount, lines.length);
    let kept = 0;
    for (let l = 0; l < lines.length; l++) {
      const line = focused.lines.lineText(l);
      assert.ok(line === '' || line === lines[l], `line ${l}`);
      if (line === '') continue;
      kept++;
      for (const character of [0, 3, line.length]) {
        const offset = focused.lines.offsetAt({ line: l, character });
        assert.equal(focused.text.slice(offset - character, offset), line.slice(0, character));
        assert.deepEqual(focused.lines.positionAt(offset), { line: l, character });
      }
    }
    // The window, the ancestors (`spec`, `template`, `metadata`, `annotations`) and the top-level keys.
    for (const l of [0, 1, 2, 6, 8, 9, 10, 1300, 1500, 1700]) assert.equal(focused.lines.lineText(l), lines[l], `line ${l} is kept`);
    assert.ok(kept < 420, `${kept} lines kept`);
  });

  test('hover answers as on the whole document, on ECI keys and values across the map and elsewhere', () => {
    let compared = 0;
    for (let l = 0; l < lines.length; l += 401) {
      for (const character of [10, 40]) {
        const position: Position = { line: l, character };
        const focused = ls.doHover(ls.modelAround(document, position), position);
        assert.deepEqual(focused, ls.doHover(model, position), `hover at ${l}:${character}`);
        if (focused) compared++;
      }
    }
    for (const [l, line] of lines.entries()) {
      if (!line.includes('k8s.aliyun.com/')) continue;
      const position = { line: l, character: 12 };
      const focused = ls.doHover(ls.modelAround(document, position), position);
      assert.ok(focused, `hover at ${l}`);
      assert.deepEqual(focused, ls.doHover(model, position));
      compared++;
    }
    assert.ok(compared >= 12);
  });

  test('completion of a half-typed key in the middle of the map offers what the whole document offers', async () => {
    const at = lines.findIndex((l, i) => i > 1000 && l.includes('example.com/key-'));
    const typed = [...lines.slice(0, at), '        k8s.aliyun.com/eci-', ...lines.slice(at)].join('\n');
    const typedDocument = doc(typed);
    const typedModel = ls.parse(typedDocument);
    const position = { line: at, character: '        k8s.aliyun.com/eci-'.length };
    const focused = await ls.doComplete(ls.modelAround(typedDocument, position), position);
    const whole = await ls.doComplete(typedModel, position);
    assert.ok(whole.items.length > 10);
    assert.deepEqual(
      focused.items.map((i) => i.label),
      whole.items.map((i) => i.label),
    );
    assert.deepEqual(
      focused.items.map((i) => i.textEdit),
      whole.items.map((i) => i.textEdit),
    );
  });

  test('in a file of many documents, hover and completion answer as with the whole file', async () => {
    const files = fixtureNames().map((name) => fixture(name));
    const many = doc(files.join('---\n'));
    const whole = ls.parse(many);
    for (let line = 0; line < many.lineCount; line += 7) {
      for (const character of [4, 12, 30]) {
        const position = { line, character };
        const around = ls.modelAround(many, position);
        assert.deepEqual(ls.doHover(around, position), ls.doHover(whole, position), `hover at ${line}:${character}`);
        assert.deepEqual(await ls.doComplete(around, position), await ls.doComplete(whole, position), `completion at ${line}:${character}`);
      }
    }
  });
});

describe('the YAML document around an offset', () => {
  test('is the chunk splitDocuments makes, at every offset, with markers, CRLF, lone CR and directives', () => {
    const texts = [
      ...fixtureNames().map((name) => fixture(name)),
      'a: 1\n---\nb: 2\n...\nc: 3\n--- # x\nd: 4\n---',
      'a: 1\r\n---\r\nb: 2\r---\rc\r\n----\n--- \n',
      '---\na: 1\n---\n',
      '%YAML 1.2\n---\na: 1\n---\nb: 2\n',
      'a: "x\n--- y"\n',
      '',
    ];
    for (const text of texts) {
      const chunks = splitDocuments(text);
      for (let offset = 0; offset <= text.length; offset++) {
        const expected = [...chunks].reverse().find((c) => c.offset <= offset) ?? chunks[0];
        const { start, end } = documentAround(text, offset);
        assert.deepEqual({ start, text: text.slice(start, end) }, { start: expected.offset, text: expected.text }, `${JSON.stringify(text.slice(0, 40))} at ${offset}`);
      }
    }
  });
});

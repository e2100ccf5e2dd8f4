/**
 * Splitting a file into YAML documents (issue #8/#11 speed): the shortcut for texts with no line starting with `---`,
 * `...` or `%` gives the same chunks as the full column-0 marker scan, over every fixture and random texts made of the
 * pieces that matter to splitting.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { splitDocuments } from '../../server/src/service/yaml/parse';
import { fixture, fixtureNames } from './support';

/** The split without the shortcut: cut before every column-0 `---`/`...` line; one chunk when a directive is present. */
function fullScan(text: string): { text: string; offset: number }[] {
  if (/(?<![^\r\n])%/.test(text)) return [{ text, offset: 0 }];
  const cuts = [0];
  for (const m of text.matchAll(/(?<![^\r\n])(?:---|\.\.\.)(?=[ \t\r\n]|$)/g)) if (m.index > 0) cuts.push(m.index);
  return cuts.map((start, i) => ({ text: text.slice(start, cuts[i + 1] ?? text.length), offset: start }));
}

const PIECES = ['---', '...', '%', '-', '.', '--', '..', ' ', '\t', '\n', '\r', '\r\n', 'a: 1', 'k8s.aliyun.com/eci-use-specs: x', '# c', '- x', '%YAML 1.2'];

describe('splitDocuments', () => {
  test('every fixture splits as the full scan splits it', () => {
    let multi = 0;
    for (const name of fixtureNames()) {
      const text = fixture(name);
      const chunks = splitDocuments(text);
      assert.deepEqual(chunks, fullScan(text), name);
      if (chunks.length > 1) multi++;
    }
    assert.ok(multi > 0, 'some fixture has several documents');
  });

  test('random texts split as the full scan splits them', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }), (pieces) => {
        const text = pieces.join('');
        assert.deepEqual(splitDocuments(text), fullScan(text));
      }),
      { seed: 11, numRuns: 3000 },
    );
  });

  test('a file without markers is one chunk; markers and directives are still found', () => {
    assert.deepEqual(splitDocuments('a: 1\nb: -2\nc: .5\n'), [{ text: 'a: 1\nb: -2\nc: .5\n', offset: 0 }]);
    assert.equal(splitDocuments('a: 1\n---\nb: 2\n').length, 2);
    assert.equal(splitDocuments('a: 1\r...\rb: 2\r').length, 2);
    assert.equal(splitDocuments('%YAML 1.2\n---\na: 1\n---\nb: 2\n').length, 1);
  });
});

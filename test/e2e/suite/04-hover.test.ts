import * as assert from 'node:assert/strict';
import { hoverText, openFixture, positionOf, until } from './helpers';

suite('hover', () => {
  test('hover on an annotation key explains it', async () => {
    const { doc } = await openFixture('deployment.yaml');
    const onKey = positionOf(doc, 'k8s.aliyun.com/eci-with-eip', 'k8s.aliyun.com/eci-'.length);
    const text = await until(
      'a hover on k8s.aliyun.com/eci-with-eip',
      () => hoverText(doc, onKey),
      (t) => t.length > 0,
    );
    assert.match(text, /takes effect only when the pod is created/i, text);
    assert.match(text, /eci-with-eip/, text);
  });
});

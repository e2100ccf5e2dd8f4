/** Hover on annotation keys and values. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MarkupKind, type Hover, type MarkupContent } from 'vscode-languageserver-types';
import { doc, positionOf, service } from './helpers';
import { rangeOf } from './support';

const TEXT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  template:
    metadata:
      labels:
        alibabacloud.com/eci: "true"
      annotations:
        k8s.aliyun.com/eci-spot-strategy: SpotWithPriceLimit
        k8s.aliyun.com/eci-spot-price-limit: "0.5"
        k8s.aliyun.com/eip-common-bandwith-package-id: cbwp-2ze0000****
        k8s.aliyun.com/eci-instance-id: eci-2ze0000****
        example.com/other: "x"
    spec:
      containers: []
`;

function hoverAt(text: string, needle: string, delta = 1): Hover | null {
  const ls = service();
  return ls.doHover(ls.parse(doc(text)), positionOf(text, needle, delta));
}

function markdown(h: Hover | null): string {
  assert.ok(h, 'a hover');
  const contents = h.contents as MarkupContent;
  assert.equal(contents.kind, MarkupKind.Markdown);
  return contents.value;
}

describe('hover', () => {
  test('on a key: what it does, type, values, default, example, creation time, doc link', () => {
    const h = hoverAt(TEXT, 'k8s.aliyun.com/eci-spot-strategy', 5);
    const md = markdown(h);
    assert.deepEqual(h!.range, rangeOf(TEXT, 'k8s.aliyun.com/eci-spot-strategy'));
    assert.match(md, /^\*\*k8s\.aliyun\.com\/eci-spot-strategy\*\* · ECI pod annotation/);
    assert.match(md, /Makes the pod a spot instance/);
    assert.match(md, /\| Type \| one of: SpotAsPriceGo, SpotWithPriceLimit \|/);
    assert.match(md, /`SpotWithPriceLimit`: Set a maximum hourly price/);
    assert.match(md, /\| Default \| not set \|/);
    assert.match(md, /\| Example \| `k8s\.aliyun\.com\/eci-spot-strategy: "SpotAsPriceGo"` \|/);
    assert.match(md, /Takes effect only when the pod is created/);
    assert.match(md, /\[ECI documentation\]\(https:\/\/help\.aliyun\.com\/zh\/eci\/user-guide\/create-a-preemptible-elastic-container-instance-2\)/);
  });

  test('a key with a default and a range', () => {
    const md = markdown(hoverAt(`apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    k8s.aliyun.com/eci-max-pending-minute: "60"\n`, 'eci-max-pending-minute'));
    assert.match(md, /\| Type \| whole number as a string, 10–1440 \(minutes\) \|/);
    assert.match(md, /\| Default \| `240` \|/);
  });

  test('a key with only a lower bound', () => {
    const md = markdown(hoverAt(`apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    k8s.aliyun.com/eip-bandwidth: "10"\n`, 'eip-bandwidth'));
    assert.match(md, /\| Type \| whole number as a string, at least 1 \(Mbit\/s\) \|/);
  });

  test('on an enum value: the value first, then the key', () => {
    const h = hoverAt(TEXT, 'SpotWithPriceLimit', 3);
    const md = markdown(h);
    assert.deepEqual(h!.range, rangeOf(TEXT, 'SpotWithPriceLimit'));
    assert.match(md, /^\*\*SpotWithPriceLimit\*\*: Set a maximum hourly price/);
    assert.match(md, /\n---\n/);
    assert.match(md, /\*\*k8s\.aliyun\.com\/eci-spot-strategy\*\*/);
    assert.match(md, /Takes effect only when the pod is created/);
  });

  test('on a misspelled key: says so and shows the real key', () => {
    const md = markdown(hoverAt(TEXT, 'eip-common-bandwith'));
    assert.match(md, /^\*\*k8s\.aliyun\.com\/eip-common-bandwith-package-id\*\* is a misspelling of \*\*k8s\.aliyun\.com\/eip-common-bandwidth-package-id\*\*/);
  });

  test('on a read-only key: set by ECI, no creation-time note', () => {
    const md = markdown(hoverAt(TEXT, 'eci-instance-id'));
    assert.match(md, /\*\*Set by ECI\*\*/);
    assert.doesNotMatch(md, /Takes effect only when the pod is created/);
  });

  test('on the routing label', () => {
    const md = markdown(hoverAt(TEXT, 'alibabacloud.com/eci'));
    assert.match(md, /^\*\*alibabacloud\.com\/eci\*\* · pod label/);
    assert.match(md, /Value: `"true"`/);
  });

  test('nothing on unrelated keys, values or elsewhere', () => {
    assert.equal(hoverAt(TEXT, 'example.com/other'), null);
    assert.equal(hoverAt(TEXT, 'name: web', 7), null);
    assert.equal(hoverAt(TEXT, 'replicas'), null);
    assert.equal(hoverAt(TEXT, 'containers'), null);
    // An ECI key outside any annotations map is not an annotation.
    assert.equal(hoverAt('apiVersion: v1\nkind: Pod\nspec:\n  k8s.aliyun.com/eci-spot-strategy: x\n', 'eci-spot'), null);
  });

  test('positions in the third document', () => {
    const first = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n';
    const text = `${first}---\n${first}---\napiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    k8s.aliyun.com/eci-with-eip: "true"\n`;
    const h = hoverAt(text, 'eci-with-eip');
    assert.match(markdown(h), /eci-with-eip/);
    assert.deepEqual(h!.range, rangeOf(text, 'k8s.aliyun.com/eci-with-eip'));
  });
});

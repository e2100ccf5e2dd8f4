/** Consistency checks of the annotation catalogue: keys, relations, value types, examples and sources. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ANNOTATIONS, ROUTING_LABELS } from '../../server/src/service/catalogue/annotations';
import type { Annotation, IdPrefix, PickKind, ValueType } from '../../server/src/service/catalogue/types';

const byKey = new Map<string, Annotation>(ANNOTATIONS.map((a) => [a.key, a]));

/** Kubernetes annotation key syntax: optional DNS-subdomain prefix (≤ 253) + `/` + name (≤ 63). */
function isValidKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : '';
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (slash >= 0) {
    if (prefix.length === 0 || prefix.length > 253) return false;
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(prefix)) return false;
  }
  return name.length > 0 && name.length <= 63 && /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(name);
}

/** A small value checker, enough to tell whether the catalogue's own examples and defaults fit their types. */
function fits(value: string, type: ValueType): boolean {
  const items = (s: string) => s.split(',').map((i) => i.trim());
  switch (type.kind) {
    case 'boolean':
      return type.only ? value === type.only : value === 'true' || value === 'false';
    case 'integer': {
      if (!/^-?\d+$/.test(value)) return false;
      const n = Number(value);
      return (type.min === undefined || n >= type.min) && (type.max === undefined || n <= type.max);
    }
    case 'decimal': {
      const digits = type.maxDecimals === undefined ? '+' : `{1,${type.maxDecimals}}`;
      if (!new RegExp(`^\\d+(\\.\\d${digits})?$`).test(value)) return false;
      return type.min === undefined || Number(value) >= type.min;
    }
    case 'enum': {
      const allowed = new Set(type.values.map((v) => v.value));
      const parts = type.list ? items(value) : [value];
      if (type.list?.max !== undefined && parts.length > type.list.max) return false;
      return parts.every((p) => allowed.has(p));
    }
    case 'id': {
      const parts = type.list ? items(value) : [value];
      if (type.list?.max !== undefined && parts.length > type.list.max) return false;
      return parts.every((p) => {
        const bare = type.regionQualified ? p.replace(/^[a-z]+(-[a-z0-9]+)+:/, '') : p;
        return bare.startsWith(type.prefix) && bare.length > type.prefix.length;
      });
    }
    case 'list': {
      const parts = items(value);
      if (type.max !== undefined && parts.length > type.max) return false;
      return parts.every((p) => p.length > 0 && (type.itemPattern === undefined || new RegExp(type.itemPattern).test(p)));
    }
    case 'json': {
      try {
        const parsed: unknown = JSON.parse(value);
        return type.shape === 'array' ? Array.isArray(parsed) : typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
      } catch {
        return false;
      }
    }
    case 'quantity': {
      const m = /^(\d+(?:\.\d+)?)([A-Za-z]*)$/.exec(value);
      if (!m) return false;
      return type.units ? m[2] === '' || type.units.includes(m[2]) : true;
    }
    case 'specList': {
      const parts = items(value);
      return parts.length <= type.max && parts.every((p) => /^\d+(\.\d+)?-\d+(\.\d+)?Gi$/.test(p) || /^ecs\.[a-z0-9-]+\.[a-z0-9]+$/.test(p));
    }
    case 'text':
      return type.pattern === undefined || new RegExp(type.pattern).test(value);
  }
}

const PICK_PREFIX: Record<PickKind, IdPrefix> = { eip: 'eip-', bandwidthPackage: 'cbwp-', ipPool: 'pippool-', vSwitch: 'vsw-', securityGroup: 'sg-' };

/** Enums that the docs define with a single value. */
const SINGLE_VALUE_ENUMS = new Set(['k8s.aliyun.com/eci-spot-release-strategy']);

/** R14: legacy keys and their successors. */
const LEGACY: Record<string, string> = {
  'k8s.aliyun.com/eci-image-cache': 'k8s.aliyun.com/eci-auto-imc',
  'k8s.aliyun.com/eci-image-snapshot-id': 'k8s.aliyun.com/eci-imc-id',
  'k8s.aliyun.com/acr-instance-id': 'k8s.aliyun.com/acr-instance-ids',
  'k8s.aliyun.com/pod-fail-on-create-err': 'k8s.aliyun.com/eci-fail-strategy',
  'k8s.aliyun.com/eci-reschedule-enable': 'k8s.aliyun.com/eci-fail-strategy',
  'k8s.aliyun.com/eci-gpu-type': 'k8s.aliyun.com/eci-use-specs',
  'k8s.aliyun.com/eci-instance-type': 'k8s.aliyun.com/eci-use-specs',
  'k8s.aliyun.com/eci-ipv6-count': 'k8s.aliyun.com/eci-enable-ipv6',
};

describe('the checker itself', () => {
  it('rejects values that do not fit', () => {
    assert.equal(fits('yes', { kind: 'boolean' }), false);
    assert.equal(fits('5', { kind: 'integer', min: 10, max: 1440 }), false);
    assert.equal(fits('0.1234', { kind: 'decimal', maxDecimals: 3 }), false);
    assert.equal(fits('BGP_X', { kind: 'enum', values: [{ value: 'BGP', doc: 'x' }] }), false);
    assert.equal(fits('eip-abc,sg-1', { kind: 'id', prefix: 'eip-', list: {} }), false);
    assert.equal(fits('sg-1,sg-2,sg-3', { kind: 'id', prefix: 'sg-', list: { max: 2 } }), false);
    assert.equal(fits('cn-beijing:cri-abc', { kind: 'id', prefix: 'cri-' }), false);
    assert.equal(fits('cn-beijing:cri-abc', { kind: 'id', prefix: 'cri-', regionQualified: true }), true);
    assert.equal(fits('[1]', { kind: 'json', shape: 'object' }), false);
    assert.equal(fits('2-4Gi,c6', { kind: 'specList', max: 5 }), false);
    assert.equal(fits('a,b,c,d', { kind: 'list', item: 'x', max: 3 }), false);
  });
});

describe('annotation catalogue', () => {
  it('has unique keys', () => {
    const seen = new Set<string>();
    for (const a of ANNOTATIONS) {
      assert.ok(!seen.has(a.key), `duplicate key ${a.key}`);
      seen.add(a.key);
    }
    assert.ok(ANNOTATIONS.length >= 90, `only ${ANNOTATIONS.length} keys`);
  });

  it('uses valid Kubernetes annotation keys', () => {
    assert.equal(isValidKey('k8s.aliyun.com/-bad'), false);
    assert.equal(isValidKey('K8s.aliyun.com/x'), false);
    for (const a of ANNOTATIONS) assert.ok(isValidKey(a.key), `invalid key syntax: ${a.key}`);
    for (const l of ROUTING_LABELS) assert.ok(isValidKey(l.key), `invalid label key syntax: ${l.key}`);
  });

  it('has text for users on every key', () => {
    for (const a of ANNOTATIONS) {
      assert.ok(a.summary.trim().length > 0 && !a.summary.includes('\n'), `${a.key}: summary must be one non-empty line`);
      assert.ok(a.doc.trim().length > 0, `${a.key}: empty doc`);
      assert.ok(a.group.trim().length > 0, `${a.key}: empty group`);
    }
  });

  it('points every supersededBy and relation at a catalogue key', () => {
    for (const a of ANNOTATIONS) {
      if (a.supersededBy !== undefined) {
        assert.ok(byKey.has(a.supersededBy), `${a.key}: supersededBy ${a.supersededBy} is not in the catalogue`);
        assert.notEqual(a.supersededBy, a.key);
        assert.equal(byKey.get(a.supersededBy)?.supersededBy, undefined, `${a.key}: successor is itself legacy`);
      }
      for (const r of [...(a.requires ?? []), ...(a.conflicts ?? [])]) {
        const other = byKey.get(r.key);
        assert.ok(other, `${a.key}: relation to unknown key ${r.key}`);
        assert.notEqual(r.key, a.key, `${a.key}: relation to itself`);
        assert.ok(r.why.trim().length > 10, `${a.key} → ${r.key}: missing why`);
        if (r.placement !== undefined) {
          assert.ok(a.placement.includes(r.placement), `${a.key} → ${r.key}: relation placement ${r.placement} not a placement of ${a.key}`);
          assert.ok(other.placement.includes(r.placement), `${a.key} → ${r.key}: ${r.key} is not valid at ${r.placement}`);
        } else {
          assert.ok(
            a.placement.some((p) => other.placement.includes(p)),
            `${a.key} → ${r.key}: no shared placement`,
          );
        }
        for (const v of r.values ?? []) assert.ok(fits(v, other.value), `${a.key} → ${r.key}: value ${v} does not fit ${r.key}`);
        for (const v of r.when ?? []) assert.ok(fits(v, a.value), `${a.key}: when value ${v} does not fit its own type`);
      }
    }
  });

  it('gives every pick an id type with the matching prefix', () => {
    const picks = ANNOTATIONS.filter((a) => a.pick !== undefined);
    assert.ok(picks.length >= 4);
    for (const a of picks) {
      assert.equal(a.value.kind, 'id', `${a.key}: pick needs an id value type`);
      if (a.value.kind === 'id') assert.equal(a.value.prefix, PICK_PREFIX[a.pick!], `${a.key}: wrong prefix for pick ${a.pick}`);
    }
    assert.equal(byKey.get('k8s.aliyun.com/eci-eip-instanceid')?.pick, 'eip');
    assert.equal(byKey.get('k8s.aliyun.com/eip-instance-id')?.pick, 'eip');
    assert.equal(byKey.get('k8s.aliyun.com/eip-common-bandwidth-package-id')?.pick, 'bandwidthPackage');
    assert.equal(byKey.get('k8s.aliyun.com/eip-public-ip-address-pool-id')?.pick, 'ipPool');
  });

  it('documents every enum value', () => {
    for (const a of ANNOTATIONS) {
      if (a.value.kind !== 'enum') continue;
      const min = SINGLE_VALUE_ENUMS.has(a.key) ? 1 : 2;
      assert.ok(a.value.values.length >= min, `${a.key}: enum with fewer than ${min} values`);
      const values = a.value.values.map((v) => v.value);
      assert.equal(new Set(values).size, values.length, `${a.key}: duplicate enum values`);
      for (const v of a.value.values) assert.ok(v.doc.trim().length > 0, `${a.key}: enum value ${v.value} has no doc`);
    }
  });

  it('has examples and defaults that fit their own value type', () => {
    for (const a of ANNOTATIONS) {
      assert.ok(fits(a.example, a.value), `${a.key}: example ${JSON.stringify(a.example)} does not fit ${a.value.kind}`);
      if (a.default !== undefined) assert.ok(fits(a.default, a.value), `${a.key}: default ${JSON.stringify(a.default)} does not fit ${a.value.kind}`);
      if (a.value.kind === 'text' && a.value.example !== undefined) assert.ok(fits(a.value.example, a.value), `${a.key}: value example does not fit`);
    }
  });

  it('has https sources and a placement everywhere', () => {
    for (const a of ANNOTATIONS) {
      assert.match(a.source, /^https:\/\/[^\s/]+\.[^\s/]+\/\S*$/, `${a.key}: source is not an https URL`);
      assert.doesNotThrow(() => new URL(a.source), `${a.key}: source does not parse`);
      assert.ok(a.placement.length > 0, `${a.key}: empty placement`);
      assert.equal(new Set(a.placement).size, a.placement.length, `${a.key}: duplicate placement`);
    }
    for (const l of ROUTING_LABELS) assert.match(l.source, /^https:\/\//, `${l.key}: source is not an https URL`);
  });

  it('lists every R14 legacy key with its successor', () => {
    for (const [legacy, successor] of Object.entries(LEGACY)) {
      const a = byKey.get(legacy);
      assert.ok(a, `legacy key ${legacy} missing`);
      assert.equal(a.supersededBy, successor, `${legacy} should be superseded by ${successor}`);
    }
  });

  it('keeps read-only keys out of relations, picks and completion-only fields', () => {
    const readOnly = ANNOTATIONS.filter((a) => a.readOnly);
    assert.equal(readOnly.length, 17);
    for (const a of readOnly) {
      assert.equal(a.pick, undefined, `${a.key}: read-only key with a pick`);
      assert.equal(a.requires, undefined, `${a.key}: read-only key with requires`);
      assert.equal(a.conflicts, undefined, `${a.key}: read-only key with conflicts`);
      for (const other of ANNOTATIONS) {
        for (const r of [...(other.requires ?? []), ...(other.conflicts ?? [])]) assert.notEqual(r.key, a.key, `${other.key} relates to read-only ${a.key}`);
      }
    }
  });

  it('marks single-instance keys only on pods', () => {
    const single = ANNOTATIONS.filter((a) => a.singleInstance)
      .map((a) => a.key)
      .sort();
    assert.deepEqual(single, ['k8s.aliyun.com/eci-eip-instanceid', 'k8s.aliyun.com/eci-private-ip-address']);
    assert.notEqual(byKey.get('k8s.aliyun.com/eip-instance-id')?.singleInstance, true);
  });

  it('encodes the documented cross-key rules', () => {
    // R3: every auto-create EIP option needs eci-with-eip on pods, auto-create-eip on ImageCache where documented.
    for (const key of [
      'k8s.aliyun.com/eip-bandwidth',
      'k8s.aliyun.com/eip-common-bandwidth-package-id',
      'k8s.aliyun.com/eip-isp',
      'k8s.aliyun.com/eip-internet-charge-type',
      'k8s.aliyun.com/eip-public-ip-address-pool-id',
    ]) {
      const a = byKey.get(key)!;
      const pod = a.requires?.find((r) => r.key === 'k8s.aliyun.com/eci-with-eip');
      assert.deepEqual(pod?.values, ['true'], `${key}: missing eci-with-eip requirement`);
      assert.equal(pod?.placement, 'pod');
      const ic = a.requires?.find((r) => r.key === 'k8s.aliyun.com/auto-create-eip');
      assert.equal(ic !== undefined, a.placement.includes('imageCache'), `${key}: auto-create-eip requirement must match the ImageCache placement`);
    }
    // R4
    assert.deepEqual(
      byKey.get('k8s.aliyun.com/eci-eip-instanceid')?.conflicts?.map((r) => [r.key, r.values]),
      [['k8s.aliyun.com/eci-with-eip', ['true']]],
    );
    // R7
    assert.deepEqual(byKey.get('k8s.aliyun.com/eci-spot-price-limit')?.requires?.[0]?.values, ['SpotWithPriceLimit']);
    assert.deepEqual(byKey.get('k8s.aliyun.com/eci-spot-strategy')?.requires?.find((r) => r.key === 'k8s.aliyun.com/eci-spot-price-limit')?.when, ['SpotWithPriceLimit']);
    // R8
    assert.deepEqual(byKey.get('k8s.aliyun.com/eci-privatepool-matchcriteria')?.requires?.find((r) => r.key === 'k8s.aliyun.com/eci-privatepool-id')?.when, ['Target']);
    assert.deepEqual(byKey.get('k8s.aliyun.com/eci-privatepool-id')?.conflicts?.[0]?.values, ['Open']);
    // R9
    assert.equal(byKey.get('k8s.aliyun.com/eci-fixed-ip-retain-hour')?.requires?.[0]?.key, 'k8s.aliyun.com/eci-fixed-ip');
    assert.equal(byKey.get('k8s.aliyun.com/eci-ipv6-bandwidth-enable')?.requires?.[0]?.key, 'k8s.aliyun.com/eci-enable-ipv6');
    assert.equal(byKey.get('k8s.aliyun.com/eci-ipv6-bandwidth')?.requires?.[0]?.key, 'k8s.aliyun.com/eci-ipv6-bandwidth-enable');
    // R12 limits
    const maxPending = byKey.get('k8s.aliyun.com/eci-max-pending-minute')!.value;
    assert.deepEqual(maxPending.kind === 'integer' ? [maxPending.min, maxPending.max] : undefined, [10, 1440]);
    const tags = byKey.get('k8s.aliyun.com/eci-custom-tags')!.value;
    assert.equal(tags.kind === 'list' ? tags.max : undefined, 3);
    const sg = byKey.get('k8s.aliyun.com/eci-security-group')!.value;
    assert.equal(sg.kind === 'id' ? sg.list?.max : undefined, 5);
    const specs = byKey.get('k8s.aliyun.com/eci-use-specs')!.value;
    assert.equal(specs.kind === 'specList' ? specs.max : undefined, 5);
    // R15, R17
    assert.deepEqual(byKey.get('k8s.aliyun.com/eip-common-bandwidth-package-id')?.misspellings, ['k8s.aliyun.com/eip-common-bandwith-package-id']);
    const gpu = byKey.get('k8s.aliyun.com/eci-gpu-driver-version')!;
    assert.ok(gpu.deprecatedValues?.some((d) => new RegExp(d.pattern).test('tesla=525.85.12')));
    assert.ok(!gpu.deprecatedValues?.some((d) => new RegExp(d.pattern).test(gpu.example)), 'example must not be deprecated');
  });

  it('keeps misspellings out of the key set', () => {
    for (const a of ANNOTATIONS) {
      for (const m of a.misspellings ?? []) {
        assert.ok(!byKey.has(m), `${a.key}: misspelling ${m} is a catalogue key`);
        assert.ok(isValidKey(m));
      }
    }
  });

  it('separates ImageCache keys from pod keys (R18)', () => {
    for (const key of ['k8s.aliyun.com/eip-instance-id', 'k8s.aliyun.com/auto-create-eip', 'k8s.aliyun.com/imc-size', 'k8s.aliyun.com/vswitch-ids']) {
      assert.deepEqual(byKey.get(key)?.placement, ['imageCache'], key);
    }
    for (const key of ['k8s.aliyun.com/eci-eip-instanceid', 'k8s.aliyun.com/eci-with-eip', 'k8s.aliyun.com/eip-public-ip-address-pool-id']) {
      assert.deepEqual(byKey.get(key)?.placement, ['pod'], key);
    }
    for (const key of ['k8s.aliyun.com/acr-instance-ids', 'k8s.aliyun.com/eip-bandwidth', 'k8s.aliyun.com/insecure-registry']) {
      assert.deepEqual(byKey.get(key)?.placement, ['pod', 'imageCache'], key);
    }
  });
});

describe('routing labels', () => {
  it('lists the ECI and ACS labels', () => {
    assert.deepEqual(
      ROUTING_LABELS.map((l) => l.key),
      ['alibabacloud.com/eci', 'alibabacloud.com/acs'],
    );
    for (const l of ROUTING_LABELS) {
      assert.equal(l.value, 'true');
      assert.ok(!byKey.has(l.key), `${l.key} is a label, not an annotation`);
    }
  });
});

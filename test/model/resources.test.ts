import { describe, expect, it } from 'vitest';
import { containerDefaultsOf, defaultLimitRangeItem, effectiveResources } from '../../src/model/resources.js';
import type { KubeObject } from '../../src/model/types.js';

const limitRange = (name: string, limits: unknown[]): KubeObject => ({
  apiVersion: 'v1',
  kind: 'LimitRange',
  metadata: { name, namespace: 'ns' },
  spec: { limits },
});

describe('defaultLimitRangeItem (SetDefaults_LimitRangeItem)', () => {
  it('takes an unset default from max, and an unset defaultRequest from default', () => {
    expect(defaultLimitRangeItem({ type: 'Container', max: { cpu: '2', memory: '1Gi' } })).toEqual({
      type: 'Container',
      default: { cpu: '2', memory: '1Gi' },
      defaultRequest: { cpu: '2', memory: '1Gi' },
    });
  });

  it('takes an unset defaultRequest from min only where default gave none', () => {
    expect(defaultLimitRangeItem({ type: 'Container', default: { cpu: '1' }, min: { cpu: '100m', memory: '64Mi' } })).toEqual({
      type: 'Container',
      default: { cpu: '1' },
      defaultRequest: { cpu: '1', memory: '64Mi' },
    });
  });

  it('never overrides what the item sets', () => {
    expect(defaultLimitRangeItem({ type: 'Container', max: { cpu: '4' }, default: { cpu: '1' }, defaultRequest: { cpu: '200m' } })).toEqual(
      {
        type: 'Container',
        default: { cpu: '1' },
        defaultRequest: { cpu: '200m' },
      },
    );
  });

  it('defaults nothing for Pod and PersistentVolumeClaim items', () => {
    expect(defaultLimitRangeItem({ type: 'Pod', max: { cpu: '4' } })).toEqual({ type: 'Pod', default: {}, defaultRequest: {} });
  });
});

describe('effectiveResources', () => {
  it('gives a container with only a limit request = limit', () => {
    const eff = effectiveResources({ resources: { limits: { cpu: '1', memory: '1Gi' } } }, {}, containerDefaultsOf([]));
    expect(eff.requests.cpu).toEqual({ value: '1', origin: 'container-limit' });
    expect(eff.requests.memory?.origin).toBe('container-limit');
  });

  it("fills what the container leaves unset from the namespace's Container items, never what it sets", () => {
    const defaults = containerDefaultsOf([
      limitRange('pvc', [{ type: 'PersistentVolumeClaim', max: { storage: '10Gi' } }]),
      limitRange('containers', [{ type: 'Container', default: { memory: '512Mi' }, defaultRequest: { cpu: '100m' } }]),
    ]);
    const eff = effectiveResources({ resources: { requests: { memory: '256Mi' } } }, {}, defaults);
    expect(eff.requests.memory).toEqual({ value: '256Mi', origin: 'container' });
    expect(eff.limits.memory?.origin).toBe('limit-range');
    expect(eff.limits.memory?.limitRange?.metadata.name).toBe('containers');
    expect(eff.requests.cpu?.value).toBe('100m');
    expect(eff.limits.cpu).toBeUndefined();
  });

  it('applies the container limit before the LimitRange defaultRequest (API defaulting runs first)', () => {
    const defaults = containerDefaultsOf([limitRange('d', [{ type: 'Container', defaultRequest: { cpu: '100m' } }])]);
    const eff = effectiveResources({ resources: { limits: { cpu: '2' } } }, {}, defaults);
    expect(eff.requests.cpu).toEqual({ value: '2', origin: 'container-limit' });
  });

  it('counts pod-level resources for containers that set none', () => {
    const eff = effectiveResources({}, { resources: { limits: { cpu: '2', memory: '2Gi' } } }, containerDefaultsOf([]));
    expect(eff.limits.cpu?.origin).toBe('pod');
    expect(eff.requests.memory?.origin).toBe('pod');
  });

  it('ignores malformed resources instead of throwing', () => {
    expect(
      effectiveResources(
        { resources: { limits: ['cpu'] } },
        null,
        containerDefaultsOf([limitRange('x', [null, { type: 'Container', default: 'x' }])]),
      ),
    ).toEqual({
      requests: {},
      limits: {},
    });
  });
});

import { describe, expect, it } from 'vitest';
import { ResourceIndex } from '../../src/model/index.js';

const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } };

describe('ResourceIndex access outcomes', () => {
  it('takes manifests as complete: a kind absent from the input has no objects', () => {
    const index = new ResourceIndex({ objects: [ns], source: { type: 'manifests', files: ['x.yaml'] } });
    expect(index.isReadable('Ingress.networking.k8s.io', 'team-a')).toBe(true);
  });

  it('never takes a kind a live source has no record of as empty', () => {
    const index = new ResourceIndex({
      objects: [ns],
      source: { type: 'cluster', server: 'https://127.0.0.1:6443' },
      access: [
        { groupKind: 'Namespace', status: 'full' },
        { groupKind: 'NetworkPolicy.networking.k8s.io', status: 'partial', forbiddenNamespaces: ['team-b'] },
        { groupKind: 'CiliumNetworkPolicy.cilium.io', status: 'absent' },
      ],
    });
    expect(index.isReadable('Ingress.networking.k8s.io', 'team-a')).toBe(false);
    expect(index.isReadable('Namespace')).toBe(true);
    expect(index.isReadable('CiliumNetworkPolicy.cilium.io')).toBe(true);
    expect(index.isReadable('NetworkPolicy.networking.k8s.io', 'team-a')).toBe(true);
    expect(index.isReadable('NetworkPolicy.networking.k8s.io', 'team-b')).toBe(false);
    expect(index.isReadable('NetworkPolicy.networking.k8s.io')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { ipBlockPodCoverage, podNetworkOf, type PodNetwork } from '../../../src/k8s/network/pod-network.js';
import { indexFromText } from '../../helpers/fixtures.js';

const known = (...cidrs: string[]): PodNetwork => ({ cidrs, source: 'test' });
const unknown: PodNetwork = { cidrs: undefined, source: 'test' };

describe('ipBlockPodCoverage', () => {
  it('covers all of a pod network inside the range, part of one that straddles it, none outside it', () => {
    expect(ipBlockPodCoverage({ cidr: '0.0.0.0/0' }, known('10.244.0.0/16'))).toBe('all');
    expect(ipBlockPodCoverage({ cidr: '10.244.0.0/17' }, known('10.244.0.0/16'))).toBe('some');
    expect(ipBlockPodCoverage({ cidr: '10.244.3.0/24' }, known('10.244.0.0/24', '10.244.3.0/24'))).toBe('some');
    expect(ipBlockPodCoverage({ cidr: '192.168.0.0/16' }, known('10.244.0.0/16'))).toBe('none');
  });

  it('unions the excepts: two halves of the pod network close it, one half does not', () => {
    const pods = known('10.244.0.0/16');
    expect(ipBlockPodCoverage({ cidr: '0.0.0.0/0', except: ['10.244.0.0/17', '10.244.128.0/17'] }, pods)).toBe('none');
    expect(ipBlockPodCoverage({ cidr: '0.0.0.0/0', except: ['10.244.0.0/17'] }, pods)).toBe('some');
    expect(ipBlockPodCoverage({ cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] }, pods)).toBe('none');
  });

  it('takes the network of an address with host bits set, as the API server matches it', () => {
    expect(ipBlockPodCoverage({ cidr: '10.244.1.7/16' }, known('10.244.5.0/24'))).toBe('all');
  });

  it('judges each family of a dual-stack pod network: one family fully covered is every pod', () => {
    const dual = known('10.244.0.0/16', 'fd00:10:244::/56');
    expect(ipBlockPodCoverage({ cidr: '::/0' }, dual)).toBe('all');
    expect(ipBlockPodCoverage({ cidr: 'fd00:10:244:1::/64' }, dual)).toBe('some');
    expect(ipBlockPodCoverage({ cidr: '::ffff:0.0.0.0/96' }, dual)).toBe('none');
    expect(ipBlockPodCoverage({ cidr: '2001:db8::/32' }, dual)).toBe('none');
  });

  it('falls back to the private-range heuristic when the pod network is not known', () => {
    expect(ipBlockPodCoverage({ cidr: '0.0.0.0/0' }, unknown)).toBe('unknown');
    expect(ipBlockPodCoverage({ cidr: '203.0.113.0/24' }, unknown)).toBe('none');
    expect(ipBlockPodCoverage({ cidr: 'not-a-cidr' }, known('10.244.0.0/16'))).toBe('none');
  });
});

describe('podNetworkOf', () => {
  const nodes = (...specs: string[]) =>
    indexFromText(specs.map((spec, i) => `apiVersion: v1\nkind: Node\nmetadata: { name: n${i} }\nspec: ${spec}\n`).join('---\n'));

  it("reads the Nodes' spec.podCIDRs, and the older spec.podCIDR, deduplicated", () => {
    expect(
      podNetworkOf(nodes('{ podCIDRs: [10.244.0.0/24, "fd00::/64"] }', '{ podCIDR: 10.244.1.0/24 }', '{ podCIDRs: [10.244.1.0/24] }')),
    ).toEqual({
      cidrs: ['10.244.0.0/24', 'fd00::/64', '10.244.1.0/24'],
      source: "Nodes' spec.podCIDRs",
    });
  });

  it('is unknown when a Node has none (its CNI allocates pod IPs) or when there is no Node', () => {
    expect(podNetworkOf(nodes('{ podCIDRs: [10.244.0.0/24] }', '{}')).cidrs).toBeUndefined();
    expect(podNetworkOf(nodes('{ podCIDRs: [10.244.0.0/24] }', '{}')).source).toBe(
      'Node n1 has no spec.podCIDRs (its CNI allocates pod IPs)',
    );
    expect(podNetworkOf(indexFromText('apiVersion: v1\nkind: Namespace\nmetadata: { name: a }\n')).cidrs).toBeUndefined();
  });

  it('prefers the configuration, ignoring entries that are not CIDRs', () => {
    expect(podNetworkOf(nodes('{ podCIDRs: [10.244.0.0/24] }'), ['100.64.0.0/16', 'bogus'])).toEqual({
      cidrs: ['100.64.0.0/16'],
      source: 'configuration (network.podCIDRs)',
    });
  });
});

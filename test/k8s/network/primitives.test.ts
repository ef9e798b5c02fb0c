import { describe, expect, it } from 'vitest';
import { ipBlockMayMatchPods } from '../../../src/k8s/network/ip-block.js';
import { policyTypesOf } from '../../../src/k8s/network/policy.js';
import { declaredPorts, describeRulePorts, examplePort, intersectPorts, portsOfRule } from '../../../src/k8s/network/ports.js';
import { unevaluatedPoliciesFor } from '../../../src/k8s/network/unevaluated.js';
import type { KubeObject } from '../../../src/model/types.js';
import { indexFromText } from '../../helpers/fixtures.js';

const policy = (spec: object): KubeObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'p', namespace: 'a' },
  spec,
});

describe('policyTypesOf (SetDefaults_NetworkPolicy)', () => {
  it('defaults to Ingress, plus Egress only when egress rules exist; keeps written types', () => {
    expect(policyTypesOf(policy({ podSelector: {} }))).toEqual(['Ingress']);
    expect(policyTypesOf(policy({ podSelector: {}, egress: [] }))).toEqual(['Ingress']);
    expect(policyTypesOf(policy({ podSelector: {}, egress: [{}] }))).toEqual(['Ingress', 'Egress']);
    expect(policyTypesOf(policy({ podSelector: {}, policyTypes: [], egress: [{}] }))).toEqual(['Ingress', 'Egress']);
    expect(policyTypesOf(policy({ podSelector: {}, policyTypes: ['Egress'], ingress: [{}] }))).toEqual(['Egress']);
  });
});

describe('ports', () => {
  const spec = {
    containers: [
      {
        name: 'api',
        ports: [
          { name: 'http', containerPort: 8080 },
          { name: 'dns', containerPort: 53, protocol: 'UDP' },
        ],
      },
    ],
  };
  const dest = declaredPorts(spec);

  it('reads declared container ports, TCP by default', () => {
    expect(dest).toEqual([
      { name: 'http', containerPort: 8080, protocol: 'TCP' },
      { name: 'dns', containerPort: 53, protocol: 'UDP' },
    ]);
  });

  it('resolves named ports against the destination, with their protocol', () => {
    expect(portsOfRule([{ port: 'http' }], dest)).toEqual([{ protocol: 'TCP', first: 8080, last: 8080 }]);
    expect(portsOfRule([{ port: 'dns' }], dest)).toEqual([]); // dns is UDP; the rule's protocol defaults to TCP
    expect(portsOfRule([{ port: 'dns', protocol: 'UDP' }], dest)).toEqual([{ protocol: 'UDP', first: 53, last: 53 }]);
  });

  it('reads endPort ranges, absent ports as every port of the protocol, absent rules ports as everything', () => {
    expect(portsOfRule([{ port: 8000, endPort: 8100 }], dest)).toEqual([{ protocol: 'TCP', first: 8000, last: 8100 }]);
    expect(portsOfRule([{ protocol: 'UDP' }], dest)).toEqual([{ protocol: 'UDP', first: 1, last: 65535 }]);
    expect(portsOfRule(undefined, dest)).toBe('all');
  });

  it('intersects the two ends by protocol and range', () => {
    const egress = portsOfRule(
      [
        { port: 8000, endPort: 8100 },
        { protocol: 'UDP', port: 53 },
      ],
      dest,
    );
    const ingress = portsOfRule([{ port: 8080 }, { protocol: 'UDP' }], dest);
    expect(intersectPorts(egress, ingress)).toEqual([
      { protocol: 'TCP', first: 8080, last: 8080 },
      { protocol: 'UDP', first: 53, last: 53 },
    ]);
    expect(intersectPorts(portsOfRule([{ port: 443 }], dest), portsOfRule([{ port: 8080 }], dest))).toEqual([]);
  });

  it('picks a declared port as the example, and none when only undeclared ports are allowed', () => {
    expect(examplePort('all', dest)).toBe('TCP/8080');
    expect(examplePort([{ protocol: 'UDP', first: 1, last: 100 }], dest)).toBe('UDP/53');
    expect(examplePort([{ protocol: 'TCP', first: 9090, last: 9090 }], dest)).toBeUndefined();
    expect(examplePort([{ protocol: 'TCP', first: 9090, last: 9091 }], [])).toBe('TCP/9090-9091');
    expect(examplePort('all', [])).toBe('any port');
  });

  it("describes a rule's ports as written", () => {
    expect(describeRulePorts(undefined)).toBe('every port');
    expect(describeRulePorts([{ protocol: 'UDP', port: 53 }, { port: 8000, endPort: 8100 }, { port: 'http' }])).toBe(
      'UDP/53, TCP/8000-8100, TCP/http',
    );
  });
});

describe('ipBlockMayMatchPods', () => {
  it('is true where the range, less its except entries, overlaps the private ranges pods use', () => {
    expect(ipBlockMayMatchPods({ cidr: '0.0.0.0/0' })).toBe(true);
    expect(ipBlockMayMatchPods({ cidr: '10.0.0.0/8', except: ['10.96.0.0/12'] })).toBe(true);
    expect(ipBlockMayMatchPods({ cidr: '10.244.1.0/24' })).toBe(true);
    expect(ipBlockMayMatchPods({ cidr: '::/0' })).toBe(true);
    expect(ipBlockMayMatchPods({ cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'] })).toBe(
      false,
    );
    expect(ipBlockMayMatchPods({ cidr: '203.0.113.0/24' })).toBe(false);
    expect(ipBlockMayMatchPods({ cidr: '10.1.0.0/16', except: ['10.0.0.0/8'] })).toBe(false);
    expect(ipBlockMayMatchPods({ cidr: 'not-a-cidr' })).toBe(false);
  });
});

describe('unevaluatedPoliciesFor', () => {
  const index = indexFromText(`
apiVersion: v1
kind: Namespace
metadata: { name: a, labels: { tier: gold } }
---
apiVersion: v1
kind: Namespace
metadata: { name: b }
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: { name: gold-pods }
spec:
  priority: 5
  subject:
    pods:
      namespaceSelector: { matchLabels: { tier: gold } }
      podSelector: {}
  ingress: []
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: { name: only-b }
spec:
  selector: projectcalico.org/namespace == 'b'
  types: [Ingress]
---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: { name: host-firewall }
spec:
  nodeSelector: { matchLabels: { node-role.kubernetes.io/worker: '' } }
  ingress: [{ fromEntities: [cluster] }]
`);
  const names = (ns: string) => unevaluatedPoliciesFor(index, ns).map((p) => p.metadata.name);

  it('scopes admin policies by their subject, Calico global policies by a namespace selector, and skips host policies', () => {
    expect(names('a')).toEqual(['gold-pods']);
    expect(names('b')).toEqual(['only-b']);
  });
});

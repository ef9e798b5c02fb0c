import { describe, expect, it } from 'vitest';
import { canonicalIP, serviceDnsTarget } from '../../../src/k8s/services/index.js';

describe('serviceDnsTarget (https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#services)', () => {
  it('reads the full and the short forms, with or without a trailing dot, in any case', () => {
    for (const name of ['db.team-b.svc.cluster.local', 'db.team-b.svc.cluster.local.', 'DB.Team-B.svc', 'db.team-b', 'db.team-b.'])
      expect([name, serviceDnsTarget(name)]).toEqual([name, { service: 'db', namespace: 'team-b' }]);
    expect(serviceDnsTarget('web-0.db.team-b.svc.cluster.local')).toEqual({ service: 'db', namespace: 'team-b', host: 'web-0' });
  });

  it('honours the cluster domain and refuses other names', () => {
    expect(serviceDnsTarget('db.team-b.svc.k8s.internal', 'k8s.internal')).toEqual({ service: 'db', namespace: 'team-b' });
    expect(serviceDnsTarget('db.team-b.svc.cluster.local', 'k8s.internal')).toBeUndefined();
    expect(serviceDnsTarget('api.partner.example.com')).toBeUndefined();
    expect(serviceDnsTarget('localhost')).toBeUndefined();
  });

  it('spells one IP one way', () => {
    expect(canonicalIP('FD00:10:244:1:0:0:0:17')).toBe('fd00:10:244:1::17');
    expect(canonicalIP('10.0.0.1')).toBe('10.0.0.1');
    expect(canonicalIP('db.example')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { capabilityGrant } from '../../../src/k8s/workloads/index.js';

const grant = (securityContext: unknown) => capabilityGrant({ name: 'c', securityContext }, 'NET_RAW');

describe('capabilities as containerd applies them', () => {
  it('keeps the default set unless dropped', () => {
    expect(grant(undefined)).toBe('default');
    expect(grant({ capabilities: { drop: ['CHOWN'] } })).toBe('default');
    expect(grant({ capabilities: { drop: ['net_raw'] } })).toBe('none');
    expect(grant({ capabilities: { drop: ['CAP_NET_RAW'] } })).toBe('none');
    expect(grant({ capabilities: { drop: ['all'] } })).toBe('none');
  });

  it('applies add ALL, drop ALL, each add, each drop, in that order', () => {
    expect(grant({ capabilities: { drop: ['ALL'], add: ['NET_RAW'] } })).toBe('added');
    expect(grant({ capabilities: { add: ['NET_RAW'], drop: ['NET_RAW'] } })).toBe('none');
    expect(grant({ capabilities: { add: ['ALL'], drop: ['ALL'] } })).toBe('none');
    expect(grant({ capabilities: { add: ['ALL'], drop: ['SYS_ADMIN'] } })).toBe('added');
    expect(grant({ capabilities: { add: ['ALL'], drop: ['NET_RAW'] } })).toBe('none');
  });

  it('grants everything to a privileged container, whatever it drops', () => {
    expect(grant({ privileged: true, capabilities: { drop: ['ALL'] } })).toBe('privileged');
    expect(capabilityGrant({ securityContext: {} }, 'SYS_ADMIN')).toBe('none');
  });
});

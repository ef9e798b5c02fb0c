import type { AnyCheck } from '../../src/engine/check.js';
import networkCrossTenantEgress from './network-cross-tenant-egress.js';
import networkCrossTenantIngress from './network-cross-tenant-ingress.js';
import networkEgressNotIsolated from './network-egress-not-isolated.js';
import networkIngressNotIsolated from './network-ingress-not-isolated.js';
import networkPolicyMissing from './network-policy-missing.js';
import networkPolicySelectsNothing from './network-policy-selects-nothing.js';
import networkUntrustedNamespaceLabel from './network-untrusted-namespace-label.js';

/** The network checks, listed explicitly. */
const checks: AnyCheck[] = [
  networkCrossTenantEgress,
  networkCrossTenantIngress,
  networkEgressNotIsolated,
  networkIngressNotIsolated,
  networkPolicyMissing,
  networkPolicySelectsNothing,
  networkUntrustedNamespaceLabel,
];

export default checks;

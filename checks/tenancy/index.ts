import type { AnyCheck } from '../../src/engine/check.js';
import tenancyDefaultNamespaceUsed from './tenancy-default-namespace-used.js';
import tenancyNamespaceSelfManaged from './tenancy-namespace-self-managed.js';
import tenancyNodeIsolationMissing from './tenancy-node-isolation-missing.js';
import tenancyNodePoolForeign from './tenancy-node-pool-foreign.js';
import tenancyPodSecurityMissing from './tenancy-pod-security-missing.js';

/** The tenancy checks, listed explicitly. */
const checks: AnyCheck[] = [
  tenancyDefaultNamespaceUsed,
  tenancyNamespaceSelfManaged,
  tenancyNodeIsolationMissing,
  tenancyNodePoolForeign,
  tenancyPodSecurityMissing,
];

export default checks;

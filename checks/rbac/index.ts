import type { AnyCheck } from '../../src/engine/check.js';
import rbacClusterScopeGrant from './rbac-cluster-scope-grant.js';
import rbacCrossTenantGrant from './rbac-cross-tenant-grant.js';
import rbacIdentityTakeover from './rbac-identity-takeover.js';
import rbacPrivilegeEscalation from './rbac-privilege-escalation.js';
import rbacQuotaModifiable from './rbac-quota-modifiable.js';
import rbacSystemGroupBinding from './rbac-system-group-binding.js';
import rbacWildcardRule from './rbac-wildcard-rule.js';

/** The rbac checks, listed explicitly. */
const checks: AnyCheck[] = [
  rbacClusterScopeGrant,
  rbacCrossTenantGrant,
  rbacIdentityTakeover,
  rbacPrivilegeEscalation,
  rbacQuotaModifiable,
  rbacSystemGroupBinding,
  rbacWildcardRule,
];

export default checks;

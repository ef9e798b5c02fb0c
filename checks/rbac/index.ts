import type { AnyCheck } from '../../src/engine/check.js';
import rbacClusterScopeGrant from './rbac-cluster-scope-grant.js';

/** The rbac checks, listed explicitly. */
const checks: AnyCheck[] = [rbacClusterScopeGrant];

export default checks;

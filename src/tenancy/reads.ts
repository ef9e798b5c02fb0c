import { K } from '../model/kinds.js';
import type { ReadDeclaration } from '../model/read-plan.js';

/**
 * What the tenancy stage reads (src/tenancy/model.ts, src/tenancy/capsule-network-policies.ts):
 * Namespaces and their labels, Capsule Tenants (owners, network policy items) and kiosk Accounts
 * (subjects), the Deployments and StatefulSets that may be vcluster control planes, and the
 * ClusterRoleBindings and ClusterRoles' labels that name tenantscan's own identity (src/tenancy/self.ts).
 */
export const TENANCY_READS: ReadDeclaration = {
  kinds: [K.Namespace, K.CapsuleTenant, K.KioskAccount, K.Deployment, K.StatefulSet, K.ClusterRoleBinding],
  metadata: [K.ClusterRole],
};

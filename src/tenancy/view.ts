import type { ResourceIndex } from '../model/index.js';
import type { TenantModel } from './model.js';

/**
 * The cluster as read, with its tenants: what Kubernetes behaviour (src/k8s) and the tenancy stage
 * compute from. The engine's CheckContext is one; so is `{ index, tenants }`.
 */
export interface TenancyView {
  readonly index: ResourceIndex;
  readonly tenants: TenantModel;
}

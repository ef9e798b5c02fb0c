/** An RBAC subject (rbac.authorization.k8s.io/v1 Subject). */
export interface RbacSubject {
  kind: 'User' | 'Group' | 'ServiceAccount';
  name: string;
  /** ServiceAccount namespace. */
  namespace?: string;
}

/** Which tenancy layer said that a namespace belongs to a tenant. */
export type TenantSource = 'capsule' | 'kiosk' | 'hnc' | 'vcluster' | 'label' | 'config' | 'namespace';

/** A tenant: the namespaces that form it and, where the tenancy source says, its subjects. */
export interface Tenant {
  name: string;
  source: TenantSource;
  /** Sorted namespace names. */
  namespaces: string[];
  /** Subjects the tenancy source names as the tenant's (Capsule owners, kiosk account subjects). */
  subjects: RbacSubject[];
}

/** Options that shape the tenant model (CLI flags and the config file). */
export interface TenancyOptions {
  /** Namespace label whose value names the tenant (`--tenant-label KEY`). */
  tenantLabel?: string;
  /** Extra platform namespaces (names or globs), added to the defaults. */
  platformNamespaces?: string[];
  /** Replace the default platform namespace list instead of extending it. */
  replacePlatformNamespaces?: boolean;
  /** Explicit tenants from the config file: name -> namespaces (names or globs). */
  tenants?: Record<string, string[]>;
}

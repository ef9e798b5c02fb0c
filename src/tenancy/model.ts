import { anyGlobMatcher } from '../model/glob.js';
import type { ResourceIndex } from '../model/index.js';
import { K } from '../model/kinds.js';
import type { KubeObject } from '../model/types.js';
import { MaterializedTenancy } from './materialize.js';
import { platformMatcher } from './platform.js';
import { vclusterControlPlanes } from './vclusters.js';
import type { RbacSubject, Tenant, TenancyOptions, TenantSource } from './types.js';

import { CAPSULE_TENANT_LABEL, HNC_DEPTH_SUFFIX, KIOSK_ACCOUNT_LABEL } from './labels.js';

export { CAPSULE_TENANT_LABEL, HNC_DEPTH_SUFFIX, KIOSK_ACCOUNT_LABEL } from './labels.js';

interface Claim {
  tenant: string;
  source: TenantSource;
}

/**
 * Which namespaces form each tenant. Real clusters mix tenancy layers, so every namespace is
 * claimed by the first source that names it, in this order: the config file, `--tenant-label`,
 * Capsule, kiosk, an HNC tree, a vcluster host namespace; every other namespace that is not a
 * system or platform namespace is a tenant of its own.
 */
export class TenantModel {
  readonly tenants: readonly Tenant[];
  private readonly byNamespace = new Map<string, Tenant>();
  private readonly isPlatform: (ns: string) => boolean;
  /**
   * What the tenancy layers write into the cluster (src/tenancy/materialize.ts): derived once per
   * scan, namespace by namespace as checks and analyses ask, and shared by all of them.
   */
  readonly materialized: MaterializedTenancy;

  constructor(index: ResourceIndex, options: TenancyOptions = {}) {
    this.materialized = new MaterializedTenancy(index, (namespace) => this.tenantOfNamespace(namespace));
    this.isPlatform = platformMatcher(options.platformNamespaces, options.replacePlatformNamespaces);
    const claims = new Map<string, Claim>();
    const explicit = Object.entries(options.tenants ?? {}).map(([tenant, globs]) => [tenant, anyGlobMatcher(globs)] as const);
    for (const ns of index.namespaces()) {
      const name = ns.metadata.name;
      if (claims.has(name)) continue; // a Namespace defined twice in the input is one namespace
      const explicitTenant = explicit.find(([, match]) => match(name))?.[0];
      const claim: Claim | undefined = explicitTenant
        ? { tenant: explicitTenant, source: 'config' }
        : this.isPlatform(name)
          ? undefined
          : claimOf(ns, index, options);
      if (claim) claims.set(name, claim);
    }
    const tenants = new Map<string, Tenant>();
    for (const [ns, claim] of claims) {
      let tenant = tenants.get(claim.tenant);
      if (!tenant) {
        tenant = { name: claim.tenant, source: claim.source, namespaces: [], subjects: [] };
        tenants.set(claim.tenant, tenant);
      }
      tenant.namespaces.push(ns);
      this.byNamespace.set(ns, tenant);
    }
    for (const tenant of tenants.values()) {
      tenant.namespaces.sort();
      tenant.subjects = subjectsOf(tenant, index);
    }
    this.tenants = [...tenants.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  tenantOfNamespace(namespace: string | undefined): Tenant | undefined {
    return namespace === undefined ? undefined : this.byNamespace.get(namespace);
  }

  isTenantNamespace(namespace: string | undefined): boolean {
    return namespace !== undefined && this.byNamespace.has(namespace);
  }

  /** System (`kube-*`, `default`) or platform namespace: audited as the platform, not as a tenant. */
  isPlatformNamespace(namespace: string): boolean {
    return this.isPlatform(namespace);
  }

  /**
   * The tenant an object belongs to: by its namespace; a Namespace by its name; a
   * PersistentVolume by the namespace of its `claimRef`; a Capsule Tenant by its name.
   */
  tenantOf(obj: KubeObject): Tenant | undefined {
    if (obj.metadata.namespace) return this.tenantOfNamespace(obj.metadata.namespace);
    switch (obj.kind) {
      case 'Namespace':
        return this.tenantOfNamespace(obj.metadata.name);
      case 'PersistentVolume':
        return this.tenantOfNamespace(obj.spec?.claimRef?.namespace);
      case 'Tenant':
        return this.tenants.find((t) => t.source === 'capsule' && t.name === obj.metadata.name);
      default:
        return undefined;
    }
  }
}

function claimOf(ns: KubeObject, index: ResourceIndex, options: TenancyOptions): Claim | undefined {
  const labels = ns.metadata.labels ?? {};
  const name = ns.metadata.name;
  if (options.tenantLabel && labels[options.tenantLabel]) {
    return { tenant: labels[options.tenantLabel], source: 'label' };
  }
  const capsule = labels[CAPSULE_TENANT_LABEL] ?? capsuleOwner(ns);
  if (capsule) return { tenant: capsule, source: 'capsule' };
  if (labels[KIOSK_ACCOUNT_LABEL]) return { tenant: labels[KIOSK_ACCOUNT_LABEL], source: 'kiosk' };
  const hncRoot = hncRootOf(labels);
  if (hncRoot && hncRoot !== name) return { tenant: hncRoot, source: 'hnc' };
  const vcluster = vclusterIn(index, name);
  if (vcluster) return { tenant: vcluster, source: 'vcluster' };
  return { tenant: name, source: hncRoot ? 'hnc' : 'namespace' };
}

/** Capsule sets an owner reference to the Tenant (group capsule.clastix.io, kind Tenant). */
function capsuleOwner(ns: KubeObject): string | undefined {
  return ns.metadata.ownerReferences?.find((r) => r.kind === 'Tenant' && r.apiVersion.startsWith('capsule.clastix.io/'))?.name;
}

/** The HNC root is the ancestor with the greatest depth among the namespace's tree labels. */
function hncRootOf(labels: Record<string, string>): string | undefined {
  let root: string | undefined;
  let deepest = -1;
  for (const [key, value] of Object.entries(labels)) {
    if (!key.endsWith(HNC_DEPTH_SUFFIX)) continue;
    const depth = Number(value);
    if (Number.isInteger(depth) && depth > deepest) {
      deepest = depth;
      root = key.slice(0, -HNC_DEPTH_SUFFIX.length);
    }
  }
  return root;
}

/** A vcluster control plane (StatefulSet or Deployment labelled app=vcluster, release=<vc>) makes its namespace the vcluster's tenant. */
function vclusterIn(index: ResourceIndex, namespace: string): string | undefined {
  const controlPlane = vclusterControlPlanes(index, namespace)[0];
  return controlPlane ? `vcluster-${controlPlane.name}` : undefined;
}

function subjectsOf(tenant: Tenant, index: ResourceIndex): RbacSubject[] {
  if (tenant.source === 'capsule') {
    const obj = index.get(K.CapsuleTenant, undefined, tenant.name);
    return (obj?.spec?.owners ?? []).map(capsuleOwnerSubject).filter(isSubject);
  }
  if (tenant.source === 'kiosk') {
    const obj = index.get(K.KioskAccount, undefined, tenant.name);
    return (obj?.spec?.subjects ?? []).filter(isSubject);
  }
  return [];
}

/** Capsule owners: `{kind: User|Group|ServiceAccount, name}`; a ServiceAccount is named `system:serviceaccount:<ns>:<name>`. */
function capsuleOwnerSubject(owner: { kind?: string; name?: string }): RbacSubject | undefined {
  if (!owner?.name) return undefined;
  if (owner.kind === 'ServiceAccount') {
    const [, , namespace, name] = owner.name.split(':');
    return name ? { kind: 'ServiceAccount', name, namespace } : undefined;
  }
  if (owner.kind === 'User' || owner.kind === 'Group') return { kind: owner.kind, name: owner.name };
  return undefined;
}

function isSubject(s: unknown): s is RbacSubject {
  const k = (s as RbacSubject | undefined)?.kind;
  return (k === 'User' || k === 'Group' || k === 'ServiceAccount') && typeof (s as RbacSubject).name === 'string';
}

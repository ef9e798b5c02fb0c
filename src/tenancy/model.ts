import { anyGlobMatcher } from '../model/glob.js';
import type { ResourceIndex } from '../model/index.js';
import { K } from '../model/kinds.js';
import type { KubeObject } from '../model/types.js';
import { MaterializedTenancy } from './materialize.js';
import { KUBERNETES_NAMESPACES, platformMatcher } from './platform.js';
import { type SelfIdentity, selfIdentityOf } from './self.js';
import { vclusterControlPlanes } from './vclusters.js';
import type { RbacSubject, Tenant, TenancyOptions, TenantSource } from './types.js';

import { CAPSULE_TENANT_LABEL, HNC_DEPTH_SUFFIX, KIOSK_ACCOUNT_LABEL } from './labels.js';

export { CAPSULE_TENANT_LABEL, HNC_DEPTH_SUFFIX, KIOSK_ACCOUNT_LABEL } from './labels.js';

/** Why a namespace belongs to a tenant: the tenancy layer, and the field of the Namespace that says so. */
export interface NamespaceClaim {
  tenant: string;
  source: TenantSource;
  /** What names the tenant, for messages: `label capsule.clastix.io/tenant=oil`, `the configuration's tenants.oil`. */
  via: string;
  /** JSON pointer into the Namespace to that field; absent for the configuration and for a namespace of its own. */
  path?: string;
}

/**
 * Which namespaces form each tenant. Real clusters mix tenancy layers, so every namespace is
 * claimed by the first source that names it, in this order: the config file, `--tenant-label`,
 * Capsule (label or owner reference), kiosk, an HNC tree (as a descendant), a vcluster host
 * namespace; every other namespace that is not a system or platform namespace is a tenant of its own.
 *
 * A claim by the config, `--tenant-label`, Capsule, kiosk or HNC wins over the system and platform
 * name patterns (src/tenancy/platform.ts): a tenant that names its namespace `kube-acme` or
 * `ingress-acme` must not hide it from the audit. Kubernetes' own namespaces (`kube-system`,
 * `kube-public`, `kube-node-lease`, `default`) claimed this way belong to the tenant as well, and
 * `systemNamespaceClaim` reports the claim (tenancy-namespace-self-managed fails on it). A vcluster
 * control plane, and a namespace of its own, never turn a platform namespace into a tenant.
 * tenantscan's own namespaces (src/tenancy/self.ts: those of the ServiceAccounts its chart's
 * ClusterRoleBinding or an in-cluster scan's identity name) are platform namespaces whatever their
 * name, under the same rule: a claim wins.
 */
export class TenantModel {
  readonly tenants: readonly Tenant[];
  private readonly byNamespace = new Map<string, Tenant>();
  private readonly isPlatform: (ns: string) => boolean;
  private readonly claims = new Map<string, NamespaceClaim>();
  /**
   * What the tenancy layers write into the cluster (src/tenancy/materialize.ts): derived once per
   * scan, namespace by namespace as checks and analyses ask, and shared by all of them.
   */
  readonly materialized: MaterializedTenancy;
  /** tenantscan's own ServiceAccounts, namespaces and ClusterRoles in the input (src/tenancy/self.ts). */
  readonly self: SelfIdentity;

  constructor(index: ResourceIndex, options: TenancyOptions = {}) {
    this.materialized = new MaterializedTenancy(index, (namespace) => this.tenantOfNamespace(namespace));
    const byName = platformMatcher(options.platformNamespaces, options.replacePlatformNamespaces);
    this.self = selfIdentityOf(index);
    const own = new Set(this.self.namespaces);
    this.isPlatform = (ns) => byName(ns) || own.has(ns);
    const claims = this.claims;
    const explicit = Object.entries(options.tenants ?? {}).map(([tenant, globs]) => [tenant, anyGlobMatcher(globs)] as const);
    for (const ns of index.namespaces()) {
      const name = ns.metadata.name;
      if (claims.has(name)) continue; // a Namespace defined twice in the input is one namespace
      const explicitTenant = explicit.find(([, match]) => match(name))?.[0];
      const claim: NamespaceClaim | undefined = explicitTenant
        ? { tenant: explicitTenant, source: 'config', via: `the configuration's tenants.${explicitTenant}` }
        : (layerClaimOf(ns, options) ?? (this.isPlatform(name) ? undefined : ownClaimOf(ns, index)));
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

  /**
   * System (`kube-*`, `default`) or platform namespace that no tenancy layer claims: audited as the
   * platform, not as a tenant.
   */
  isPlatformNamespace(namespace: string): boolean {
    return !this.byNamespace.has(namespace) && this.isPlatform(namespace);
  }

  /** Why a namespace belongs to its tenant; undefined for a namespace of no tenant. */
  claimOf(namespace: string): NamespaceClaim | undefined {
    return this.claims.get(namespace);
  }

  /**
   * The claim on one of Kubernetes' own namespaces (KUBERNETES_NAMESPACES: `kube-system`,
   * `kube-public`, `kube-node-lease`, `default`), which belong to no tenant; undefined when there is
   * none. The configuration may assign `default` to a tenant (tenancy-default-namespace-used
   * documents it): that assignment is not reported.
   */
  systemNamespaceClaim(namespace: string): NamespaceClaim | undefined {
    if (!KUBERNETES_NAMESPACES.includes(namespace)) return undefined;
    const claim = this.claims.get(namespace);
    return claim && !(claim.source === 'config' && namespace === 'default') ? claim : undefined;
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

const labelPath = (key: string) => `/metadata/labels/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;

/**
 * The claim of a tenancy layer that names the tenant on the Namespace itself: `--tenant-label`,
 * Capsule's label or owner reference, kiosk's account label, or the tree labels of an HNC
 * descendant (every namespace HNC manages carries its own `<name>.tree.hnc.x-k8s.io/depth: "0"`,
 * which claims nothing).
 */
function layerClaimOf(ns: KubeObject, options: TenancyOptions): NamespaceClaim | undefined {
  const labels = ns.metadata.labels ?? {};
  const name = ns.metadata.name;
  const byLabel = (key: string, source: TenantSource, tenant = labels[key]): NamespaceClaim => ({
    tenant,
    source,
    via: `label ${key}=${labels[key]}`,
    path: labelPath(key),
  });
  if (options.tenantLabel && labels[options.tenantLabel]) return byLabel(options.tenantLabel, 'label');
  if (labels[CAPSULE_TENANT_LABEL]) return byLabel(CAPSULE_TENANT_LABEL, 'capsule');
  const owner = capsuleOwner(ns);
  if (owner) return { tenant: owner.name, source: 'capsule', via: `owner reference to Capsule Tenant ${owner.name}`, path: owner.path };
  if (labels[KIOSK_ACCOUNT_LABEL]) return byLabel(KIOSK_ACCOUNT_LABEL, 'kiosk');
  const hncRoot = hncRootOf(labels);
  if (hncRoot && hncRoot !== name) return byLabel(`${hncRoot}${HNC_DEPTH_SUFFIX}`, 'hnc', hncRoot);
  return undefined;
}

/** A namespace no tenancy layer names: a vcluster host namespace, an HNC root, or a tenant of its own. */
function ownClaimOf(ns: KubeObject, index: ResourceIndex): NamespaceClaim {
  const name = ns.metadata.name;
  const vcluster = vclusterIn(index, name);
  if (vcluster) return { tenant: vcluster, source: 'vcluster', via: `vcluster ${vcluster}'s control plane` };
  const hncRoot = hncRootOf(ns.metadata.labels ?? {});
  return { tenant: name, source: hncRoot ? 'hnc' : 'namespace', via: 'its own name' };
}

/** Capsule sets an owner reference to the Tenant (group capsule.clastix.io, kind Tenant). */
function capsuleOwner(ns: KubeObject): { name: string; path: string } | undefined {
  const refs = ns.metadata.ownerReferences ?? [];
  const i = refs.findIndex((r) => r.kind === 'Tenant' && r.apiVersion?.startsWith('capsule.clastix.io/') && r.name);
  return i < 0 ? undefined : { name: refs[i].name, path: `/metadata/ownerReferences/${i}` };
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

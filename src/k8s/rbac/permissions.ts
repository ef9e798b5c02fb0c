/**
 * A rule expanded into single permissions (one verb, one API group, one resource), the unit in
 * which the checks ask "does this let a tenant do X?" and in which findings describe access.
 */
import { type ResourceScopes, READ_VERBS, resourceId, WRITE_VERBS } from './resources.js';
import type { RuleSource } from './types.js';

export interface Permission {
  /** A verb, or `*`. */
  verb: string;
  /** An API group, `''` for core, or `*`. */
  group: string;
  /** A resource, `resource/subresource`, `*` or `*\/subresource`. */
  resource: string;
  /** The rule's `resourceNames` (empty: every name). */
  names: readonly string[];
  source: RuleSource;
}

/** Every (verb, group, resource) a resource rule names. Non-resource rules expand to nothing. */
export function permissionsOf(source: RuleSource): Permission[] {
  const { verbs = [], apiGroups = [], resources = [], resourceNames = [] } = source.rule;
  const out: Permission[] = [];
  for (const verb of verbs) {
    for (const group of apiGroups) {
      for (const resource of resources) out.push({ verb, group, resource, names: resourceNames, source });
    }
  }
  return out;
}

/** Does the permission cover this verb (or `*`)? */
export function coversVerb(p: Permission, verb: string): boolean {
  return p.verb === '*' || p.verb === verb;
}

/** Does the permission cover this group/resource (wildcards included)? */
export function coversResource(p: Permission, group: string, resource: string): boolean {
  if (p.group !== '*' && p.group !== group) return false;
  if (p.resource === '*' || p.resource === resource) return true;
  const slash = resource.indexOf('/');
  return slash > 0 && p.resource === `*${resource.slice(slash)}`;
}

/** Where a permission takes effect, for descriptions: one namespace, or cluster-wide (ClusterRoleBinding). */
export interface AccessScope {
  /** The RoleBinding's namespace; undefined for a ClusterRoleBinding. */
  namespace?: string;
}

/** Most dangerous first: orders the sentences. */
const VERB_ORDER = ['do anything with', 'escalate', 'bind', 'impersonate', 'write', ...WRITE_VERBS, 'read'];
/** How verbs read within a sentence: "can impersonate, read and write serviceaccounts". */
const VERB_DISPLAY_ORDER = ['do anything with', 'escalate', 'bind', 'impersonate', 'read', 'write', ...WRITE_VERBS];
const SENSITIVE_RESOURCES = [
  'secrets',
  'pods/exec',
  'pods/attach',
  'serviceaccounts/token',
  'roles.rbac.authorization.k8s.io',
  'rolebindings.rbac.authorization.k8s.io',
  'clusterroles.rbac.authorization.k8s.io',
  'clusterrolebindings.rbac.authorization.k8s.io',
  'customresourcedefinitions.apiextensions.k8s.io',
  'mutatingwebhookconfigurations.admissionregistration.k8s.io',
  'validatingwebhookconfigurations.admissionregistration.k8s.io',
  'namespaces',
  'nodes',
  'persistentvolumes',
];

/** Namespaced access first, then cluster-wide, then the own Namespace object. */
function whereRank(where: string): number {
  if (where.includes('every namespace')) return 0;
  if (where === 'cluster-wide') return 2;
  if (where === 'itself') return 3;
  return 1;
}

/**
 * One sentence per kind of access, most dangerous first: "can read secrets, configmaps (+3 more) in
 * every namespace; can read namespaces cluster-wide". `maxPhrases` and `maxResources` keep it short.
 * A RoleBinding's cluster-scoped permissions take no effect and are left out, except on the
 * binding's own Namespace object ("can read Namespace N itself": the API server authorizes
 * `/api/v1/namespaces/N` in namespace N) and `bind` on ClusterRoles.
 */
export function describeAccess(
  perms: readonly Permission[],
  scope: AccessScope,
  scopes: ResourceScopes,
  maxPhrases = 4,
  maxResources = 6,
): string {
  // (where, resource label) -> verb labels
  const byTarget = new Map<string, { where: string; resource: string; verbs: Set<string> }>();
  for (const p of perms) {
    const effect = effectOf(p, scope, scopes);
    if (!effect) continue;
    const label = effect.label ?? resourceLabel(p);
    const key = `${effect.where}\u0000${label}`;
    let entry = byTarget.get(key);
    if (!entry) byTarget.set(key, (entry = { where: effect.where, resource: label, verbs: new Set() }));
    entry.verbs.add(effect.verb === '*' ? 'do anything with' : READ_VERBS.has(effect.verb) ? 'read' : effect.verb);
  }
  // (verbs, where) -> resources
  const phrases = new Map<string, { verbs: string[]; where: string; resources: string[] }>();
  for (const { where, resource, verbs } of byTarget.values()) {
    const list = compactVerbs(verbs);
    const key = `${list.join('/')}\u0000${where}`;
    let phrase = phrases.get(key);
    if (!phrase) phrases.set(key, (phrase = { verbs: list, where, resources: [] }));
    phrase.resources.push(resource);
  }
  const sorted = [...phrases.values()].sort((a, b) => rankVerbs(a.verbs) - rankVerbs(b.verbs) || whereRank(a.where) - whereRank(b.where));
  const text = sorted.slice(0, maxPhrases).map((ph) => {
    // `cronjobs.batch/status` says nothing more than `cronjobs.batch` in the same sentence
    const listed = new Set(ph.resources);
    const resources = ph.resources
      .filter((r) => !(r.includes('/') && listed.has(r.slice(0, r.indexOf('/'))) && !SENSITIVE_RESOURCES.includes(r)))
      .sort(byResourceRank);
    const shown = resources.slice(0, maxResources).join(', ');
    const more = resources.length > maxResources ? ` (+${resources.length - maxResources} more)` : '';
    const verbs = [...ph.verbs].sort((a, b) => displayRank(a) - displayRank(b));
    return `can ${joinVerbs(verbs)} ${shown}${more} ${ph.where}`;
  });
  if (sorted.length > maxPhrases) text.push(`and ${sorted.length - maxPhrases} more kinds of access`);
  return text.join('; ');
}

/**
 * Where a permission takes effect and with which verb. Through a RoleBinding in N, a cluster-scoped
 * permission takes effect only on Namespace N itself, and `bind` on ClusterRoles takes effect in N
 * (binding a ClusterRole in a RoleBinding is authorized in the binding's namespace:
 * k8s.io/kubernetes pkg/registry/rbac/escalation_check.go, BindingAuthorized).
 */
function effectOf(p: Permission, scope: AccessScope, scopes: ResourceScopes): { where: string; verb: string; label?: string } | undefined {
  const base = p.resource.split('/')[0];
  const wildcard = base === '*';
  const clusterScoped =
    !wildcard && (p.group === '*' ? scopes.clusterScopedMatching('*', base).length > 0 : scopes.isClusterScoped(p.group, base));
  if (scope.namespace !== undefined) {
    const inNs = `in ${scope.namespace}`;
    if (wildcard || !clusterScoped) return { where: inNs, verb: p.verb };
    if (base === 'namespaces' && (p.group === '' || p.group === '*')) {
      return { where: 'itself', verb: p.verb, label: `Namespace ${scope.namespace}${p.resource.slice('namespaces'.length)}` };
    }
    if (base === 'clusterroles' && (p.verb === 'bind' || p.verb === '*')) return { where: inNs, verb: 'bind' };
    return undefined;
  }
  if (wildcard) return { where: 'in every namespace and cluster-wide', verb: p.verb };
  return { where: clusterScoped ? 'cluster-wide' : 'in every namespace', verb: p.verb };
}

function resourceLabel(p: Permission): string {
  let label: string;
  if (p.resource === '*')
    label = p.group === '*' ? 'every resource' : `every resource of ${p.group ? `API group ${p.group}` : 'the core API group'}`;
  else if (p.group === '*') label = `${p.resource} (any API group)`;
  else {
    // kubectl's form: `deployments.apps/scale`
    const [resource, sub] = p.resource.split('/');
    label = `${resourceId(p.group, resource)}${sub ? `/${sub}` : ''}`;
  }
  return p.names.length ? `${label} named ${p.names.join(', ')}` : label;
}

function compactVerbs(verbs: Set<string>): string[] {
  if (verbs.has('do anything with')) return ['do anything with'];
  const list = [...verbs];
  if (WRITE_VERBS.every((v) => verbs.has(v))) {
    return ['write', ...list.filter((v) => !WRITE_VERBS.includes(v))].sort((a, b) => verbRank(a) - verbRank(b));
  }
  return list.sort((a, b) => verbRank(a) - verbRank(b));
}

function verbRank(v: string): number {
  const i = VERB_ORDER.indexOf(v);
  return i < 0 ? VERB_ORDER.length : i;
}

function displayRank(v: string): number {
  const i = VERB_DISPLAY_ORDER.indexOf(v);
  return i < 0 ? VERB_DISPLAY_ORDER.length : i;
}

function rankVerbs(verbs: string[]): number {
  return Math.min(...verbs.map(verbRank));
}

function joinVerbs(verbs: string[]): string {
  if (verbs.length <= 2) return verbs.join(' and ');
  return `${verbs.slice(0, -1).join(', ')} and ${verbs[verbs.length - 1]}`;
}

function byResourceRank(a: string, b: string): number {
  const ra = rankOf(a);
  const rb = rankOf(b);
  return ra - rb || a.localeCompare(b);
}

function rankOf(label: string): number {
  if (label.startsWith('every resource')) return -1;
  const base = label.split(' ')[0];
  const i = SENSITIVE_RESOURCES.indexOf(base);
  return i < 0 ? SENSITIVE_RESOURCES.length : i;
}

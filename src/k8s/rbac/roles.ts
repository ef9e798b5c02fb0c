/**
 * Resolves the role a binding refers to into its effective rules.
 *
 * - A RoleBinding's `roleRef` names a Role in the binding's namespace or a ClusterRole; a
 *   ClusterRoleBinding's names a ClusterRole.
 * - A ClusterRole with an `aggregationRule` has as rules the union of the rules of every ClusterRole
 *   that one of its `clusterRoleSelectors` selects (itself excluded, each distinct rule once); its own
 *   `rules` are replaced, as the aggregation controller (pkg/controller/clusterroleaggregation) does (https://kubernetes.io/docs/reference/access-authn-authz/rbac/#aggregated-clusterroles).
 *   Selected roles that are aggregated themselves are resolved in turn (edit aggregates view, admin aggregates edit).
 * - A ClusterRole absent from the input that Kubernetes ships (`cluster-admin`, `admin`, `edit`,
 *   `view` and what they aggregate) is taken from BOOTSTRAP_CLUSTER_ROLES.
 */
import type { ResourceIndex } from '../../model/index.js';
import { K } from '../../model/kinds.js';
import { matchesSelector, type LabelSelector } from '../../model/selectors.js';
import { type KubeObject, type ObjectRef, refOf } from '../../model/types.js';
import { BOOTSTRAP_CLUSTER_ROLES } from './bootstrap-roles.js';
import { asPolicyRule } from './rules.js';
import type { ResolvedRole, RuleSource } from './types.js';

export const RBAC_API_VERSION = 'rbac.authorization.k8s.io/v1';

/** rbac/v1 RoleRef. */
export interface RoleRef {
  apiGroup?: string;
  kind?: string;
  name?: string;
}

export class RoleResolver {
  private readonly cache = new Map<string, ResolvedRole>();
  private readonly builtinByName = new Map<string, KubeObject>();
  /** The ClusterRoles aggregation may select: the input's, plus the built-in ones the input lacks. */
  private readonly aggregationPool: KubeObject[];
  private aggregators?: Map<string, string[]>;

  constructor(private readonly index: ResourceIndex) {
    const inInput = new Set(index.ofKind(K.ClusterRole).map((r) => r.metadata.name));
    for (const role of BOOTSTRAP_CLUSTER_ROLES) {
      if (!inInput.has(role.metadata.name)) this.builtinByName.set(role.metadata.name, role);
    }
    this.aggregationPool = [...index.ofKind(K.ClusterRole), ...this.builtinByName.values()];
  }

  /** The role a binding refers to, resolved. A RoleBinding's Role is looked up in the binding's namespace. */
  ofBinding(binding: KubeObject): ResolvedRole {
    const roleRef = (binding.roleRef ?? {}) as RoleRef;
    const name = typeof roleRef.name === 'string' ? roleRef.name : '';
    if (roleRef.kind === 'Role' && binding.metadata.namespace) return this.role(binding.metadata.namespace, name);
    return this.clusterRole(name);
  }

  role(namespace: string, name: string): ResolvedRole {
    const key = `Role/${namespace}/${name}`;
    let resolved = this.cache.get(key);
    if (!resolved) {
      const object = this.index.get(K.Role, namespace, name);
      const ref: ObjectRef = object ? refOf(object) : { apiVersion: RBAC_API_VERSION, kind: 'Role', namespace, name };
      resolved = object
        ? { ref, found: 'input', object, aggregated: false, rules: ownRules(object, ref) }
        : { ref, found: 'missing', aggregated: false, rules: [] };
      this.cache.set(key, resolved);
    }
    return resolved;
  }

  clusterRole(name: string): ResolvedRole {
    return this.resolveClusterRole(name, new Set());
  }

  /**
   * The aggregated ClusterRoles (input or built-in) that take at least one rule from ClusterRole
   * `name`, directly or through other aggregated roles. Built once, on first use.
   */
  aggregatorsOf(name: string): readonly string[] {
    if (!this.aggregators) {
      this.aggregators = new Map();
      for (const role of this.aggregationPool) {
        if (!aggregationSelectors(role)) continue;
        for (const source of new Set(this.clusterRole(role.metadata.name).rules.map((r) => r.role.name))) {
          const list = this.aggregators.get(source) ?? [];
          list.push(role.metadata.name);
          this.aggregators.set(source, list);
        }
      }
    }
    return this.aggregators.get(name) ?? [];
  }

  /** The object of a ClusterRole: from the input, else from the built-in table. */
  clusterRoleObject(name: string): { object: KubeObject; builtin: boolean } | undefined {
    const object = this.index.get(K.ClusterRole, undefined, name);
    if (object) return { object, builtin: false };
    const builtin = this.builtinByName.get(name);
    return builtin ? { object: builtin, builtin: true } : undefined;
  }

  private resolveClusterRole(name: string, visiting: Set<string>): ResolvedRole {
    const cached = this.cache.get(`ClusterRole/${name}`);
    if (cached) return cached;
    const found = this.clusterRoleObject(name);
    if (!found) {
      const missing: ResolvedRole = {
        ref: { apiVersion: RBAC_API_VERSION, kind: 'ClusterRole', name },
        found: 'missing',
        aggregated: false,
        rules: [],
      };
      this.cache.set(`ClusterRole/${name}`, missing);
      return missing;
    }
    const { object, builtin } = found;
    const ref = refOf(object);
    const selectors = aggregationSelectors(object);
    let resolved: ResolvedRole;
    if (!selectors) {
      resolved = { ref, found: builtin ? 'builtin' : 'input', object, aggregated: false, rules: ownRules(object, ref, builtin) };
    } else {
      visiting.add(name);
      const rules: RuleSource[] = [];
      const seen = new Set<string>();
      for (const candidate of this.aggregationPool) {
        const candidateName = candidate.metadata.name;
        if (candidateName === name || visiting.has(candidateName)) continue; // no self-aggregation, no cycles
        if (!selectors.some((s) => matchesSelector(s, candidate.metadata.labels))) continue;
        for (const rule of this.resolveClusterRole(candidateName, visiting).rules) {
          // The controller adds a rule only once (ruleExists), whichever roles carry it.
          const key = JSON.stringify(rule.rule);
          if (!seen.has(key)) rules.push(rule);
          seen.add(key);
        }
      }
      visiting.delete(name);
      resolved = { ref, found: builtin ? 'builtin' : 'input', object, aggregated: true, rules };
    }
    // An aggregated role resolved inside another's resolution may lack the rules of the roles on an
    // aggregation cycle: cache it only when resolved from the top.
    if (!resolved.aggregated || visiting.size === 0) this.cache.set(`ClusterRole/${name}`, resolved);
    return resolved;
  }
}

/** `aggregationRule.clusterRoleSelectors`, or undefined when the ClusterRole is not aggregated. */
export function aggregationSelectors(role: KubeObject): LabelSelector[] | undefined {
  const selectors = role.aggregationRule?.clusterRoleSelectors;
  if (!role.aggregationRule || typeof role.aggregationRule !== 'object') return undefined;
  return Array.isArray(selectors) ? selectors.filter((s): s is LabelSelector => !!s && typeof s === 'object') : [];
}

/** A role's own `rules`, each with its JSON pointer. */
export function ownRules(role: KubeObject, ref: ObjectRef = refOf(role), builtin = false): RuleSource[] {
  const rules: unknown[] = Array.isArray(role.rules) ? role.rules : [];
  return rules.map((raw, i) => {
    const source: RuleSource = { rule: asPolicyRule(raw), role: ref, rulePath: `/rules/${i}` };
    if (builtin) source.builtin = true;
    return source;
  });
}

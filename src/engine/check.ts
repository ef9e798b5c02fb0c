import type { Analyses } from './analyses.js';
import type { PodTemplate, ResourceIndex } from '../model/index.js';
import type { ReadDeclaration } from '../model/read-plan.js';
import type { GroupKind, KubeObject, ObjectRef } from '../model/types.js';
import type { TenantModel } from '../tenancy/model.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const PROFILES = ['multi-team', 'multi-customer'] as const;
/** `multi-team`: trusted teams of one company (soft isolation). `multi-customer`: untrusted tenants (hard isolation). */
export type Profile = (typeof PROFILES)[number];

export const FAMILIES = ['tenancy', 'network', 'quota', 'storage', 'runtime', 'workload', 'rbac', 'api', 'exposure'] as const;
export type Family = (typeof FAMILIES)[number] | (string & {});

/**
 * What a check is evaluated on:
 * - `namespace`: once per tenant namespace (the subject is the Namespace object);
 * - `cluster`: once for the whole cluster (the subject is a synthetic `Cluster` object);
 * - `podTemplate`: once per pod template in a tenant namespace (Pod, Deployment, ReplicaSet, StatefulSet,
 *   DaemonSet, Job, CronJob, ReplicationController), each reported on its highest owner in the input;
 * - `{ kinds }`: once per object of these GroupKinds. Namespaced objects are evaluated only in tenant
 *   namespaces; cluster-scoped ones always.
 */
export type CheckTarget = 'namespace' | 'cluster' | 'podTemplate' | { kinds: GroupKind[] };

/** Options every check may read (from CLI flags and the config file). */
export interface CheckOptions {
  profile: Profile;
  /** RuntimeClass handlers that count as sandboxes (gVisor `runsc`, Kata `kata*`). Globs. */
  sandboxHandlers: string[];
  /** Check-specific options from the config file, keyed by check ID. */
  checkOptions: Record<string, Record<string, unknown>>;
}

export interface CheckContext {
  index: ResourceIndex;
  tenants: TenantModel;
  options: CheckOptions;
  /** The scan's shared analyses (RBAC, NetworkPolicies, reachability), each built on first use: src/engine/analyses.ts. */
  analyses: Analyses;
}

/** One gap found on a subject. An empty list of findings means the subject passes. */
export interface Finding {
  /** Key into the check's `messages`; its `{{placeholders}}` are filled from `data`. */
  messageId?: string;
  data?: Record<string, string | number>;
  /** Plain message, when no `messageId` is given. */
  message?: string;
  /** JSON pointer into the reported object, e.g. `/spec/template/spec/volumes/2/hostPath`. */
  path?: string;
  /** The object to report on, when not the subject itself. */
  object?: KubeObject;
  /** Objects that explain the finding: the quota without a LimitRange, the policy that opens the door. */
  related?: ObjectRef[];
  /**
   * The tenant the finding concerns, when the reported object belongs to none (a ClusterRoleBinding
   * that grants a tenant's group): the failure then counts in that tenant's score. Ignored when the
   * object has a tenant of its own.
   */
  tenant?: string;
}

/** A check may decline to judge a subject when what it needs was not evaluated (e.g. Cilium policies apply). */
export interface NotEvaluated {
  notEvaluated: string;
}

/**
 * A pass that says how it was decided, when that is not obvious from the input (e.g. a quota counted
 * from a Capsule Tenant because its per-namespace copy is not in the input). Kept as the pass's message.
 */
export interface PassNote {
  passNote: string;
  related?: ObjectRef[];
}

export type CheckOutcome = Finding[] | NotEvaluated | PassNote;

/** The subject of a `podTemplate` check: the model's PodTemplate (src/model/index.ts). */
export type PodTemplateSubject = PodTemplate;

export interface Reference {
  title: string;
  url?: string;
}

/** A check's metadata and logic. Define one with `defineCheck`. */
export interface CheckDefinition<S = KubeObject> {
  /** Public ID, kebab-case, family first, names the condition flagged: `network-policy-missing`. Never changes. */
  id: string;
  family: Family;
  title: string;
  /** What it flags. */
  description: string;
  /** Why it matters for tenants. */
  rationale: string;
  /** How to fix it. */
  remediation: string;
  references: Reference[];
  /** MTB IDs (Multi-Tenancy Benchmarks) this check maps to, e.g. `MTB-PL1-BC-HI-1`. */
  mtb?: string[];
  /** One severity, or one per profile. */
  severity: Severity | Record<Profile, Severity>;
  target: CheckTarget;
  /**
   * Which subjects are evaluated: `tenants` (default) limits namespaced subjects to tenant namespaces;
   * `all` evaluates them in platform and system namespaces too (e.g. bindings of system groups).
   */
  scope?: 'tenants' | 'all';
  /**
   * GroupKinds whose objects the check reads. If one of them could not be read (for the subject's
   * namespace, or cluster-wide), the result is `not-evaluated` instead of a guess.
   */
  needs: GroupKind[];
  /**
   * What the check reads beyond its target's kinds and `needs`, for a live scan's read plan
   * (src/model/read-plan.ts): `kinds` it reads without needing them (an absent or unreadable one is
   * no reason for not-evaluated), `status` fields per kind (statuses are otherwise dropped),
   * `metadata`-only kinds, and `customResources` (every CRD's objects, metadata only).
   */
  reads?: ReadDeclaration;
  /** Message templates with `{{placeholders}}`. */
  messages: Record<string, string>;
  /** Former IDs, still accepted in waivers and configs. */
  aliases?: string[];
  check(subject: S, ctx: CheckContext): CheckOutcome;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the registry holds checks of every subject type
export type AnyCheck = CheckDefinition<any>;

/**
 * Define a check with full typing of its subject. The subject type follows the target:
 * `podTemplate` -> PodTemplateSubject, anything else -> KubeObject.
 *
 * @example
 * export default defineCheck({ id: 'network-policy-missing', target: 'namespace', ... check(ns, ctx) { ... } });
 */
export function defineCheck<T extends CheckTarget>(
  def: Omit<CheckDefinition<T extends 'podTemplate' ? PodTemplateSubject : KubeObject>, 'target'> & { target: T },
): CheckDefinition<T extends 'podTemplate' ? PodTemplateSubject : KubeObject> {
  return def as CheckDefinition<T extends 'podTemplate' ? PodTemplateSubject : KubeObject>;
}

/** The severity of a check under a profile. */
export function severityOf(check: Pick<AnyCheck, 'severity'>, profile: Profile): Severity {
  return typeof check.severity === 'string' ? check.severity : check.severity[profile];
}

export function isNotEvaluated(outcome: CheckOutcome): outcome is NotEvaluated {
  return !Array.isArray(outcome) && 'notEvaluated' in outcome;
}

export function isPassNote(outcome: CheckOutcome): outcome is PassNote {
  return !Array.isArray(outcome) && 'passNote' in outcome;
}

/** Fill `{{name}}` placeholders. Unknown placeholders are left as written. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}

import type { Analyses } from './analyses.js';
import type { PodTemplate, ResourceIndex } from '../model/index.js';
import type { ReadDeclaration } from '../model/read-plan.js';
import { type GroupKind, type GroupKindRef, type KubeObject, type ObjectRef, toGroupKind } from '../model/types.js';
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
  /**
   * `checkOptions` from the config file, validated against each check's options schema
   * (src/config/check-options.ts): blocks keyed by check ID, which the runner hands each check after
   * its defaults, and shared blocks (`rbac`, src/engine/shared-options.ts) that analyses read.
   */
  checkOptions: Record<string, Record<string, unknown>>;
  /** The pod network's CIDRs from the config file (`network.podCIDRs`); when absent, Nodes' `spec.podCIDRs` are used. */
  podCIDRs?: string[];
  /**
   * `cluster` (the default): the input is the whole cluster. `partial`: part of it, so checks that need
   * objects the input does not hold are not-evaluated (src/engine/input-scope.ts).
   */
  inputScope?: 'cluster' | 'partial';
}

export interface CheckContext {
  index: ResourceIndex;
  tenants: TenantModel;
  options: CheckOptions;
  /** The scan's shared analyses (RBAC, NetworkPolicies, reachability), each built on first use: src/engine/analyses.ts. */
  analyses: Analyses;
}

/** Fields a finding carries besides its message. */
export interface FindingBase {
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

/**
 * One gap found on a subject, as the engine sees it. An empty list of findings means the subject passes.
 * `messageId` must be a key of the check's `messages`, and `data` must fill every `{{placeholder}}` of
 * that message: otherwise the result is `error` (see `src/engine/runner.ts`).
 */
export interface Finding<M extends string = string> extends FindingBase {
  /** Key into the check's `messages`; its `{{placeholders}}` are filled from `data`. */
  messageId: M;
  data?: Record<string, string | number>;
}

/**
 * A finding with message `M` whose `data` fills the placeholders `P`: the type for helpers shared by
 * checks whose messages differ in words only. It is a `FindingOf` every check whose message `M` uses
 * no placeholder beyond `P`.
 */
export type FindingWith<M extends string, P extends string = never> = FindingBase & { messageId: M; data: Record<P, string | number> };

type Trim<S extends string> = S extends ` ${infer R}` ? Trim<R> : S extends `${infer R} ` ? Trim<R> : S;

/** The `{{name}}` placeholders of a message template, as a union of names (`never` when there are none). */
export type PlaceholdersOf<T extends string> = T extends `${string}{{${infer Name}}}${infer Rest}`
  ? Trim<Name> | PlaceholdersOf<Rest>
  : never;

/** The `data` a message needs: one entry per placeholder (any keys when the template is not a literal type). */
export type MessageData<T extends string> = string extends T ? Record<string, string | number> : Record<PlaceholdersOf<T>, string | number>;

/**
 * A finding of a check whose messages are `Msgs`: `messageId` is one of its keys (a type error
 * otherwise) and `data` has one entry per placeholder of that message (optional when it has none).
 * Any `Finding` when the keys are not known to the compiler (`AnyCheck`, JavaScript checks).
 */
export type FindingOf<Msgs extends Record<string, string>> = string extends keyof Msgs
  ? Finding
  : {
      [K in keyof Msgs & string]: FindingBase &
        ([PlaceholdersOf<Msgs[K]>] extends [never]
          ? { messageId: K; data?: MessageData<Msgs[K]> }
          : { messageId: K; data: MessageData<Msgs[K]> });
    }[keyof Msgs & string];

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

export type CheckOutcome<F extends Finding = Finding> = F[] | NotEvaluated | PassNote;

/** The subject of a `podTemplate` check: the model's PodTemplate (src/model/index.ts). */
export type PodTemplateSubject = PodTemplate;

export interface Reference {
  title: string;
  url?: string;
}

/** A JSON Schema (draft-07) object, as ajv compiles it. */
export type JsonSchema = Record<string, unknown>;

/**
 * A check's options (`checkOptions.<check-id>` in the config file): their schema and defaults.
 * The runner hands the check `{ ...defaults, ...byProfile[profile], ...configured }` (a shallow merge).
 */
export interface CheckOptionsSpec<O extends object> {
  /**
   * JSON Schema of the options object (draft-07), validated with ajv when the configuration loads.
   * Option names it does not list are rejected unless it sets `additionalProperties` itself.
   */
  schema: JsonSchema;
  /** The options when the config gives none. */
  defaults: O;
  /** Defaults that differ by profile: they override `defaults` under that profile. */
  byProfile?: Partial<Record<Profile, Partial<O>>>;
}

/** A check's metadata and logic. Define one with `defineCheck`. */
export interface CheckDefinition<
  S = KubeObject,
  Msgs extends Record<string, string> = Record<string, string>,
  O extends object = Record<string, never>,
> {
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
  /** What one evaluation is; it implies the kinds the check reads (see `kindsRead`). */
  target: CheckTarget;
  /**
   * Which subjects are evaluated: `tenants` (default) limits namespaced subjects to tenant namespaces;
   * `all` evaluates them in platform and system namespaces too (e.g. bindings of system groups).
   */
  scope?: 'tenants' | 'all';
  /**
   * The GroupKinds the check reads beyond those its `target` implies. If one of them (or of the implied
   * pod-template kinds) could not be read (for the subject's namespace, or cluster-wide), the result is
   * `not-evaluated` instead of a guess.
   */
  needs: GroupKind[];
  /**
   * What the check reads beyond its target's kinds and `needs`, for a live scan's read plan
   * (src/model/read-plan.ts): `kinds` it reads without needing them (an absent or unreadable one is
   * no reason for not-evaluated), `status` fields per kind (statuses are otherwise dropped),
   * `metadata`-only kinds, and `customResources` (every CRD's objects, metadata only).
   */
  reads?: ReadDeclaration;
  /** Message templates with `{{placeholders}}`, by message ID. */
  messages: Msgs;
  /** The check's options, when it has any. */
  options?: CheckOptionsSpec<O>;
  /** Former IDs, still accepted in waivers and configs. */
  aliases?: string[];
  /** `options`: the check's options after defaults (frozen). */
  check(subject: S, ctx: CheckContext, options: Readonly<O>): CheckOutcome<FindingOf<Msgs>>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the registry holds checks of every subject, message and option type
export type AnyCheck = CheckDefinition<any, any, any>;

type SubjectOf<T extends CheckTarget> = T extends 'podTemplate' ? PodTemplateSubject : KubeObject;

/**
 * Define a check with full typing (the typescript-eslint `RuleCreator` idea): the subject's type
 * follows the target (`podTemplate` -> PodTemplateSubject, anything else -> KubeObject); a finding's
 * `messageId` must be a key of `messages` and its `data` must fill that message's placeholders; the
 * third argument of `check` is typed from `options.defaults`.
 *
 * @example
 * export default defineCheck({ id: 'network-policy-missing', target: 'namespace', ... check(ns, ctx) { ... } });
 */
export function defineCheck<
  const T extends CheckTarget,
  const Msgs extends Record<string, string>,
  O extends object = Record<string, never>,
>(
  def: Omit<CheckDefinition<SubjectOf<T>, Msgs, O>, 'target' | 'needs'> & { target: T; needs: readonly GroupKindRef[] },
): CheckDefinition<SubjectOf<T>, Msgs, O> {
  return withGroupKinds(def) as unknown as CheckDefinition<SubjectOf<T>, Msgs, O>;
}

/**
 * A check whose kinds (`needs`, `target.kinds`, `reads`) are GroupKind strings: those given as
 * `{ group, kind }` are turned into `Kind.group`. The same object when there were none.
 */
export function withGroupKinds<C>(check: C): C {
  const c = check as { needs?: unknown; target?: unknown; reads?: { kinds?: unknown; metadata?: unknown } } | null;
  if (!c || typeof c !== 'object') return check;
  const isRef = (v: unknown) => typeof v === 'object' && v !== null;
  const convert = (list: unknown) => (Array.isArray(list) && list.some(isRef) ? list.map((k) => toGroupKind(k as GroupKindRef)) : list);
  const target = c.target as { kinds?: unknown } | undefined;
  const needs = convert(c.needs);
  const kinds = target && typeof target === 'object' ? convert(target.kinds) : undefined;
  const readKinds = c.reads ? convert(c.reads.kinds) : undefined;
  const readMetadata = c.reads ? convert(c.reads.metadata) : undefined;
  if (needs === c.needs && kinds === target?.kinds && readKinds === c.reads?.kinds && readMetadata === c.reads?.metadata) return check;
  return {
    ...c,
    needs,
    ...(target && typeof target === 'object' ? { target: { ...target, kinds } } : {}),
    ...(c.reads
      ? { reads: { ...c.reads, ...(readKinds ? { kinds: readKinds } : {}), ...(readMetadata ? { metadata: readMetadata } : {}) } }
      : {}),
  } as C;
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

export { formatMessage } from './messages.js';

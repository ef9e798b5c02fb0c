import type { AccessOutcome } from '../model/access.js';
import { Analyses } from './analyses.js';
import type { PodTemplate, ResourceIndex } from '../model/index.js';
import { type KubeObject, refOf } from '../model/types.js';
import { CLUSTER_SCOPED } from '../model/scope.js';
import type { TenantModel } from '../tenancy/model.js';
import { type AnyCheck, type CheckContext, type CheckOptions, type Finding, type Severity, isNotEvaluated, isPassNote } from './check.js';
import { outsidePartialInput } from './input-scope.js';
import { kindsRequired, targetKinds } from './kinds-read.js';
import { formatMessage, missingPlaceholders } from './messages.js';
import { resolveCheckOptions } from './options.js';
import { DEFAULT_CHECK_TIME_BUDGET_MS, guardedCall } from './guarded-call.js';
import { effectiveSeverity } from './profiles.js';
import { CLUSTER_SUBJECT, type Result } from './result.js';

export interface RunOptions extends CheckOptions {
  severityOverrides?: Record<string, Severity>;
  /**
   * The time one call of a check may take, in ms; over it, the result is `error`. Unset: custom
   * checks get `DEFAULT_CHECK_TIME_BUDGET_MS` and built-in ones no limit (a built-in check's first
   * call may build a shared analysis of a whole large cluster).
   */
  checkTimeBudgetMs?: number;
  /** Where each non-built-in check comes from, by ID (`module` or `declarative`); absent means built-in. */
  checkOrigins?: Record<string, string>;
}

interface Subject {
  /** What the check function receives. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the subject's type depends on the check's target
  value: any;
  /** The object a pass is reported on. */
  object: KubeObject;
  /** The namespace whose readability decides whether the check can be trusted (undefined: cluster-wide). */
  namespace?: string;
  /** For a `{ kinds }` target: the subject's GroupKind, which must be readable in that namespace too. */
  kind?: string;
}

const CLUSTER_OBJECT: KubeObject = {
  apiVersion: CLUSTER_SUBJECT.apiVersion,
  kind: CLUSTER_SUBJECT.kind,
  metadata: { name: CLUSTER_SUBJECT.name },
};

/**
 * Evaluate every check on every subject and keep every result: passes included, since without them
 * no score can be computed or audited. A check that throws, or reports a message ID it does not
 * declare or a message whose placeholders its data does not fill, yields an `error` result; a check
 * whose inputs were not readable yields `not-evaluated` and is never run on a guess. Each check runs
 * with its options after defaults (src/engine/options.ts). A check that returns something else than an
 * outcome, calls `process.exit` or runs over the time budget yields `error` too (see `guardedCall`). Checks share `analyses`
 * (the scan's, or one built for this run).
 */
export function runChecks(
  checks: readonly AnyCheck[],
  index: ResourceIndex,
  tenants: TenantModel,
  options: RunOptions,
  analyses: Analyses = new Analyses({ index, tenants }, options.checkOptions, options.podCIDRs),
): Result[] {
  const ctx: CheckContext = { index, tenants, options, analyses };
  const results: Result[] = [];
  // Checks of one target share one subject list (a dozen checks visit every pod template).
  const subjectLists = new Map<string, Subject[]>();
  const budgetOf = (check: AnyCheck): number =>
    options.checkTimeBudgetMs ?? ((options.checkOrigins?.[check.id] ?? 'builtin') === 'builtin' ? Infinity : DEFAULT_CHECK_TIME_BUDGET_MS);
  for (const check of checks) {
    const severity = effectiveSeverity(check, options.profile, options.severityOverrides);
    const key = subjectListKey(check);
    let subjects = subjectLists.get(key);
    if (!subjects) subjectLists.set(key, (subjects = [...subjectsOf(check, index, tenants)]));
    // A subject's own kind first, then the required ones. Kinds read in full (always, for manifests)
    // cannot make a subject not-evaluated: the per-subject test is skipped when all were.
    const required = [...targetKinds(check.target), ...kindsRequired(check)];
    const unreadable = required.some((gk) => !isFullyRead(index.access(gk))) ? kindsRequired(check) : undefined;
    const checkOptions = resolveCheckOptions(check, options.profile, configuredOptions(check, options.checkOptions));
    for (const subject of subjects) {
      for (const result of evaluate(check, subject, ctx, checkOptions, severity, unreadable, budgetOf(check))) results.push(result);
    }
  }
  return results;
}

/** `checkOptions.<id>` from the config, or under a former ID of the check. */
function configuredOptions(check: AnyCheck, checkOptions: CheckOptions['checkOptions']): Record<string, unknown> | undefined {
  for (const id of [check.id, ...(check.aliases ?? [])]) if (checkOptions[id]) return checkOptions[id];
  return undefined;
}

/** Checks with the same key visit the same subjects, in the same order. */
function subjectListKey(check: AnyCheck): string {
  const target = typeof check.target === 'string' ? check.target : `kinds:${check.target.kinds.join(',')}`;
  return `${target}\u0000${check.scope === 'all' ? 'all' : 'tenants'}`;
}

function isFullyRead(access: AccessOutcome | undefined): boolean {
  return access === undefined || access.status === 'full' || access.status === 'absent';
}

/**
 * `mayBeUnreadable`: the kinds required beyond the subject's own, when some kind of the check could
 * not be read in full (undefined: every kind was, and the subject cannot be unreadable).
 */
function evaluate(
  check: AnyCheck,
  subject: Subject,
  ctx: CheckContext,
  checkOptions: object,
  severity: Severity,
  mayBeUnreadable: readonly string[] | undefined,
  budgetMs = DEFAULT_CHECK_TIME_BUDGET_MS,
): Result[] {
  const base = (object: KubeObject, path?: string): Result => {
    const result: Result = {
      checkId: check.id,
      family: check.family,
      status: 'pass',
      severity,
      subject: object === CLUSTER_OBJECT ? CLUSTER_SUBJECT : refOf(object),
    };
    const tenant = ctx.tenants.tenantOf(object)?.name;
    if (tenant) result.tenant = tenant;
    // A finding's field is located in its document (parsed again only for documents with findings).
    const location = ctx.index.locationOf(object, path);
    if (location) result.location = location;
    return result;
  };
  const outside = ctx.options.inputScope === 'partial' ? outsidePartialInput(check, ctx.index, subject.namespace) : undefined;
  if (outside) return [{ ...base(subject.object), status: 'not-evaluated', reason: outside }];
  const unreadable = mayBeUnreadable
    ? [...(subject.kind ? [subject.kind] : []), ...mayBeUnreadable].find((gk) => !ctx.index.isReadable(gk, subject.namespace))
    : undefined;
  if (unreadable) {
    return [{ ...base(subject.object), status: 'not-evaluated', reason: unreadableReason(ctx.index, unreadable, subject.namespace) }];
  }
  const called = guardedCall(check, subject.value, ctx, checkOptions, budgetMs);
  if ('error' in called) return [{ ...base(subject.object), status: 'error', reason: called.error }];
  const outcome = called.outcome;
  if (isNotEvaluated(outcome)) return [{ ...base(subject.object), status: 'not-evaluated', reason: outcome.notEvaluated }];
  if (isPassNote(outcome)) {
    const pass = { ...base(subject.object), message: outcome.passNote };
    if (outcome.related?.length) pass.related = outcome.related;
    return [pass];
  }
  if (outcome.length === 0) return [base(subject.object)];
  return outcome.map((finding) =>
    toFailure(check, finding, base(finding.object ?? subject.object, typeof finding.path === 'string' ? finding.path : undefined)),
  );
}

/** A failure with its message filled in; an `error` result when the finding breaks the check's message contract. */
function toFailure(check: AnyCheck, finding: Finding, result: Result): Result {
  const messages: Record<string, string> = check.messages;
  const template =
    typeof finding.messageId === 'string' && Object.hasOwn(messages, finding.messageId) ? messages[finding.messageId] : undefined;
  if (template === undefined) {
    const declared = Object.keys(messages).join(', ') || 'none';
    return {
      ...result,
      status: 'error',
      reason: `check reported messageId ${JSON.stringify(finding.messageId)}, which it does not declare (declared: ${declared})`,
    };
  }
  const missing = missingPlaceholders(template, finding.data);
  if (missing.length) {
    const names = missing.map((m) => `{{${m}}}`).join(', ');
    return { ...result, status: 'error', reason: `check reported message "${finding.messageId}" without data for ${names}` };
  }
  result.status = 'fail';
  result.message = formatMessage(template, finding.data);
  if (finding.path) result.path = finding.path;
  if (finding.related?.length) result.related = finding.related;
  if (finding.tenant && !result.tenant) result.tenant = finding.tenant;
  return result;
}

/**
 * Why a subject was not evaluated: the kind it needed that was not read, and where. The subject's
 * namespace is named only for a namespaced kind (src/model/scope.ts) that was not read there: a
 * cluster-scoped kind (RuntimeClass, StorageClass) has no namespace to be read "in", and a list cut
 * short was not read completely rather than in one namespace.
 */
function unreadableReason(index: ResourceIndex, gk: string, namespace?: string): string {
  const access = index.access(gk);
  const notReadThere =
    access?.status === 'none' || (access?.status === 'partial' && (access.forbiddenNamespaces ?? []).includes(namespace ?? ''));
  const where = namespace && !CLUSTER_SCOPED.has(gk) && notReadThere ? ` in namespace ${namespace}` : '';
  if (!access)
    return `${gk} was not read from the cluster (a live scan reads only what the active checks declare: their target, needs and reads)`;
  return `${gk} could not be read${where}: ${access.reason ?? access.status}`;
}

function* subjectsOf(check: AnyCheck, index: ResourceIndex, tenants: TenantModel): Generator<Subject> {
  const inScope = (ns: string | undefined) => ns === undefined || check.scope === 'all' || tenants.isTenantNamespace(ns);
  const target = check.target;
  if (target === 'cluster') {
    yield { value: CLUSTER_OBJECT, object: CLUSTER_OBJECT };
  } else if (target === 'namespace') {
    for (const ns of index.namespaces()) {
      if (inScope(ns.metadata.name)) yield { value: ns, object: ns, namespace: ns.metadata.name };
    }
  } else if (target === 'podTemplate') {
    for (const template of index.podTemplates()) {
      if (inScope(template.namespace)) yield podTemplateSubject(template);
    }
  } else {
    for (const gk of target.kinds) {
      for (const obj of index.ofKind(gk)) {
        if (inScope(obj.metadata.namespace)) yield { value: obj, object: obj, namespace: obj.metadata.namespace, kind: gk };
      }
    }
  }
}

function podTemplateSubject(template: PodTemplate): Subject {
  return { value: template, object: template.owner, namespace: template.namespace };
}

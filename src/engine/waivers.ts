import type { ResourceIndex } from '../model/index.js';
import { groupKindOf } from '../model/types.js';
import type { Result } from './result.js';
import { anyGlobMatcher, wildcardMatcher } from '../model/glob.js';

/** Annotation on an object naming the check IDs waived for it (comma or space separated, `*` for all). */
export const WAIVE_ANNOTATION = 'tenantscan.io/waive';
/** Annotation giving the reason for an annotation waiver. */
export const WAIVE_REASON_ANNOTATION = 'tenantscan.io/waive-reason';

/** A waiver from the config file: accept failing results of a check on matching objects. */
export interface Waiver {
  /** Check ID (or glob, e.g. `workload-*`). */
  check: string;
  /** Globs on the result's tenant, namespace, kind and name; an omitted field matches anything. */
  match?: { tenant?: string; namespace?: string; kind?: string; name?: string };
  reason: string;
  /** Last day the waiver applies (YYYY-MM-DD, inclusive); after it the waiver stops applying. */
  expires?: string;
}

export interface WaiverUse {
  origin: 'config' | 'annotation';
  /**
   * Annotation waivers only: the annotated object is in a tenant's namespace, so the tenant, who may
   * annotate its own objects, wrote this waiver (src/engine/waivers.ts).
   */
  tenantWritable?: boolean;
  check: string;
  match?: Waiver['match'];
  /** For annotation waivers: the annotated object, `Kind/namespace/name`. */
  object?: string;
  reason: string;
  expires?: string;
  /** Failing results this waiver turned into `waived`. */
  matched: number;
}

/** An annotation waiver that was not applied, and why (`annotation waivers are off`, `no reason given`, ...). */
export interface RefusedWaiver extends WaiverUse {
  refusal: string;
}

/** The report's `waivers` section: what applied, what expired, what matched nothing, which annotations were refused. */
export interface WaiverReport {
  annotationWaivers: boolean;
  /** What annotations may waive, when they are on: the check globs allowed (absent: any) and whether a reason is required. */
  annotationPolicy?: AnnotationWaiverPolicy;
  applied: WaiverUse[];
  expired: WaiverUse[];
  unused: WaiverUse[];
  /** Annotations that would have waived a failing result but were not honoured; absent when there is none. */
  refused?: RefusedWaiver[];
}

/** Limits on annotation waivers (`annotationWaivers: { checks, requireReason }` in the config file). */
export interface AnnotationWaiverPolicy {
  /** Check IDs or globs an annotation may waive; absent: any check. */
  checks?: string[];
  /** An annotation without `tenantscan.io/waive-reason` waives nothing. */
  requireReason: boolean;
}

export interface WaiverOptions {
  waivers: Waiver[];
  /**
   * Honour `tenantscan.io/waive` annotations. Whoever may annotate an object writes them, which for
   * a tenant's objects is the tenant: off by default under multi-customer (src/config/effective.ts).
   */
  annotationWaivers: boolean;
  /** What annotations may waive; absent: any check, no reason required. */
  annotationPolicy?: AnnotationWaiverPolicy;
  /** The scan date, YYYY-MM-DD (UTC). */
  today: string;
}

/**
 * Turn failing results that a waiver accepts into `waived`, keeping the reason and expiry. A waived
 * result is shown and counted separately, never dropped. Expired waivers stop applying and are
 * reported as expired; waivers that match nothing are reported as unused. An annotation that would
 * waive a failing result but is off, names a check the policy does not allow, or lacks a required
 * reason is reported as refused, once per object and check. An annotation on an object in a tenant's
 * namespace is marked `tenantWritable`: the tenant may annotate its own objects (RBAC's `edit` and
 * `admin` roles grant `patch` on them, https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles).
 */
export function applyWaivers(results: Result[], index: ResourceIndex, options: WaiverOptions): { results: Result[]; report: WaiverReport } {
  const config = options.waivers.map((w) => ({
    waiver: w,
    expired: w.expires !== undefined && w.expires < options.today,
    use: { origin: 'config' as const, check: w.check, match: w.match, reason: w.reason, expires: w.expires, matched: 0 },
    matches: compile(w),
  }));
  const annotationUses = new Map<string, WaiverUse>();
  const refused = new Map<string, RefusedWaiver>();
  const policy = options.annotationPolicy;
  const allowed = policy?.checks ? anyGlobMatcher(policy.checks) : () => true;
  const out = results.map((result) => {
    if (result.status !== 'fail') return result;
    for (const c of config) {
      if (c.expired || !c.matches(result)) continue;
      c.use.matched++;
      return {
        ...result,
        status: 'waived' as const,
        waiver: { reason: c.waiver.reason, origin: 'config' as const, ...(c.waiver.expires ? { expires: c.waiver.expires } : {}) },
      };
    }
    const obj = index.get(groupKindOf(result.subject), result.subject.namespace, result.subject.name);
    const ids = obj?.metadata.annotations?.[WAIVE_ANNOTATION];
    if (!ids || !waivedIds(ids).some((id) => id === '*' || id === result.checkId)) return result;
    const given = obj?.metadata.annotations?.[WAIVE_REASON_ANNOTATION]?.trim();
    const reason = given || '(no reason given in tenantscan.io/waive-reason)';
    const object = `${result.subject.kind}/${result.subject.namespace ? `${result.subject.namespace}/` : ''}${result.subject.name}`;
    const key = `${object}\u0000${result.checkId}`;
    const tenantWritable = result.subject.namespace !== undefined && result.tenant !== undefined;
    const base = { origin: 'annotation' as const, tenantWritable, check: result.checkId, object, reason, matched: 0 };
    const refusal = !options.annotationWaivers
      ? 'annotation waivers are off'
      : !allowed(result.checkId)
        ? `the configuration does not let annotations waive ${result.checkId}`
        : policy?.requireReason && !given
          ? 'no reason given in tenantscan.io/waive-reason, which the configuration requires'
          : undefined;
    if (refusal) {
      const refusedUse = refused.get(key) ?? { ...base, refusal };
      refusedUse.matched++;
      refused.set(key, refusedUse);
      return result;
    }
    const use = annotationUses.get(key) ?? base;
    use.matched++;
    annotationUses.set(key, use);
    return { ...result, status: 'waived' as const, waiver: { reason, origin: 'annotation' as const, tenantWritable } };
  });
  return {
    results: out,
    report: {
      annotationWaivers: options.annotationWaivers,
      ...(options.annotationWaivers && policy ? { annotationPolicy: policy } : {}),
      applied: [...config.filter((c) => !c.expired && c.use.matched > 0).map((c) => c.use), ...annotationUses.values()],
      expired: config.filter((c) => c.expired).map((c) => c.use),
      unused: config.filter((c) => !c.expired && c.use.matched === 0).map((c) => c.use),
      ...(refused.size ? { refused: [...refused.values()] } : {}),
    },
  };
}

function compile(w: Waiver): (r: Result) => boolean {
  const check = wildcardMatcher(w.check);
  const field = (glob: string | undefined) => (glob === undefined ? () => true : wildcardMatcher(glob));
  const tenant = field(w.match?.tenant);
  const namespace = field(w.match?.namespace);
  const kind = field(w.match?.kind);
  const name = field(w.match?.name);
  return (r) =>
    check(r.checkId) &&
    (w.match?.tenant === undefined || (r.tenant !== undefined && tenant(r.tenant))) &&
    (w.match?.namespace === undefined || (r.subject.namespace !== undefined && namespace(r.subject.namespace))) &&
    kind(r.subject.kind) &&
    name(r.subject.name);
}

function waivedIds(value: string): string[] {
  return value.split(/[\s,]+/).filter(Boolean);
}

import type { ResourceIndex } from '../model/index.js';
import { groupKindOf } from '../model/types.js';
import type { Result } from './result.js';
import { wildcardMatcher } from '../model/glob.js';

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
  check: string;
  match?: Waiver['match'];
  /** For annotation waivers: the annotated object, `Kind/namespace/name`. */
  object?: string;
  reason: string;
  expires?: string;
  /** Failing results this waiver turned into `waived`. */
  matched: number;
}

/** The report's `waivers` section: what applied, what expired, what matched nothing. */
export interface WaiverReport {
  annotationWaivers: boolean;
  applied: WaiverUse[];
  expired: WaiverUse[];
  unused: WaiverUse[];
}

export interface WaiverOptions {
  waivers: Waiver[];
  /** Honour `tenantscan.io/waive` annotations (tenants can annotate their own objects: this can be turned off). */
  annotationWaivers: boolean;
  /** The scan date, YYYY-MM-DD (UTC). */
  today: string;
}

/**
 * Turn failing results that a waiver accepts into `waived`, keeping the reason and expiry. A waived
 * result is shown and counted separately, never dropped. Expired waivers stop applying and are
 * reported as expired; waivers that match nothing are reported as unused.
 */
export function applyWaivers(results: Result[], index: ResourceIndex, options: WaiverOptions): { results: Result[]; report: WaiverReport } {
  const config = options.waivers.map((w) => ({
    waiver: w,
    expired: w.expires !== undefined && w.expires < options.today,
    use: { origin: 'config' as const, check: w.check, match: w.match, reason: w.reason, expires: w.expires, matched: 0 },
    matches: compile(w),
  }));
  const annotationUses = new Map<string, WaiverUse>();
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
    if (!options.annotationWaivers) return result;
    const obj = index.get(groupKindOf(result.subject), result.subject.namespace, result.subject.name);
    const ids = obj?.metadata.annotations?.[WAIVE_ANNOTATION];
    if (!ids || !waivedIds(ids).some((id) => id === '*' || id === result.checkId)) return result;
    const reason = obj?.metadata.annotations?.[WAIVE_REASON_ANNOTATION] ?? '(no reason given in tenantscan.io/waive-reason)';
    const object = `${result.subject.kind}/${result.subject.namespace ? `${result.subject.namespace}/` : ''}${result.subject.name}`;
    const key = `${object}\u0000${result.checkId}`;
    const use = annotationUses.get(key) ?? { origin: 'annotation' as const, check: result.checkId, object, reason, matched: 0 };
    use.matched++;
    annotationUses.set(key, use);
    return { ...result, status: 'waived' as const, waiver: { reason, origin: 'annotation' as const } };
  });
  return {
    results: out,
    report: {
      annotationWaivers: options.annotationWaivers,
      applied: [...config.filter((c) => !c.expired && c.use.matched > 0).map((c) => c.use), ...annotationUses.values()],
      expired: config.filter((c) => c.expired).map((c) => c.use),
      unused: config.filter((c) => !c.expired && c.use.matched === 0).map((c) => c.use),
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

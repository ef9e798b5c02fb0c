import { refKey } from '../model/types.js';
import type { Result } from './result.js';

/** The report's `baseline` section. */
export interface BaselineReport {
  /** The baseline report file. */
  file: string;
  /** Failing results not in the baseline. */
  new: number;
  /** Failing results already in the baseline. */
  existing: number;
  /** Failures of the baseline that no longer fail. */
  fixed: number;
}

/**
 * Mark each failing result `new` or `existing` against an earlier JSON report. Results are matched by
 * check, tenant and object identity (and, where it exists, the JSON pointer), never by message text
 * or by their order in the report. A failure whose pointer moved (a volume inserted before it) still
 * matches its object's earlier failure of the same check.
 */
export function markBaseline(
  results: Result[],
  baseline: Pick<Result, 'checkId' | 'tenant' | 'subject' | 'path' | 'status'>[],
  file: string,
): { results: Result[]; report: BaselineReport } {
  const exact = new Set<string>();
  const objects = new Set<string>();
  for (const r of baseline) {
    if (r.status !== 'fail' && r.status !== 'waived') continue;
    exact.add(exactKey(r));
    objects.add(objectKey(r));
  }
  let fresh = 0;
  let existing = 0;
  const stillFailing = new Set<string>();
  const out = results.map((r) => {
    if (r.status !== 'fail' && r.status !== 'waived') return r;
    stillFailing.add(exactKey(r));
    const known = exact.has(exactKey(r)) || objects.has(objectKey(r));
    if (r.status === 'fail') {
      if (known) existing++;
      else fresh++;
    }
    return { ...r, baseline: known ? ('existing' as const) : ('new' as const) };
  });
  const fixed = [...exact].filter((k) => !stillFailing.has(k)).length;
  return { results: out, report: { file, new: fresh, existing, fixed } };
}

type Keyed = Pick<Result, 'checkId' | 'tenant' | 'subject' | 'path'>;

function objectKey(r: Keyed): string {
  return `${r.checkId}\u0000${r.tenant ?? ''}\u0000${refKey(r.subject)}`;
}

function exactKey(r: Keyed): string {
  return `${objectKey(r)}\u0000${r.path ?? ''}`;
}

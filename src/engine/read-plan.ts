/**
 * The live read plan of a scan: what the active checks declare (their target, `needs` and `reads`),
 * plus what the tenancy stage and the analyses read. The CLI hands it to the live source, which
 * reads those kinds and nothing else (src/model/read-plan.ts).
 */
import { K } from '../model/kinds.js';
import { type ReadDeclaration, type ReadPlan, readPlanOf } from '../model/read-plan.js';
import { TENANCY_READS } from '../tenancy/reads.js';
import { ANALYSES_READS } from './analyses.js';
import type { AnyCheck } from './check.js';
import { targetKinds } from './kinds-read.js';

/** The plan for a scan with these checks (built-in and custom, the disabled ones left out), and any `extra` reads. */
export function scanReadPlan(checks: readonly AnyCheck[], extra: readonly ReadDeclaration[] = []): ReadPlan {
  return readPlanOf([TENANCY_READS, ANALYSES_READS, ...checks.map(checkReads), ...extra]);
}

/**
 * What one check reads: its subjects' kinds (a `namespace` check's subjects are Namespace objects,
 * which the runner synthesizes when absent but reads when there), the kinds it needs, and what it
 * declares in `reads`.
 */
export function checkReads(check: Pick<AnyCheck, 'target' | 'needs' | 'reads'>): ReadDeclaration {
  const subjects = check.target === 'namespace' ? [K.Namespace] : targetKinds(check.target);
  return {
    ...check.reads,
    kinds: [...subjects, ...check.needs, ...(check.reads?.kinds ?? [])],
  };
}

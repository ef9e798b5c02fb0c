/**
 * The live read plan of a scan: what the active checks declare (their target, `needs` and `reads`),
 * plus what the tenancy stage and the analyses read. The CLI hands it to the live source, which
 * reads those kinds and nothing else (src/model/read-plan.ts).
 */
import { K, POD_SPEC_PATHS } from '../model/kinds.js';
import { type ReadDeclaration, type ReadPlan, readPlanOf } from '../model/read-plan.js';
import type { GroupKind } from '../model/types.js';
import { TENANCY_READS } from '../tenancy/reads.js';
import { ANALYSES_READS } from './analyses.js';
import type { AnyCheck, CheckTarget } from './check.js';

/** The plan for a scan with these checks (built-in and custom, the disabled ones left out), and any `extra` reads. */
export function scanReadPlan(checks: readonly AnyCheck[], extra: readonly ReadDeclaration[] = []): ReadPlan {
  return readPlanOf([TENANCY_READS, ANALYSES_READS, ...checks.map(checkReads), ...extra]);
}

/** What one check reads: its subjects' kinds, the kinds it needs, and what it declares in `reads`. */
export function checkReads(check: Pick<AnyCheck, 'target' | 'needs' | 'reads'>): ReadDeclaration {
  return {
    ...check.reads,
    kinds: [...targetKinds(check.target), ...check.needs, ...(check.reads?.kinds ?? [])],
  };
}

/** The kinds whose objects a target makes subjects (a pod template's owners are every workload kind). */
export function targetKinds(target: CheckTarget): GroupKind[] {
  if (target === 'cluster') return [];
  if (target === 'namespace') return [K.Namespace];
  if (target === 'podTemplate') return Object.keys(POD_SPEC_PATHS);
  return [...target.kinds];
}

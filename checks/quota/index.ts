import type { AnyCheck } from '../../src/engine/check.js';
import quotaLimitrangeMissing from './quota-limitrange-missing.js';
import quotaLimitsMissing from './quota-limits-missing.js';
import quotaMissing from './quota-missing.js';
import quotaObjectCountsMissing from './quota-object-counts-missing.js';
import workloadResourcesMissing from './workload-resources-missing.js';

/** The quota checks, listed explicitly. `workload-resources-missing` belongs here: it is about fair shares. */
const checks: AnyCheck[] = [quotaLimitrangeMissing, quotaLimitsMissing, quotaMissing, quotaObjectCountsMissing, workloadResourcesMissing];

export default checks;

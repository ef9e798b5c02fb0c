import type { AnyCheck } from '../../src/engine/check.js';

/** The workload checks, listed explicitly. */
const checks: AnyCheck[] = [];

export default checks;

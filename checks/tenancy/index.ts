import type { AnyCheck } from '../../src/engine/check.js';

/** The tenancy checks, listed explicitly. */
const checks: AnyCheck[] = [];

export default checks;

import type { AnyCheck } from '../../src/engine/check.js';

/** The quota checks, listed explicitly. */
const checks: AnyCheck[] = [];

export default checks;

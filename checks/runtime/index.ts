import type { AnyCheck } from '../../src/engine/check.js';

/** The runtime checks, listed explicitly. */
const checks: AnyCheck[] = [];

export default checks;

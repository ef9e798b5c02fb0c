import type { AnyCheck } from '../../src/engine/check.js';

/** The api checks, listed explicitly. */
const checks: AnyCheck[] = [];

export default checks;

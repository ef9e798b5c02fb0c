import type { AnyCheck } from '../../src/engine/check.js';

/** The network checks, listed explicitly. */
const checks: AnyCheck[] = [];

export default checks;

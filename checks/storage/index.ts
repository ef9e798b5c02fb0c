import type { AnyCheck } from '../../src/engine/check.js';

/** The storage checks, listed explicitly. */
const checks: AnyCheck[] = [];

export default checks;

import type { AnyCheck } from '../../src/engine/check.js';

/** The rbac checks, listed explicitly. */
const checks: AnyCheck[] = [];

export default checks;

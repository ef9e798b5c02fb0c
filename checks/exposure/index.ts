import type { AnyCheck } from '../../src/engine/check.js';

/** The exposure checks, listed explicitly. */
const checks: AnyCheck[] = [];

export default checks;

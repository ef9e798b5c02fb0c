import type { AnyCheck } from '../../src/engine/check.js';
import tenancyPodSecurityMissing from './tenancy-pod-security-missing.js';

/** The tenancy checks, listed explicitly. */
const checks: AnyCheck[] = [tenancyPodSecurityMissing];

export default checks;

import type { AnyCheck } from '../../src/engine/check.js';
import runtimeClassNotFound from './runtime-class-not-found.js';
import runtimeSandboxMissing from './runtime-sandbox-missing.js';
import runtimeSandboxUnavailable from './runtime-sandbox-unavailable.js';

/** The runtime checks, listed explicitly. */
const checks: AnyCheck[] = [runtimeClassNotFound, runtimeSandboxMissing, runtimeSandboxUnavailable];

export default checks;

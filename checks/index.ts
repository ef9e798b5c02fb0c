import type { AnyCheck } from '../src/engine/check.js';
import { createRegistry } from '../src/engine/registry.js';
import api from './api/index.js';
import exposure from './exposure/index.js';
import network from './network/index.js';
import quota from './quota/index.js';
import rbac from './rbac/index.js';
import runtime from './runtime/index.js';
import storage from './storage/index.js';
import tenancy from './tenancy/index.js';
import workload from './workload/index.js';

/**
 * The registry: every built-in check, validated (message placeholders, options) and sorted by ID.
 * Each family lists its checks explicitly in `checks/<family>/index.ts`; nothing is discovered at run time.
 */
export const builtinChecks: readonly AnyCheck[] = createRegistry([
  ...api,
  ...exposure,
  ...network,
  ...quota,
  ...rbac,
  ...runtime,
  ...storage,
  ...tenancy,
  ...workload,
]);

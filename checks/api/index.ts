import type { AnyCheck } from '../../src/engine/check.js';
import apiClusterScopedResourceWritable from './api-cluster-scoped-resource-writable.js';
import apiCrdShared from './api-crd-shared.js';
import apiCrdWritable from './api-crd-writable.js';

/** The api checks, listed explicitly. */
const checks: AnyCheck[] = [apiClusterScopedResourceWritable, apiCrdShared, apiCrdWritable];

export default checks;

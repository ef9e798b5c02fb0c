import type { AnyCheck } from '../../src/engine/check.js';
import apiCrdShared from './api-crd-shared.js';

/** The api checks, listed explicitly. */
const checks: AnyCheck[] = [apiCrdShared];

export default checks;

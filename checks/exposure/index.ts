import type { AnyCheck } from '../../src/engine/check.js';
import exposureExternalIps from './exposure-external-ips.js';
import exposureLoadbalancerService from './exposure-loadbalancer-service.js';
import exposureNodeportService from './exposure-nodeport-service.js';

/** The exposure checks, listed explicitly. */
const checks: AnyCheck[] = [exposureExternalIps, exposureLoadbalancerService, exposureNodeportService];

export default checks;

import type { AnyCheck } from '../../src/engine/check.js';
import exposureEndpointsCrossTenant from './exposure-endpoints-cross-tenant.js';
import exposureExternalIps from './exposure-external-ips.js';
import exposureGatewayOpenListener from './exposure-gateway-open-listener.js';
import exposureHostnameShared from './exposure-hostname-shared.js';
import exposureLoadbalancerService from './exposure-loadbalancer-service.js';
import exposureNodeportService from './exposure-nodeport-service.js';

/** The exposure checks, listed explicitly. */
const checks: AnyCheck[] = [
  exposureEndpointsCrossTenant,
  exposureExternalIps,
  exposureGatewayOpenListener,
  exposureHostnameShared,
  exposureLoadbalancerService,
  exposureNodeportService,
];

export default checks;

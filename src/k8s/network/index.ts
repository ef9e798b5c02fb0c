/** The network area: Kubernetes behaviour that checks and analyses share. The one module to import from outside this folder. */
export * from './cross-tenant.js';
export * from './host-network.js';
export * from './ip-block.js';
export * from './namespace-labels.js';
export * from './peers.js';
export * from './pod-network.js';
export * from './policy-index.js';
export * from './policy.js';
export * from './ports.js';
export {
  REACHABILITY_READS,
  type Reachability,
  type ReachabilityOptions,
  type ReachabilityPair,
  type ReachabilityStatus,
  computeReachability,
} from './reachability.js';
export * from './reachability-summary.js';
export * from './selects-nothing.js';
export * from './unevaluated.js';

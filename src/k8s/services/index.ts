/** The services area: Kubernetes behaviour that checks and analyses share. The one module to import from outside this folder. */
export * from './capsule-external-ips.js';
export * from './endpoints.js';
export * from './external-name.js';
export * from './foreign-reach.js';
export * from './pod-addresses.js';
export * from './service.js';

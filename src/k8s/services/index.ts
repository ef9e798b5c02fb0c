/** The services area: Kubernetes behaviour that checks and analyses share. The one module to import from outside this folder. */
export * from './capsule-external-ips.js';
export * from './service.js';

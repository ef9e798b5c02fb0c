/** The routing area: how Ingresses and Gateway API routes claim hosts and reach backends. The one module to import from outside this folder. */
export * from './gateway.js';
export * from './hostnames.js';
export * from './ingress.js';
export * from './reference-grant.js';

/** The quota area: Kubernetes behaviour that checks and analyses share. The one module to import from outside this folder. */
export * from './keys.js';
export * from './namespace-quotas.js';
export * from './scopes.js';

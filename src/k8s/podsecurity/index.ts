/** The podsecurity area: Kubernetes behaviour that checks and analyses share. The one module to import from outside this folder. */
export * from './levels.js';
export * from './restricted-rules.js';

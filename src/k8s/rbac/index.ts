/** The rbac area: Kubernetes behaviour that checks and analyses share. The one module to import from outside this folder. */
export * from './access.js';
export * from './attribution.js';
export * from './bindings.js';
export * from './bootstrap-roles.js';
export * from './cluster-writes.js';
export * from './defaults.js';
export * from './discovery.js';
export * from './escalation.js';
export * from './grant.js';
export * from './inputs.js';
export * from './labels.js';
export * from './permissions.js';
export * from './resources.js';
export * from './roles.js';
export * from './rules.js';
export * from './service-status.js';
export * from './types.js';

/** The storage area: Kubernetes behaviour that checks and analyses share. The one module to import from outside this folder. */
export * from './claims.js';
export * from './tenant-storage-classes.js';
export * from './pv-tenant.js';
export * from './volume-source.js';

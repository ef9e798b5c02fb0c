/** The scheduling area: where pods may run (node selection, dedicated node pools). The one module to import from outside this folder. */
export * from './dedicated-pools.js';
export * from './node-selection.js';

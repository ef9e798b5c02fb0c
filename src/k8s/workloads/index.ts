/** The workloads area: how Kubernetes runs a pod template's containers. The one module to import from outside this folder. */
export * from './capabilities.js';
export * from './controller-labels.js';
export * from './image-pull-policy.js';
export * from './seccomp.js';

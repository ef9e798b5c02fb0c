/** The apiextensions area: CustomResourceDefinitions and the custom resources they serve. The one module to import from outside this folder. */
export * from './custom-kind.js';
export * from './references.js';

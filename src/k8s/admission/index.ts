export * from './refusal.js';
export * from './probe-objects.js';

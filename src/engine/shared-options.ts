import { RBAC_OPTIONS_SCHEMA, platformSubjectProblems } from '../k8s/rbac/index.js';
import type { JsonSchema } from './check.js';

/** An options block of `checkOptions` that is no one check's: several checks, or an analysis, read it. */
export interface SharedOptionBlock {
  schema: JsonSchema;
  /** Who reads it, for the docs. */
  readBy: string;
  /** Problems the schema cannot say well, one line each naming the entry; run when the schema passes. */
  problems?: (value: unknown) => string[];
}

/** The shared blocks, by key in `checkOptions` (never a check ID). */
export const SHARED_OPTION_BLOCKS: Readonly<Record<string, SharedOptionBlock>> = {
  rbac: {
    schema: RBAC_OPTIONS_SCHEMA,
    readBy: 'the RBAC analysis (src/k8s/rbac/attribution.ts): every rbac-*, api-*-writable and services/status check',
    problems: platformSubjectProblems,
  },
};

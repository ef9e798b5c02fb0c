/**
 * tenantscan's public API, for custom checks (`--checks-dir`) and programmatic use.
 * See docs/custom-checks.md.
 */
export { defineCheck, formatMessage, severityOf, SEVERITIES, PROFILES, FAMILIES } from './engine/check.js';
export type {
  AnyCheck,
  CheckContext,
  CheckDefinition,
  CheckOptions,
  CheckOutcome,
  CheckTarget,
  Family,
  Finding,
  NotEvaluated,
  PodTemplateSubject,
  Profile,
  Reference,
  Severity,
} from './engine/check.js';
export type { Report, CheckInfo, TenantReport } from './engine/report.js';
export type { Result, ResultStatus } from './engine/result.js';
export { ResourceIndex } from './model/index.js';
export type { PodTemplate } from './model/index.js';
export { K } from './model/kinds.js';
export { containersOf } from './model/pods.js';
export { matchesSelector, isEmptySelector } from './model/selectors.js';
export type { KubeObject, ObjectRef } from './model/types.js';
export { refOf } from './model/types.js';
export { TenantModel } from './tenancy/model.js';

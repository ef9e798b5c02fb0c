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
// The analyses built-in checks use, reached as `ctx.analyses` (docs/custom-checks.md, "Shared analyses").
export type { Analyses } from './engine/analyses.js';
export { ownerLabel, principalLabel, rbacInputsUnreadable } from './k8s/rbac/index.js';
export type {
  AccessDecision,
  AccessRequest,
  BeyondTenantAccess,
  BindingAccess,
  Grant,
  Owner,
  Permission,
  Principal,
  RbacAnalysis,
} from './k8s/rbac/index.js';
export { unevaluatedReason } from './k8s/network/index.js';
export type { NetworkPolicyIndex, PolicyType, Reachability, ReachabilityPair, ReachabilityStatus } from './k8s/network/index.js';
export type { Result, ResultStatus } from './engine/result.js';
export { ResourceIndex } from './model/index.js';
export type { PodTemplate } from './model/index.js';
export { K } from './model/kinds.js';
export { containersOf } from './model/pods.js';
export { matchesSelector, isEmptySelector } from './model/selectors.js';
export type { GroupKindRef, KubeObject, ObjectRef } from './model/types.js';
export { refOf } from './model/types.js';
export { TenantModel } from './tenancy/model.js';

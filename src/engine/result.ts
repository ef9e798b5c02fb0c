import type { ObjectRef, SourceLocation } from '../model/types.js';
import type { Family, Severity } from './check.js';

/**
 * - `pass`: the check ran on the subject and found nothing.
 * - `fail`: a gap was found (one result per finding).
 * - `waived`: a failure accepted by a waiver (config or annotation), with its reason and expiry.
 * - `not-evaluated`: the data the check needed could not be read, or depends on policies tenantscan does not evaluate.
 * - `error`: the check threw; a defect in the check, reported rather than hidden.
 */
export type ResultStatus = 'pass' | 'fail' | 'waived' | 'not-evaluated' | 'error';

export interface WaiverInfo {
  reason: string;
  expires?: string;
  /** `config` (the config file) or `annotation` (tenantscan.io/waive on the object). */
  origin: 'config' | 'annotation';
  /** Annotation waivers: the object is in a tenant's namespace, so the tenant may have written the waiver itself. */
  tenantWritable?: boolean;
}

/** One (check, subject) evaluation, or one finding of it. */
export interface Result {
  checkId: string;
  family: Family;
  status: ResultStatus;
  severity: Severity;
  /** Tenant name; undefined for platform and cluster-wide subjects. */
  tenant?: string;
  /** The object judged (or reported on). A cluster-wide check has `{kind: 'Cluster', name: 'cluster'}`. */
  subject: ObjectRef;
  message?: string;
  /** JSON pointer into the subject. */
  path?: string;
  location?: SourceLocation;
  related?: ObjectRef[];
  /** For `not-evaluated` and `error`: why. */
  reason?: string;
  waiver?: WaiverInfo;
  /** Set when a baseline is given: was this failure in the baseline? */
  baseline?: 'new' | 'existing';
}

export const CLUSTER_SUBJECT: ObjectRef = Object.freeze({ apiVersion: 'tenantscan.io/v1', kind: 'Cluster', name: 'cluster' });

import type { AccessOutcome } from '../model/access.js';
import type { SourceInfo } from '../model/index.js';
import type { LoadError } from '../model/types.js';
import type { RbacSubject, TenantSource } from '../tenancy/types.js';
import type { Family, Profile, Reference, Severity } from './check.js';
import type { Result } from './result.js';
import type { Score } from './scoring.js';

/** Version of the JSON report's shape (reports/schema/report.schema.json). Bump on any breaking change. */
export const SCHEMA_VERSION = '1.0.0';

/** A check as the report lists it: everything a reporter needs, no code. */
export interface CheckInfo {
  id: string;
  family: Family;
  title: string;
  description: string;
  rationale: string;
  remediation: string;
  references: Reference[];
  mtb: string[];
  /** Severity under the report's profile (after overrides). */
  severity: Severity;
  /** Severity under every profile, as defined. */
  severities: Record<Profile, Severity>;
  /** GroupKinds the check reads; one that could not be read makes its results not-evaluated. */
  needs: string[];
  /** Link to the check's documentation page. */
  helpUri: string;
  /** `builtin`, `module` (--checks-dir) or `declarative` (config). */
  origin: 'builtin' | 'module' | 'declarative';
}

export interface TenantReport extends Score {
  name: string;
  source: TenantSource;
  namespaces: string[];
  subjects: RbacSubject[];
}

export interface ScoreReport extends Score {
  /** Score of platform and cluster-wide subjects (scope `(cluster)`). */
  cluster: Score;
  weights: Record<Severity, number>;
  grades: Array<[string, number]>;
}

/** The JSON report: everything reporters render and everything needed to recompute the score. */
export interface Report {
  schemaVersion: string;
  tool: { name: 'tenantscan'; version: string };
  source: SourceInfo;
  profile: Profile;
  generatedAt: string;
  score: ScoreReport;
  tenants: TenantReport[];
  checks: CheckInfo[];
  results: Result[];
  access: AccessOutcome[];
  loadErrors: LoadError[];
  /** Optional sections that later stages add (reachability matrix, waivers, baseline). */
  [section: string]: unknown;
}

import type { Reachability, ReachabilityPair, ReachabilitySummary } from '../k8s/network/index.js';
import type { AccessOutcome } from '../model/access.js';
import type { SourceInfo } from '../model/index.js';
import type { LoadError } from '../model/types.js';
import type { RbacSubject, TenantSource } from '../tenancy/types.js';
import type { BaselineReport } from './baseline.js';
import type { InputScopeInfo } from './input-scope.js';
import type { Family, Profile, Reference, Severity } from './check.js';
import type { Result } from './result.js';
import type { Score } from './scoring.js';
import type { WaiverReport } from './waivers.js';

export type { BaselineReport } from './baseline.js';
export type { WaiverReport, WaiverUse } from './waivers.js';

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
  /** Below this coverage a scope (a tenant, the cluster) is not graded (src/engine/scoring.ts). Absent in reports before schema 2.3.0. */
  minCoverage?: number;
  /**
   * Which share of the cluster the overall score covers: the tenants graded of all tenants, and
   * whether the `(cluster)` scope is graded. The overall score pools the units of graded scopes
   * only; `coverage` and `counts` are over every scope. Absent in reports before schema 2.3.0.
   */
  covers?: { tenants: number; of: number; cluster: boolean };
  weights: Record<Severity, number>;
  grades: Array<[string, number]>;
}

/** Whether some pod of one tenant may open a connection to some pod of another (src/k8s/network/reachability.ts). */
export type ReachabilityStatus = 'open' | 'closed' | 'unknown';

/**
 * The reachability section: one statement per tenant (unknown, reaches all, open to all), the
 * selective pairs, and the workloads they name, listed once. The rules that give every pair's
 * status are in src/k8s/network/reachability-summary.ts (pairStatusOf applies them).
 */
export type ReachabilityReport = ReachabilitySummary;
export type { SelectivePair, TenantReachability, WorkloadExamples } from '../k8s/network/index.js';

/** Every pair that is not closed, with its evidence (src/k8s/network/reachability.ts): what the grid views draw. */
export type { Reachability, ReachabilityPair };

/** A vcluster control plane found in the scanned (host) cluster, and the tenant of its namespace (src/tenancy/vclusters.ts). */
export interface VirtualClusterReport {
  /** The vcluster's name (the control plane's `release` label). */
  name: string;
  /** The host namespace it runs in. */
  namespace: string;
  /** The control plane workload: `StatefulSet` or `Deployment`, and its name. */
  kind: 'StatefulSet' | 'Deployment';
  object: string;
  /** The tenant that namespace belongs to; absent for a platform or system namespace. */
  tenant?: string;
}

/** The CI gate's verdict (`--fail-on`, `--min-score`, `--fail-on-new-only`), when a gate was set. */
export interface GateReport {
  /** The `--fail-on` threshold, or `none`. */
  failOn: Severity | 'none';
  /** `--min-score`, when given. */
  minScore?: number;
  /** `--fail-on-new-only`: only failures that are new against the baseline count. */
  newOnly: boolean;
  passed: boolean;
  /** Why it failed, one sentence per broken requirement; empty when it passed. */
  reasons: string[];
  /** Failing results at or above `failOn` (new ones only, with `newOnly`); 0 when `failOn` is `none`. */
  failing: number;
  /** The overall score the gate compared (null when nothing could be evaluated). */
  score: number | null;
}

/**
 * Who `scan --probe` acted as, per tenant (src/probe/identity.ts): the impersonated user and groups and
 * where that choice came from, and the namespace probed. `user` is absent when no subject of the
 * tenant was known and no `--as` was given (its probes are then not-evaluated).
 */
export interface ProbeIdentityUse {
  tenant: string;
  namespace?: string;
  user?: string;
  groups?: string[];
  /** `--as …`, `tenant subject User alice`, `RoleBinding ns/name Group team-b`. */
  origin?: string;
}

/** The `probes` section: present when the scan ran with `--probe`. */
export interface ProbeReport {
  identities: ProbeIdentityUse[];
}

/**
 * The report model: everything reporters render and everything needed to recompute the score.
 * Reporters read only this; the JSON document (reports/schema/report.schema.json) is written from it
 * by the one versioned mapping in reports/json.ts.
 */
export interface Report {
  tool: { name: 'tenantscan'; version: string };
  /**
   * The cluster's name in a fleet: `--cluster-name`, else the kubeconfig context, else the API
   * server's host (in-cluster); set by the CLI for live scans, and for manifests only when named.
   */
  cluster?: string;
  source: SourceInfo;
  /** Whether the input is the whole cluster or part of it, and how that was decided (src/engine/input-scope.ts). */
  inputScope: InputScopeInfo;
  profile: Profile;
  generatedAt: string;
  score: ScoreReport;
  tenants: TenantReport[];
  checks: CheckInfo[];
  results: Result[];
  access: AccessOutcome[];
  loadErrors: LoadError[];
  /** Present when waivers were given (config or annotations): what applied, expired, matched nothing. */
  waivers?: WaiverReport;
  /** Present with --baseline: the file compared with and the new/existing/fixed counts. */
  baseline?: BaselineReport;
  /** Present when the scan found two or more tenants: who may reach whom over the network. */
  reachability?: ReachabilityReport;
  /** Present when the cluster runs vcluster control planes: each one, for linking its virtual cluster in a fleet (src/engine/fleet-links.ts). */
  virtualClusters?: VirtualClusterReport[];
  /** Present when a gate was set: its verdict. */
  gate?: GateReport;
  /** Present with `--probe`: whom each tenant's probes acted as. */
  probes?: ProbeReport;
  /** Seconds from the start of reading the input to the finished report (set by the CLI). */
  durationSeconds?: number;
}

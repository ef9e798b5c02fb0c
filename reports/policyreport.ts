import yaml from 'js-yaml';
import type { CheckInfo, Report } from '../src/engine/report.js';
import type { Result, ResultStatus } from '../src/engine/result.js';
import { SEVERITY_WEIGHTS } from '../src/engine/scoring.js';
import { CLUSTER_SUBJECT } from '../src/engine/result.js';
import { refKey } from '../src/model/types.js';
import type { Reporter } from './types.js';
import { safeHttpUrl } from './findings.js';

/**
 * The two report APIs of the Kubernetes policy-report ecosystem, as published:
 * - `policyreports`: `wgpolicyk8s.io/v1alpha2` PolicyReport and ClusterPolicyReport
 *   (https://github.com/kubernetes-sigs/wg-policy-prototypes/blob/master/policy-report/pkg/api/wgpolicyk8s.io/v1alpha2/policyreport_types.go),
 *   read by Policy Reporter and written by Kyverno, Trivy Operator and kube-bench adapters;
 * - `openreports`: `openreports.io/v1alpha1` Report and ClusterReport, which supersede them
 *   (https://github.com/openreports/reports-api/blob/main/apis/openreports.io/v1alpha1/report_types.go).
 * Their CRDs, copied from those repositories, are in scripts/cluster/crds/.
 */
export const REPORT_APIS = {
  policyreports: {
    apiVersion: 'wgpolicyk8s.io/v1alpha2',
    namespaced: 'PolicyReport',
    cluster: 'ClusterPolicyReport',
    plurals: { namespaced: 'policyreports', cluster: 'clusterpolicyreports' },
  },
  openreports: {
    apiVersion: 'openreports.io/v1alpha1',
    namespaced: 'Report',
    cluster: 'ClusterReport',
    plurals: { namespaced: 'reports', cluster: 'clusterreports' },
  },
} as const;

export type ReportApi = keyof typeof REPORT_APIS;

/** Name of every report tenantscan writes (one per namespace, one cluster-wide). */
export const POLICY_REPORT_NAME = 'tenantscan';

/** Labels on every report tenantscan writes; `--publish` finds its earlier reports by them. */
export const POLICY_REPORT_LABELS: Readonly<Record<string, string>> = {
  'app.kubernetes.io/managed-by': 'tenantscan',
  'app.kubernetes.io/name': 'tenantscan',
};

/** `PolicyResult` of the API: pass, fail, warn, error, skip. */
export type PolicyResult = 'pass' | 'fail' | 'warn' | 'error' | 'skip';

/** tenantscan statuses as policy results: waived and not-evaluated results were not judged, so `skip`. */
export const POLICY_RESULT: Readonly<Record<ResultStatus, PolicyResult>> = {
  pass: 'pass',
  fail: 'fail',
  waived: 'skip',
  'not-evaluated': 'skip',
  error: 'error',
};

/** A `PolicyReportResult` (`ReportResult` in OpenReports): the same fields in both APIs. */
export interface PolicyReportResult {
  source: string;
  /** The check's family. */
  policy: string;
  /** The check's ID. */
  rule: string;
  category: string;
  severity: Result['severity'];
  /** When the scan ran (`metav1.Timestamp`). */
  timestamp: { seconds: number; nanos: number };
  result: PolicyResult;
  /** True when the result counts in the score: a pass or a failure of a check that weighs something (info weighs 0). */
  scored: boolean;
  /** The subject (`corev1.ObjectReference`); absent for the cluster as a whole, whose report is the scope. */
  resources?: Array<{ apiVersion: string; kind: string; namespace?: string; name: string }>;
  message: string;
  /** String values only (the API's `map[string]string`). */
  properties: Record<string, string>;
}

/** A PolicyReport/ClusterPolicyReport or Report/ClusterReport object, ready to apply. */
export interface PolicyReportObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels: Record<string, string> };
  /** OpenReports only: the engine that wrote the report. */
  source?: string;
  scope?: { apiVersion: string; kind: string; name: string };
  summary: Record<PolicyResult, number>;
  results: PolicyReportResult[];
}

/** The `category` of every result: the ecosystem's reports group results by it across engines. */
export const POLICY_CATEGORY = 'Tenant isolation';

/**
 * The report objects of one scan: one namespaced report per namespace that has results (its scope
 * the Namespace; results on the Namespace object itself belong to it too, since that is where the
 * namespace's team looks) and one cluster report for cluster-scoped subjects and the cluster as a
 * whole, when it has results. Every result is listed, passes included, so the summary counts what
 * was checked. Namespaces in name order, the cluster report first.
 */
export function policyReportsOf(report: Report, api: ReportApi): PolicyReportObject[] {
  const spec = REPORT_APIS[api];
  const checks = new Map(report.checks.map((c) => [c.id, c]));
  const ms = Date.parse(report.generatedAt);
  const timestamp = { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 };
  const byNamespace = new Map<string | undefined, PolicyReportResult[]>();
  for (const r of report.results) {
    const namespace = namespaceOf(r);
    let list = byNamespace.get(namespace);
    if (!list) byNamespace.set(namespace, (list = []));
    list.push(resultOf(r, checks.get(r.checkId), timestamp, report.profile));
  }
  const namespaces = [...byNamespace.keys()].sort((a, b) => (a === undefined ? -1 : b === undefined ? 1 : a.localeCompare(b)));
  return namespaces.map((namespace) => {
    const results = byNamespace.get(namespace)!;
    const summary: Record<PolicyResult, number> = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
    for (const r of results) summary[r.result]++;
    return {
      apiVersion: spec.apiVersion,
      kind: namespace === undefined ? spec.cluster : spec.namespaced,
      metadata: {
        name: POLICY_REPORT_NAME,
        ...(namespace === undefined ? {} : { namespace }),
        labels: { ...POLICY_REPORT_LABELS },
      },
      ...(api === 'openreports' ? { source: 'tenantscan' } : {}),
      ...(namespace === undefined ? {} : { scope: { apiVersion: 'v1', kind: 'Namespace', name: namespace } }),
      summary,
      results,
    };
  });
}

/** The namespace whose report holds a result: the subject's, or the Namespace subject's own name; undefined for the cluster report. */
function namespaceOf(r: Result): string | undefined {
  if (r.subject.namespace) return r.subject.namespace;
  if (r.subject.kind === 'Namespace' && r.subject.apiVersion === 'v1') return r.subject.name;
  return undefined;
}

function resultOf(
  r: Result,
  check: CheckInfo | undefined,
  timestamp: PolicyReportResult['timestamp'],
  profile: string,
): PolicyReportResult {
  const properties: Record<string, string> = { status: r.status, profile };
  if (r.tenant) properties.tenant = r.tenant;
  if (check?.mtb.length) properties.mtb = check.mtb.join(',');
  if (check?.title) properties.title = check.title;
  if (r.path) properties.path = r.path;
  if (r.location) properties.location = `${r.location.file}:${r.location.line}`;
  if (r.reason) properties.reason = r.reason;
  if (r.waiver) {
    properties.waiver = r.waiver.reason;
    properties.waiverOrigin = r.waiver.origin;
    if (r.waiver.expires) properties.waiverExpires = r.waiver.expires;
  }
  if (r.baseline) properties.baseline = r.baseline;
  if (r.related?.length) properties.related = r.related.map(refKey).join(', ');
  // only a hosted page (--docs-url): the packaged one's file: URL means nothing in the cluster
  const helpUri = safeHttpUrl(check?.helpUri);
  if (helpUri) properties.helpUri = helpUri;
  const isCluster = r.subject.kind === CLUSTER_SUBJECT.kind && r.subject.apiVersion === CLUSTER_SUBJECT.apiVersion;
  return {
    source: 'tenantscan',
    policy: r.family,
    rule: r.checkId,
    category: POLICY_CATEGORY,
    severity: r.severity,
    timestamp,
    result: POLICY_RESULT[r.status],
    scored: (r.status === 'pass' || r.status === 'fail') && SEVERITY_WEIGHTS[r.severity] > 0,
    ...(isCluster ? {} : { resources: [{ ...r.subject }] }),
    message: r.message ?? r.reason ?? (r.status === 'pass' ? `passed: ${check?.title ?? r.checkId}` : (check?.title ?? r.checkId)),
    properties,
  };
}

/** Objects as one multi-document YAML stream (`kubectl apply -f` reads it). */
export function toYamlDocuments(objects: readonly object[]): string {
  return objects.map((o) => `---\n${yaml.dump(o, { noRefs: true, lineWidth: -1 })}`).join('');
}

/** `--format policyreport`: wgpolicyk8s.io/v1alpha2 PolicyReport per namespace and a ClusterPolicyReport, as YAML. */
export const renderPolicyReport: Reporter = (report) => toYamlDocuments(policyReportsOf(report, 'policyreports'));

/** `--format openreports`: openreports.io/v1alpha1 Report per namespace and a ClusterReport, as YAML. */
export const renderOpenReports: Reporter = (report) => toYamlDocuments(policyReportsOf(report, 'openreports'));

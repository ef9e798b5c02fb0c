import { clusterNameOf } from '../src/engine/cluster-name.js';
import { CLUSTER_SCOPE, type Score, unitsOf } from '../src/engine/scoring.js';
import { terminalSafe } from './terminal-text.js';
import type { Reporter } from './types.js';

/** One metric family: name, help, optional unit, and its samples (labels, value). */
interface Family {
  name: string;
  help: string;
  unit?: string;
  samples: Array<[Record<string, string>, number]>;
}

/**
 * `--format prometheus`: the OpenMetrics text format (https://prometheus.io/docs/specs/om/open_metrics_spec/),
 * for the node-exporter textfile collector or a Pushgateway. Every family is a gauge, so the same
 * text is also valid in the older Prometheus text format 0.0.4 that the textfile collector reads
 * (`# UNIT` and `# EOF` are comments there). Every sample has a `cluster` label (`--cluster-name`,
 * else the kubeconfig context, else the API server's host, else `manifests`). Tenant-level families
 * have a `tenant` label; platform and cluster-wide subjects are the scope `(cluster)`, as in the
 * report. Families:
 *
 * - `tenantscan_score`, `tenantscan_tenant_score`: 0-100 (docs/scoring.md); left out when no score could be computed;
 * - `tenantscan_grade`, `tenantscan_tenant_grade`: 1 with the grade as the `grade` label;
 * - `tenantscan_coverage_ratio`, `tenantscan_tenant_coverage_ratio`: evaluated weight, 0..1;
 * - `tenantscan_checks`: checks per scope by unit status (`pass`, `fail`, `not_evaluated`, `waived`);
 * - `tenantscan_failures`: failing results per check × tenant × severity (0 for a check that ran and passed);
 * - `tenantscan_results`: results by status, all scopes;
 * - `tenantscan_unread_kinds`: kinds that could not be read fully (their checks are not evaluated);
 * - `tenantscan_scan_duration_seconds`, `tenantscan_scan_timestamp_seconds`: how long the scan took, when it ran.
 *
 * docs/grafana/tenantscan.json is a Grafana dashboard over these families.
 */
export const renderPrometheus: Reporter = (report, options) => {
  const cluster = options.clusterName ?? report.cluster ?? clusterNameOf(report);
  const families: Family[] = [];
  const gauge = (name: string, help: string, samples: Family['samples'], unit?: string) =>
    families.push({ name, help, samples, ...(unit ? { unit } : {}) });

  const tenants: Array<{ tenant: string; score: Score }> = [
    ...report.tenants.map((t) => ({ tenant: t.name, score: t as Score })),
    { tenant: CLUSTER_SCOPE, score: report.score.cluster },
  ];
  gauge(
    'tenantscan_score',
    'Overall score of the cluster, 0-100 (docs/scoring.md); absent when nothing could be evaluated.',
    scored([{}], [report.score]),
  );
  gauge(
    'tenantscan_tenant_score',
    'Score of a tenant (tenant (cluster): platform and cluster-wide subjects), 0-100; absent when nothing could be evaluated.',
    scored(
      tenants.map((t) => ({ tenant: t.tenant })),
      tenants.map((t) => t.score),
    ),
  );
  gauge('tenantscan_grade', 'Overall grade (A-F, N/A) as the grade label; always 1.', [[{ grade: report.score.grade }, 1]]);
  gauge(
    'tenantscan_tenant_grade',
    'Grade of a tenant (A-F, N/A) as the grade label; always 1.',
    tenants.map((t) => [{ tenant: t.tenant, grade: t.score.grade }, 1]),
  );
  gauge('tenantscan_coverage_ratio', 'Fraction of the check weight that could be evaluated, 0-1.', [[{}, report.score.coverage]], 'ratio');
  gauge(
    'tenantscan_tenant_coverage_ratio',
    "Fraction of a tenant's check weight that could be evaluated, 0-1.",
    tenants.map((t) => [{ tenant: t.tenant }, t.score.coverage]),
    'ratio',
  );
  gauge(
    'tenantscan_checks',
    'Checks per tenant by outcome (pass, fail, not_evaluated: its data could not be read, waived).',
    tenants.flatMap((t) =>
      (
        [
          ['pass', t.score.counts.pass],
          ['fail', t.score.counts.fail],
          ['not_evaluated', t.score.counts.notEvaluated],
          ['waived', t.score.counts.waived],
        ] as const
      ).map(([status, n]) => [{ tenant: t.tenant, status }, n] as [Record<string, string>, number]),
    ),
  );

  const failures = new Map<string, { labels: Record<string, string>; n: number }>();
  const checkFamilies = new Map(report.checks.map((c) => [c.id, c.family]));
  for (const unit of unitsOf(report.results)) {
    const labels = { check: unit.checkId, family: checkFamilies.get(unit.checkId) ?? '', tenant: unit.scope, severity: unit.severity };
    failures.set(`${unit.scope}\u0000${unit.checkId}`, { labels, n: 0 });
  }
  for (const r of report.results) if (r.status === 'fail') failures.get(`${r.tenant ?? CLUSTER_SCOPE}\u0000${r.checkId}`)!.n++;
  gauge(
    'tenantscan_failures',
    'Failing results (findings) of a check in a tenant, by severity under the profile; 0 when the check ran there and found nothing.',
    [...failures.values()].map((f) => [f.labels, f.n]),
  );

  const byStatus = { pass: 0, fail: 0, waived: 0, 'not-evaluated': 0, error: 0 };
  for (const r of report.results) byStatus[r.status]++;
  gauge(
    'tenantscan_results',
    'Results by status (pass, fail, waived, not_evaluated, error).',
    Object.entries(byStatus).map(([status, n]) => [{ status: status.replace('-', '_') }, n]),
  );
  gauge('tenantscan_unread_kinds', 'Kinds the scan could not read fully (forbidden, timed out); checks that need them are not evaluated.', [
    [{}, report.access.filter((a) => a.status === 'none' || a.status === 'partial').length],
  ]);
  if (report.durationSeconds !== undefined)
    gauge(
      'tenantscan_scan_duration_seconds',
      'How long the scan took, from reading the input to the finished report.',
      [[{}, report.durationSeconds]],
      'seconds',
    );
  gauge('tenantscan_scan_timestamp_seconds', 'When the scan ran, Unix time.', [[{}, Date.parse(report.generatedAt) / 1000]], 'seconds');

  const lines: string[] = [];
  for (const f of families) {
    lines.push(`# TYPE ${f.name} gauge`);
    if (f.unit) lines.push(`# UNIT ${f.name} ${f.unit}`);
    lines.push(`# HELP ${f.name} ${escapeHelp(f.help)}`);
    for (const [labels, value] of f.samples) lines.push(`${f.name}${labelText({ cluster, ...labels })} ${numberText(value)}`);
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
};

/** Samples for the scores that exist (a null score is left out rather than written as NaN). */
function scored(labels: Array<Record<string, string>>, scores: Score[]): Family['samples'] {
  return scores.flatMap((s, i) => (s.score === null ? [] : [[labels[i], s.score] as [Record<string, string>, number]]));
}

/**
 * `{a="x",b="y"}` with `\`, `"` and newlines escaped, as both text formats require; control and
 * bidirectional characters first become visible escapes (terminalSafe), as the text is often read
 * on a terminal (`curl`, `cat` of the textfile collector's file).
 */
function labelText(labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(
    ([k, v]) => `${k}="${terminalSafe(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
  );
  return `{${parts.join(',')}}`;
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function numberText(value: number): string {
  return Number.isFinite(value) ? String(value) : value > 0 ? '+Inf' : value < 0 ? '-Inf' : 'NaN';
}

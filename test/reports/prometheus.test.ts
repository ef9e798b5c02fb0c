import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderPrometheus } from '../../reports/prometheus.js';
import type { Report } from '../../src/engine/report.js';
import { unitsOf } from '../../src/engine/scoring.js';
import { toolAvailable } from '../helpers/tool.js';
import { EXAMPLE, REPO_ROOT, SMALL_CHECKS, SMALL_CLUSTER, asLiveClusterReport, reportOf } from './report-fixtures.js';

/**
 * Parse metrics text with the Python Prometheus client's own parsers (prometheus_client, installed by
 * scripts/test.sh): the strict OpenMetrics parser, and the Prometheus text-format 0.0.4 parser that
 * the node-exporter textfile collector's format follows. Prints every sample as JSON.
 */
const PARSE = `
import json, sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families as openmetrics
from prometheus_client.parser import text_string_to_metric_families as text004
text = sys.stdin.read()
def dump(families):
    return [{"name": f.name, "type": f.type, "unit": getattr(f, "unit", ""), "help": f.documentation,
             "samples": [{"name": s.name, "labels": s.labels, "value": s.value} for s in f.samples]} for f in families]
try:
    out = {"openmetrics": dump(openmetrics(text))}
except Exception as e:
    out = {"openmetrics_error": str(e)}
try:
    out["text004"] = dump(text004(text))
except Exception as e:
    out["text004_error"] = str(e)
print(json.dumps(out))
`;

function parserMissing(): string | undefined {
  const probe = spawnSync('python3', ['-c', 'import prometheus_client'], { encoding: 'utf8' });
  if (probe.error) return 'python3 is not installed';
  if (probe.status !== 0) return 'the Python package prometheus-client is not installed (scripts/test.sh installs it)';
  return undefined;
}

interface Parsed {
  openmetrics?: Array<{
    name: string;
    type: string;
    unit: string;
    help: string;
    samples: Array<{ name: string; labels: Record<string, string>; value: number }>;
  }>;
  openmetrics_error?: string;
  text004?: Parsed['openmetrics'];
  text004_error?: string;
}

function parse(text: string): Parsed {
  const run = spawnSync('python3', ['-c', PARSE], { input: text, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as Parsed;
}

const opts = { color: false, baseDir: REPO_ROOT };
const sample = (p: Parsed, name: string, labels: Record<string, string>) =>
  p.openmetrics!.flatMap((f) => f.samples).find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

describe.runIf(toolAvailable('PROMETHEUS FORMAT TESTS', parserMissing()))('--format prometheus (parsed by prometheus_client)', () => {
  it('is valid OpenMetrics and valid text format 0.0.4, with the same samples in both', async () => {
    const report: Report = { ...(await reportOf([EXAMPLE])), durationSeconds: 1.234 };
    const text = renderPrometheus(report, opts);
    expect(text.endsWith('# EOF\n')).toBe(true);
    const parsed = parse(text);
    expect(parsed.openmetrics_error).toBeUndefined();
    expect(parsed.text004_error).toBeUndefined();
    const flat = (families: Parsed['openmetrics']) =>
      families!.flatMap((f) => f.samples.map((s) => `${s.name}${JSON.stringify(s.labels)} ${s.value}`)).sort();
    expect(flat(parsed.text004)).toEqual(flat(parsed.openmetrics));
    expect(parsed.openmetrics!.every((f) => f.type === 'gauge' && f.help.length > 0)).toBe(true);
    expect(parsed.openmetrics!.find((f) => f.name === 'tenantscan_scan_duration_seconds')?.unit).toBe('seconds');
    expect(parsed.openmetrics!.flatMap((f) => f.samples).every((s) => s.labels.cluster === 'manifests')).toBe(true);
  });

  it("carries the report's numbers: scores, grades, coverage, failures per check × tenant × severity, not-evaluated counts, time", async () => {
    const report: Report = { ...asLiveClusterReport(await reportOf([SMALL_CLUSTER], { checks: SMALL_CHECKS })), durationSeconds: 2.5 };
    const parsed = parse(renderPrometheus(report, opts));
    expect(parsed.openmetrics_error).toBeUndefined();
    const cluster = 'kind-test';
    const alpha = report.tenants.find((t) => t.name === 'alpha')!;
    expect(sample(parsed, 'tenantscan_tenant_score', { cluster, tenant: 'alpha' })?.value).toBe(alpha.score);
    expect(sample(parsed, 'tenantscan_tenant_grade', { cluster, tenant: 'alpha', grade: alpha.grade })?.value).toBe(1);
    expect(sample(parsed, 'tenantscan_tenant_coverage_ratio', { tenant: 'alpha' })?.value).toBe(alpha.coverage);
    expect(sample(parsed, 'tenantscan_checks', { tenant: 'alpha', status: 'fail' })?.value).toBe(alpha.counts.fail);
    expect(sample(parsed, 'tenantscan_checks', { tenant: 'alpha', status: 'not_evaluated' })?.value).toBe(alpha.counts.notEvaluated);
    const severity = report.results.find((r) => r.checkId === 'storage-hostpath-volume')!.severity;
    expect(
      sample(parsed, 'tenantscan_failures', { tenant: 'alpha', check: 'storage-hostpath-volume', severity, family: 'storage' })?.value,
    ).toBe(2);
    expect(sample(parsed, 'tenantscan_failures', { tenant: 'beta', check: 'storage-hostpath-volume' })?.value).toBe(0);
    const failureSeries = parsed.openmetrics!.find((f) => f.name === 'tenantscan_failures')!.samples;
    expect(failureSeries).toHaveLength(unitsOf(report.results).length);
    expect(sample(parsed, 'tenantscan_results', { status: 'error' })?.value).toBe(
      report.results.filter((r) => r.status === 'error').length,
    );
    expect(sample(parsed, 'tenantscan_scan_duration_seconds', { cluster })?.value).toBe(2.5);
    expect(sample(parsed, 'tenantscan_scan_timestamp_seconds', { cluster })?.value).toBe(Date.parse(report.generatedAt) / 1000);
    expect(sample(parsed, 'tenantscan_coverage_ratio', { cluster })?.value).toBe(report.score.coverage);
  });

  it('escapes label values from the cluster and takes --cluster-name; leaves out scores that do not exist', async () => {
    const base = await reportOf([SMALL_CLUSTER], { checks: SMALL_CHECKS });
    const hostile = 'a"b\\c\nd';
    const report: Report = {
      ...base,
      tenants: base.tenants.map((t, i) => (i === 0 ? { ...t, name: hostile, score: null, grade: 'N/A' } : t)),
    };
    const parsed = parse(renderPrometheus(report, { ...opts, clusterName: 'prod "eu"' }));
    expect(parsed.openmetrics_error).toBeUndefined();
    expect(parsed.text004_error).toBeUndefined();
    expect(sample(parsed, 'tenantscan_tenant_grade', { tenant: hostile, grade: 'N/A', cluster: 'prod "eu"' })?.value).toBe(1);
    expect(sample(parsed, 'tenantscan_tenant_score', { tenant: hostile })).toBeUndefined();
  });

  it('shows control and bidirectional characters in label values as escapes (the text is read on terminals)', async () => {
    const base = await reportOf([SMALL_CLUSTER], { checks: SMALL_CHECKS });
    const report: Report = { ...base, tenants: base.tenants.map((t, i) => (i === 0 ? { ...t, name: 'evil\u001b[2J\u202e' } : t)) };
    const text = renderPrometheus(report, { ...opts, clusterName: 'prod\u009b31m' });
    // eslint-disable-next-line no-control-regex -- control characters are what must not be left
    expect(text).not.toMatch(/[\u001b\u009b\u202e]/);
    const parsed = parse(text);
    expect(parsed.openmetrics_error).toBeUndefined();
    // the label value the parser reads is the escaped text: a backslash of its own, then x1b
    expect(sample(parsed, 'tenantscan_tenant_grade', { tenant: 'evil\\x1b[2J\\u202e', cluster: 'prod\\x9b31m' })).toBeDefined();
  });

  it('the parser is strict: it rejects a text without # EOF and a sample of an undeclared type', () => {
    expect(parse('# TYPE x gauge\n# HELP x y\nx 1\n').openmetrics_error).toBeDefined();
    expect(parse('# TYPE x gauge\nx{a="1} 1\n# EOF\n').openmetrics_error).toBeDefined();
  });
});

describe('docs/grafana/tenantscan.json', () => {
  it('queries only metric families and labels that --format prometheus writes', async () => {
    const dashboard = JSON.parse(readFileSync(join(REPO_ROOT, 'docs', 'grafana', 'tenantscan.json'), 'utf8')) as {
      panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
      templating: { list: Array<{ definition?: string }> };
    };
    const text = renderPrometheus({ ...(await reportOf([EXAMPLE])), durationSeconds: 1 }, opts);
    const written = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
    const labels = new Set([...text.matchAll(/[{,]([a-z_]+)="/g)].map((m) => m[1]));
    const exprs = [
      ...dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)),
      ...dashboard.templating.list.flatMap((v) => v.definition ?? []),
    ];
    expect(dashboard.panels.length).toBeGreaterThan(5);
    for (const expr of exprs) {
      const metrics = expr.match(/tenantscan_[a-z_]+/g) ?? [];
      expect(metrics.length, expr).toBeGreaterThan(0);
      for (const m of metrics) expect(written, `${m} in ${expr}`).toContain(m);
      for (const [, label] of expr.matchAll(/([a-z_]+)\s*(?:=|!=|=~)\s*"/g)) expect(labels, `${label} in ${expr}`).toContain(label);
      for (const [, list] of expr.matchAll(/by \(([^)]*)\)/g)) for (const l of list.split(',')) expect(labels).toContain(l.trim());
    }
  });
});

import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import { SEVERITIES, type Severity } from '../src/engine/check.js';
import type { Report } from '../src/engine/report.js';
import type { Result } from '../src/engine/result.js';
import type { Score } from '../src/engine/scoring.js';
import { countsText, expandReachability, overviewOf, pairEvidence } from './reachability.js';
import { renderReachabilityGrid } from './table-reachability.js';
import { coverageGapsOf, coverageSummaryText, coversText, insufficientCoverageText, notReadText, unjudgedText } from './coverage.js';
import { SEVERITY_LABEL_WIDTH, severityCountsText, severityLabel } from './severity-counts.js';
import { fitColumns } from './table-fit.js';
import { wrapIndented } from './terminal-wrap.js';
import { lineRef, scopeLabel } from './findings.js';
import { fixFirstOf, fixFirstWhere } from './fix-first.js';
import type { ObjectRef } from '../src/model/types.js';
import { probeIdentityText } from './sections.js';
import { mapStrings, terminalSafe } from './terminal-text.js';
import type { Reporter } from './types.js';

/** Most findings printed per severity; the rest are counted (the JSON report has them all). */
const MAX_ROWS_PER_SEVERITY = 40;

/**
 * The terminal report: the overall score, a score per tenant, what to fix first, findings grouped
 * by severity, what could not be read, and load errors.
 */
export const renderTable: Reporter = (input, options) => {
  // Every string of the report comes from the input or is built from it: neutralised once, here.
  const report = mapStrings(input, terminalSafe);
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const width = options.width;
  const out: string[] = [];
  out.push(header(report, c));
  out.push(tenantTable(report, c, width));
  const fixFirst = fixFirstList(report, c);
  if (fixFirst) out.push(fixFirst);
  out.push(...findingsBySeverity(report, c, options.baseDir));
  const reachability = reachabilitySection(report, c);
  if (reachability) out.push(reachability);
  const probes = probeIdentitySection(report, c);
  if (probes) out.push(probes);
  const coverage = coverageSection(report, c);
  if (coverage) out.push(coverage);
  const errors = loadErrorSection(report, c);
  if (errors) out.push(errors);
  // Text wraps at word boundaries under its own indent; the tables were fitted when drawn.
  return `${wrapIndented(out.join('\n\n'), width)}\n`;
};

function header(report: Report, c: ChalkInstance): string {
  const src =
    report.source.type === 'cluster'
      ? `cluster ${report.source.server}${report.source.context ? ` (context ${report.source.context})` : ''}`
      : `${report.source.files.length} manifest file(s)`;
  const s = report.score;
  const baseline = report.baseline;
  const failing = report.results.filter((r) => r.status === 'fail');
  return [
    c.bold(`tenantscan ${report.tool.version}`) + `  ${src}  profile ${c.bold(report.profile)}`,
    `Input ${c.bold(report.inputScope.scope)} (${report.inputScope.inferred ? `inferred: ${report.inputScope.reason}` : report.inputScope.reason})${
      report.inputScope.scope === 'partial' ? ': checks that need objects outside the input are not evaluated' : ''
    }`,
    `Overall ${scoreText(s, c)} · coverage ${pct(s.coverage)} (the share of the checks' weight that could be evaluated)`,
    ...(coversText(s) ? [c.yellow(`The overall score ${coversText(s)}.`)] : []),
    `Checks per tenant: ${s.counts.fail} failing, ${s.counts.pass} passing, ${s.counts.notEvaluated} not evaluated, ${s.counts.waived} waived (each check counted once per tenant and once for the cluster: failing when any of its findings there fails)`,
    ...(failing.length
      ? [`Failing findings: ${failing.length} (${severityCountsText(failing, (sev) => severityColour(sev, c)(severityLabel(sev)))})`]
      : []),
    ...(baseline
      ? [
          `Compared with ${baseline.file}: ${c.magenta(`${baseline.new} new`)}, ${baseline.existing} existing, ${baseline.fixed} fixed failure(s)`,
        ]
      : []),
  ].join('\n');
}

/**
 * The tenants, one row each, and the cluster, fitted to `width` (reports/table-fit.ts) by wrapping
 * the headers of the counts, then the namespaces and the tenant names, at word boundaries. Where
 * a tenant comes from leads its namespaces (`capsule: acme-dev, acme-prod`), as in the HTML cards.
 */
function tenantTable(report: Report, c: ChalkInstance, width: number | undefined): string {
  const head = ['Tenant', 'Namespaces', 'Score', 'Grade', 'Coverage', 'Failing checks', 'Not evaluated'];
  const rows: string[][] = [];
  for (const t of report.tenants) {
    rows.push([
      t.name,
      `${t.source}: ${t.namespaces.join(', ')}`,
      scoreNumber(t, c),
      insufficientCoverageText(t, report.score.minCoverage)
        ? c.yellow(insufficientCoverageText(t, report.score.minCoverage)!)
        : gradeText(t.grade, c),
      pct(t.coverage),
      String(t.counts.fail),
      String(t.counts.notEvaluated),
    ]);
  }
  const cl = report.score.cluster;
  rows.push([
    c.dim('(cluster & platform)'),
    c.dim('platform namespaces, cluster-wide objects'),
    scoreNumber(cl, c),
    insufficientCoverageText(cl, report.score.minCoverage)
      ? c.yellow(insufficientCoverageText(cl, report.score.minCoverage)!)
      : gradeText(cl.grade, c),
    pct(cl.coverage),
    String(cl.counts.fail),
    String(cl.counts.notEvaluated),
  ]);
  const colWidths = fitColumns([head, ...rows], width, [
    [6, 5],
    [1, 0],
  ]);
  const table = new Table({
    head,
    style: tableStyle(c),
    ...(colWidths ? { colWidths, wordWrap: true, wrapOnWordBoundary: true } : {}),
  });
  table.push(...rows);
  return `${c.bold('Tenants')}\n${table.toString()}`;
}

/** With `--probe`: whom each tenant's probes acted as, so a reader can judge what a pass means. */
function probeIdentitySection(report: Report, c: ChalkInstance): string | undefined {
  const identities = report.probes?.identities;
  if (!identities?.length) return undefined;
  const lines = identities.map((i) => `  ${i.tenant}: ${probeIdentityText(i)}`);
  return `${c.bold('Probes acted as')}
${lines.join('\n')}`;
}

/** What to fix first (reports/fix-first.ts): the failing checks ranked by severity, then by how many tenants they hit. */
function fixFirstList(report: Report, c: ChalkInstance): string | undefined {
  const items = fixFirstOf(report);
  if (items.length === 0) return undefined;
  const lines = items.map((item, i) => {
    const objects = item.objects.map(refText);
    const examples = `${objects.join(', ')}${item.moreObjects ? `, +${item.moreObjects} more` : ''}`;
    return `${i + 1}. ${severityText(item.severity, c)} ${c.bold(item.checkId)}: ${item.title} (${fixFirstWhere(item)})\n   ${c.dim('on:')} ${examples}\n   ${c.dim('fix:')} ${item.remediation}`;
  });
  return `${c.bold('Fix first')}\n${lines.join('\n')}`;
}

/**
 * Findings by severity, then by check: a list rather than a table, so IDs, objects and file:line are
 * never cut (they are what a reader pastes into `tenantscan explain` or an editor). Info findings,
 * which weigh nothing in the score, are one line per check.
 */
function findingsBySeverity(report: Report, c: ChalkInstance, baseDir: string): string[] {
  const sections: string[] = [];
  const titles = new Map(report.checks.map((ch) => [ch.id, ch.title]));
  for (const severity of SEVERITIES) {
    const rows = report.results.filter((r) => r.status === 'fail' && r.severity === severity);
    if (rows.length === 0) continue;
    const byCheck = new Map<string, Result[]>();
    for (const r of rows) {
      const list = byCheck.get(r.checkId);
      if (list) list.push(r);
      else byCheck.set(r.checkId, [r]);
    }
    const lines = [`${severityText(severity, c)} ${c.bold(`${rows.length} finding(s)`)}`];
    let shown = 0;
    for (const [id, results] of [...byCheck.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      if (severity === 'info') {
        const tenants = [...new Set(results.map((r) => r.tenant ?? '(cluster)'))].sort();
        lines.push(`  ${c.bold(id)}: ${results.length} finding(s) in ${tenants.join(', ')}`);
        continue;
      }
      lines.push(`  ${c.bold(id)}  ${c.dim(titles.get(id) ?? '')}`);
      for (const r of results) {
        if (shown++ >= MAX_ROWS_PER_SEVERITY) break;
        const isNew = r.baseline === 'new' ? ` ${c.magenta('[new]')}` : '';
        lines.push(`    ${r.tenant ?? '(cluster)'}  ${objectText(r)}${isNew}`);
        lines.push(`      ${r.message ?? ''}`);
        const where = [r.location ? lineRef(r.location, baseDir) : undefined, r.path].filter(Boolean).join(' · ');
        if (where) lines.push(`      ${c.dim(where)}`);
      }
    }
    if (severity !== 'info' && rows.length > MAX_ROWS_PER_SEVERITY)
      lines.push(c.dim(`  ... and ${rows.length - MAX_ROWS_PER_SEVERITY} more (see --format json or html)`));
    sections.push(lines.join('\n'));
  }
  if (sections.length === 0) sections.push(c.green('No failing checks.'));
  const waived = report.results.filter((r) => r.status === 'waived');
  const byTenant = waived.filter((r) => r.waiver?.tenantWritable).length;
  if (waived.length)
    sections.push(
      c.dim(
        `${waived.length} failing result(s) waived${byTenant ? `, ${byTenant} of them by tenant-writable annotations` : ''} (see --format json or html for reasons and expiry).`,
      ),
    );
  const refused = report.waivers?.refused ?? [];
  if (refused.length)
    sections.push(
      c.dim(
        `${refused.length} tenantscan.io/waive annotation(s) not honoured (${[...new Set(refused.map((w) => w.refusal))].join('; ')}).`,
      ),
    );
  return sections;
}

/** Beyond this many tenants the grid is unreadable: the statements and selective pairs say it alone. */
const MAX_GRID_TENANTS = 16;
const MAX_LISTED = 20;

/**
 * Who can reach whom over the network (reports/reachability.ts): the grid for a handful of
 * tenants, the counts, the tenants that reach all or are open to all, the unknown ones, and the
 * selective pairs with what opens them.
 */
function reachabilitySection(report: Report, c: ChalkInstance): string | undefined {
  const reach = report.reachability;
  if (!reach || reach.tenants.length < 2) return undefined;
  const o = overviewOf(reach);
  const lines = [c.bold('Network reachability between tenants')];
  if (o.tenants <= MAX_GRID_TENANTS) lines.push(renderReachabilityGrid(expandReachability(reach), { color: c.level > 0 }).trimEnd());
  lines.push(countsText(o));
  const tenantList = (list: Array<{ tenant: string }>) =>
    `${list
      .slice(0, MAX_LISTED)
      .map((t) => t.tenant)
      .join(', ')}${list.length > MAX_LISTED ? ` and ${list.length - MAX_LISTED} more` : ''}`;
  if (o.reachesAll.length)
    lines.push(`Reach all (no NetworkPolicy isolates their egress): ${o.reachesAll.length} tenant(s): ${tenantList(o.reachesAll)}`);
  if (o.openToAll.length)
    lines.push(`Open to all (no NetworkPolicy isolates their ingress): ${o.openToAll.length} tenant(s): ${tenantList(o.openToAll)}`);
  if (o.openByStatements)
    lines.push(c.red(`${o.openByStatements} pair(s) open: every tenant that reaches all may connect to every other tenant open to all.`));
  for (const u of o.unknownTenants.slice(0, MAX_LISTED)) lines.push(`- ${c.yellow(`${u.tenant}: every pair unknown`)}: ${u.reason}`);
  if (o.unknownTenants.length > MAX_LISTED)
    lines.push(c.dim(`... and ${o.unknownTenants.length - MAX_LISTED} more tenants whose pairs are unknown`));
  const open = o.selective.filter((p) => p.status === 'open');
  if (o.selective.length)
    lines.push(
      `Selective pairs (opened or made unknown by policy rules): ${open.length} open, ${o.selective.length - open.length} unknown.`,
    );
  for (const p of open.slice(0, MAX_LISTED)) {
    const { via } = pairEvidence(reach, p);
    lines.push(`- ${c.red(`${p.from} -> ${p.to}`)}${p.port ? ` (${p.port})` : ''}${via ? ` via ${via}` : ''}: ${p.reason}`);
  }
  if (open.length > MAX_LISTED) lines.push(c.dim(`... and ${open.length - MAX_LISTED} more open pairs (see --format json)`));
  return lines.join('\n');
}

/** What could not be read, and which checks could therefore not be evaluated: never counted as passes. */
function coverageSection(report: Report, c: ChalkInstance): string | undefined {
  const gaps = coverageGapsOf(report);
  const { unread, unjudged } = gaps;
  if (unread.length === 0 && unjudged.length === 0) return undefined;
  const lines: string[] = [`${c.bold(c.yellow('Coverage gaps'))} (never counted as passes): ${coverageSummaryText(gaps)}`];
  for (const a of unread) lines.push(`- ${a.groupKind}: ${notReadText(a)}${a.reason ? ` (${a.reason})` : ''}`);
  for (const u of unjudged) {
    const more = u.reasons.length > 1 ? ` (+${u.reasons.length - 1} other reason(s))` : '';
    lines.push(`- ${u.checkId}: ${unjudgedText(u, scopeLabel)}: ${u.reasons[0]}${more}`);
  }
  return lines.join('\n');
}

function loadErrorSection(report: Report, c: ChalkInstance): string | undefined {
  if (report.loadErrors.length === 0) return undefined;
  const lines = report.loadErrors.map(
    (e) => `- ${e.file}${e.line ? `:${e.line}` : ''}: ${e.level === 'warning' ? c.yellow('warning') : c.red('error')}: ${e.message}`,
  );
  return `${c.bold('Input problems')}\n${lines.join('\n')}`;
}

function objectText(r: Result): string {
  return refText(r.subject);
}

/** `Kind/namespace/name`, or `Kind/name` when cluster-scoped. */
function refText(s: ObjectRef): string {
  return `${s.kind}/${s.namespace ? `${s.namespace}/` : ''}${s.name}`;
}

function scoreText(s: Score, c: ChalkInstance): string {
  return `${scoreNumber(s, c)} ${gradeText(s.grade, c)}`;
}

export function scoreNumber(s: Pick<Score, 'score'>, c: ChalkInstance): string {
  return s.score === null ? c.dim('n/a') : s.score.toFixed(1);
}

export function gradeText(grade: string, c: ChalkInstance): string {
  if (grade === 'A' || grade === 'B') return c.green.bold(grade);
  if (grade === 'C') return c.yellow.bold(grade);
  if (grade === 'N/A') return c.dim(grade);
  return c.red.bold(grade);
}

/** A severity's label (reports/severity-counts.ts), coloured, padded to the longest so that what follows lines up. */
function severityText(severity: Severity, c: ChalkInstance): string {
  const label = severityLabel(severity);
  return `${severityColour(severity, c)(label)}${' '.repeat(SEVERITY_LABEL_WIDTH - label.length)}`;
}

function severityColour(severity: Severity, c: ChalkInstance): ChalkInstance {
  switch (severity) {
    case 'critical':
      return c.bgRed.white.bold;
    case 'high':
      return c.red.bold;
    case 'medium':
      return c.yellow.bold;
    case 'low':
      return c.cyan;
    default:
      return c.dim;
  }
}

export function pct(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

/** cli-table3 colours its borders grey by default: no colour codes at all when colour is off. */
export function tableStyle(c: ChalkInstance): { head: string[]; border: string[] } {
  return c.level > 0 ? { head: ['cyan'], border: ['grey'] } : { head: [], border: [] };
}

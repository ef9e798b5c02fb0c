import type { Report } from '../src/engine/report.js';
import type { Result } from '../src/engine/result.js';
import { CLUSTER_SCOPE, type Score } from '../src/engine/scoring.js';
import { coverageGapsOf, coverageSummaryText, coversText, insufficientCoverageText, notReadText, unjudgedText } from './coverage.js';
import { severityCountsText, severityLabel } from './severity-counts.js';
import { checksById, displayPath, findingsOf, objectLabel, safeHttpUrl, scopeLabel, scopeOf, whereOf } from './findings.js';
import { STATEMENTS_TEXT, countsText, overviewOf, pairEvidence } from './reachability.js';
import { probeIdentityText, waiverText } from './sections.js';
import { terminalSafe } from './terminal-text.js';
import type { Reporter } from './types.js';

/** Failing findings listed in the summary table; the rest go in a collapsed block. */
export const TOP_FINDINGS = 10;
/** Findings listed in the collapsed block; past that, only a count (a PR comment holds at most 65,536 characters). */
export const MAX_MORE_FINDINGS = 200;

/**
 * `--format markdown`: a summary fit for a pull-request comment (GitHub-flavoured Markdown): the
 * overall score, grade and coverage, a table per tenant, counts, the top failing findings by
 * severity, then the rest of the findings, the coverage gaps and the input problems in collapsed
 * `<details>` blocks.
 *
 * Every string from the cluster goes through `mdText` (or `mdCode`): table pipes, HTML, emphasis,
 * links and @-mentions in names or messages render as text.
 */
export const renderMarkdown: Reporter = (report, options) => {
  const checks = checksById(report);
  const findings = findingsOf(report);
  const failing = findings.filter((r) => r.status === 'fail');
  const waived = findings.filter((r) => r.status === 'waived');
  const out: string[] = [];

  const s = report.score;
  out.push(`## tenantscan: ${gradeBadge(s)} overall ${scoreText(s)}`);
  out.push(
    `**${report.tenants.length}** tenant(s) · profile \`${report.profile}\` · coverage **${pct(s.coverage)}** · ` +
      `${failing.length} failing finding(s) in ${s.counts.fail} failing check(s) per tenant, ${s.counts.pass} passing, ` +
      `${s.counts.notEvaluated} not evaluated, ${s.counts.waived} waived`,
  );
  const covers = coversText(s);
  if (covers) out.push(`> **The overall score ${covers}.**`);

  const baseline = report.baseline;
  if (baseline) {
    out.push(
      `Compared with ${mdCode(baseline.file)}: **${baseline.new} new** failing finding(s), ${baseline.existing} existing, ${baseline.fixed} fixed.`,
    );
  }
  const gate = report.gate;
  if (gate) {
    const rules = [
      gate.failOn !== 'none' ? `fail on ${gate.newOnly ? 'new ' : ''}${gate.failOn} or above` : '',
      gate.minScore !== undefined ? `minimum score ${gate.minScore}` : '',
    ].filter(Boolean);
    out.push(
      `Gate (${rules.join(', ')}): **${gate.passed ? 'passed' : 'failed'}**` +
        (gate.passed ? '' : `: ${gate.reasons.map(mdText).join('; ')}`) +
        ` · ${gate.failing} ${gate.newOnly ? 'new ' : ''}failing result(s) at or above the threshold · score ${gate.score ?? 'N/A'}.`,
    );
  }
  out.push(tenantTable(report));
  out.push(severityCounts(failing));

  if (failing.length === 0) out.push('No failing findings.');
  else {
    const top = failing.slice(0, TOP_FINDINGS);
    out.push(`### Top findings\n\n${findingTable(top, checks, options.baseDir)}`);
    const rest = failing.slice(TOP_FINDINGS);
    if (rest.length) {
      const listed = rest.slice(0, MAX_MORE_FINDINGS);
      const unlisted = rest.length - listed.length;
      out.push(
        details(
          `${rest.length} more failing finding(s) (${countBySeverity(rest)})`,
          `${findingTable(listed, checks, options.baseDir)}${unlisted ? `\n\n…and ${unlisted} more: see the JSON or HTML report.` : ''}`,
        ),
      );
    }
  }
  if (waived.length) out.push(details(`${waived.length} waived finding(s)`, waivedTable(waived)));

  const waivers = report.waivers;
  const refused = waivers?.refused ?? [];
  if (waivers && (waivers.expired.length || waivers.unused.length || refused.length)) {
    const lines = [
      ...waivers.expired.map((w) => `- expired, no longer applies: ${mdText(waiverText(w))}`),
      ...waivers.unused.map((w) => `- unused, matches nothing: ${mdText(waiverText(w))}`),
      ...refused.map((w) => `- annotation not honoured (${mdText(w.refusal)}): ${mdText(waiverText(w))}`),
    ];
    const counts = `${waivers.expired.length} expired, ${waivers.unused.length} unused${refused.length ? `, ${refused.length} annotation(s) not honoured` : ''}`;
    out.push(details(`Waivers to review: ${counts}`, lines.join('\n')));
  }

  const identities = report.probes?.identities;
  if (identities?.length)
    out.push(
      details(
        `Probes acted as ${identities.length} identit${identities.length === 1 ? 'y' : 'ies'}`,
        identities.map((i) => `- ${mdText(i.tenant)}: ${mdText(probeIdentityText(i))}`).join('\n'),
      ),
    );

  const reachability = reachabilityDetails(report);
  if (reachability) out.push(reachability);

  const gaps = coverageGapsOf(report);
  if (gaps.unread.length || gaps.unjudged.length) {
    const lines = [
      ...gaps.unread.map((a) => `- ${mdCode(a.groupKind)}: ${notReadText(a, mdCode)}${a.reason ? `: ${mdText(a.reason)}` : ''}`),
      ...gaps.unjudged.map(
        (u) => `- ${mdCode(u.checkId)}: ${unjudgedText(u, (s) => mdText(scopeLabel(s)))}: ${mdText(u.reasons.join('; '))}`,
      ),
    ];
    out.push(details(`Coverage gaps (never counted as passes): ${coverageSummaryText(gaps)}`, lines.join('\n')));
  }
  if (report.loadErrors.length) {
    const lines = report.loadErrors.map(
      (e) =>
        `- ${mdCode(`${displayPath(e.file, options.baseDir)}${e.line ? `:${e.line}` : ''}`)} ${e.level === 'warning' ? 'warning' : '**error**'}: ${mdText(e.message)}`,
    );
    out.push(details(`${report.loadErrors.length} input problem(s)`, lines.join('\n')));
  }
  out.push(`<sub>tenantscan ${mdText(report.tool.version)} · ${mdText(report.generatedAt)} · scores per docs/scoring.md</sub>`);
  return `${out.join('\n\n')}\n`;
};

/** Tenants and selective pairs listed in the reachability block; past that, only counts. */
export const MAX_REACHABILITY_LINES = 20;

/** The reachability summary (reports/reachability.ts) in a collapsed block: counts, statements, selective pairs. */
function reachabilityDetails(report: Report): string | undefined {
  const section = report.reachability;
  if (!section || section.tenants.length < 2) return undefined;
  const o = overviewOf(section);
  const list = (label: string, lines: string[]) =>
    lines.length
      ? [
          `**${label}** (${lines.length}):`,
          ...lines.slice(0, MAX_REACHABILITY_LINES).map((l) => `- ${l}`),
          ...(lines.length > MAX_REACHABILITY_LINES ? [`- …and ${lines.length - MAX_REACHABILITY_LINES} more`] : []),
        ]
      : [];
  const body = [
    mdText(STATEMENTS_TEXT),
    '',
    ...list(
      'Reach all',
      o.reachesAll.map((t) => `${mdText(t.tenant)}: ${mdText(t.workloads)}`),
    ),
    ...list(
      'Open to all',
      o.openToAll.map((t) => `${mdText(t.tenant)} (${mdText(t.port ?? '')}): ${mdText(t.workloads)}`),
    ),
    ...list(
      'Every pair unknown',
      o.unknownTenants.map((t) => `${mdText(t.tenant)}: ${mdText(t.reason)}`),
    ),
  ];
  if (o.selective.length) {
    const rows = o.selective.slice(0, MAX_REACHABILITY_LINES).map((p) => {
      const { via, workloads } = pairEvidence(section, p);
      return `| ${mdText(p.from)} | ${mdText(p.to)} | ${p.status} | ${mdText(p.port ?? '')} | ${mdText(via)} | ${mdText(workloads)} |`;
    });
    body.push('', '| From | To | Status | Port | Policies | Workloads |', '| --- | --- | --- | --- | --- | --- |', ...rows);
    if (o.selective.length > MAX_REACHABILITY_LINES)
      body.push('', `…and ${o.selective.length - MAX_REACHABILITY_LINES} more selective pair(s): see the JSON report.`);
  }
  return details(`Network reachability: ${countsText(o)}`, body.join('\n'));
}

function tenantTable(report: Report): string {
  const rows = [
    '| Tenant | Score | Grade | Coverage | Failing | Not evaluated | Waived |',
    '| --- | ---: | :---: | ---: | ---: | ---: | ---: |',
    ...report.tenants.map((t) => scoreRow(mdText(t.name), t, report.score.minCoverage)),
    scoreRow('_cluster & platform_', report.score.cluster, report.score.minCoverage),
  ];
  return `### Tenants\n\n${rows.join('\n')}`;
}

function scoreRow(name: string, s: Score, minCoverage: number | undefined): string {
  return `| ${name} | ${scoreText(s)} | ${insufficientCoverageText(s, minCoverage) ?? s.grade} | ${pct(s.coverage)} | ${s.counts.fail} | ${s.counts.notEvaluated} | ${s.counts.waived} |`;
}

function severityCounts(failing: Result[]): string {
  if (failing.length === 0) return '';
  return `**Failing findings:** ${failing.length} (${severityCountsText(failing)})`;
}

function countBySeverity(results: Result[]): string {
  return severityCountsText(results);
}

function findingTable(results: Result[], checks: ReturnType<typeof checksById>, baseDir: string): string {
  const rows = ['| Severity | Check | Tenant | Object | Finding |', '| --- | --- | --- | --- | --- |'];
  for (const r of results) {
    const url = safeHttpUrl(checks.get(r.checkId)?.helpUri);
    const check = url ? `[${mdCode(r.checkId)}](${url})` : mdCode(r.checkId);
    const where = whereOf(r, baseDir);
    rows.push(
      `| ${severityLabel(r.severity)} | ${check} | ${tenantText(r)} | ${mdCode(objectLabel(r.subject))}${where ? `<br>${mdCode(where)}` : ''} | ${mdText(r.message ?? '')}${r.baseline === 'new' ? ' **(new)**' : ''} |`,
    );
  }
  return rows.join('\n');
}

function waivedTable(results: Result[]): string {
  const rows = ['| Check | Tenant | Object | Waiver |', '| --- | --- | --- | --- |'];
  for (const r of results) {
    const w = r.waiver;
    const text = w
      ? `${w.origin === 'annotation' ? `annotation${w.tenantWritable ? ' (tenant-writable)' : ''}` : 'config'}: ${w.reason}${w.expires ? ` (expires ${w.expires})` : ''}`
      : '';
    rows.push(`| ${mdCode(r.checkId)} | ${tenantText(r)} | ${mdCode(objectLabel(r.subject))} | ${mdText(text)} |`);
  }
  return rows.join('\n');
}

function tenantText(r: Result): string {
  return scopeOf(r) === CLUSTER_SCOPE ? '_cluster_' : mdText(scopeOf(r));
}

function details(summary: string, body: string): string {
  // A blank line after <summary> lets GitHub render the Markdown inside the block.
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

function gradeBadge(s: Score): string {
  return `**${s.grade}**`;
}

function scoreText(s: Score): string {
  return s.score === null ? 'n/a' : `${s.score}/100`;
}

function pct(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

/**
 * Text from the cluster as inert Markdown: HTML special characters become entities (GitHub would
 * otherwise render tags such as `<img>` or `<details>`), the Markdown punctuation that acts mid-line
 * is backslash-escaped (pipes would split a table cell, backticks open code, `*_~` emphasis and
 * strike-through, `[]` links; text never starts a line here, so `#`, `+`, `-` need nothing), newlines fold to
 * spaces (a table row is one line), and `@` gets a zero-width space so no user or team is mentioned.
 * Control and bidirectional characters are shown as escapes first (terminalSafe): the report is
 * printed to terminals as often as it is posted.
 */
export function mdText(text: string): string {
  return terminalSafe(text)
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/@/g, '@\u200b');
}

/**
 * Text in a code span: shown verbatim except that a table cell still ends at `|` (GFM) and a
 * backtick would close the span, so the span is only used when neither occurs; otherwise `mdText`.
 * Control and bidirectional characters are shown as escapes (terminalSafe), as in `mdText`.
 */
export function mdCode(text: string): string {
  if (/[`|\r\n]/.test(text) || text.trim() === '') return mdText(text);
  return `\`${terminalSafe(text)}\``;
}

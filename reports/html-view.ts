import { SEVERITIES, type Severity } from '../src/engine/check.js';
import type { CheckInfo, ReachabilityPair, ReachabilityReport, Report } from '../src/engine/report.js';
import type { Result } from '../src/engine/result.js';
import { CLUSTER_SCOPE, type Score } from '../src/engine/scoring.js';
import { coverageGapsOf, coverageSummaryText, coversText, insufficientCoverageText, notReadText, unjudgedText } from './coverage.js';
import { CLUSTER_LABEL, displayPath, findingsOf, lineRef, objectLabel, safeLinkUrl, scopeLabel, scopeOf } from './findings.js';
import { fixFirstOf, fixFirstWhere } from './fix-first.js';
import { severityCountsText } from './severity-counts.js';
import { breakPoints } from './word-breaks.js';
import { type HeatCell, heatMapOf } from './heatmap.js';
import {
  STATEMENTS_TEXT,
  type TenantLine,
  countsText,
  expandReachability,
  overviewOf,
  pairEvidence,
  pairStatusOf,
} from './reachability.js';
import { probeIdentityText, waiverText } from './sections.js';

/**
 * Everything the HTML template shows, already computed and formatted: the template only lays it
 * out (and escapes every string). Cluster strings (names, labels, messages, reasons) are kept as
 * plain text here; nothing in this model is HTML.
 */
export interface HtmlView {
  title: string;
  toolVersion: string;
  generatedAt: string;
  profile: string;
  sourceText: string;
  overall: ScoreView;
  tenants: Array<ScoreView & { name: string; source: string; namespaces: string[] }>;
  cluster: ScoreView;
  /** What to fix first (reports/fix-first.ts), as the table lists it. */
  fixFirst: FixFirstView[];
  heatmap: { families: string[]; rows: Array<{ scope: string; label: string; cells: HeatCellView[] }> };
  reachability?: ReachabilityView;
  /**
   * The coverage gaps (reports/coverage.ts) in the words of every report: `summary` heads the list;
   * `text` of a kind says where it was not read, of a check how many subjects and how it is counted.
   */
  coverage: {
    accessFull: boolean;
    summary: string;
    unread: Array<{ groupKind: string; text: string; reason: string }>;
    unjudged: Array<{ checkId: string; text: string; reasons: string }>;
  };
  /** From the `waivers` section, when waivers were applied. */
  waivers?: { annotationWaivers: boolean; applied: string[]; expired: string[]; unused: string[]; refused: string[] };
  /** From the `probes` section (`--probe`): whom each tenant's probes acted as. */
  probeIdentities?: Array<{ tenant: string; text: string }>;
  /** From the `baseline` section, when the scan was compared with an earlier report. */
  baseline?: { file: string; new: number; existing: number; fixed: number };
  /** `whereParts`: `where` split at its break points (see `breakPoints`). */
  loadErrors: Array<{ where: string; whereParts: string[]; level: string; message: string }>;
  /** Every finding (failing and waived results), in report order (`findingsOf`). */
  findings: FindingView[];
  /**
   * The findings the page holds as HTML: the first page, shown as soon as the browser reaches them.
   * The page's script then shows every finding page by page from `findingsData`.
   */
  firstPage: PagedFindingView[];
  /** The filters' facets and every finding in a compact form, for the inline script (see `embedJson`). */
  findingsData: FindingsData;
  /** `CRITICAL 6 · HIGH 29 · ...` of the failing findings (reports/severity-counts.ts), as every report lays it out. */
  severityCounts: string;
  severities: readonly Severity[];
}

export interface ScoreView {
  score: string;
  /** Why there is no grade (`insufficient coverage (...)`), or, for the overall score, which share of the cluster it covers. */
  note?: string;
  grade: string;
  /** CSS class for the grade colour: `grade-a` ... `grade-f`, `grade-na`. */
  gradeClass: string;
  coverage: string;
  fail: number;
  pass: number;
  notEvaluated: number;
  waived: number;
}

/** One entry of "Fix first": a failing check, where it fails, a few of its objects and its fix. */
export interface FixFirstView {
  rank: number;
  checkId: string;
  title: string;
  severity: Severity;
  helpUri?: string;
  /** `3 finding(s) in globex, initech`. */
  where: string;
  /** Object labels (objectLabel), each split at its break points (see `breakPoints`). */
  objects: string[][];
  /** `+2 more`, or empty. */
  more: string;
  remediationParts: TextPart[];
}

export interface HeatCellView {
  family: string;
  text: string;
  sub: string;
  className: string;
  title: string;
}

/** The reachability section (reports/reachability.ts): the summary, and the matrix for a handful of tenants. */
export interface ReachabilityView {
  /** `12 of 9900 tenant pairs open, 3 unknown.` */
  counts: string;
  /** What the statements mean. */
  statements: string;
  /** Only up to MAX_MATRIX_TENANTS tenants. */
  matrix?: MatrixView;
  reachesAll: TenantLine[];
  openToAll: TenantLine[];
  openByStatements: number;
  unknownTenants: Array<{ tenant: string; reason: string }>;
  /** The selective pairs, at most MAX_PAIR_ROWS; `morePairs` were left out. */
  pairs: PairRow[];
  morePairs: number;
}

export interface MatrixView {
  tenants: string[];
  /** Layout of the SVG, in px. */
  cell: number;
  labelWidth: number;
  headerHeight: number;
  width: number;
  height: number;
  cells: Array<{ x: number; y: number; status: 'open' | 'closed' | 'unknown' | 'self' | 'missing'; title: string }>;
  rowLabels: Array<{ x: number; y: number; text: string; full: string }>;
  colLabels: Array<{ x: number; y: number; text: string; full: string }>;
  counts: { open: number; closed: number; unknown: number };
}

/** A row of the selective pairs table. */
export interface PairRow {
  from: string;
  to: string;
  status: string;
  port: string;
  via: string;
  pods: string;
  reason: string;
}

export interface FindingView {
  index: number;
  checkId: string;
  title: string;
  family: string;
  severity: Severity;
  status: 'fail' | 'waived';
  scope: string;
  scopeLabel: string;
  object: string;
  message: string;
  /** `file:line[:column]` of the object in the manifests, when known. */
  where: string;
  /** `where` in two: the file (`displayPath`) and `line[:column]`. */
  file?: string;
  line?: string;
  /** JSON pointer into the object, when the finding names one. */
  path: string;
  related: string[];
  remediation: string;
  /** The remediation split at backticks, so the template can show `code` spans without raw HTML. */
  remediationParts: TextPart[];
  helpUri?: string;
  waiver?: string;
  baseline?: string;
}

/**
 * A finding of the page's HTML (the first page): its identifiers and paths split at their break
 * points (see `breakPoints`), which the template joins with `<wbr>`. The page's script splits the
 * others' the same way (reports/html/report.client.js), so they are not computed for every finding.
 */
export interface PagedFindingView extends FindingView {
  objectParts: string[];
  whereParts: string[];
  pathParts: string[];
}

function withBreakPoints(f: FindingView): PagedFindingView {
  return { ...f, objectParts: breakPoints(f.object), whereParts: breakPoints(f.where), pathParts: breakPoints(f.path) };
}

export interface TextPart {
  code: boolean;
  text: string;
}

/**
 * The findings as the page's script reads them (reports/html/report.client.js). A large cluster has
 * hundreds of thousands of findings: what every finding of a check shares (title, family, check
 * page, remediation) is stated once in `checks`, tenants and manifest files once in `scopes` and
 * `files`, and each finding refers to them by index, with short keys and empty fields left out.
 */
export interface FindingsData {
  /** Rows per page, and the choices offered. */
  pageSize: number;
  pageSizes: number[];
  /** The tenant filter's options, in order; also what `FindingRow.t` indexes. */
  scopes: Array<{ value: string; label: string }>;
  families: string[];
  severities: string[];
  /** Offer a "new failures" status filter (the scan was compared with a baseline). */
  hasBaseline: boolean;
  checks: Array<{ id: string; title: string; family: string; helpUri?: string; fix: TextPart[] }>;
  files: string[];
  /** One per finding, by `FindingView.index`. */
  findings: FindingRow[];
}

/** A finding in `FindingsData`: indexes into its tables and the finding's own text. */
export interface FindingRow {
  /** Index into `checks`. */
  c: number;
  /** Index into `scopes`. */
  t: number;
  /** Severity. */
  s: Severity;
  /** 1 when waived (else failing). */
  w?: 1;
  /** The object (`objectLabel`). */
  o: string;
  /** The message. */
  m: string;
  /** Index into `files` and `line[:column]`, when the object comes from a manifest. */
  f?: number;
  l?: string;
  /** JSON pointer into the object. */
  p?: string;
  /** Related objects. */
  r?: string[];
  /** The waiver, as text. */
  x?: string;
  /** `new` or `existing`, against a baseline. */
  b?: string;
}

/** Findings per page of the HTML report, and the page sizes offered. */
export const FINDINGS_PAGE_SIZE = 100;
export const FINDINGS_PAGE_SIZES = [50, 100, 250, 1000];

export { CLUSTER_LABEL };

export function htmlViewOf(report: Report, baseDir?: string): HtmlView {
  const checkViews = checkViewsOf(report);
  const findings = findingsOf(report).map((r, index) => findingView(r, index, checkViews, baseDir));
  const heat = heatMapOf(report);
  const gaps = coverageGapsOf(report);
  const waivers = report.waivers;
  const baseline = report.baseline;
  const families = heat.families;
  return {
    title: `tenantscan report: ${report.tenants.length} tenant(s), grade ${report.score.grade}`,
    toolVersion: report.tool.version,
    generatedAt: report.generatedAt,
    profile: report.profile,
    sourceText:
      report.source.type === 'cluster'
        ? `cluster ${report.source.server}${report.source.context ? ` (context ${report.source.context})` : ''}`
        : `${report.source.files.length} manifest file(s)`,
    overall: {
      ...scoreView(report.score),
      ...(coversText(report.score) ? { note: `The overall score ${coversText(report.score)}.` } : {}),
    },
    tenants: report.tenants.map((t) => ({
      ...scoreView(t, report.score.minCoverage),
      name: t.name,
      source: t.source,
      namespaces: t.namespaces,
    })),
    cluster: scoreView(report.score.cluster, report.score.minCoverage),
    fixFirst: fixFirstOf(report).map((item, i) => ({
      rank: i + 1,
      checkId: item.checkId,
      title: item.title,
      severity: item.severity,
      helpUri: checkViews.get(item.checkId)?.helpUri,
      where: fixFirstWhere(item),
      objects: item.objects.map((o) => breakPoints(objectLabel(o))),
      more: item.moreObjects ? `+${item.moreObjects} more` : '',
      remediationParts: codeSpans(item.remediation),
    })),
    heatmap: {
      families: heat.families,
      rows: heat.rows.map((row) => ({
        scope: row.scope,
        label: row.scope === CLUSTER_SCOPE ? CLUSTER_LABEL : row.scope,
        cells: row.cells.map((cell) => heatCellView(row.scope, cell)),
      })),
    },
    reachability: reachabilityView(report),
    coverage: {
      accessFull: gaps.unread.length === 0,
      summary: coverageSummaryText(gaps),
      unread: gaps.unread.map((a) => ({ groupKind: a.groupKind, text: notReadText(a), reason: a.reason ?? '' })),
      unjudged: gaps.unjudged.map((u) => ({ checkId: u.checkId, text: unjudgedText(u, scopeLabel), reasons: u.reasons.join('; ') })),
    },
    waivers: waivers && {
      annotationWaivers: waivers.annotationWaivers,
      applied: waivers.applied.map((w) => `${waiverText(w)} [${w.matched} finding(s)]`),
      expired: waivers.expired.map(waiverText),
      unused: waivers.unused.map(waiverText),
      refused: (waivers.refused ?? []).map((w) => `${waiverText(w)}: ${w.refusal}`),
    },
    probeIdentities: report.probes?.identities.map((i) => ({ tenant: i.tenant, text: probeIdentityText(i) })),
    baseline: baseline && { file: baseline.file, new: baseline.new, existing: baseline.existing, fixed: baseline.fixed },
    loadErrors: report.loadErrors.map((e) => {
      const where = `${displayPath(e.file, baseDir)}${e.line ? `:${e.line}` : ''}`;
      return { where, whereParts: breakPoints(where), level: e.level ?? 'error', message: e.message };
    }),
    findings,
    firstPage: findings.slice(0, FINDINGS_PAGE_SIZE).map(withBreakPoints),
    severityCounts: severityCountsText(report.results.filter((r) => r.status === 'fail')),
    findingsData: findingsDataOf(
      findings,
      [
        ...report.tenants.map((t) => ({ value: t.name, label: t.name })),
        ...(heat.rows.some((r) => r.scope === CLUSTER_SCOPE) ? [{ value: CLUSTER_SCOPE, label: CLUSTER_LABEL }] : []),
      ],
      families,
      baseline !== undefined || findings.some((f) => f.baseline),
    ),
    severities: SEVERITIES,
  };
}

/** What every finding of a check shows alike, computed once per check. */
interface CheckView {
  index: number;
  id: string;
  title: string;
  family: string;
  remediation: string;
  remediationParts: TextPart[];
  helpUri?: string;
}

function checkViewsOf(report: Report): Map<string, CheckView> {
  const views = new Map<string, CheckView>();
  for (const c of report.checks) {
    views.set(c.id, {
      index: views.size,
      id: c.id,
      title: c.title,
      family: String(c.family),
      remediation: c.remediation ?? '',
      remediationParts: codeSpans(c.remediation ?? ''),
      helpUri: checkPageUrl(c),
    });
  }
  return views;
}

function findingsDataOf(
  findings: FindingView[],
  tenantOptions: Array<{ value: string; label: string }>,
  families: string[],
  hasBaseline: boolean,
): FindingsData {
  const scopes = new Map(tenantOptions.map((o, i) => [o.value, i]));
  const scopeList = [...tenantOptions];
  const checks = new Map<string, number>();
  const checkList: FindingsData['checks'] = [];
  const files = new Map<string, number>();
  const rows = findings.map((f): FindingRow => {
    let t = scopes.get(f.scope);
    if (t === undefined) {
      t = scopeList.push({ value: f.scope, label: f.scopeLabel }) - 1;
      scopes.set(f.scope, t);
    }
    let c = checks.get(f.checkId);
    if (c === undefined) {
      c = checkList.push({ id: f.checkId, title: f.title, family: f.family, helpUri: f.helpUri, fix: f.remediationParts }) - 1;
      checks.set(f.checkId, c);
    }
    const row: FindingRow = { c, t, s: f.severity, o: f.object, m: f.message };
    if (f.status === 'waived') row.w = 1;
    if (f.file !== undefined) {
      let file = files.get(f.file);
      if (file === undefined) files.set(f.file, (file = files.size));
      row.f = file;
      row.l = f.line;
    }
    if (f.path) row.p = f.path;
    if (f.related.length) row.r = f.related;
    if (f.waiver) row.x = f.waiver;
    if (f.baseline) row.b = f.baseline;
    return row;
  });
  return {
    pageSize: FINDINGS_PAGE_SIZE,
    pageSizes: FINDINGS_PAGE_SIZES,
    scopes: scopeList,
    families,
    severities: SEVERITIES.filter((s) => findings.some((f) => f.severity === s)),
    hasBaseline,
    checks: checkList,
    files: [...files.keys()],
    findings: rows,
  };
}

function scoreView(s: Score, minCoverage?: number): ScoreView {
  const note = insufficientCoverageText(s, minCoverage);
  return {
    ...(note ? { note } : {}),
    score: s.score === null ? 'n/a' : String(s.score),
    grade: s.grade,
    gradeClass: gradeClass(s.grade),
    coverage: `${Math.round(s.coverage * 100)}%`,
    fail: s.counts.fail,
    pass: s.counts.pass,
    notEvaluated: s.counts.notEvaluated,
    waived: s.counts.waived,
  };
}

export function gradeClass(grade: string): string {
  return /^[A-F]$/.test(grade) ? `grade-${grade.toLowerCase()}` : 'grade-na';
}

function heatCellView(scope: string, cell: HeatCell): HeatCellView {
  const { family, score, failingResults: failing, failingInfoResults: infoOnly } = cell;
  const who = scope === CLUSTER_SCOPE ? CLUSTER_LABEL : scope;
  if (!score) return { family, text: '–', sub: '', className: 'heat-none', title: `${who} × ${family}: no check of this family applies` };
  const c = score.counts;
  const title = `${who} × ${family}: ${c.fail} failing check(s) (${failing} finding(s)), ${c.pass} passing, ${c.notEvaluated} not evaluated, ${c.waived} waived`;
  if (score.score === null) {
    return {
      family,
      text: c.notEvaluated ? 'n/e' : 'waived',
      sub: c.notEvaluated ? 'not evaluated' : '',
      className: c.notEvaluated ? 'heat-ne' : 'heat-na',
      title,
    };
  }
  // info findings weigh 0 in the score (docs/scoring.md): say so, or "100" next to "2 failing" reads as a contradiction.
  const sub =
    failing === 0
      ? c.notEvaluated
        ? `${c.notEvaluated} n/e`
        : 'all pass'
      : failing === infoOnly
        ? `${failing} info only`
        : `${failing - infoOnly} failing`;
  return { family, text: String(Math.round(score.score)), sub, className: gradeClass(score.grade), title };
}

const CELL = 34;
/** Beyond this many tenants the matrix is neither drawable nor readable: the statements and pairs say it. */
export const MAX_MATRIX_TENANTS = 40;
/** Selective pairs shown in the page; the JSON report has every one. */
export const MAX_PAIR_ROWS = 500;

function reachabilityView(report: Report): ReachabilityView | undefined {
  const section = report.reachability;
  if (!section) return undefined;
  const o = overviewOf(section);
  const listed = section.pairs.slice(0, MAX_PAIR_ROWS);
  return {
    counts: countsText(o),
    statements: STATEMENTS_TEXT,
    matrix: section.tenants.length <= MAX_MATRIX_TENANTS ? matrixView(section) : undefined,
    reachesAll: o.reachesAll,
    openToAll: o.openToAll,
    openByStatements: o.openByStatements,
    unknownTenants: o.unknownTenants,
    pairs: listed
      .map((p) => {
        const { via, workloads } = pairEvidence(section, p);
        return { from: p.from, to: p.to, status: p.status, port: p.port ?? '', via, pods: workloads, reason: p.reason };
      })
      .sort((a, b) => (a.status === b.status ? 0 : a.status === 'open' ? -1 : 1)),
    morePairs: section.pairs.length - listed.length,
  };
}

/** The matrix of every pair, from the summary: the pairs that are not closed as expandReachability gives them, the rest closed (pairStatusOf says why). */
function matrixView(section: ReachabilityReport): MatrixView {
  const tenants = section.tenants.map((t) => t.name);
  const longest = Math.max(4, ...tenants.map((t) => Math.min(t.length, 28)));
  const labelWidth = 16 + longest * 7.2;
  const headerHeight = 16 + longest * 5.4;
  const short = (t: string) => (t.length > 28 ? `${t.slice(0, 27)}…` : t);
  const counts = { open: 0, closed: 0, unknown: 0 };
  const cells: MatrixView['cells'] = [];
  const byPair = new Map(expandReachability(section).pairs.map((p) => [`${p.from}\u0000${p.to}`, p]));
  tenants.forEach((from, row) => {
    tenants.forEach((to, col) => {
      const x = labelWidth + col * CELL;
      const y = headerHeight + row * CELL;
      if (from === to) {
        cells.push({ x, y, status: 'self', title: `${from}: same tenant` });
        return;
      }
      const pair: ReachabilityPair = byPair.get(`${from}\u0000${to}`) ?? {
        from,
        to,
        status: 'closed',
        reason: pairStatusOf(section, from, to).reason,
      };
      counts[pair.status]++;
      cells.push({ x, y, status: pair.status, title: pairTitle(pair) });
    });
  });
  return {
    tenants,
    cell: CELL,
    labelWidth,
    headerHeight,
    // rotated column labels lean right, past the last column, by about cos(50°) of their length
    width: labelWidth + tenants.length * CELL + longest * 5 + 8,
    height: headerHeight + tenants.length * CELL + 8,
    cells,
    rowLabels: tenants.map((t, i) => ({ x: labelWidth - 8, y: headerHeight + i * CELL + CELL / 2 + 4, text: short(t), full: t })),
    colLabels: tenants.map((t, i) => ({ x: labelWidth + i * CELL + CELL / 2 + 4, y: headerHeight - 8, text: short(t), full: t })),
    counts,
  };
}

function pairTitle(p: ReachabilityPair): string {
  const verb = p.status === 'open' ? 'can connect to' : p.status === 'closed' ? 'cannot connect to' : 'may or may not connect to';
  return `${p.from} ${verb} ${p.to}${p.port ? ` (${p.port})` : ''}${p.reason ? `: ${p.reason}` : ''}`;
}

function findingView(r: Result, index: number, checks: Map<string, CheckView>, baseDir?: string): FindingView {
  const check = checks.get(r.checkId);
  const scope = scopeOf(r);
  const file = r.location ? displayPath(r.location.file, baseDir) : undefined;
  const where = r.location ? lineRef(r.location, baseDir) : '';
  return {
    index,
    checkId: r.checkId,
    title: check?.title ?? r.checkId,
    family: String(r.family),
    severity: r.severity,
    status: r.status as 'fail' | 'waived',
    scope,
    scopeLabel: scope === CLUSTER_SCOPE ? CLUSTER_LABEL : scope,
    object: objectLabel(r.subject),
    message: r.message ?? '',
    where,
    ...(file !== undefined ? { file, line: where.slice(file.length + 1) } : {}),
    path: r.path ?? '',
    related: (r.related ?? []).map(objectLabel),
    remediation: check?.remediation ?? '',
    remediationParts: check?.remediationParts ?? [],
    helpUri: check?.helpUri,
    waiver: r.waiver
      ? `waived (${r.waiver.origin === 'annotation' ? `annotation on the object${r.waiver.tenantWritable ? ', tenant-writable' : ''}` : 'config'}): ${r.waiver.reason}${r.waiver.expires ? `; expires ${r.waiver.expires}` : ''}`
      : undefined,
    baseline: r.baseline,
  };
}

/**
 * The link to a check's page: its `helpUri` (the packaged page as a file: URL, or under --docs-url:
 * src/engine/docs-url.ts) when it is a safe link (`safeLinkUrl`). Custom checks have no page there.
 */
function checkPageUrl(check: CheckInfo | undefined): string | undefined {
  return check?.origin === 'builtin' ? safeLinkUrl(check.helpUri) : undefined;
}

/** Split Markdown-ish text at single backticks: odd parts are code spans. An unpaired backtick stays text. */
export function codeSpans(text: string): TextPart[] {
  const pieces = text.split('`');
  if (pieces.length % 2 === 0) return [{ code: false, text }];
  return pieces.map((piece, i) => ({ code: i % 2 === 1, text: piece })).filter((p) => p.text !== '');
}

import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { CheckInfo, Report } from '../src/engine/report.js';
import type { Result } from '../src/engine/result.js';
import { CLUSTER_SCOPE } from '../src/engine/scoring.js';
import { displayPath, objectLabel, safeHttpUrl, scopeOf, whereOf } from './findings.js';
import { mapStrings } from './terminal-text.js';
import type { Reporter } from './types.js';

/** Name of the extra suite that holds input problems (manifests that did not load). */
export const INPUT_SUITE = 'tenantscan.input';

/**
 * `--format junit`: JUnit XML for CI systems that display test reports (GitLab
 * `artifacts:reports:junit`, Jenkins, Azure Pipelines).
 *
 * - One `<testsuite>` per check (named by check ID, with its family, severity and page as
 *   properties), in catalog order; checks with no result are left out.
 * - One `<testcase>` per result, i.e. per (check, subject) evaluation or per finding: `classname`
 *   is `tenantscan.<family>.<check-id>`, `name` is `<tenant> › <Kind.group> <namespace>/<name>` (plus
 *   the JSON pointer when a subject has several findings).
 * - `fail` → `<failure>` (type = severity), or `<skipped>` for a failure already in the baseline
 *   under `--fail-on-new-only`; `error` → `<error>`; `waived` and `not-evaluated` → `<skipped>`
 *   with the waiver or the reason; `pass` → an empty test case.
 * - Manifests that did not load are test cases of one more suite, `tenantscan.input`: `<error>`
 *   for documents that were skipped, passing with `<system-out>` for warnings.
 *
 * Suites per check (not per tenant) keep a check's history in one place in CI test views; the
 * tenant leads every test case name, so a tenant's results still sort together.
 */
export const renderJunit: Reporter = (input, options) => {
  // xmlbuilder2 leaves text that looks like an entity reference (`R&D;`, `&amp;`) unescaped, which
  // is not well-formed XML for an unknown name: every `&` is escaped here, and the serializer keeps
  // the `&amp;` it then sees.
  const escape = (text: string) => text.replaceAll('&', '&amp;');
  const report = mapStrings(input, escape);
  const baseDir = escape(options.baseDir);
  const root = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '\uFFFD' });
  const timestamp = report.generatedAt.replace(/\.\d+Z$|Z$/, '');
  const suites = root.ele('testsuites', { name: 'tenantscan' });
  const totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };

  // Under --fail-on-new-only, a failure already in the baseline does not fail the pipeline: not a failed test either.
  const newOnly = report.gate?.newOnly === true;
  const byCheck = new Map<string, Result[]>();
  for (const r of report.results) {
    const list = byCheck.get(r.checkId);
    if (list) list.push(r);
    else byCheck.set(r.checkId, [r]);
  }
  const order = [...report.checks.map((c) => c.id), ...[...byCheck.keys()].filter((id) => !report.checks.some((c) => c.id === id))];
  const checks = new Map(report.checks.map((c) => [c.id, c]));

  for (const id of order) {
    const results = byCheck.get(id);
    if (!results?.length) continue;
    const existing = (r: Result) => newOnly && r.status === 'fail' && r.baseline === 'existing';
    const counts = {
      tests: results.length,
      failures: results.filter((r) => r.status === 'fail' && !existing(r)).length,
      errors: results.filter((r) => r.status === 'error').length,
      skipped: results.filter((r) => r.status === 'waived' || r.status === 'not-evaluated' || existing(r)).length,
    };
    addTotals(totals, counts);
    const suite = suites.ele('testsuite', { name: id, ...strings(counts), time: '0', timestamp });
    suiteProperties(suite, checks.get(id), results[0], report);
    const names = testNames(results);
    results.forEach((r, i) => testCase(suite, r, names[i], checks.get(id), baseDir, newOnly));
  }

  if (report.loadErrors.length) {
    const errors = report.loadErrors.filter((e) => e.level !== 'warning').length;
    const counts = { tests: report.loadErrors.length, failures: 0, errors, skipped: 0 };
    addTotals(totals, counts);
    const suite = suites.ele('testsuite', { name: INPUT_SUITE, ...strings(counts), time: '0', timestamp });
    for (const e of report.loadErrors) {
      const file = displayPath(e.file, baseDir);
      const where = `${file}${e.line ? `:${e.line}` : ''}`;
      const tc = suite.ele('testcase', {
        classname: INPUT_SUITE,
        name: where,
        time: '0',
        file,
        ...(e.line ? { line: String(e.line) } : {}),
      });
      if (e.level === 'warning') tc.ele('system-out').txt(`warning: ${e.message}`);
      else tc.ele('error', { message: e.message, type: 'load-error' }).txt(`${where}: ${e.message}`);
    }
  }

  for (const [k, v] of Object.entries(strings(totals))) suites.att(k, v);
  suites.att('time', '0');
  return `${root.end({ prettyPrint: true })}\n`;
};

function suiteProperties(suite: XMLBuilder, check: CheckInfo | undefined, sample: Result, report: Report): void {
  const props = suite.ele('properties');
  const add = (name: string, value: string | undefined) => {
    if (value) props.ele('property', { name, value });
  };
  add('family', String(check?.family ?? sample.family));
  add('severity', check?.severity ?? sample.severity);
  add('title', check?.title);
  add('helpUri', safeHttpUrl(check?.helpUri));
  add('mtb', check?.mtb.join(', '));
  add('profile', report.profile);
}

/** Test case names, unique within a suite: the object, plus the JSON pointer when one object has several results. */
function testNames(results: Result[]): string[] {
  const base = results.map((r) => `${scopeOf(r) === CLUSTER_SCOPE ? 'cluster' : scopeOf(r)} › ${objectLabel(r.subject)}`);
  const seen = new Map<string, number>();
  for (const b of base) seen.set(b, (seen.get(b) ?? 0) + 1);
  const used = new Map<string, number>();
  return results.map((r, i) => {
    if (seen.get(base[i]) === 1) return base[i];
    const withPath = r.path ? `${base[i]} ${r.path}` : base[i];
    const n = (used.get(withPath) ?? 0) + 1;
    used.set(withPath, n);
    return n === 1 ? withPath : `${withPath} #${n}`;
  });
}

function testCase(suite: XMLBuilder, r: Result, name: string, check: CheckInfo | undefined, baseDir: string, newOnly: boolean): void {
  const attrs: Record<string, string> = { classname: `tenantscan.${String(r.family)}.${r.checkId}`, name, time: '0' };
  if (r.location) {
    attrs.file = displayPath(r.location.file, baseDir);
    attrs.line = String(r.location.line);
  }
  const tc = suite.ele('testcase', attrs);
  switch (r.status) {
    case 'pass':
      return;
    case 'fail':
      if (newOnly && r.baseline === 'existing') {
        tc.ele('skipped', { message: 'existing failure: in the baseline, and --fail-on-new-only counts only new ones' });
        tc.ele('system-out').txt(failureText(r, check, baseDir));
        return;
      }
      tc.ele('failure', { message: r.message ?? r.checkId, type: r.severity }).txt(failureText(r, check, baseDir));
      return;
    case 'error':
      tc.ele('error', { message: r.reason ?? 'the check threw', type: 'check-error' }).txt(`${objectLabel(r.subject)}: ${r.reason ?? ''}`);
      return;
    case 'waived': {
      const w = r.waiver;
      const why = w
        ? `waived by ${w.origin === 'annotation' ? 'an annotation on the object' : 'the config'}: ${w.reason}${w.expires ? ` (expires ${w.expires})` : ''}`
        : 'waived';
      tc.ele('skipped', { message: why });
      tc.ele('system-out').txt(failureText(r, check, baseDir));
      return;
    }
    case 'not-evaluated':
      tc.ele('skipped', { message: `not evaluated: ${r.reason ?? 'unknown reason'}` });
      return;
  }
}

function failureText(r: Result, check: CheckInfo | undefined, baseDir: string): string {
  const where = whereOf(r, baseDir);
  return [
    `${r.severity.toUpperCase()} ${r.checkId}: ${r.message ?? ''}`,
    `object: ${objectLabel(r.subject)}${r.tenant ? ` (tenant ${r.tenant})` : ''}`,
    where ? `where: ${where}` : '',
    r.related?.length ? `related: ${r.related.map(objectLabel).join(', ')}` : '',
    r.baseline ? `baseline: ${r.baseline}` : '',
    check ? `how to fix: ${check.remediation}` : '',
    safeHttpUrl(check?.helpUri) ? `check page: ${check?.helpUri}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

type Counts = { tests: number; failures: number; errors: number; skipped: number };

function addTotals(totals: Counts, counts: Counts): void {
  totals.tests += counts.tests;
  totals.failures += counts.failures;
  totals.errors += counts.errors;
  totals.skipped += counts.skipped;
}

function strings(counts: Counts): Record<string, string> {
  return Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, String(v)]));
}

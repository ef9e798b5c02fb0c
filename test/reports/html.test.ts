import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { embedJson, renderHtml } from '../../reports/html.js';
import { FINDINGS_PAGE_SIZE, type FindingsData, codeSpans, htmlViewOf } from '../../reports/html-view.js';
import type { Report } from '../../src/engine/report.js';
import { EXAMPLE, HOSTILE, REPO_ROOT, SMALL_CHECKS, SMALL_CLUSTER, reportOf, withReachability } from './report-fixtures.js';
import { scanInProcess } from '../helpers/cli.js';
import { expectEvery } from '../helpers/expect-every.js';

const render = (report: Report) => renderHtml(report, { color: false, baseDir: process.cwd() });
const PAYLOADS = [
  '<script>window.__pwned=1</script>',
  '"><img src=x onerror="window.__pwned=1">',
  '</script><script>window.__pwned=1</script>',
];

describe('--format html (as text; the page itself is tested in headless Chromium, test/browser/)', () => {
  it('embeds JSON that cannot end its <script> element and parses back unchanged', () => {
    const value = { a: '</script><script>alert(1)</script>', b: '<!-- & -->', c: 'line\u2028sep\u2029' };
    const embedded = embedJson(value);
    expect(embedded).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(embedded)).toEqual(value);
  });

  it('is self-contained: inline style and script only, allowed by hash in its Content-Security-Policy', async () => {
    const html = render(await reportOf([EXAMPLE]));
    expect(html).not.toMatch(/<link\b|<img\b|<iframe\b|\ssrc=|url\(|@import/i);
    // the attribute is HTML-escaped like any other; the browser reads it decoded
    const csp = (/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '').replace(/&#39;/g, "'");
    expect(csp).toContain("default-src 'none'");
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
    expect(scripts).toHaveLength(1);
    expect(styles).toHaveLength(1);
    const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    expect(csp).toContain(`script-src ${hash(scripts[0])}`);
    expect(csp).toContain(`style-src ${hash(styles[0])}`);
  });

  it('shows scores, tenants, the heat map, coverage gaps, load errors and every finding with its fix and check page', async () => {
    const report = await reportOf([SMALL_CLUSTER], {
      checks: SMALL_CHECKS,
      access: [{ groupKind: 'NetworkPolicy.networking.k8s.io', status: 'partial', forbiddenNamespaces: ['beta'], reason: '403 Forbidden' }],
    });
    const html = render(report);
    expect(html).toMatch(/<div class="score">60<\/div>\s*<\/div>\s*<span class="grade big grade-d"/);
    expect(html).toMatch(/<span class="name">alpha<\/span><span class="grade grade-f">F<\/span>/);
    expect(html).toMatch(/<span class="name">beta<\/span><span class="grade grade-a">A<\/span>/);
    // heat map: alpha's storage family fails (0), beta's passes (100); families in catalog order of the results
    expect(html).toMatch(
      /<th class="row">alpha<\/th><td class="grade-f"[^>]*data-heat-family="storage"><span class="v">0<\/span><span class="s">2 failing<\/span>/,
    );
    expect(html).toMatch(/<th class="row">beta<\/th><td class="grade-a"[^>]*data-heat-family="storage"><span class="v">100<\/span>/);
    expect(html).toContain(
      'Never counted as passes: 1 kind(s) not read fully; 3 check(s) per tenant not evaluated (as counted in the totals)',
    );
    expect(html).toContain('<code>NetworkPolicy.networking.k8s.io</code>: <b>not read in namespace beta</b>: 403 Forbidden');
    expect(html).toContain(
      '<code>test-throws</code>: 2 subject(s) with errors in alpha, beta: check threw: boom &lt;b&gt;not bold&lt;/b&gt;',
    );
    expect(html).toMatch(/<h2 id="load-errors">Input problems <span class="count">\(1\)<\/span>/);
    const rows = html.match(/<tr class="finding fail" data-i="\d+">/g) ?? [];
    expect(rows).toHaveLength(2);
    expect(html).toContain(
      `href="${pathToFileURL(join(REPO_ROOT, 'docs', 'checks', 'storage-hostpath-volume.md')).href}" target="_blank" rel="noopener noreferrer"`,
    );
    // the remediation, with its `code` spans as <code> elements
    expect(html).toMatch(/<details class="fix"><summary>How to fix<\/summary><div>[^<]*<code>/);
  });

  it('draws the reachability matrix when the report has one, and leaves it out when not', async () => {
    const scanned = await reportOf([SMALL_CLUSTER], { checks: SMALL_CHECKS });
    const { reachability: _none, ...without } = scanned;
    expect(render(without as Report)).not.toContain('id="reachability"');
    const html = render(withReachability(scanned, [['alpha', 'beta']]));
    expect(html).toContain('<h2 id="reachability">');
    const cells = [...html.matchAll(/<rect class="(\w+)" data-status="\w+"[^>]*><title>([^<]*)<\/title>/g)].map((m) => [m[1], m[2]]);
    expect(cells).toEqual([
      ['self', 'alpha: same tenant'],
      ['open', 'alpha can connect to beta (TCP/8080): alpha pods may connect to beta pods: ingress not isolated'],
      ['closed', 'beta cannot connect to alpha: no NetworkPolicy allows any pod of beta to connect to a pod of alpha'],
      ['self', 'beta: same tenant'],
    ]);
    expect(html).toMatch(/open: a connection is allowed \(1\)/);
    expect(html).toContain('1 of 2 tenant pairs open, 0 unknown.');
  });

  it('draws the pairs the tenant statements open, and the summary without a matrix past 40 tenants', async () => {
    const scanned = withReachability(await reportOf([SMALL_CLUSTER], { checks: SMALL_CHECKS }), []);
    const section = scanned.reachability!;
    const workload = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'alpha', name: 'web' };
    const open = {
      ...scanned,
      reachability: {
        ...section,
        workloads: [workload],
        tenants: [
          { name: 'alpha', workloads: 1, reachesAll: { examples: [0], count: 3 } },
          { name: 'beta', workloads: 1, openToAll: { examples: [], count: 2, port: 'TCP/80' } },
        ],
      },
    };
    const html = render(open);
    const cells = [...html.matchAll(/<rect class="(\w+)" data-status="\w+"[^>]*><title>([^<]*)<\/title>/g)].map((m) => m[1]);
    expect(cells).toEqual(['self', 'open', 'closed', 'self']);
    expect(html).toContain('reaches all</td><td class="small">Deployment.apps alpha/web and 2 more</td>');
    expect(html).toContain('open to all (TCP/80)</td><td class="small">2 workload(s)</td>');
    expect(html).toContain('1 pair(s) open through these statements alone.');
    // 41 tenants: no matrix, the statements and counts alone
    const many = Array.from({ length: 41 }, (_, i) => ({ name: `t${i}`, workloads: 1, reachesAll: { examples: [], count: 1 } }));
    const big = render({ ...open, reachability: { tenants: many, workloads: [], pairs: [] } });
    expect(big).toContain('<h2 id="reachability">');
    expect(big).not.toContain('<svg class="matrix"');
    expect(big).toContain('0 of 1640 tenant pairs open, 0 unknown.');
  });

  it('escapes every cluster string: no payload survives as markup', async () => {
    const html = render(await reportOf([HOSTILE], { waivers: {} }));
    for (const payload of PAYLOADS) expect(html).not.toContain(payload);
    expect(html).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;');
    // the annotation waiver's reason is shown, escaped
    expect(html).toMatch(
      /waived \(annotation on the object, tenant-writable\): &lt;script&gt;window.__pwned=1&lt;\/script&gt; \| `code` @octocat \*\*bold\*\*/,
    );
  });

  it('links every check page to a file that exists (offline, in the package), or to the hosted copy under --docs-url', async () => {
    const offline = await scanInProcess({ file: [EXAMPLE], format: ['html'] });
    const hrefs = [...offline.stdout.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);
    expectEvery(hrefs, (href) => href.startsWith('file:') && existsSync(fileURLToPath(href)));
    expect(hrefs).toContain(pathToFileURL(join(REPO_ROOT, 'docs', 'checks', 'workload-privileged.md')).href);

    const hosted = await scanInProcess({ file: [EXAMPLE], format: ['html'], docsUrl: 'https://docs.example.com/tenantscan/checks' });
    const hostedHrefs = [...hosted.stdout.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);
    expectEvery(hostedHrefs, (href) => /^https:\/\/docs\.example\.com\/tenantscan\/checks\/[a-z0-9-]+\.md$/.test(href));
    expect(hostedHrefs).toContain('https://docs.example.com/tenantscan/checks/workload-privileged.md');
  });

  it('lists what to fix first, as the table does: the most severe failing checks with their objects and fix', async () => {
    const report = await reportOf([EXAMPLE]);
    const html = render(report);
    const section = html.slice(html.indexOf('<h2 id="fix-first">'), html.indexOf('<h2 id="heatmap">'));
    const listed = [...section.matchAll(/<li data-check="([^"]+)">/g)].map((m) => m[1]);
    // the example fails five critical checks: they are the list (five entries at most), and nothing less severe
    const critical = new Set(report.results.filter((r) => r.status === 'fail' && r.severity === 'critical').map((r) => r.checkId));
    expect(critical.size).toBe(5);
    expect(new Set(listed)).toEqual(critical);
    expect(listed).toHaveLength(5);
    expect(section).toMatch(/fix:<\/span> Remove <code>privileged: true<\/code>/);
    expect(section).toMatch(/<code>Deployment\.<wbr>apps initech\/<wbr>ci-<wbr>runner<\/code>/);
  });

  it('links a check page only over http(s) or to a local file: a custom check cannot smuggle a javascript: URL', async () => {
    const report = await reportOf([SMALL_CLUSTER], { checks: SMALL_CHECKS });
    const tampered: Report = { ...report, checks: report.checks.map((c) => ({ ...c, helpUri: 'javascript:alert(1)' })) };
    const html = render(tampered);
    expect(html).not.toContain('javascript:');
    expect(html).toContain('<code>storage-hostpath-volume</code>');
  });

  it('writes the first page of findings as HTML and every finding once in the JSON data, checks and files stated once', async () => {
    const report = await reportOf([EXAMPLE]);
    const findings = report.results.filter((r) => r.status === 'fail' || r.status === 'waived');
    expect(findings.length).toBeGreaterThan(FINDINGS_PAGE_SIZE);
    const html = render(report);
    expect(html.match(/<tr class="finding (fail|waived)" data-i="\d+">/g)).toHaveLength(FINDINGS_PAGE_SIZE);
    expect(html).toContain(`The first ${FINDINGS_PAGE_SIZE} of ${findings.length} findings`);
    const json = /<script type="application\/json" id="tenantscan-data">([^<]*)<\/script>/.exec(html)?.[1] ?? '';
    const data = JSON.parse(json) as FindingsData;
    expect(data.findings).toHaveLength(findings.length);
    expect(data.pageSize).toBe(FINDINGS_PAGE_SIZE);
    expect(new Set(data.checks.map((c) => c.id)).size).toBe(data.checks.length);
    expect(new Set(data.files).size).toBe(data.files.length);
    expect(new Set(data.checks.map((c) => c.id))).toEqual(new Set(findings.map((r) => r.checkId)));
    // the data and the view agree, finding by finding
    const view = htmlViewOf(report, process.cwd());
    expect(view.findings).toHaveLength(findings.length);
    view.findings.forEach((f, i) => {
      const row = data.findings[i];
      expect(data.checks[row.c].id).toBe(f.checkId);
      expect(data.scopes[row.t].value).toBe(f.scope);
      expect([row.s, row.w ? 'waived' : 'fail', row.o, row.m, row.p ?? '']).toEqual([f.severity, f.status, f.object, f.message, f.path]);
      expect(row.f === undefined ? '' : `${data.files[row.f]}:${row.l}`).toBe(f.where);
    });
    // what findings of a check share is stated once: a title shared by many findings appears once
    const repeated = data.checks.find((c) => data.findings.filter((f) => data.checks[f.c] === c).length > 1);
    expect(repeated).toBeDefined();
    expect(json.split(JSON.stringify(repeated!.title)).length - 1).toBe(1);
  });

  it('codeSpans splits remediation text at backticks, leaving an unpaired one as text', () => {
    expect(codeSpans('Set `a` and `b`.')).toEqual([
      { code: false, text: 'Set ' },
      { code: true, text: 'a' },
      { code: false, text: ' and ' },
      { code: true, text: 'b' },
      { code: false, text: '.' },
    ]);
    expect(codeSpans('one ` only')).toEqual([{ code: false, text: 'one ` only' }]);
  });
});

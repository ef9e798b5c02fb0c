import { describe, expect, it } from 'vitest';
import { MAX_MORE_FINDINGS, TOP_FINDINGS, mdCode, mdText, renderMarkdown } from '../../reports/markdown.js';
import type { Report } from '../../src/engine/report.js';
import { EXAMPLE, HOSTILE, SMALL_CHECKS, SMALL_CLUSTER, reportOf } from './report-fixtures.js';

const render = (report: Report) => renderMarkdown(report, { color: false, baseDir: process.cwd() });

describe('--format markdown', () => {
  it('opens with the overall grade, score and coverage, then a row per tenant and the platform', async () => {
    const report = await reportOf([SMALL_CLUSTER], {
      checks: SMALL_CHECKS,
      access: [{ groupKind: 'NetworkPolicy.networking.k8s.io', status: 'partial', forbiddenNamespaces: ['beta'], reason: '403 Forbidden' }],
    });
    const md = render(report);
    expect(md.split('\n')[0]).toBe('## tenantscan: **D** overall 60/100');
    expect(md).toContain('coverage **75%**');
    // coverage is by weight (docs/scoring.md): alpha 9 of 10 (only test-throws, low = 1, not judged); beta 6 of 10
    expect(md).toContain('| alpha | 33.3/100 | F | 90% | 1 | 1 | 0 |');
    expect(md).toContain('| beta | 100/100 | A | 60% | 0 | 2 | 0 |');
    expect(md).toContain('| _cluster & platform_ | n/a | N/A | 100% | 0 | 0 | 0 |');
    expect(md).toContain('**Failing findings:** 2 (HIGH 2)');
    // the default check pages are files on the scanning machine: a pull-request comment links none of them
    expect(md).toMatch(/\| HIGH \| `storage-hostpath-volume` \| alpha \| `Deployment\.apps alpha\/log-agent`<br>/);
    // under --docs-url, the hosted page
    const hosted = render({
      ...report,
      checks: report.checks.map((c) => ({ ...c, helpUri: `https://docs.example.com/checks/${c.id}.md` })),
    });
    expect(hosted).toMatch(
      /\| HIGH \| \[`storage-hostpath-volume`\]\(https:\/\/docs\.example\.com\/checks\/storage-hostpath-volume\.md\) \| alpha \| `Deployment\.apps alpha\/log-agent`<br>/,
    );
    // coverage gaps and input problems are collapsed, never left out
    expect(md).toContain(
      '<details><summary>Coverage gaps (never counted as passes): 1 kind(s) not read fully; 3 check(s) per tenant not evaluated (as counted in the totals)',
    );
    expect(md).toContain('- `NetworkPolicy.networking.k8s.io`: not read in namespace `beta`: 403 Forbidden');
    expect(md).toMatch(/<details><summary>1 input problem\(s\)<\/summary>/);
  });

  it(`lists the top ${TOP_FINDINGS} failing findings by severity, and the rest in a details block with counts`, async () => {
    const report = await reportOf([EXAMPLE]);
    const md = render(report);
    const failing = report.results.filter((r) => r.status === 'fail');
    expect(failing.length).toBeGreaterThan(TOP_FINDINGS); // the example has more gaps than fit in a comment's summary
    const top = md.slice(md.indexOf('### Top findings'), md.indexOf('<details>'));
    const topRows = top.split('\n').filter((l) => /^\| (CRITICAL|HIGH|MEDIUM|LOW|INFO) \|/.test(l));
    expect(topRows).toHaveLength(TOP_FINDINGS);
    // sorted by severity: no row is more severe than the one above it
    const order = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'];
    const ranks = topRows.map((l) => order.indexOf(l.split(' | ')[0].slice(2)));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const mostSevere = Math.min(...failing.map((r) => order.indexOf(r.severity.toUpperCase())));
    expect(ranks[0]).toBe(mostSevere);
    const rest = failing.length - TOP_FINDINGS;
    expect(md).toContain(`<details><summary>${rest} more failing finding(s) (`);
    const restRows = md
      .slice(md.indexOf('more failing finding(s)'))
      .split('</details>')[0]
      .split('\n')
      .filter((l) => /^\| (CRITICAL|HIGH|MEDIUM|LOW|INFO) \|/.test(l));
    expect(restRows).toHaveLength(Math.min(rest, MAX_MORE_FINDINGS));
  });

  it('lists waived findings apart with their reason, new failures from a baseline, and waivers to review', async () => {
    const earlier = await reportOf([SMALL_CLUSTER], { checks: SMALL_CHECKS });
    const report = await reportOf([SMALL_CLUSTER, HOSTILE], {
      checks: SMALL_CHECKS,
      baseline: { file: 'previous.json', results: earlier.results },
      waivers: {
        annotationWaivers: false,
        waivers: [
          { check: 'storage-hostpath-volume', match: { namespace: 'alpha', name: 'log-agent' }, reason: 'reviewed', expires: '2030-01-31' },
          { check: 'storage-hostpath-volume', match: { tenant: 'gamma' }, reason: 'tenant gone' },
          { check: 'storage-*', reason: 'blanket waiver from the migration', expires: '2020-01-01' },
        ],
      },
    });
    const md = render(report);
    expect(md).toContain('<details><summary>2 waived finding(s)</summary>');
    expect(md).toContain(
      '| `storage-hostpath-volume` | alpha | `Deployment.apps alpha/log-agent` | config: reviewed (expires 2030-01-31) |',
    );
    // both hostile Deployments fail (annotation waivers are off) and are not in the baseline
    expect(md).toMatch(/^Compared with `previous\.json`: \*\*2 new\*\* failing finding\(s\), 0 existing, \d+ fixed\.$/m);
    expect(md.match(/\*\*\(new\)\*\* \|$/gm)).toHaveLength(2);
    // the hostile Deployment's annotation is listed as not honoured (annotation waivers are off)
    expect(md).toContain('<details><summary>Waivers to review: 1 expired, 1 unused, 1 annotation(s) not honoured</summary>');
    expect(md).toContain(
      '- expired, no longer applies: storage-\\* on every object (config, expires 2020-01-01): blanket waiver from the migration',
    );
    expect(md).toContain('- unused, matches nothing: storage-hostpath-volume on tenant=gamma (config): tenant gone');
  });

  it('escapes cluster strings: no raw HTML, no broken table cell, no code span, no mention', async () => {
    const report = await reportOf([HOSTILE], { waivers: {} });
    const md = render(report);
    // Object names go in code spans, where Markdown shows everything literally (and mdCode refuses
    // names with a backtick or pipe); everywhere else no tag from the cluster may remain.
    const outsideCode = md.replace(/`[^`\n]*`/g, '');
    expect(md).toContain('`Deployment.apps evil-ns/"><img src=x onerror="window.__pwned=1">`');
    expect(outsideCode).not.toContain('<script>');
    expect(outsideCode).not.toContain('<img');
    expect(outsideCode).not.toContain('<b>');
    // every failure on the annotated Deployment is waived, with the annotation's text as the reason
    expect(md).toMatch(/<details><summary>[1-9]\d* waived finding\(s\)<\/summary>/);
    expect(md).toContain(
      '| annotation (tenant-writable): &lt;script&gt;window.\\_\\_pwned=1&lt;/script&gt; \\| \\`code\\` @\u200boctocat \\*\\*bold\\*\\* |',
    );
    expect(md).toContain('&lt;script&gt;window.\\_\\_pwned=1&lt;/script&gt;');
    // every table row still has its 5 (findings) or 4 (waived) cells: no pipe from the cluster split one
    for (const line of md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---'))) {
      const cells = line.replace(/\\\|/g, '').split('|').length - 2;
      expect([4, 5, 7]).toContain(cells);
    }
    expect(md).not.toMatch(/(^|[^\u200b])@octocat/);
    expect(md).toContain('@\u200boctocat');
  });

  it('mdText and mdCode', () => {
    expect(mdText('a|b `c` *d* _e_ [f](g) <h> & @i\nj')).toBe('a\\|b \\`c\\` \\*d\\* \\_e\\_ \\[f\\](g) &lt;h&gt; &amp; @\u200bi j');
    expect(mdCode('Deployment.apps acme/web')).toBe('`Deployment.apps acme/web`');
    // a pipe or backtick cannot stay in a code span inside a table: fall back to escaped text
    expect(mdCode('a|b')).toBe('a\\|b');
    expect(mdCode('a`b')).toBe('a\\`b');
  });

  it('shows control and bidirectional characters as escapes, in text and in code spans', () => {
    // ESC ]2; retitles a terminal, ESC [2J clears it, U+009B is the one-byte CSI, U+202E reverses what follows
    const name = 'evil\u001b]2;pwned\u0007\u001b[2J\u009b31m\u202egpj.exe';
    for (const out of [mdText(name), mdCode(name)]) {
      // eslint-disable-next-line no-control-regex -- control characters are what must not be left
      expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      expect(out).toContain('pwned');
    }
    expect(mdCode(name)).toBe('`evil\\x1b]2;pwned\\x07\\x1b[2J\\x9b31m\\u202egpj.exe`');
  });
});

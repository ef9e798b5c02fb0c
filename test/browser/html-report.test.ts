/**
 * The HTML report in a real headless browser: Debian's chromium (scripts/install-browser.sh),
 * driven by playwright-core. The page must load without console errors, its filters must show
 * exactly the findings of the chosen tenant, family and severity, and markup from the cluster must
 * stay text. Screenshots go to test-results/html-report/ (gitignored) as CI artifacts.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../reports/html.js';
import { type ScanArgs, runScan } from '../../cli/scan-command.js';
import type { Report } from '../../src/engine/report.js';
import { CLUSTER_SCOPE } from '../../src/engine/scoring.js';
import { EXAMPLE, HOSTILE, REPO_ROOT, reportOf } from '../reports/report-fixtures.js';
import { ARTIFACTS, chromiumAvailable, launchChromium, openReport } from './chromium.js';

const available = chromiumAvailable();

describe.runIf(available)('HTML report in headless Chromium', () => {
  let browser: Browser;
  let example: Report;
  let exampleFile: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
    // the example through the CLI's own path (runScan writes --output), and its JSON twin to count against
    exampleFile = join(ARTIFACTS, 'example.html');
    const jsonFile = join(ARTIFACTS, 'example.json');
    const args: ScanArgs = {
      file: [EXAMPLE],
      namespace: 'default',
      format: ['html', 'json'],
      output: [exampleFile, jsonFile],
      profile: 'multi-team',
      failOn: 'none',
      quiet: true,
    };
    const code = await runScan(args, {
      stdout: () => undefined,
      stderr: () => undefined,
      stderrIsTty: false,
      stdoutIsTty: false,
      cwd: REPO_ROOT,
    });
    expect(code).toBe(0);
    example = JSON.parse(readFileSync(jsonFile, 'utf8')) as Report;
  });

  afterAll(async () => {
    await browser?.close();
  });

  const open = (file: string) => openReport(browser, file);

  const visibleRows = (page: Page) => page.locator('tr.finding:visible');
  const expectedFindings = (pred: (r: Report['results'][number]) => boolean) =>
    example.results.filter((r) => (r.status === 'fail' || r.status === 'waived') && pred(r)).length;

  it('loads without console errors or network requests, and a screenshot is saved', async () => {
    const { page, problems } = await open(exampleFile);
    expect(await page.title()).toMatch(/^tenantscan report: 3 tenant\(s\), grade [A-F]$/);
    await expect
      .poll(() => page.locator('#filter-count').textContent())
      .toBe(`${expectedFindings(() => true)} of ${expectedFindings(() => true)} finding(s)`);
    await page.screenshot({ path: join(ARTIFACTS, 'example.png'), fullPage: true });
    await page.screenshot({ path: join(ARTIFACTS, 'example-top.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('filters by tenant, family and severity, and combines them', async () => {
    const { page, problems } = await open(exampleFile);
    const total = expectedFindings(() => true);
    // every finding on one page (html-findings-pages.test.ts pages through them)
    expect(total).toBeLessThan(1000);
    await page.selectOption('#page-size', '1000');
    expect(await visibleRows(page).count()).toBe(total);

    for (const tenant of ['acme', 'globex', 'initech']) {
      await page.selectOption('#filter-tenant', tenant);
      const want = expectedFindings((r) => r.tenant === tenant);
      expect(want, `the example has findings for ${tenant}`).toBeGreaterThan(0);
      expect(await visibleRows(page).count()).toBe(want);
      expect(new Set(await visibleRows(page).locator('td.tenant-cell').allTextContents())).toEqual(new Set([tenant]));
    }
    await page.selectOption('#filter-tenant', '');

    await page.selectOption('#filter-family', 'network');
    expect(await visibleRows(page).count()).toBe(expectedFindings((r) => r.family === 'network'));
    await page.selectOption('#filter-family', '');

    await page.selectOption('#filter-severity', 'high');
    expect(await visibleRows(page).count()).toBe(expectedFindings((r) => r.severity === 'high'));
    expect(new Set(await visibleRows(page).locator('.sev').allTextContents())).toEqual(new Set(['high']));

    await page.selectOption('#filter-tenant', 'globex');
    await page.selectOption('#filter-family', 'network');
    const combined = expectedFindings((r) => r.tenant === 'globex' && r.family === 'network' && r.severity === 'high');
    expect(await visibleRows(page).count()).toBe(combined);
    await expect.poll(() => page.locator('#filter-count').textContent()).toBe(`${combined} of ${total} finding(s)`);

    await page.click('#filter-reset');
    await expect.poll(() => visibleRows(page).count()).toBe(total);

    // a heat-map cell lists its tenant's findings of its family
    await page.click('td[data-heat-scope="initech"][data-heat-family="workload"]');
    expect(await page.locator('#filter-tenant').inputValue()).toBe('initech');
    expect(await visibleRows(page).count()).toBe(expectedFindings((r) => r.tenant === 'initech' && r.family === 'workload'));
    await page.screenshot({ path: join(ARTIFACTS, 'example-filtered.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows markup from names, labels and annotations as text: nothing runs', async () => {
    const report = await reportOf([HOSTILE], { waivers: {} });
    const file = join(ARTIFACTS, 'hostile.html');
    writeFileSync(file, renderHtml(report, { color: false, baseDir: REPO_ROOT }));
    const { page, problems } = await open(file);

    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(2); // the filter data and the filter script, nothing injected
    expect(await page.locator('b', { hasText: 'c' }).count()).toBe(0); // the container named <b>c</b>

    const evilTenant = '<script>window.__pwned=1</script>';
    expect(await page.locator('.tenant .name').allTextContents()).toContain(evilTenant);
    const objects = await page.locator('td.object code').allTextContents();
    expect(objects).toContain('Deployment.apps evil-ns/"><img src=x onerror="window.__pwned=1">');
    expect(objects).toContain('Deployment.apps plain-team/</script><script>window.__pwned=1</script>');
    await expect
      .poll(() => page.locator('.waiver').first().textContent())
      .toContain('<script>window.__pwned=1</script> | `code` @octocat **bold**');

    // the filter options, built from the embedded JSON, carry the same text; filtering by it works
    const options = await page.locator('#filter-tenant option').allTextContents();
    expect(options).toContain(evilTenant);
    await page.selectOption('#filter-tenant', evilTenant);
    const want = report.results.filter((r) => r.tenant === evilTenant && (r.status === 'fail' || r.status === 'waived')).length;
    expect(await visibleRows(page).count()).toBe(want);
    await page.selectOption('#filter-tenant', CLUSTER_SCOPE);
    expect(await visibleRows(page).count()).toBe(
      report.results.filter((r) => r.tenant === undefined && (r.status === 'fail' || r.status === 'waived')).length,
    );

    await page.screenshot({ path: join(ARTIFACTS, 'hostile.png'), fullPage: true });
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(problems).toEqual([]);
    await page.close();
  });
});

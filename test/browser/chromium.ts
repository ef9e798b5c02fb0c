import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { REPO_ROOT } from '../reports/report-fixtures.js';
import { toolAvailable } from '../helpers/tool.js';

/** Debian's Chromium, as scripts/install-browser.sh installs it. */
const CHROMIUM = '/usr/bin/chromium';

/** Where the browser tests leave their pages and screenshots (not committed). */
export const ARTIFACTS = join(REPO_ROOT, 'test-results', 'html-report');

/** Whether the browser suites can run (toolAvailable: under CI=true a missing Chromium fails). */
export const chromiumAvailable = (): boolean =>
  toolAvailable('HTML BROWSER TEST', existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is missing (run scripts/install-browser.sh)`);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

/**
 * Open a report file at 1280 × 900, collecting console errors and warnings, page errors and any
 * request that leaves the file (the report must work offline and run nothing unexpected).
 */
export async function openReport(browser: Browser, file: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith('file://')) problems.push(`network request: ${r.url()}`);
  });
  await page.goto(`file://${file}`);
  await page.waitForLoadState('load');
  return { page, problems };
}

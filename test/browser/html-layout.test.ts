/**
 * The layout of the HTML report at 1400 px, in headless Chromium (scripts/install-browser.sh,
 * driven by playwright-core): the example cluster's report, written by `tenantscan scan --file
 * examples/shared-cluster --format html` (in-process, through the scan command), shows its "Fix
 * first" list, no table cell or header is broken inside a word (issue 14, point 5: the
 * reachability table and the heat map's headers once wrapped into two-letter columns), table
 * headers keep to one line, and nothing overflows the page's width. The screenshots go to
 * test-results/html-report/ (gitignored), for a person to look at.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../src/engine/check.js';
import type { Report } from '../../src/engine/report.js';
import { resultsOfJsonReport, type JsonReport } from '../../reports/json.js';
import { EXAMPLE } from '../reports/report-fixtures.js';
import { scanInProcess } from '../helpers/cli.js';
import { expectEvery } from '../helpers/expect-every.js';
import { ARTIFACTS, chromiumAvailable, launchChromium } from './chromium.js';

const WIDTH = 1400;
const available = chromiumAvailable();

/** A place where the browser wrapped a line between two letters or digits: a word cut in two. */
interface BrokenWord {
  /** The element checked (`th`, `td`, ...) and its text, cut short. */
  cell: string;
  /** The characters around the break: `…EXPOSUR|E…`. */
  at: string;
}

/**
 * Runs in the page. For each element matched by `selector`, walks its rendered text one character
 * at a time (a Range per character, its first client rect) and reports every line break that falls
 * between two letters or digits. Text of different block boxes (a `<div>` under a cell, a flex
 * item) starts its own lines, so the walk starts again at each block; closed `<details>` have no
 * rect and are skipped, and a space without one (collapsed at the end of a line) still counts as
 * the place the line broke.
 */
function brokenWordsIn(selector: string): BrokenWord[] {
  const word = /[\p{L}\p{N}]/u;
  const blockOf = (node: Node): Element | null => {
    for (let el = node.parentElement; el; el = el.parentElement) if (!getComputedStyle(el).display.startsWith('inline')) return el;
    return null;
  };
  const found: BrokenWord[] = [];
  for (const el of Array.from(document.querySelectorAll(selector))) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let prev: { ch: string; bottom: number; block: Element | null; text: string; i: number } | undefined;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = (node as Text).data;
      const block = blockOf(node);
      if (prev && prev.block !== block) prev = undefined;
      for (let i = 0; i < text.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        const ch = text[i];
        if (!rect || rect.width === 0) {
          // a space the line ended at (collapsed, or hanging at the line's end) is where it was allowed to wrap
          if (prev && /\s/.test(ch)) prev = { ...prev, ch };
          continue;
        }
        if (prev && rect.top >= prev.bottom - 2 && word.test(prev.ch) && word.test(ch)) {
          found.push({
            cell: `${el.tagName.toLowerCase()}: ${(el.textContent ?? '').trim().slice(0, 60)}`,
            at: `…${prev.text.slice(Math.max(0, prev.i - 8), prev.i + 1)}|${text.slice(i, i + 8)}…`,
          });
        }
        prev = { ch, bottom: rect.bottom, block, text, i };
      }
    }
  }
  return found;
}

/** Runs in the page: the header cells whose text takes more than one line. */
function multiLineHeaders(selector: string): string[] {
  return Array.from(document.querySelectorAll(selector))
    .filter((th) => {
      const range = document.createRange();
      range.selectNodeContents(th);
      const tops = new Set(
        Array.from(range.getClientRects())
          .filter((r) => r.width > 0)
          .map((r) => Math.round(r.top)),
      );
      return tops.size > 1;
    })
    .map((th) => (th.textContent ?? '').trim());
}

describe.runIf(available)('HTML report layout at 1400 px in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  let report: Report;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const htmlFile = join(ARTIFACTS, 'layout-1400.html');
    const jsonFile = join(ARTIFACTS, 'layout-1400.json');
    const { code } = await scanInProcess({ file: [EXAMPLE], format: ['html', 'json'], output: [htmlFile, jsonFile] });
    expect(code).toBe(0);
    const doc = JSON.parse(readFileSync(jsonFile, 'utf8')) as JsonReport;
    report = { ...doc, results: resultsOfJsonReport(doc) } as unknown as Report;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: WIDTH, height: 900 } });
    await page.goto(`file://${htmlFile}`);
    await page.waitForLoadState('load');
    await page.screenshot({ path: join(ARTIFACTS, 'layout-1400.png'), fullPage: true });
    await page.screenshot({ path: join(ARTIFACTS, 'layout-1400-top.png') });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows "Fix first": the failing checks of the highest severities, none of a higher one left out', async () => {
    const items = page.locator('ol.fix-first > li');
    expect(await page.locator('h2#fix-first').isVisible()).toBe(true);
    const listed = await items.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-check') ?? ''));
    expect(listed).toHaveLength(5);
    for (let i = 0; i < listed.length; i++) expect(await items.nth(i).isVisible(), listed[i]).toBe(true);

    const failing = report.results.filter((r) => r.status === 'fail');
    const rank = (id: string) => Math.min(...failing.filter((r) => r.checkId === id).map((r) => SEVERITIES.indexOf(r.severity)));
    expectEvery(listed, (id) => failing.some((r) => r.checkId === id));
    const ranks = listed.map(rank);
    expect(ranks, 'listed by severity, highest first').toEqual([...ranks].sort((a, b) => a - b));
    // every failing check more severe than the last one listed is in the list
    const lastRank = ranks[ranks.length - 1];
    const moreSevere = [...new Set(failing.filter((r) => SEVERITIES.indexOf(r.severity) < lastRank).map((r) => r.checkId))];
    for (const id of moreSevere) expect(listed).toContain(id);
    // each entry names its severity and its fix, as the table does
    const first = await items.first().innerText();
    expect(await items.first().locator('.sev').textContent()).toBe(SEVERITIES[ranks[0]]);
    expect(first).toMatch(/fix: \S/);
  });

  it('breaks no word in any table cell, header or "Fix first" entry, and keeps headers on one line', async () => {
    const cells = await page.evaluate(() => document.querySelectorAll('table th, table td, ol.fix-first li').length);
    expect(cells).toBeGreaterThan(500);
    expect(await page.evaluate(brokenWordsIn, 'table th, table td, ol.fix-first li')).toEqual([]);
    expect(await page.locator('table.heat thead th.col').count()).toBeGreaterThan(5);
    expect(await page.locator('table.pairs thead th').count()).toBe(6);
    expect(await page.evaluate(multiLineHeaders, 'thead th')).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(WIDTH);
  });

  it('would see a broken word: the check finds one in a column too narrow for its words', async () => {
    const found = await page.evaluate(() => {
      const probe = document.createElement('table');
      probe.id = 'narrow-probe';
      probe.innerHTML = '<tbody><tr><td>EXPOSURE WORKLOAD</td></tr></tbody>';
      const td = probe.querySelector('td')!;
      td.style.width = '30px';
      td.style.overflowWrap = 'anywhere';
      probe.style.width = '30px';
      probe.style.tableLayout = 'fixed';
      document.body.append(probe);
      return true;
    });
    expect(found).toBe(true);
    const broken = await page.evaluate(brokenWordsIn, '#narrow-probe td');
    expect(broken.length).toBeGreaterThan(0);
    expect(broken[0].at).toMatch(/[A-Z]\|[A-Z]/);
    await page.evaluate(() => document.getElementById('narrow-probe')?.remove());
  });
});

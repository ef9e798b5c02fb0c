#!/usr/bin/env node
// `node bench/html-render.mjs REPORT.html [--timeout 600]`: how an HTML report behaves in headless
// Chromium (/usr/bin/chromium, scripts/install-browser.sh): its size, the time from navigation to
// the heading and the first finding row on screen, to the load event, and to the findings' script being done (the
// finding count written by it), the rows in the DOM and the page's JavaScript heap. Prints one JSON line.
/* global document, requestAnimationFrame -- run in the page by page.evaluate */
import { statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';

const file = resolve(process.argv[2] ?? '');
const at = process.argv.indexOf('--timeout');
const timeout = (at > 0 ? Number(process.argv[at + 1]) : 600) * 1000;
const load = loadavg()[0];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(timeout);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const started = performance.now();
  const loaded = page.waitForEvent('load', { timeout }).then(() => performance.now() - started);
  await page.goto(`file://${file}`, { waitUntil: 'commit', timeout });
  await page.locator('h1').waitFor({ state: 'visible', timeout });
  const headingMs = performance.now() - started;
  await page.locator('tr.finding').first().waitFor({ state: 'visible', timeout });
  const firstRowMs = performance.now() - started;
  const loadMs = await loaded;
  // the script writes "N of M finding(s)" when it has run (the page says it before, too: wait for a frame after load)
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(undefined))));
  const scriptDoneMs = performance.now() - started;
  const facts = await page.evaluate(() => ({
    rows: document.querySelectorAll('tr.finding').length,
    count: document.getElementById('filter-count')?.textContent ?? '',
    heapMb: (performance.memory?.usedJSHeapSize ?? 0) / 2 ** 20,
  }));
  console.log(
    JSON.stringify({
      file,
      mb: +(statSync(file).size / 2 ** 20).toFixed(1),
      headingMs: Math.round(headingMs),
      firstRowMs: Math.round(firstRowMs),
      loadMs: Math.round(loadMs),
      scriptDoneMs: Math.round(scriptDoneMs),
      ...facts,
      heapMb: Math.round(facts.heapMb),
      load,
      errors,
    }),
  );
} finally {
  await browser.close();
}

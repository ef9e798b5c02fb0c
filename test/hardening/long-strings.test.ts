import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMAT_NAMES } from '../../cli/formats.js';
import type { Report } from '../../src/engine/report.js';
import { MAX_REPORT_STRING, truncateLongStrings } from '../../reports/long-strings.js';
import { scanInProcess } from '../helpers/cli.js';

/** A 1 MB object name (only hand-written input has one) keeps every report bounded (issue 12). */

const LONG = 'a'.repeat(1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'tenantscan-long-'));
const FILE = join(dir, 'long.yaml');
writeFileSync(
  FILE,
  `apiVersion: v1
kind: Namespace
metadata:
  name: team-a
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${LONG}
  namespace: team-a
  labels: { note: "${'b'.repeat(5000)}" }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: nginx, securityContext: { privileged: true } }]
`,
);

describe('very long strings in reports', () => {
  it.each(FORMAT_NAMES())('%s stays under 1 MB', async (format) => {
    const { stdout } = await scanInProcess({ file: [FILE], format: [format], color: false });
    expect(stdout.length).toBeGreaterThan(0);
    expect(stdout.length).toBeLessThan(1_000_000);
  });

  it('the JSON report gives each truncated string with its length', async () => {
    const { stdout } = await scanInProcess({ file: [FILE], format: ['json'] });
    const report = JSON.parse(stdout) as Report;
    const privileged = report.results.find((r) => r.checkId === 'workload-privileged' && r.status === 'fail');
    expect(privileged?.subject.name).toBe(`${'a'.repeat(256)}… [1000000 characters, truncated]`);
  });

  it('a report without long strings is returned as it is, not copied', () => {
    const report = { results: [{ name: 'x'.repeat(MAX_REPORT_STRING) }] };
    expect(truncateLongStrings(report)).toBe(report);
  });
});

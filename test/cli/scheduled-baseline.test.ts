import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'tenantscan.js');
const EXAMPLE = join(ROOT, 'examples', 'shared-cluster');

interface JsonReport {
  baseline?: { file: string; new: number; existing: number; fixed: number };
  results: Array<{ status: string; baseline?: string }>;
}

/** The command the Helm chart's CronJob runs (charts/tenantscan/templates/cronjob.yaml), on the example manifests. */
function scheduledRun(dir: string) {
  const last = join(dir, 'last-report.json');
  const args = ['scan', '--file', EXAMPLE, '--baseline', last, '--baseline-optional', '--format', 'json', '--output', last];
  return spawnSync('node', [BIN, ...args, '--format', 'json', '--quiet'], { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20 });
}

describe('a scheduled run keeps the last report as the next baseline', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tenantscan-scheduled-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts without a baseline, then compares each run with the one before', async () => {
    const first = scheduledRun(dir);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toBe('');
    const logged = JSON.parse(first.stdout) as JsonReport;
    expect(logged.baseline).toBeUndefined();
    const kept = JSON.parse(await readFile(join(dir, 'last-report.json'), 'utf8')) as JsonReport;
    expect(kept.results).toEqual(logged.results);

    const second = scheduledRun(dir);
    expect(second.status, second.stderr).toBe(0);
    const compared = JSON.parse(second.stdout) as JsonReport;
    const failures = compared.results.filter((r) => r.status === 'fail');
    expect(failures.length).toBeGreaterThan(0);
    expect(compared.baseline).toEqual({ file: join(dir, 'last-report.json'), new: 0, existing: failures.length, fixed: 0 });
    expect(readdirSync(dir)).toEqual(['last-report.json']); // no partial file left behind
  });

  it('still rejects a baseline file that exists but is no report, and --baseline-optional alone', () => {
    const bad = spawnSync('node', [BIN, 'scan', '--file', EXAMPLE, '--baseline', join(ROOT, 'package.json'), '--baseline-optional'], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    const alone = spawnSync('node', [BIN, 'scan', '--file', EXAMPLE, '--baseline-optional'], { encoding: 'utf8' });
    expect(alone.status).toBe(2);
    expect(alone.stderr).toMatch(/--baseline-optional needs --baseline/);
  });
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateReport } from '../../reports/schema/index.js';
import { type ScanArgs, runScan } from '../../cli/scan-command.js';
import { REPO_ROOT, SMALL_CLUSTER } from './report-fixtures.js';

const BIN = join(REPO_ROOT, 'bin', 'tenantscan.js');
const tmp = mkdtempSync(join(tmpdir(), 'tenantscan-quiet-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const args = (over: Partial<ScanArgs>): ScanArgs => ({
  namespace: 'default',
  format: ['json'],
  profile: 'multi-team',
  failOn: 'none',
  quiet: false,
  ...over,
});

describe('progress and logs stay off stdout; --quiet prints nothing but the report', () => {
  // small-cluster.yaml has a broken document: it was not checked, so the run exits 2 (bad input)
  // after writing the report of the rest, and says so on stderr even with --quiet.
  it('off a terminal with --quiet: stdout is exactly the report, stderr only the input error (spawned CLI)', () => {
    const run = spawnSync(process.execPath, [BIN, 'scan', '--file', SMALL_CLUSTER, '--format', 'json', '--quiet'], {
      encoding: 'utf8',
      cwd: REPO_ROOT,
    });
    expect(run.status).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^tenantscan: error: .*small-cluster\.yaml:\d+: /);
    expect(lines[1]).toMatch(/^tenantscan: 1 document\(s\) could not be loaded and were not checked/);
    expect(validateReport(JSON.parse(run.stdout))).toEqual([]);
  });

  it('without --quiet the load error is on stderr, still not on stdout', () => {
    const run = spawnSync(process.execPath, [BIN, 'scan', '--file', SMALL_CLUSTER, '--format', 'json'], {
      encoding: 'utf8',
      cwd: REPO_ROOT,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^tenantscan: error: .*small-cluster\.yaml:\d+: /m);
    expect(validateReport(JSON.parse(run.stdout))).toEqual([]);
  });

  it('--quiet with --output files: no progress or log line on stderr, only the input error and the gate verdict (in-process)', async () => {
    let stdout = '';
    let stderr = '';
    const out = join(tmp, 'report.html');
    const code = await runScan(
      args({ file: [SMALL_CLUSTER], format: ['html', 'junit'], output: [out, join(tmp, 'report.xml')], quiet: true, failOn: 'high' }),
      {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        // even on a terminal, --quiet prints no progress or log line
        stderrIsTty: true,
        stdoutIsTty: false,
        cwd: REPO_ROOT,
      },
    );
    expect(code).toBe(2); // the gate fails on the high hostPath findings, but unchecked input comes first
    expect(stderr).not.toMatch(/wrote|warning/);
    // the gate's verdict is the one line --quiet keeps besides input errors (issue 14)
    expect(stderr.match(/^tenantscan: gate failed: .*$/gm)).toHaveLength(1);
    expect(stderr).toMatch(/could not be loaded and were not checked/);
    expect(stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });

  it('without --quiet the same run says on stderr what it wrote and why the gate failed', async () => {
    let stderr = '';
    const out = join(tmp, 'report.md');
    await runScan(args({ file: [SMALL_CLUSTER], format: ['markdown'], output: [out], failOn: 'high' }), {
      stdout: () => undefined,
      stderr: (t) => (stderr += t),
      stderrIsTty: false,
      stdoutIsTty: false,
      cwd: REPO_ROOT,
    });
    expect(stderr).toContain(`tenantscan: wrote markdown report to ${out}`);
    expect(stderr).toMatch(/tenantscan: gate failed: /);
  });
});

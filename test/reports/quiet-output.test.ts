import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateReport } from '../../reports/schema/index.js';
import { type ScanArgs, runScan } from '../../src/cli/scan-command.js';
import { REPO_ROOT, SMALL_CLUSTER } from './report-fixtures.js';

const BIN = join(REPO_ROOT, 'bin', 'tenantscan.js');
const built = existsSync(join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js'));
const tmp = mkdtempSync(join(tmpdir(), 'tenantscan-quiet-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const args = (over: Partial<ScanArgs>): ScanArgs => ({ namespace: 'default', format: ['json'], profile: 'multi-team', failOn: 'none', quiet: false, ...over });

describe('progress and logs stay off stdout; --quiet prints nothing but the report', () => {
  // small-cluster.yaml has a broken document: without --quiet its load error goes to stderr
  it.runIf(built)('off a terminal with --quiet: stdout is exactly the report, stderr is empty (spawned CLI)', () => {
    const run = spawnSync(process.execPath, [BIN, 'scan', '--file', SMALL_CLUSTER, '--format', 'json', '--quiet'], { encoding: 'utf8', cwd: REPO_ROOT });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(validateReport(JSON.parse(run.stdout))).toEqual([]);
  });

  it.runIf(built)('without --quiet the load error is on stderr, still not on stdout', () => {
    const run = spawnSync(process.execPath, [BIN, 'scan', '--file', SMALL_CLUSTER, '--format', 'json'], { encoding: 'utf8', cwd: REPO_ROOT });
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/^tenantscan: error: .*small-cluster\.yaml:\d+: /m);
    expect(validateReport(JSON.parse(run.stdout))).toEqual([]);
  });

  it('--quiet with --output files: nothing on stderr, and the gate message is silenced too (in-process)', async () => {
    let stdout = '';
    let stderr = '';
    const out = join(tmp, 'report.html');
    const code = await runScan(args({ file: [SMALL_CLUSTER], format: ['html', 'junit'], output: [out, join(tmp, 'report.xml')], quiet: true, failOn: 'high' }), {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      // even on a terminal, --quiet prints no progress or log line
      stderrIsTty: true,
      stdoutIsTty: false,
      cwd: REPO_ROOT,
    });
    expect(code).toBe(1); // the hostPath findings are high: the gate fails
    expect(stderr).toBe('');
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

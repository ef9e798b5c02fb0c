import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.js';
import { loadConfig, validateConfig } from '../../src/config/load.js';
import { jsonReportOf, scanInProcess } from '../helpers/cli.js';

const CLUSTER = join(import.meta.dirname, '..', 'config', 'fixtures', 'cluster.yaml');

function tempFile(name: string, text: string | Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), 'tenantscan-messages-')), name);
  writeFileSync(file, text);
  return file;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('clear messages for wrong input (issue 12)', () => {
  it.each(['9999-99-99', '2025-02-30', '2025-13-01', '2026-00-10'])('rejects the impossible waiver date %s', (date) => {
    const problems = validateConfig({ waivers: [{ check: 'workload-privileged', reason: 'r', expires: date }] });
    expect(problems).toEqual([`/waivers/0/expires: ${date} is not a calendar date (YYYY-MM-DD)`]);
  });

  it('reads an unquoted waiver date as the date written (YAML timestamps are not a config type), and keeps merge keys', () => {
    const file = tempFile(
      '.tenantscan.yaml',
      'waivers:\n  - &reviewed { check: workload-privileged, reason: reviewed, expires: 2030-01-31 }\n  - <<: *reviewed\n    check: quota-missing\n    expires: 2030-02-30\n',
    );
    // the second waiver took its reason from the first by the merge key; only its impossible date is wrong
    expect(() => loadConfig(file, tmpdir())).toThrow(
      'config ' + file + ' is invalid:\n  - /waivers/1/expires: 2030-02-30 is not a calendar date (YYYY-MM-DD)',
    );
    const good = tempFile('.tenantscan.yaml', 'waivers:\n  - check: workload-privileged\n    reason: r\n    expires: 2030-01-31\n');
    expect(loadConfig(good, tmpdir()).config.waivers).toEqual([{ check: 'workload-privileged', reason: 'r', expires: '2030-01-31' }]);
  });

  it('accepts real dates, 29 February of a leap year included', () => {
    expect(validateConfig({ waivers: [{ check: 'workload-privileged', reason: 'r', expires: '2028-02-29' }] })).toEqual([]);
    expect(validateConfig({ waivers: [{ check: 'workload-privileged', reason: 'r', expires: '2027-02-29' }] })).toHaveLength(1);
  });

  it('reports every unknown check ID of severity and disabledChecks at once', async () => {
    const cfg = tempFile('.tenantscan.yaml', 'severity:\n  nope-one: low\n  nope-two: low\ndisabledChecks: [nope-three]\n');
    await expect(scanInProcess({ file: [CLUSTER], config: cfg })).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(
        /disabledChecks names unknown check\(s\): nope-three.*severity names unknown check\(s\): nope-one, nope-two/s,
      ),
    });
  });

  it('rejects a baseline with an unknown schemaVersion', async () => {
    const baseline = tempFile('old.json', JSON.stringify({ schemaVersion: '3.0.0', results: [] }));
    await expect(scanInProcess({ file: [CLUSTER], baseline })).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('schemaVersion 3.0.0'),
    });
  });

  it('reads a baseline of schema 1.x (failures were in `results` then too), so the last scheduled report still serves', async () => {
    const report = await jsonReportOf([CLUSTER]);
    const failing = report.results.filter((r) => r.status === 'fail');
    expect(failing.length).toBeGreaterThan(0);
    const baseline = tempFile('v1.json', JSON.stringify({ schemaVersion: '1.2.0', results: report.results }));
    const compared = await jsonReportOf([CLUSTER], { baseline });
    expect(compared.baseline).toMatchObject({ new: 0, existing: failing.length, fixed: 0 });
  });

  it('bounds the size of a baseline instead of reading it all', async () => {
    await expect(scanInProcess({ file: [CLUSTER], baseline: '/dev/zero' })).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('larger than'),
    });
  });

  it('reports null entries in a baseline instead of crashing', async () => {
    const report = await jsonReportOf([CLUSTER]);
    const baseline = tempFile('old.json', JSON.stringify({ ...report, results: [null, ...report.results, 5] }));
    await expect(scanInProcess({ file: [CLUSTER], baseline })).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('results[0] is not a result object'),
    });
  });

  it.each(['10.0.0.0/33', '999.1.1.1/8', 'fd00::/129'])(
    'rejects the pod network %s, which the schema shape lets through but is no CIDR',
    (cidr) => {
      expect(validateConfig({ network: { podCIDRs: ['10.244.0.0/16', cidr] } })).toEqual([
        `/network/podCIDRs/1: ${cidr} is not a CIDR (an IPv4 or IPv6 address, "/", a prefix length of at most 32 or 128)`,
      ]);
    },
  );

  it('refuses a config with an invalid pod network with exit 2, naming the file and the entry', async () => {
    let stderr = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr += String(chunk);
      return true;
    });
    const config = tempFile('.tenantscan.yaml', 'network:\n  podCIDRs: ["999.1.1.1/8"]\n');
    const code = await main(['scan', '--file', CLUSTER, '--config', config]);
    expect(code).toBe(2);
    expect(stderr).toContain(`config ${config} is invalid`);
    expect(stderr).toContain('/network/podCIDRs/0: 999.1.1.1/8 is not a CIDR');
  });

  it.each([
    ['--config', 'config /dev/zero is larger than the 16 MB tenantscan reads'],
    ['--kubeconfig', 'kubeconfig /dev/zero is not valid: /dev/zero is larger than the 16 MB tenantscan reads'],
  ])('refuses %s /dev/zero with exit 2 after a bounded read', async (flag, message) => {
    let stderr = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr += String(chunk);
      return true;
    });
    const code = await main(flag === '--config' ? ['scan', '--file', CLUSTER, flag, '/dev/zero'] : ['scan', flag, '/dev/zero']);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it.each([
    ['--page-size', '0.5'],
    ['--concurrency', '2.5'],
  ])('refuses %s %s with exit 2 (a whole number is needed)', async (flag, value) => {
    let stderr = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr += String(chunk);
      return true;
    });
    const code = await main(['scan', flag, value, '--kubeconfig', '/nonexistent']);
    expect(code).toBe(2);
    expect(stderr).toContain(`${flag} must be a whole number`);
  });
});

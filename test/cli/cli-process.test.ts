import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'tenantscan.js');
const LOG_SHIPPER = join(ROOT, 'examples', 'shared-cluster', 'tenants', 'initech', 'log-shipper.yaml');

/** Run the built CLI (npm test builds dist/ first) as a user would, through a shell when a pipe is needed. */
function sh(command: string, input?: string) {
  return spawnSync('bash', ['-c', command], { cwd: ROOT, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

describe('tenantscan as a process', () => {
  it('reads stdin with --file - and -f - (as in `helm template ... | tenantscan scan --file -`)', () => {
    for (const flag of ['--file -', '-f -']) {
      const run = sh(`node ${BIN} scan ${flag} --format json --fail-on high`, readFileSync(LOG_SHIPPER, 'utf8'));
      expect(run.status, run.stderr).toBe(1);
      const report = JSON.parse(run.stdout);
      expect(report.source).toEqual({ type: 'manifests', files: ['<stdin>'] });
      expect(
        report.results.find((r: { checkId: string; status: string }) => r.checkId === 'storage-hostpath-volume' && r.status === 'fail')
          ?.location,
      ).toEqual({ file: '<stdin>', line: 35, column: 11 }); // the hostPath field of /spec/template/spec/volumes/0/hostPath
    }
  });

  it('stops quietly, without a stack trace, when the reader closes the pipe early', () => {
    const run = sh(`node ${BIN} scan --file examples/shared-cluster | head -1; exit \${PIPESTATUS[0]}`);
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(/^tenantscan \d/);
    expect(run.stderr).not.toMatch(/EPIPE|at .*\(node:/);
  });

  it('rejects flags that do not go together with exit 2 and one clear line', () => {
    const cases: Array<[string, RegExp]> = [
      ['scan --file examples/shared-cluster --context prod', /--file and --context exclude each other/],
      ['scan --file', /--file needs a path/],
      ['scan --file examples/shared-cluster --fail-on-new-only', /--fail-on-new-only needs --baseline/],
      ['scan --file examples/shared-cluster --format yaml', /unknown --format "yaml"/],
    ];
    for (const [args, message] of cases) {
      const run = sh(`node ${BIN} ${args}`);
      expect([args, run.status]).toEqual([args, 2]);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

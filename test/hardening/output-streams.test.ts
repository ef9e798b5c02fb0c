import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const EXAMPLE = join(ROOT, 'examples', 'shared-cluster');

/** Run a built executable (npm test builds dist/ first) with stdout on /dev/full, a device that is always full (ENOSPC). */
function toFullDisk(bin: string, args: string[]) {
  const full = openSync('/dev/full', 'w');
  try {
    return spawnSync('node', [join(ROOT, 'bin', bin), ...args], { cwd: ROOT, stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
  } finally {
    closeSync(full);
  }
}

describe.runIf(existsSync('/dev/full'))('stdout on a full disk', () => {
  it.each([
    ['tenantscan scan --format json', 'tenantscan.js', ['scan', '--file', EXAMPLE, '--format', 'json']],
    ['tenantscan scan (table)', 'tenantscan.js', ['scan', '--file', EXAMPLE]],
    ['kubectl tenantscan --format sarif', 'kubectl-tenantscan.js', ['--file', EXAMPLE, '--format', 'sarif']],
  ])('%s: one clear line and exit 2, no stack trace', (_name, bin, args) => {
    const run = toFullDisk(bin, args);
    expect(run.stderr).toBe(
      'tenantscan: cannot write to stdout: ENOSPC: no space left on device, write. The report was not written completely.\n',
    );
    expect(run.status).toBe(2);
  });
});

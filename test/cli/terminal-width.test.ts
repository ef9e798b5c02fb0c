import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_WIDTH, terminalWidth } from '../../cli/terminal-width.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'tenantscan.js');
const EXAMPLE = join(import.meta.dirname, '..', '..', 'examples', 'shared-cluster');

describe('terminalWidth', () => {
  it('takes the terminal, else a positive whole $COLUMNS, at most MAX_WIDTH', () => {
    expect(terminalWidth({ isTTY: true, columns: 120 }, {})).toBe(120);
    expect(terminalWidth({}, { COLUMNS: '90' })).toBe(90);
    for (const bad of ['0', '-5', 'abc', '2.5', '']) expect(terminalWidth({}, { COLUMNS: bad }), bad).toBeUndefined();
    expect(terminalWidth({}, { COLUMNS: '100000' })).toBe(MAX_WIDTH);
    expect(terminalWidth({}, { COLUMNS: '9999999999999999' })).toBe(MAX_WIDTH);
    expect(terminalWidth({ isTTY: true, columns: 50000 }, {})).toBe(MAX_WIDTH);
  });

  it('a huge $COLUMNS neither hangs nor crashes a scan (yargs lays out its help on every run)', () => {
    const run = spawnSync(process.execPath, [BIN, 'scan', '--file', EXAMPLE, '--format', 'json'], {
      env: { ...process.env, COLUMNS: '9999999999999999' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).not.toContain('internal error');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).tenants.length).toBeGreaterThan(0);
  });
});

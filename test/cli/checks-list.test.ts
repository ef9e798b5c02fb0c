import { describe, expect, it } from 'vitest';
import { builtinChecks } from '../../checks/index.js';
import { listChecks } from '../../cli/catalog-commands.js';
import { expectEvery } from '../helpers/expect-every.js';

describe('tenantscan checks', () => {
  it('fits its table to the terminal width by wrapping titles, never cutting an ID', () => {
    const wide = listChecks('table');
    const narrow = listChecks('table', builtinChecks, 120);
    expect(Math.max(...wide.split('\n').map((l) => l.length))).toBeGreaterThan(120);
    expectEvery(narrow.split('\n'), (l) => l.length <= 120);
    const idCells = narrow
      .split('\n')
      .map((l) => /^│ (\S+)\s+│/.exec(l)?.[1])
      .filter((id): id is string => Boolean(id) && id !== 'ID');
    expect(idCells).toEqual(builtinChecks.map((c) => c.id));
  });

  it('labels severities as every report does (upper case)', () => {
    const privileged = listChecks('table')
      .split('\n')
      .find((l) => l.startsWith('│ workload-privileged '));
    expect(privileged).toMatch(/│ CRITICAL\s+│ CRITICAL\s+│/);
  });
});

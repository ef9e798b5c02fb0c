import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../../cli/gate.js';
import { defineCheck } from '../../src/engine/check.js';
import type { Report } from '../../src/engine/report.js';
import { runCheckOnText } from '../helpers/fixtures.js';
import { scanInProcess } from '../helpers/cli.js';

const manifests = `apiVersion: v1
kind: Namespace
metadata: { name: team-a }
`;

const base = {
  family: 'custom',
  title: 't',
  description: 'd',
  rationale: 'r',
  remediation: 'm',
  references: [],
  severity: 'high' as const,
  target: 'cluster' as const,
  needs: [],
  messages: {},
};

/** Run a check whose function returns `value` (typed loosely: a custom check is plain JavaScript). */
function runReturning(value: () => unknown) {
  const check = defineCheck({ ...base, id: 'custom-bad-return', check: value as never });
  return runCheckOnText(check, manifests);
}

describe('custom checks are isolated: a bad check becomes an error result', () => {
  it('an async check (a Promise) is an error, and its rejection is not left unhandled', () => {
    const results = runReturning(async () => {
      throw new Error('late');
    });
    expect(results).toEqual([expect.objectContaining({ status: 'error', reason: expect.stringContaining('returned a Promise') })]);
  });

  it.each([
    ['[null]', () => [null]],
    ['[5]', () => [5]],
    ['a number', () => 5],
    ['a string', () => 'x'],
    ['null', () => null],
    ['undefined', () => undefined],
  ])('a check returning %s is an error', (_name, value) => {
    const results = runReturning(value);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ status: 'error', reason: expect.stringMatching(/^check returned /) });
  });

  it('a check that throws a non-Error value is an error', () => {
    const results = runReturning(() => {
      throw null;
    });
    expect(results[0]).toMatchObject({ status: 'error', reason: 'check threw: null' });
  });

  it('process.exit inside a check does not end the process: it is an error result', () => {
    const exit = process.exit;
    const results = runReturning(() => process.exit(0));
    expect(results[0]).toMatchObject({ status: 'error', reason: expect.stringContaining('process.exit') });
    expect(process.exit).toBe(exit);
  });

  it('process.exit caught inside the check is still an error result', () => {
    const results = runReturning(() => {
      try {
        process.exit(0);
      } catch {
        // swallowed
      }
      return [];
    });
    expect(results[0]).toMatchObject({ status: 'error', reason: expect.stringContaining('process.exit') });
  });

  it('a check over the time budget is an error result', () => {
    const check = defineCheck({
      ...base,
      id: 'custom-slow',
      check: () => {
        const end = Date.now() + 30;
        while (Date.now() < end);
        return [];
      },
    });
    const results = runCheckOnText(check, manifests, { options: { checkTimeBudgetMs: 10 } });
    expect(results[0]).toMatchObject({ status: 'error', reason: expect.stringMatching(/took \d+ ms, over the budget of 10 ms/) });
  });

  it('the gate fails on an error result', () => {
    const report = {
      results: [{ checkId: 'custom-x', family: 'custom', status: 'error', severity: 'info', subject: {}, reason: 'check threw: x' }],
      score: { score: 100 },
    } as unknown as Report;
    const gate = evaluateGate(report, { failOn: 'critical' });
    expect(gate.passed).toBe(false);
    expect(gate.reasons.join()).toContain('1 check error(s)');
    expect(evaluateGate(report, { failOn: 'none' }).passed).toBe(true);
  });

  it('a --checks-dir module calling process.exit(0) cannot pass the gate', async () => {
    const { code, stdout } = await scanInProcess({
      file: [join(import.meta.dirname, '..', 'config', 'fixtures', 'cluster.yaml')],
      checksDir: join(import.meta.dirname, 'fixtures', 'exiting-checks'),
      failOn: 'critical',
    });
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as Report;
    expect(report.results.find((r) => r.checkId === 'custom-exit-zero')).toMatchObject({ status: 'error' });
  });
});

import { describe, expect, it } from 'vitest';
import type { Result } from '../../src/engine/result.js';
import { CLUSTER_SCOPE, scoreOf, unitsOf } from '../../src/engine/scoring.js';

const r = (checkId: string, status: Result['status'], severity: Result['severity'], tenant?: string, name = 'x'): Result => ({
  checkId,
  family: 'test',
  status,
  severity,
  ...(tenant ? { tenant } : {}),
  subject: { apiVersion: 'v1', kind: 'Namespace', name },
});

describe('scoring (docs/scoring.md)', () => {
  it('a unit (check within a tenant) fails when any of its results fails', () => {
    const units = unitsOf([r('a', 'pass', 'high', 't', 'ns1'), r('a', 'fail', 'high', 't', 'ns2'), r('b', 'pass', 'low', 't')]);
    expect(units).toEqual([
      { scope: 't', checkId: 'a', severity: 'high', status: 'fail' },
      { scope: 't', checkId: 'b', severity: 'low', status: 'pass' },
    ]);
  });

  it('weights units by severity: critical 10, high 6, medium 3, low 1, info 0', () => {
    // passed: medium (3) + low (1) + info (0) = 4; failed: high (6) -> 100 * 4 / 10 = 40
    const s = scoreOf(
      unitsOf([r('a', 'fail', 'high', 't'), r('b', 'pass', 'medium', 't'), r('c', 'pass', 'low', 't'), r('d', 'pass', 'info', 't')]),
    );
    expect(s).toEqual({ score: 40, grade: 'F', coverage: 1, counts: { pass: 3, fail: 1, notEvaluated: 0, waived: 0 } });
  });

  it('never counts not-evaluated as a pass: a unit with a pass and a not-evaluated result is not evaluated', () => {
    const units = unitsOf([r('a', 'pass', 'high', 't', 'ns1'), r('a', 'not-evaluated', 'high', 't', 'ns2'), r('b', 'pass', 'medium', 't')]);
    expect(units.find((u) => u.checkId === 'a')?.status).toBe('not-evaluated');
    // evaluated weight 3 (b), unevaluated 6 (a): coverage 3/9
    expect(scoreOf(units)).toMatchObject({ score: 100, coverage: 0.333, counts: { pass: 1, notEvaluated: 1 } });
  });

  it('treats error like not-evaluated, and leaves waived-only units out of the score', () => {
    const s = scoreOf(unitsOf([r('a', 'error', 'high', 't'), r('b', 'waived', 'critical', 't'), r('c', 'fail', 'medium', 't')]));
    expect(s).toEqual({ score: 0, grade: 'F', coverage: 0.333, counts: { pass: 0, fail: 1, notEvaluated: 1, waived: 1 } });
  });

  it('never turns a waived failure into a pass: a unit with passes and a waived failure is waived', () => {
    const units = unitsOf([r('a', 'pass', 'critical', 't', 'ns1'), r('a', 'waived', 'critical', 't', 'ns2'), r('b', 'fail', 'low', 't')]);
    expect(units.find((u) => u.checkId === 'a')?.status).toBe('waived');
    expect(scoreOf(units)).toEqual({ score: 0, grade: 'F', coverage: 1, counts: { pass: 0, fail: 1, notEvaluated: 0, waived: 1 } });
  });

  it('has no score when nothing was evaluated', () => {
    expect(scoreOf(unitsOf([r('a', 'not-evaluated', 'high', 't')]))).toEqual({
      score: null,
      grade: 'N/A',
      coverage: 0,
      counts: { pass: 0, fail: 0, notEvaluated: 1, waived: 0 },
    });
  });

  it('caps the grade at C when a critical unit fails', () => {
    const results = [r('crit', 'fail', 'critical', 't')];
    for (let i = 0; i < 20; i++) results.push(r(`p${i}`, 'pass', 'critical', 't'));
    const s = scoreOf(unitsOf(results));
    expect(s.score).toBe(95.2);
    expect(s.grade).toBe('C');
  });

  it('puts results without a tenant in the cluster scope', () => {
    expect(unitsOf([r('a', 'pass', 'low')])[0].scope).toBe(CLUSTER_SCOPE);
  });
});

describe('minimum coverage (docs/scoring.md)', () => {
  // judged: high fail (6); not evaluated: critical (10) + high (6): coverage 6 / 22 = 0.273
  const units = unitsOf([r('a', 'fail', 'high', 't'), r('b', 'not-evaluated', 'critical', 't'), r('c', 'not-evaluated', 'high', 't')]);

  it('does not grade a scope judged on less than minCoverage of its weight: no F 0.0', () => {
    expect(scoreOf(units, 0.5)).toEqual({
      score: null,
      grade: 'N/A',
      coverage: 0.273,
      counts: { pass: 0, fail: 1, notEvaluated: 2, waived: 0 },
      insufficientCoverage: true,
    });
    expect(scoreOf(units)).toMatchObject({ score: 0, grade: 'F' });
    expect(scoreOf(units, 0.27)).toMatchObject({ score: 0, grade: 'F' });
  });

  it('grades a scope at or above the minimum, and one with nothing unevaluated whatever its weight', () => {
    const half = unitsOf([r('a', 'pass', 'high', 't'), r('b', 'not-evaluated', 'high', 't')]);
    expect(scoreOf(half, 0.5)).toMatchObject({ score: 100, grade: 'A', coverage: 0.5 });
    expect(scoreOf(unitsOf([r('a', 'pass', 'info', 't')]), 1)).toMatchObject({ score: 100 });
    expect(scoreOf([], 1)).toEqual({ score: null, grade: 'N/A', coverage: 1, counts: { pass: 0, fail: 0, notEvaluated: 0, waived: 0 } });
  });
});

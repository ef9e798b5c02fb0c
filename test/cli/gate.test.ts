import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../../cli/gate.js';
import type { Report } from '../../src/engine/report.js';
import type { Result } from '../../src/engine/result.js';

const report = (results: Partial<Result>[], score: number | null = 80): Report =>
  ({
    results: results.map((r) => ({
      checkId: 'c',
      family: 'f',
      status: 'fail',
      severity: 'medium',
      subject: { apiVersion: 'v1', kind: 'Pod', name: 'p' },
      ...r,
    })),
    score: { score },
  }) as unknown as Report;

describe('CI gate', () => {
  it('fails on a failing result at or above --fail-on, and only on those', () => {
    expect(evaluateGate(report([{ severity: 'medium' }]), { failOn: 'high' }).passed).toBe(true);
    expect(evaluateGate(report([{ severity: 'critical' }]), { failOn: 'high' })).toEqual({
      failOn: 'high',
      newOnly: false,
      passed: false,
      reasons: ['1 failing result(s) at or above severity high'],
      failing: 1,
      score: 80,
    });
    expect(evaluateGate(report([{ severity: 'high' }]), { failOn: 'high' }).passed).toBe(false);
  });

  it('never fails on waived, not-evaluated or passing results', () => {
    const r = report([
      { status: 'waived', severity: 'critical' },
      { status: 'not-evaluated', severity: 'critical' },
      { status: 'pass', severity: 'critical' },
    ]);
    expect(evaluateGate(r, { failOn: 'info' }).passed).toBe(true);
  });

  it('fails under --min-score, and when no score could be computed', () => {
    expect(evaluateGate(report([], 79.9), { failOn: 'none', minScore: 80 })).toEqual({
      failOn: 'none',
      minScore: 80,
      newOnly: false,
      passed: false,
      reasons: ['overall score 79.9 is below --min-score 80'],
      failing: 0,
      score: 79.9,
    });
    expect(evaluateGate(report([], 80), { failOn: 'none', minScore: 80 }).passed).toBe(true);
    expect(evaluateGate(report([], null), { failOn: 'none', minScore: 1 }).passed).toBe(false);
  });

  it('fails when a document could not be loaded (it was not checked), not on a warning, and only when a gate is set', () => {
    const withErrors = (levels: Array<'warning' | undefined>) =>
      ({
        ...report([]),
        loadErrors: levels.map((level) => ({ file: 'a.yaml', line: 3, message: 'invalid YAML', ...(level ? { level } : {}) })),
      }) as Report;
    expect(evaluateGate(withErrors([undefined, undefined, 'warning']), { failOn: 'high' })).toMatchObject({
      passed: false,
      reasons: ['2 document(s) could not be loaded: what was not checked cannot pass'],
    });
    expect(evaluateGate(withErrors(['warning']), { failOn: 'high' }).passed).toBe(true);
    expect(evaluateGate(withErrors([undefined]), { failOn: 'none' }).passed).toBe(true);
  });

  it('counts only new failures with newOnly', () => {
    const r = report([{ severity: 'critical', baseline: 'existing' }]);
    expect(evaluateGate(r, { failOn: 'high', newOnly: true }).passed).toBe(true);
    expect(evaluateGate(report([{ severity: 'critical', baseline: 'new' }]), { failOn: 'high', newOnly: true }).passed).toBe(false);
  });
});

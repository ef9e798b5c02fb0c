import { AssertionError } from 'node:assert';
import type { AnyCheck, CheckOptions } from '../engine/check.js';
import type { Result } from '../engine/result.js';
import { runChecks } from '../engine/runner.js';
import { TenantModel } from '../tenancy/model.js';
import type { TenancyOptions } from '../tenancy/types.js';
import { deepFreeze, isFrozenWriteError } from './deep-freeze.js';
import type { CheckTestCase, CheckTestCases } from './fixture-cases.js';
import { defaultCheckOptions, indexFromText } from './run-check.js';

/** What one case of a check did: its results, the message keys its findings used, and what was wrong. */
export interface CaseOutcome {
  results: Result[];
  messageIds: Set<string>;
  problems: string[];
}

/** Defaults for every case (a case's own options and tenancy are merged over them). */
export interface CheckTesterDefaults {
  options?: Partial<CheckOptions>;
  tenancy?: TenancyOptions;
}

/** The test framework's `describe` and `it` (vitest, mocha, node:test), as ESLint's RuleTester takes them. */
export interface CheckTesterOptions extends CheckTesterDefaults {
  describe?: (name: string, fn: () => void) => void;
  it?: (name: string, fn: () => void) => void;
}

type Expectation = 'valid' | 'invalid';

/**
 * Run one case of a check as `tenantscan scan --file` would, with the manifests' objects, the
 * subjects and the options deep-frozen, and judge it:
 * - a check that throws (a write to a frozen input is reported as a mutation) is a problem;
 * - no subject evaluated (only not-evaluated results, or none) is a problem: the case proves nothing;
 * - a `valid` case must yield no finding, an `invalid` case at least one;
 * - a finding's `messageId` must be a key of the check's `messages`.
 */
export function runCase(check: AnyCheck, testCase: CheckTestCase, expect: Expectation, defaults: CheckTesterDefaults = {}): CaseOutcome {
  const problems: string[] = [];
  const messageIds = new Set<string>();
  const mutations: string[] = [];
  const index = indexFromText(testCase.manifests, testCase.file ?? testCase.name);
  for (const object of index.all()) deepFreeze(object);
  const options = deepFreeze(defaultCheckOptions({ ...defaults.options, ...testCase.options }));
  const tenants = new TenantModel(index, deepFreeze({ ...defaults.tenancy, ...testCase.tenancy }));
  const observed: AnyCheck = {
    ...check,
    check(subject, ctx, checkOptions: object) {
      let outcome;
      try {
        outcome = check.check(deepFreeze(subject), ctx, deepFreeze(checkOptions));
      } catch (err) {
        if (isFrozenWriteError(err)) mutations.push((err as Error).message);
        throw err;
      }
      if (Array.isArray(outcome)) {
        for (const finding of outcome) {
          if (finding.messageId === undefined) continue;
          messageIds.add(finding.messageId);
          if (!Object.hasOwn(check.messages, finding.messageId))
            problems.push(`a finding uses messageId "${finding.messageId}", which is not a key of messages`);
        }
      }
      return outcome;
    },
  };
  const results = runChecks([observed], index, tenants, options);
  for (const m of new Set(mutations)) problems.push(`mutates its input (objects, subjects and options are frozen): ${m}`);
  for (const r of results.filter((x) => x.status === 'error')) {
    if (!mutations.length)
      problems.push(`${r.reason?.startsWith('check threw') ? 'throws' : 'is an error'} on ${subjectName(r)}: ${r.reason}`);
  }
  const evaluated = results.filter((r) => r.status === 'pass' || r.status === 'fail');
  if (evaluated.length === 0) {
    const why = results.length
      ? results.map((r) => `${subjectName(r)} ${r.status}${r.reason ? ` (${r.reason})` : ''}`).join('; ')
      : 'no subject';
    problems.push(`no subject was evaluated: ${why}`);
  }
  const failed = results.filter((r) => r.status === 'fail');
  if (expect === 'valid' && failed.length)
    problems.push(
      `a valid case yields ${failed.length} finding(s): ${failed.map((r) => `${subjectName(r)}${r.path ?? ''}: ${r.message}`).join('; ')}`,
    );
  if (expect === 'invalid' && failed.length === 0 && evaluated.length) problems.push('an invalid case yields no finding');
  return { results, messageIds, problems };
}

/** The message keys of a check that no invalid case used. */
export function unusedMessageIds(check: AnyCheck, outcomes: Iterable<CaseOutcome>): string[] {
  const used = new Set<string>();
  for (const o of outcomes) for (const id of o.messageIds) used.add(id);
  return Object.keys(check.messages).filter((id) => !used.has(id));
}

/** Every problem of a check over its cases, each prefixed with the case name; empty when the cases prove the check. */
export function verifyCheck(check: AnyCheck, cases: CheckTestCases, defaults: CheckTesterDefaults = {}): string[] {
  const problems: string[] = [];
  if (!cases.valid.length) problems.push('has no valid case (pass-*)');
  if (!cases.invalid.length) problems.push('has no invalid case (fail-*)');
  for (const c of cases.valid) for (const p of runCase(check, c, 'valid', defaults).problems) problems.push(`${c.name}: ${p}`);
  const invalid = cases.invalid.map((c) => {
    const outcome = runCase(check, c, 'invalid', defaults);
    for (const p of outcome.problems) problems.push(`${c.name}: ${p}`);
    return outcome;
  });
  const unused = unusedMessageIds(check, invalid);
  if (unused.length) problems.push(`message key(s) never used by an invalid case: ${unused.join(', ')}`);
  return problems;
}

/**
 * A tester for checks, in the manner of ESLint's RuleTester: `run(check, { valid, invalid })`.
 * Given `describe` and `it`, it registers one test per case plus one for the message keys;
 * without them it runs every case at once and throws an `AssertionError` listing every problem.
 *
 * @example
 * import { describe, it } from 'vitest';
 * import { CheckTester, fixtureCases } from 'tenantscan/testing';
 * new CheckTester({ describe, it }).run(check, fixtureCases('test/checks/acme/acme-owner-label'));
 */
export class CheckTester {
  constructor(private readonly config: CheckTesterOptions = {}) {}

  run(check: AnyCheck, cases: CheckTestCases): void {
    const { describe, it, ...defaults } = this.config;
    if (!describe || !it) {
      const problems = verifyCheck(check, cases, defaults);
      if (problems.length) throw failure(check, problems);
      return;
    }
    const invalidOutcomes = new Map<CheckTestCase, CaseOutcome>();
    const invalidOutcome = (c: CheckTestCase) => {
      let o = invalidOutcomes.get(c);
      if (!o) invalidOutcomes.set(c, (o = runCase(check, c, 'invalid', defaults)));
      return o;
    };
    describe(check.id, () => {
      it('has valid and invalid cases', () => {
        const missing = [...(cases.valid.length ? [] : ['valid (pass-*)']), ...(cases.invalid.length ? [] : ['invalid (fail-*)'])];
        if (missing.length)
          throw failure(
            check,
            missing.map((m) => `has no ${m} case`),
          );
      });
      for (const c of cases.valid) {
        it(`valid: ${c.name}`, () => assertNoProblem(check, c, runCase(check, c, 'valid', defaults).problems));
      }
      for (const c of cases.invalid) {
        it(`invalid: ${c.name}`, () => assertNoProblem(check, c, invalidOutcome(c).problems));
      }
      it('uses every message key in an invalid case', () => {
        const unused = unusedMessageIds(check, cases.invalid.map(invalidOutcome));
        if (unused.length) throw failure(check, [`message key(s) never used by an invalid case: ${unused.join(', ')}`]);
      });
    });
  }
}

function assertNoProblem(check: AnyCheck, testCase: CheckTestCase, problems: string[]): void {
  if (problems.length)
    throw failure(
      check,
      problems.map((p) => `${testCase.file ?? testCase.name}: ${p}`),
    );
}

function failure(check: AnyCheck, problems: string[]): AssertionError {
  return new AssertionError({ message: `check ${check.id}:\n${problems.map((p) => `  - ${p}`).join('\n')}` });
}

function subjectName(r: Result): string {
  return `${r.subject.kind}/${r.subject.namespace ? `${r.subject.namespace}/` : ''}${r.subject.name}`;
}

import type { AnyCheck, CheckContext, CheckOutcome } from './check.js';

/**
 * The time one call of a check function may take, in milliseconds, before its result is replaced by
 * an `error` result. Checks are synchronous and run on the scan's thread, so a call cannot be
 * interrupted: the budget is measured when the call returns (a check that never returns still hangs
 * the scan until `--timeout` or the CI job's own limit ends it).
 */
export const DEFAULT_CHECK_TIME_BUDGET_MS = 5_000;

/** A check call's outcome, or why it is an `error` result. */
export type GuardedOutcome = { outcome: CheckOutcome } | { error: string };

/**
 * Call a check function so that nothing it does can end or corrupt the scan: a throw (of anything),
 * a Promise (an `async` check), a value that is not a check outcome (not an array, or an array with
 * an item that is not an object), a call to `process.exit` (replaced for the duration of the call,
 * so the process keeps running even when the check catches the error it throws) and a call over
 * `budgetMs` each become the reason of an `error` result.
 */
export function guardedCall(check: AnyCheck, subject: unknown, ctx: CheckContext, checkOptions: object, budgetMs: number): GuardedOutcome {
  const realExit = process.exit;
  let exitCalled: unknown;
  const exitTrap = (code?: unknown): never => {
    exitCalled = code ?? 'no code';
    throw new Error(`process.exit(${String(code ?? '')}) called`);
  };
  process.exit = exitTrap as typeof process.exit;
  const started = performance.now();
  let outcome: unknown;
  try {
    outcome = (check.check as (s: unknown, c: CheckContext, o: object) => unknown)(subject, ctx, checkOptions);
  } catch (err) {
    if (exitCalled !== undefined) return { error: exitReason(exitCalled) };
    return { error: `check threw: ${err instanceof Error ? err.message : String(err)}` };
  } finally {
    process.exit = realExit;
  }
  const took = Math.round(performance.now() - started);
  if (exitCalled !== undefined) return { error: exitReason(exitCalled) };
  if (took > budgetMs) return { error: `check took ${took} ms, over the budget of ${budgetMs} ms for one call` };
  const problem = outcomeProblem(outcome);
  return problem ? { error: `check returned ${problem}` } : { outcome: outcome as CheckOutcome };
}

function exitReason(code: unknown): string {
  return `check called process.exit(${code === 'no code' ? '' : String(code)}); a check cannot end the scan`;
}

/** Why a value is not a check outcome, or undefined when it is one. */
function outcomeProblem(value: unknown): string | undefined {
  if (value && typeof (value as { then?: unknown }).then === 'function') {
    // An async check: its work happens after the scan has moved on. Swallow its rejection.
    (value as Promise<unknown>).then(undefined, () => undefined);
    return 'a Promise (an async check): checks must be synchronous';
  }
  if (Array.isArray(value)) {
    const bad = value.findIndex((f) => !f || typeof f !== 'object' || Array.isArray(f));
    return bad === -1 ? undefined : `a finding that is not an object at index ${bad}: ${describe(value[bad])}`;
  }
  if (value && typeof value === 'object' && ('notEvaluated' in value || 'passNote' in value)) return undefined;
  return `${describe(value)} instead of a list of findings, { notEvaluated } or { passNote }`;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? 'a string' : `a ${typeof value}`;
}

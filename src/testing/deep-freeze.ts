/**
 * Freeze an object graph in place (every own property value that is an object or array, cycles
 * allowed) and return it. In an ES module (strict mode) any later assignment, push, sort or delete
 * on it throws a TypeError, which is how the check tester catches a check that mutates its inputs.
 */
export function deepFreeze<T>(value: T, seen: WeakSet<object> = new WeakSet()): T {
  if (value === null || typeof value !== 'object' || seen.has(value)) return value;
  seen.add(value);
  for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key], seen);
  return Object.freeze(value);
}

/** Whether an error is what strict mode throws on a write to a frozen object. */
export function isFrozenWriteError(err: unknown): boolean {
  return (
    err instanceof TypeError &&
    /read.only|not extensible|Cannot (assign|add|delete|define)|object is not extensible|frozen/i.test(err.message)
  );
}

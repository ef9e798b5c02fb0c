import { expect } from 'vitest';

/**
 * Assert that a list is not empty and that every item satisfies `predicate`. `[].every(...)` is
 * true, so asserting `list.every(...)` alone proves nothing when the list may be empty; on a
 * failure this names the items that do not satisfy the predicate.
 */
export function expectEvery<T>(list: readonly T[], predicate: (item: T) => boolean): void {
  expect(list.length, 'expected a non-empty list').toBeGreaterThan(0);
  expect(list.filter((item) => !predicate(item))).toEqual([]);
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnyCheck } from '../../src/engine/check.js';
import type { Result } from '../../src/engine/result.js';
import { type ManifestRunOptions, indexFromText, runCheckOnManifests } from '../../src/testing/run-check.js';

export const FIXTURES_ROOT = join(import.meta.dirname, '..', 'checks');

export type FixtureRunOptions = ManifestRunOptions;

/** Build an index from manifest text exactly as `tenantscan scan --file` would. */
export { indexFromText };

/** Run one check on manifest text; returns every result (passes included). */
export function runCheckOnText(check: AnyCheck, text: string, run: FixtureRunOptions = {}, file = 'fixture.yaml'): Result[] {
  return runCheckOnManifests(check, text, run, file);
}

/** Run one check on a fixture file under test/checks/ (path relative to that folder). */
export function runCheckOnFixture(check: AnyCheck, fixture: string, run: FixtureRunOptions = {}): Result[] {
  const file = join(FIXTURES_ROOT, fixture);
  return runCheckOnText(check, readFileSync(file, 'utf8'), run, file);
}

export const failures = (results: Result[]) => results.filter((r) => r.status === 'fail');
export const passes = (results: Result[]) => results.filter((r) => r.status === 'pass');

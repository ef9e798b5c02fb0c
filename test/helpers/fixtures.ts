import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnyCheck, CheckOptions } from '../../src/engine/check.js';
import type { Result } from '../../src/engine/result.js';
import { runChecks } from '../../src/engine/runner.js';
import { ResourceIndex } from '../../src/model/index.js';
import type { AccessOutcome } from '../../src/model/access.js';
import { parseManifestText, resolveScopes } from '../../src/sources/manifests.js';
import { TenantModel } from '../../src/tenancy/model.js';
import type { TenancyOptions } from '../../src/tenancy/types.js';
import { DEFAULT_SANDBOX_HANDLERS } from '../../src/config/defaults.js';

export const FIXTURES_ROOT = join(import.meta.dirname, '..', 'checks');

export interface FixtureRunOptions {
  options?: Partial<CheckOptions>;
  tenancy?: TenancyOptions;
  /** Simulate a live source that could not read some kinds. */
  access?: AccessOutcome[];
}

/** Build an index from manifest text exactly as `tenantscan scan --file` would. */
export function indexFromText(text: string, file = 'fixture.yaml', access?: AccessOutcome[]): ResourceIndex {
  const { objects, errors } = parseManifestText(text, file);
  const loadErrors = [...errors];
  const resolved = resolveScopes(objects, 'default', loadErrors);
  const hard = loadErrors.filter((e) => e.level !== 'warning');
  if (hard.length) throw new Error(`fixture ${file} does not load: ${JSON.stringify(hard)}`);
  return new ResourceIndex({ ...resolved, access, source: { type: 'manifests', files: [file] } });
}

/** Run one check on manifest text; returns every result (passes included). */
export function runCheckOnText(check: AnyCheck, text: string, run: FixtureRunOptions = {}, file = 'fixture.yaml'): Result[] {
  const index = indexFromText(text, file, run.access);
  const tenants = new TenantModel(index, run.tenancy ?? {});
  return runChecks([check], index, tenants, {
    profile: 'multi-team',
    sandboxHandlers: [...DEFAULT_SANDBOX_HANDLERS],
    checkOptions: {},
    ...run.options,
  });
}

/** Run one check on a fixture file under test/checks/ (path relative to that folder). */
export function runCheckOnFixture(check: AnyCheck, fixture: string, run: FixtureRunOptions = {}): Result[] {
  const file = join(FIXTURES_ROOT, fixture);
  return runCheckOnText(check, readFileSync(file, 'utf8'), run, file);
}

export const failures = (results: Result[]) => results.filter((r) => r.status === 'fail');
export const passes = (results: Result[]) => results.filter((r) => r.status === 'pass');

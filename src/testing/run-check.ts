import { DEFAULT_SANDBOX_HANDLERS } from '../config/defaults.js';
import type { AnyCheck } from '../engine/check.js';
import type { Result } from '../engine/result.js';
import { type RunOptions, runChecks } from '../engine/runner.js';
import type { AccessOutcome } from '../model/access.js';
import { ResourceIndex } from '../model/index.js';
import { parseManifestText, resolveScopes } from '../sources/manifests.js';
import { TenantModel } from '../tenancy/model.js';
import type { TenancyOptions } from '../tenancy/types.js';

/** How to run a check on manifests: the scan's options and tenancy flags, and what a live source could not read. */
export interface ManifestRunOptions {
  /** Merged over the defaults of `tenantscan scan`: profile `multi-team`, the default sandbox handlers, no check options. */
  options?: Partial<RunOptions>;
  tenancy?: TenancyOptions;
  /** Simulate a live source that could not read some kinds. */
  access?: AccessOutcome[];
}

/**
 * Build an index from manifest text exactly as `tenantscan scan --file` would (namespaced objects
 * without a namespace go to `default`). Throws when a document does not load.
 */
export function indexFromText(text: string, file = 'fixture.yaml', access?: AccessOutcome[]): ResourceIndex {
  const { objects, errors } = parseManifestText(text, file);
  const index = new ResourceIndex({
    ...resolveScopes(objects, 'default', (f) => (f === file ? text : undefined)),
    loadErrors: errors,
    access,
    source: { type: 'manifests', files: [file] },
  });
  const hard = index.loadErrors.filter((e) => e.level !== 'warning');
  if (hard.length) throw new Error(`${file} does not load: ${JSON.stringify(hard)}`);
  return index;
}

/** The options `tenantscan scan` runs checks with when no flag or config sets them. */
export function defaultCheckOptions(overrides: Partial<RunOptions> = {}): RunOptions {
  return { profile: 'multi-team', sandboxHandlers: [...DEFAULT_SANDBOX_HANDLERS], checkOptions: {}, ...overrides };
}

/** Run checks on an index as the scan does; returns every result (passes included). */
export function runOnIndex(checks: readonly AnyCheck[], index: ResourceIndex, run: Omit<ManifestRunOptions, 'access'> = {}): Result[] {
  const tenants = new TenantModel(index, run.tenancy ?? {});
  return runChecks(checks, index, tenants, defaultCheckOptions(run.options));
}

/** Run one check on manifest text; returns every result (passes included). */
export function runCheckOnManifests(check: AnyCheck, text: string, run: ManifestRunOptions = {}, file = 'fixture.yaml'): Result[] {
  return runOnIndex([check], indexFromText(text, file, run.access), run);
}

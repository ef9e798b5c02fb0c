import { createRequire } from 'node:module';
import type { Ajv, ErrorObject } from 'ajv';
import type { AnyCheck, JsonSchema } from '../engine/check.js';
import { PROFILES } from '../engine/check.js';
import { SHARED_OPTION_BLOCKS } from '../engine/shared-options.js';

/**
 * Validate `checkOptions` (from the config file) against the options schema of each check it names
 * (built-in and custom, by ID or former ID) and of the shared blocks (`rbac`): an unknown key (a
 * misspelled check ID or option name) or a wrong type is a problem. ajv, every error at once.
 *
 * @returns problems as `checkOptions.<id>.<option>: <message>` lines (empty when valid).
 */
export function checkOptionsProblems(checkOptions: Record<string, unknown>, checks: readonly AnyCheck[]): string[] {
  const keys = Object.keys(checkOptions);
  if (keys.length === 0) return [];
  const byId = new Map<string, AnyCheck>();
  for (const check of checks) for (const id of [check.id, ...(check.aliases ?? [])]) byId.set(id, check);
  const ajv = newAjv();
  const problems: string[] = [];
  for (const key of keys) {
    const where = `checkOptions.${key}`;
    const schema = SHARED_OPTION_BLOCKS[key]?.schema ?? byId.get(key)?.options?.schema;
    if (!schema) {
      problems.push(
        byId.has(key)
          ? `${where}: check ${key} takes no options`
          : `${where}: no check or shared options block has this ID (shared blocks: ${Object.keys(SHARED_OPTION_BLOCKS).join(', ')}); run \`tenantscan checks\` for the IDs`,
      );
      continue;
    }
    const validate = ajv.compile(closed(schema));
    if (!validate(checkOptions[key])) problems.push(...(validate.errors ?? []).map((e) => describeError(where, e)));
    else problems.push(...(SHARED_OPTION_BLOCKS[key]?.problems?.(checkOptions[key]) ?? []));
  }
  return problems;
}

/**
 * Why a custom check's options cannot be used, or undefined: the schema does not compile, or it
 * rejects the check's own defaults (under some profile).
 */
export function optionsSchemaProblem(check: AnyCheck): string | undefined {
  const spec = check.options;
  if (!spec) return undefined;
  let validate;
  try {
    validate = newAjv().compile(closed(spec.schema));
  } catch (err) {
    return `${check.id}: options schema does not compile: ${(err as Error).message}`;
  }
  for (const profile of PROFILES) {
    const defaults: unknown = { ...spec.defaults, ...spec.byProfile?.[profile] };
    if (!validate(defaults))
      return `${check.id}: the defaults (${profile}) do not match the options schema: ${(validate.errors ?? []).map((e) => describeError('options', e)).join('; ')}`;
  }
  return undefined;
}

/** An object schema that does not say otherwise rejects option names it does not list. */
function closed(schema: JsonSchema): JsonSchema {
  return schema.properties && schema.additionalProperties === undefined ? { ...schema, additionalProperties: false } : schema;
}

function newAjv(): Ajv {
  // Required here, not imported at the top: only a scan whose config has checkOptions pays for ajv.
  const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
  return new Ajv({ allErrors: true, strict: false, verbose: true });
}

/** `checkOptions.rbac.platformSubjects: must be array`, `checkOptions.x.y: unknown option (known: a, b)`. */
function describeError(where: string, e: ErrorObject): string {
  const path = where + e.instancePath.replace(/\/(\d+)(?=\/|$)/g, '[$1]').replace(/\//g, '.');
  if (e.keyword === 'additionalProperties') {
    const name = (e.params as { additionalProperty: string }).additionalProperty;
    const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
    return `${path}.${name}: unknown option${known.length ? ` (known: ${known.join(', ')})` : ''}`;
  }
  if (e.keyword === 'enum') return `${path}: ${e.message}: ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
  return `${path}: ${e.message}`;
}

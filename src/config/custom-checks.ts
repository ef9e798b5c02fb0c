import { readdirSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import * as api from '../index.js';
import { type AnyCheck, PROFILES, SEVERITIES, defineCheck } from '../engine/check.js';
import type { DeclarativeCheck } from './types.js';

/** A custom check module or declarative check that cannot be used. Exit code 2. */
export class CustomCheckError extends Error {}

const MODULE_EXTENSIONS = new Set(['.js', '.mjs']);

/**
 * Load the check modules of a folder (`--checks-dir`), in file name order. A module exports checks
 * made with `defineCheck` (default export, named exports, or an array), or a default function that
 * receives tenantscan's public API and returns checks (so a module needs no import of tenantscan).
 *
 * @throws CustomCheckError naming the file when a module fails to load or exports an invalid check.
 */
export async function loadCheckModules(dir: string, cwd: string): Promise<AnyCheck[]> {
  const folder = resolve(cwd, dir);
  let files: string[];
  try {
    if (!statSync(folder).isDirectory()) throw new Error('not a folder');
    files = readdirSync(folder)
      .filter((f) => MODULE_EXTENSIONS.has(extname(f)))
      .sort();
  } catch (err) {
    throw new CustomCheckError(`checks folder ${folder}: ${(err as Error).message}`);
  }
  const checks: AnyCheck[] = [];
  for (const file of files) {
    const path = join(folder, file);
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    } catch (err) {
      throw new CustomCheckError(`custom check ${path} failed to load: ${(err as Error).message}`);
    }
    for (const candidate of exportedChecks(mod)) {
      const problem = checkProblem(candidate);
      if (problem) throw new CustomCheckError(`custom check in ${path}: ${problem}`);
      checks.push(candidate as AnyCheck);
    }
  }
  return checks;
}

function exportedChecks(mod: Record<string, unknown>): unknown[] {
  const out: unknown[] = [];
  for (const value of Object.values(mod)) {
    if (typeof value === 'function') out.push(...[(value as (a: typeof api) => unknown)(api)].flat());
    else if (Array.isArray(value)) out.push(...value);
    else if (value && typeof value === 'object') out.push(value);
  }
  return [...new Set(out)];
}

/** What makes a value unusable as a check, or undefined when it is one. */
export function checkProblem(value: unknown): string | undefined {
  const c = value as Partial<AnyCheck> | undefined;
  if (!c || typeof c !== 'object') return 'not a check object';
  if (typeof c.id !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)+$/.test(c.id))
    return `invalid id ${JSON.stringify(c.id)} (kebab-case, family first)`;
  if (typeof c.check !== 'function') return `${c.id}: check is not a function`;
  for (const field of ['family', 'title', 'description', 'rationale', 'remediation'] as const) {
    if (typeof c[field] !== 'string' || !c[field]) return `${c.id}: missing ${field}`;
  }
  const severities =
    typeof c.severity === 'string' ? [c.severity] : PROFILES.map((p) => (c.severity as Record<string, string> | undefined)?.[p]);
  if (severities.some((s) => !SEVERITIES.includes(s as never)))
    return `${c.id}: severity must be one of ${SEVERITIES.join(', ')} (or one per profile)`;
  const t = c.target;
  if (!(t === 'namespace' || t === 'cluster' || t === 'podTemplate' || (t && typeof t === 'object' && Array.isArray(t.kinds))))
    return `${c.id}: target must be namespace, cluster, podTemplate or { kinds: [...] }`;
  if (!Array.isArray(c.needs)) return `${c.id}: needs must list the GroupKinds the check reads`;
  if (!Array.isArray(c.references)) return `${c.id}: references must be a list`;
  if (!c.messages || typeof c.messages !== 'object') return `${c.id}: messages must be an object`;
  return undefined;
}

/** Build checks from the config's `customChecks`: objects of `kinds` must satisfy `schema` (ajv). */
export function declarativeChecks(defs: DeclarativeCheck[]): AnyCheck[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  return defs.map((def) => {
    let validate: ValidateFunction;
    try {
      validate = ajv.compile(def.schema);
    } catch (err) {
      throw new CustomCheckError(`customChecks ${def.id}: invalid JSON Schema: ${(err as Error).message}`);
    }
    return defineCheck({
      id: def.id,
      family: def.family ?? 'custom',
      title: def.title,
      description: def.description ?? def.title,
      rationale: def.rationale ?? '(declared in the tenantscan configuration)',
      remediation: def.remediation ?? def.message,
      references: def.references ?? [],
      severity: def.severity,
      target: { kinds: def.kinds },
      scope: def.scope,
      needs: def.kinds,
      messages: { schema: def.message },
      check(obj) {
        if (validate(obj)) return [];
        const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
        const path = validate.errors?.[0]?.instancePath || undefined;
        return [{ messageId: 'schema', data: { errors }, ...(path ? { path } : {}) }];
      },
    });
  });
}

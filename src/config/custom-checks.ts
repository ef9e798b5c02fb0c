import { readdirSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import * as api from '../index.js';
import { type AnyCheck, defineCheck, withGroupKinds } from '../engine/check.js';
import { toGroupKind } from '../model/types.js';
import { placeholdersOf } from '../engine/messages.js';
import { checkProblem } from '../engine/registry.js';
import { optionsSchemaProblem } from './check-options.js';
import type { DeclarativeCheck } from './types.js';

/** A custom check module or declarative check that cannot be used. Exit code 2. */
export class CustomCheckError extends Error {}

const MODULE_EXTENSIONS = new Set(['.js', '.mjs']);

/**
 * Load the check modules of a folder (`--checks-dir`), in file name order. A module exports checks
 * made with `defineCheck` (default export, named exports, or an array), or a default function that
 * receives tenantscan's public API and returns checks (so a module needs no import of tenantscan).
 *
 * @throws CustomCheckError naming the file (and the check ID) when a module fails to load or exports an
 *   invalid check: a missing field, a malformed message placeholder, an options schema that does not
 *   compile or defaults it rejects (see `checkProblem` in src/engine/registry.ts).
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
    // A check object made without defineCheck may name kinds as { group, kind } too.
    for (const candidate of exportedChecks(mod).map(withGroupKinds)) {
      const problem = checkProblem(candidate) ?? optionsSchemaProblem(candidate as AnyCheck);
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

/**
 * Build checks from the config's `customChecks`: objects of `kinds` must satisfy `schema` (ajv).
 *
 * @throws CustomCheckError naming the check when its schema does not compile or its message has a
 *   malformed placeholder or one other than `{{errors}}` (the only one a declarative check fills).
 */
export function declarativeChecks(defs: DeclarativeCheck[]): AnyCheck[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  return defs.map((def) => {
    const unfilled = placeholdersOf(def.message).filter((name) => name !== 'errors');
    if (unfilled.length)
      throw new CustomCheckError(
        `customChecks ${def.id}: message placeholder ${unfilled.map((n) => `{{${n}}}`).join(', ')} is never filled (a declarative check fills only {{errors}})`,
      );
    let validate: ValidateFunction;
    try {
      validate = ajv.compile(def.schema);
    } catch (err) {
      throw new CustomCheckError(`customChecks ${def.id}: invalid JSON Schema: ${(err as Error).message}`);
    }
    const kinds = def.kinds.map(toGroupKind);
    const check = defineCheck({
      id: def.id,
      family: def.family ?? 'custom',
      title: def.title,
      description: def.description ?? def.title,
      rationale: def.rationale ?? '(declared in the tenantscan configuration)',
      remediation: def.remediation ?? def.message,
      references: def.references ?? [],
      severity: def.severity,
      target: { kinds },
      scope: def.scope,
      needs: kinds,
      messages: { schema: def.message },
      check(obj) {
        if (validate(obj)) return [];
        const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
        const path = validate.errors?.[0]?.instancePath || undefined;
        return [{ messageId: 'schema' as const, data: { errors }, ...(path ? { path } : {}) }];
      },
    });
    const problem = checkProblem(check);
    if (problem) throw new CustomCheckError(`customChecks ${problem}`);
    return check;
  });
}

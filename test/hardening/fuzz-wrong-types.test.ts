import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { builtinChecks } from '../../checks/index.js';
import { DEFAULT_SANDBOX_HANDLERS } from '../../src/config/defaults.js';
import { scan } from '../../src/engine/scan.js';
import { ResourceIndex } from '../../src/model/index.js';
import type { KubeObject } from '../../src/model/types.js';
import { parseManifestText, resolveScopes } from '../../src/sources/manifests.js';

/**
 * Every field of the example cluster's and the check fixtures' objects set to each wrong type, one
 * at a time, then loaded and scanned in process as `tenantscan scan --file` would: no exception may
 * leave the scan (an `error` result for one check is fine). Of the about 57,000 inputs, every
 * STRIDE-th is tried (deterministic) to keep the test near a minute on a busy two-core machine.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const WRONG: readonly unknown[] = [5, 'x', null, [null], {}];
const STRIDE = 8;

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) yamlFiles(full, out);
    else if (/\.ya?ml$/.test(entry)) out.push(full);
  }
  return out;
}

/** Every path to a field (mapping key or list entry) inside `value`. */
function fieldPaths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (value && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      const path = [...prefix, Array.isArray(value) ? Number(key) : key];
      out.push(path);
      fieldPaths((value as Record<string, unknown>)[key], path, out);
    }
  }
  return out;
}

function setPath(obj: unknown, path: (string | number)[], value: unknown): void {
  let at = obj as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path[path.length - 1]] = value;
}

function scanText(text: string, file: string): void {
  const parsed = parseManifestText(text, file);
  const index = new ResourceIndex({
    ...resolveScopes(parsed.objects, 'default'),
    loadErrors: parsed.errors,
    source: { type: 'manifests', files: [file] },
  });
  scan(index, builtinChecks, {
    profile: 'multi-team',
    sandboxHandlers: [...DEFAULT_SANDBOX_HANDLERS],
    checkOptions: {},
    tenancy: {},
    waivers: { waivers: [{ check: '*', reason: 'fuzz', match: { name: '*-*-x' } }], annotationWaivers: true, today: '2026-01-01' },
  });
}

it('survives every field of the example and fixture objects set to a wrong type', () => {
  const files = [...yamlFiles(join(ROOT, 'examples', 'shared-cluster')), ...yamlFiles(join(ROOT, 'test', 'checks'))];
  let tried = 0;
  let counter = 0;
  const crashes: string[] = [];
  for (const file of files) {
    const objects: KubeObject[] = parseManifestText(readFileSync(file, 'utf8'), file).objects.map((o) => o.object);
    for (let i = 0; i < objects.length; i++) {
      for (const path of fieldPaths(objects[i])) {
        for (const wrong of WRONG) {
          if (counter++ % STRIDE !== 0) continue;
          const mutated = structuredClone(objects);
          setPath(mutated[i], path, structuredClone(wrong));
          tried++;
          try {
            // JSON documents are YAML: the text goes through the same parser as a manifest file.
            scanText(mutated.map((o) => JSON.stringify(o)).join('\n---\n'), file);
          } catch (err) {
            crashes.push(`${file.slice(ROOT.length + 1)} object ${i} ${path.join('.')} = ${JSON.stringify(wrong)}: ${String(err)}`);
          }
        }
      }
    }
  }
  console.log(`fuzz: ${tried} wrongly typed inputs scanned, ${crashes.length} crashed`);
  expect(crashes.slice(0, 20)).toEqual([]);
  expect(tried).toBeGreaterThan(5000);
}, 180_000);

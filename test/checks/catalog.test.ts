import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinChecks } from '../../checks/index.js';
import yaml from 'js-yaml';
import {
  type AnyCheck,
  type CheckTarget,
  FAMILIES,
  PROFILES,
  type Profile,
  SEVERITIES,
  type Severity,
  severityOf,
} from '../../src/engine/check.js';
import { fixturesOf, renderCheckPage } from '../../src/docs/check-page.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** One entry of docs/checks/catalog.yaml, the public catalog kept by hand. */
interface CatalogEntry {
  id: string;
  family: string;
  severity: Record<Profile, Severity>;
  target: CheckTarget;
  mtb?: string[];
  aliases?: string[];
}

const CATALOG_FILE = join(ROOT, 'docs', 'checks', 'catalog.yaml');
const catalog = (yaml.load(readFileSync(CATALOG_FILE, 'utf8')) as { checks: CatalogEntry[] }).checks;

/** What the catalog says of a registered check, in the catalog's shape. */
function entryOf(check: AnyCheck): CatalogEntry {
  const entry: CatalogEntry = {
    id: check.id,
    family: check.family,
    severity: Object.fromEntries(PROFILES.map((p) => [p, severityOf(check, p)])) as Record<Profile, Severity>,
    target: check.target,
  };
  if (check.mtb?.length) entry.mtb = check.mtb;
  if (check.aliases?.length) entry.aliases = check.aliases;
  return entry;
}

describe('the check catalog', () => {
  it('holds every check of docs/checks/catalog.yaml and no other, with unique IDs, sorted', () => {
    const ids = builtinChecks.map((c) => c.id);
    const catalogIds = catalog.map((e) => e.id);
    expect(
      ids.filter((id) => !catalogIds.includes(id)),
      'registered but not in docs/checks/catalog.yaml',
    ).toEqual([]);
    expect(
      catalogIds.filter((id) => !ids.includes(id)),
      'in docs/checks/catalog.yaml but not registered (list the check in checks/<family>/index.ts)',
    ).toEqual([]);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    expect(catalogIds, 'docs/checks/catalog.yaml is sorted by ID').toEqual([...catalogIds].sort());
    expect(new Set(catalogIds).size).toBe(catalogIds.length);
  });

  it('gives every check the family, severities per profile, target, MTB IDs and aliases of docs/checks/catalog.yaml', () => {
    const registered = builtinChecks.map(entryOf);
    expect(registered).toEqual(catalog.filter((e) => builtinChecks.some((c) => c.id === e.id)));
  });

  describe.each(builtinChecks.map((c) => [c.id, c] as const))('%s', (id, check) => {
    it('has an ID that starts with a family name, and a known family', () => {
      expect(id).toMatch(/^[a-z]+(-[a-z0-9]+)+$/);
      expect(FAMILIES).toContain(check.family);
      expect(FAMILIES.some((f) => id.startsWith(`${f}-`))).toBe(true);
    });

    it('has metadata: title, description, rationale, remediation, a reference with a URL, severities per profile', () => {
      for (const field of [check.title, check.description, check.rationale, check.remediation])
        expect(field.trim().length).toBeGreaterThan(10);
      expect(check.references.some((r) => r.url?.startsWith('https://'))).toBe(true);
      for (const p of PROFILES) expect(SEVERITIES).toContain(severityOf(check, p));
    });

    it('has passing and failing fixtures whose header comment says what they prove', () => {
      const { pass, fail } = fixturesOf(ROOT, check);
      expect(pass.length, `test/checks/${check.family}/${id}/pass-*.yaml`).toBeGreaterThan(0);
      expect(fail.length, `test/checks/${check.family}/${id}/fail-*.yaml`).toBeGreaterThan(0);
      for (const file of [...pass, ...fail]) {
        expect(readFileSync(file, 'utf8').split('\n')[0], file).toMatch(/^# Proves: \S.{10,}/);
      }
    });

    it('has a spec', () => {
      expect(existsSync(join(ROOT, 'test', 'checks', check.family, `${id}.test.ts`))).toBe(true);
    });

    it('has a documentation page that is up to date (npm run docs:checks)', () => {
      const page = join(ROOT, 'docs', 'checks', `${id}.md`);
      expect(existsSync(page), `${page} is missing: run npm run docs:checks`).toBe(true);
      expect(readFileSync(page, 'utf8'), `${page} is stale: run npm run docs:checks`).toBe(renderCheckPage(check, ROOT));
    });
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { builtinChecks } from '../../checks/index.js';
import { renderHtml } from '../../reports/html.js';
import { toJsonReport } from '../../reports/json.js';
import { renderMarkdown } from '../../reports/markdown.js';
import { validateReport } from '../../reports/schema/index.js';
import { renderTable } from '../../reports/table.js';
import { kindsRead } from '../../src/engine/kinds-read.js';
import type { Report } from '../../src/engine/report.js';
import { type ScanOptions, scan } from '../../src/engine/scan.js';
import { DEFAULT_MIN_COVERAGE } from '../../src/engine/scoring.js';
import type { AccessOutcome } from '../../src/model/access.js';
import { ResourceIndex } from '../../src/model/index.js';
import { K } from '../../src/model/kinds.js';
import type { GroupKind } from '../../src/model/types.js';
import { loadManifests } from '../../src/sources/manifests.js';
import { defaultCheckOptions } from '../../src/testing/run-check.js';
import { EXAMPLE } from '../reports/report-fixtures.js';

const ACME = ['acme-dev', 'acme-prod'];
const OPTIONS: ScanOptions = {
  profile: 'multi-team',
  sandboxHandlers: defaultCheckOptions().sandboxHandlers,
  checkOptions: {},
  tenancy: {},
};
/** Kinds without a namespace that the example may hold no object of. */
const CLUSTER_SCOPED: readonly GroupKind[] = [
  K.Node,
  K.PersistentVolume,
  K.StorageClass,
  K.RuntimeClass,
  K.ClusterRole,
  K.ClusterRoleBinding,
  K.CustomResourceDefinition,
  K.CapsuleTenant,
];

/**
 * The example cluster as alice (acme's Capsule owner: `admin` in acme-dev and acme-prod, nothing
 * else) reads it live, as test/e2e/tenant-scan.test.ts records it: every Namespace (the example lets
 * every authenticated user list them), acme's namespaced objects, each namespaced kind `partial`
 * (403 in every other namespace) and each cluster-scoped kind `none`.
 */
async function asAlice(): Promise<ResourceIndex> {
  const full = new ResourceIndex(await loadManifests([EXAMPLE]));
  const objects = full.all().filter((o) => o.kind === 'Namespace' || ACME.includes(o.metadata.namespace ?? ''));
  const others = full
    .namespaces()
    .map((n) => n.metadata.name)
    .filter((n) => !ACME.includes(n))
    .sort();
  const clusterScoped = new Set<GroupKind>([
    ...CLUSTER_SCOPED,
    ...full.kinds().filter((gk) => full.ofKind(gk).every((o) => !o.metadata.namespace)),
  ]);
  const kinds = new Set<GroupKind>([...full.kinds(), ...builtinChecks.flatMap((c) => kindsRead(c))]);
  kinds.delete(K.Namespace);
  const access: AccessOutcome[] = [{ groupKind: K.Namespace, status: 'full', count: full.namespaces().length }];
  for (const gk of [...kinds].sort()) {
    access.push(
      clusterScoped.has(gk)
        ? { groupKind: gk, status: 'none', reason: `403 Forbidden: User "alice" cannot list ${gk} at the cluster scope` }
        : { groupKind: gk, status: 'partial', reason: '403 Forbidden', forbiddenNamespaces: others },
    );
  }
  return new ResourceIndex({
    objects,
    access,
    source: { type: 'cluster', server: 'https://127.0.0.1:6443', context: 'acme-prod', user: 'alice' },
  });
}

describe("a scan with a tenant's own identity (alice, acme's owner)", () => {
  let report: Report;
  let admin: Report;
  beforeAll(async () => {
    report = scan(await asAlice(), builtinChecks, OPTIONS);
    admin = scan(new ResourceIndex(await loadManifests([EXAMPLE])), builtinChecks, OPTIONS);
  });

  it('shows the tenants it could barely read as insufficient coverage, not as F 0.0, and grades the tenant it read', () => {
    const byName = new Map(report.tenants.map((t) => [t.name, t]));
    for (const name of ['globex', 'initech']) {
      const t = byName.get(name)!;
      expect(t.coverage).toBeLessThan(DEFAULT_MIN_COVERAGE);
      expect([name, t.score, t.grade, t.insufficientCoverage]).toEqual([name, null, 'N/A', true]);
    }
    const acme = byName.get('acme')!;
    expect(acme.coverage).toBeGreaterThanOrEqual(DEFAULT_MIN_COVERAGE);
    expect(acme.insufficientCoverage).toBeUndefined();
    expect(acme.score).not.toBeNull();
    expect(report.score.cluster).toMatchObject({ score: null, grade: 'N/A', insufficientCoverage: true });
  });

  it('says which share of the cluster the overall score covers, and pools only the graded tenant', () => {
    expect(report.score.minCoverage).toBe(DEFAULT_MIN_COVERAGE);
    expect(report.score.covers).toEqual({ tenants: 1, of: 3, cluster: false });
    const acme = report.tenants.find((t) => t.name === 'acme')!;
    expect([report.score.score, report.score.grade]).toEqual([acme.score, acme.grade]);
    // coverage and counts stay those of the whole cluster
    expect(report.score.coverage).toBeLessThan(acme.coverage);
    expect(report.score.counts.notEvaluated).toBeGreaterThan(acme.counts.notEvaluated);
  });

  it('changes nothing for a scan that reads everything: every scope graded, the overall as before', () => {
    expect(admin.score.covers).toEqual({ tenants: 3, of: 3, cluster: true });
    expect(admin.tenants.every((t) => t.insufficientCoverage === undefined && t.score !== null)).toBe(true);
    expect([admin.score.score, admin.score.grade]).toEqual([57.8, 'F']);
  });

  it('grades every scope with scoring.minCoverage 0, as before 2.3.0', async () => {
    const graded = scan(await asAlice(), builtinChecks, { ...OPTIONS, minCoverage: 0 });
    expect(graded.score.covers).toEqual({ tenants: 3, of: 3, cluster: true });
    expect(graded.tenants.map((t) => t.insufficientCoverage)).toEqual([undefined, undefined, undefined]);
  });

  it('writes it to JSON (schema 2.3.0, valid), the table, Markdown and HTML', () => {
    const json = toJsonReport(report);
    expect(json.schemaVersion).toBe('2.3.0');
    expect(validateReport(JSON.parse(JSON.stringify(json)))).toEqual([]);
    const globex = report.tenants.find((t) => t.name === 'globex')!;
    const note = `insufficient coverage (${Math.round(globex.coverage * 100)}% judged, 50% needed)`;
    const covers = 'covers 1 of 3 tenant(s) but not the cluster scope; the rest had too little coverage to grade';
    const table = String(renderTable(report, { color: false, baseDir: '.' }));
    expect(table).toContain(covers);
    expect(table).toMatch(new RegExp(`globex.*${note.replace(/[()%]/g, '\\$&')}`));
    const md = String(renderMarkdown(report, { color: false, baseDir: '.' }));
    expect(md).toContain(`| globex | n/a | ${note} |`);
    expect(md).toContain(`> **The overall score ${covers}.**`);
    const html = String(renderHtml(report, { color: false, baseDir: '.' }));
    expect(html).toContain(`<div class="coverage-note">${note}</div>`);
    expect(html).toContain(`<p class="coverage-note">The overall score ${covers}.</p>`);
    // a complete scan says nothing of the kind
    expect(String(renderTable(admin, { color: false, baseDir: '.' }))).not.toContain('insufficient coverage');
  });
});

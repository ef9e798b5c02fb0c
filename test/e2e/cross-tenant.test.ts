import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Report } from '../../src/engine/report.js';
import { expandReachability } from '../../reports/reachability.js';
import { kubeconfig } from './helpers/paths.js';
import { USERS, resultsOf, scanReadOnly, subjectOf } from './helpers/scan.js';

const e2e = inject('e2e');

/**
 * Issue 5 on a live cluster: the seeded cluster (examples/shared-cluster + examples/live-seed) has
 * open and closed tenant pairs and cross-tenant RBAC grants, and the live scan finds exactly those.
 *
 * Open, from the seeded NetworkPolicies and pods:
 * - acme -> initech: acme-dev/allow-dev-database lets acme-dev's storefront-preview out on TCP/5432,
 *   and initech isolates no ingress;
 * - globex -> initech: globex isolates no egress, initech no ingress;
 * - initech -> globex: initech isolates no egress, and globex/allow-traces-from-initech admits it on TCP/8126.
 * Closed: every pair into acme (acme's default-deny ingress), and acme -> globex (acme's egress
 * allows only its own namespaces, DNS and initech's database).
 */
describe.skipIf(!e2e.available)('cross-tenant analysis of the live seeded cluster', () => {
  let report: Report;
  beforeAll(async () => {
    report = (await scanReadOnly(kubeconfig('scanner'), USERS.scanner)).report;
  });

  it('finds exactly the open tenant pairs, and every other pair closed (absent from the sparse matrix)', () => {
    // the summary's pairs, every one that is not closed (src/k8s/network/reachability-summary.ts)
    const reach = expandReachability(report.reachability!);
    expect(reach.tenants).toEqual(['acme', 'globex', 'initech']);
    expect(reach.pairs.map((p) => `${p.from}->${p.to}:${p.status}`).sort()).toEqual([
      'acme->initech:open',
      'globex->initech:open',
      'initech->globex:open',
    ]);
    const acmeToInitech = reach.pairs.find((p) => p.from === 'acme' && p.to === 'initech');
    expect(acmeToInitech).toMatchObject({
      port: 'TCP/5432',
      via: [expect.objectContaining({ kind: 'NetworkPolicy', namespace: 'acme-dev', name: 'allow-dev-database' })],
    });
  });

  it('reports the NetworkPolicy rules that open a tenant to others, and only those', () => {
    const ingress = resultsOf(report, 'network-cross-tenant-ingress', 'fail').map(subjectOf);
    expect(ingress).toEqual(['NetworkPolicy/globex/allow-traces-from-initech']);
    const egress = resultsOf(report, 'network-cross-tenant-egress', 'fail').map(subjectOf);
    expect(egress).toEqual(['NetworkPolicy/acme-dev/allow-dev-database']);
  });

  it('finds exactly the seeded cross-tenant RoleBindings', () => {
    const cross = resultsOf(report, 'rbac-cross-tenant-grant', 'fail')
      .map((r) => `${subjectOf(r)} ${r.path}`)
      .sort();
    expect(cross).toEqual([
      'RoleBinding/acme-dev/globex-orders-api-view /subjects/0',
      'RoleBinding/globex/initech-deploys-report-export /subjects/0',
    ]);
  });
});

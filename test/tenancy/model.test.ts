import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TenantModel } from '../../src/tenancy/model.js';
import { indexFromText } from '../helpers/fixtures.js';

const text = readFileSync(join(import.meta.dirname, 'mixed-cluster.yaml'), 'utf8');

describe('tenant model', () => {
  const index = indexFromText(text);

  it('combines Capsule, kiosk, HNC, vcluster and namespace-per-tenant in one cluster', () => {
    const model = new TenantModel(index);
    expect(model.tenants.map((t) => [t.name, t.source, t.namespaces])).toEqual([
      ['acme-org', 'hnc', ['acme-org', 'acme-team-a', 'acme-team-a-ci']],
      ['johns-account', 'kiosk', ['space-1']],
      ['observability-extra', 'namespace', ['observability-extra']],
      ['oil', 'capsule', ['oil-dev', 'oil-prod']],
      ['only-referenced', 'namespace', ['only-referenced']],
      ['payments', 'namespace', ['payments']],
      ['vcluster-my-vc', 'vcluster', ['vc-host']],
    ]);
  });

  it('knows the subjects the tenancy source names (Capsule owners, kiosk account subjects)', () => {
    const model = new TenantModel(index);
    expect(model.tenants.find((t) => t.name === 'oil')?.subjects).toEqual([
      { kind: 'User', name: 'alice' },
      { kind: 'Group', name: 'oil-devs' },
      { kind: 'ServiceAccount', name: 'deployer', namespace: 'oil-prod' },
    ]);
    expect(model.tenants.find((t) => t.name === 'johns-account')?.subjects).toEqual([
      { kind: 'User', name: 'john', apiGroup: 'rbac.authorization.k8s.io' },
    ]);
  });

  it('treats kube-*, default and well-known platform namespaces as the platform; the list is extendable', () => {
    const model = new TenantModel(index, { platformNamespaces: ['observability-*'] });
    for (const ns of ['kube-system', 'default', 'cert-manager', 'observability-extra']) {
      expect(model.isTenantNamespace(ns)).toBe(false);
      expect(model.isPlatformNamespace(ns)).toBe(true);
    }
    expect(model.isTenantNamespace('payments')).toBe(true);
  });

  it('lets --tenant-label and the config name tenants before any tenancy layer', () => {
    const labelled = indexFromText(
      `${text}\n---\napiVersion: v1\nkind: Namespace\nmetadata: { name: shop-a, labels: { team: shop, capsule.clastix.io/tenant: other } }\n---\napiVersion: v1\nkind: Namespace\nmetadata: { name: shop-b, labels: { team: shop } }\n`,
    );
    const byLabel = new TenantModel(labelled, { tenantLabel: 'team' });
    expect(byLabel.tenantOfNamespace('shop-a')?.name).toBe('shop');
    expect(byLabel.tenantOfNamespace('shop-b')).toMatchObject({ name: 'shop', source: 'label', namespaces: ['shop-a', 'shop-b'] });
    const byConfig = new TenantModel(labelled, { tenants: { finance: ['payments', 'oil-*'] } });
    expect(byConfig.tenantOfNamespace('oil-prod')).toMatchObject({ name: 'finance', source: 'config' });
    expect(byConfig.tenantOfNamespace('payments')?.name).toBe('finance');
  });

  it('assigns a PersistentVolume to the tenant of its claim', () => {
    const withPv = indexFromText(
      `${text}\n---\napiVersion: v1\nkind: PersistentVolume\nmetadata: { name: pv-1 }\nspec:\n  claimRef: { namespace: oil-prod, name: data }\n`,
    );
    const model = new TenantModel(withPv);
    expect(model.tenantOf(withPv.get('PersistentVolume', undefined, 'pv-1')!)?.name).toBe('oil');
  });
});

describe('tenancy-layer claims on platform-named namespaces', () => {
  const claimed = indexFromText(readFileSync(join(import.meta.dirname, 'platform-named-claims.yaml'), 'utf8'));
  const model = new TenantModel(claimed);

  it('gives a namespace claimed by Capsule (label or owner reference), kiosk or HNC to its tenant, whatever its name', () => {
    expect(model.tenants.map((t) => [t.name, t.source, t.namespaces])).toEqual([
      ['acme', 'capsule', ['ingress-acme', 'kube-acme', 'kube-system']],
      ['john', 'kiosk', ['platform-john']],
      ['org', 'hnc', ['kube-team', 'org']],
    ]);
    for (const ns of ['kube-acme', 'ingress-acme', 'platform-john', 'kube-team']) {
      expect(model.isPlatformNamespace(ns)).toBe(false);
    }
    expect(model.claimOf('ingress-acme')).toEqual({
      tenant: 'acme',
      source: 'capsule',
      via: 'owner reference to Capsule Tenant acme',
      path: '/metadata/ownerReferences/0',
    });
  });

  it('keeps an HNC-managed root, a vcluster host and an unclaimed Kubernetes namespace as the platform', () => {
    for (const ns of ['ingress-nginx', 'platform-vclusters', 'kube-public']) {
      expect(model.isTenantNamespace(ns)).toBe(false);
      expect(model.isPlatformNamespace(ns)).toBe(true);
    }
  });

  it("reports a claim on one of Kubernetes' own namespaces, but not the configuration's assignment of default", () => {
    expect(model.systemNamespaceClaim('kube-system')).toEqual({
      tenant: 'acme',
      source: 'capsule',
      via: 'label capsule.clastix.io/tenant=acme',
      path: '/metadata/labels/capsule.clastix.io~1tenant',
    });
    expect(model.systemNamespaceClaim('kube-acme')).toBeUndefined();
    const withDefault = indexFromText('apiVersion: v1\nkind: Namespace\nmetadata: { name: default }\n');
    expect(new TenantModel(withDefault, { tenants: { legacy: ['default'] } }).systemNamespaceClaim('default')).toBeUndefined();
    expect(new TenantModel(withDefault, { tenants: { legacy: ['kube-*', 'default'] } }).systemNamespaceClaim('default')).toBeUndefined();
  });
});

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { tmpdir } from 'node:os';
import yaml from 'js-yaml';
import { type KubeClient, type Manifest, applyManifests, clientFor, listItems, readManifests, waitFor } from './kube.js';
import { E2E_DIR, ROOT, kubeconfig } from './paths.js';

/** What the seeded cluster holds that tests compare against. */
export interface SeedInfo {
  /** Namespace with more ServiceAccounts than one LIST page at --page-size 50. */
  paginationNamespace: string;
  /** ServiceAccounts the seed created there (the controller manager adds `default`). */
  paginationServiceAccounts: number;
  /** Service account of the audit-log proof (may create ConfigMaps in kube-system, nothing else). */
  mutator: { namespace: string; name: string };
}

export const SEED_INPUTS = [
  join(ROOT, 'examples', 'shared-cluster'),
  join(ROOT, 'examples', 'live-seed'),
  join(ROOT, 'test', 'e2e', 'seed'),
];
const PAGINATION = { namespace: 'initech', count: 120 };
const MUTATOR = { namespace: 'kube-system', name: 'tenantscan-e2e-mutator' };
/** Remembers that (and with which inputs) this cluster was seeded; delete it to force a re-seed. */
export const SEED_MARKER = join(E2E_DIR, 'seed.json');
/** Workload kinds whose controllers create ReplicaSets, Pods and Jobs themselves. */
const CONTROLLERS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicationController']);

/**
 * Apply the realistic example (examples/shared-cluster), what a live cluster adds
 * (examples/live-seed), the e2e fixtures and 120 generated ServiceAccounts to the test cluster as
 * admin, once per cluster and input version (a marker in .cluster/e2e/ remembers it).
 *
 * Manifests are written for a scan, not for an API server, so before applying:
 * - objects that a controller in the input would create (a Pod or ReplicaSet whose controller is a
 *   Deployment in the input) are left to that controller;
 * - owner references get the live uid of their owner (applied first); references to owners that are
 *   not in the input are dropped, or the garbage collector would delete the object;
 * - server-set fields (uid, resourceVersion, creationTimestamp, managedFields) are removed.
 */
export async function seedCluster(log: (line: string) => void): Promise<SeedInfo> {
  const info: SeedInfo = { paginationNamespace: PAGINATION.namespace, paginationServiceAccounts: PAGINATION.count, mutator: MUTATOR };
  const hash = inputHash();
  const previous: { hash?: string; applied?: ObjectId[] } = existsSync(SEED_MARKER) ? JSON.parse(readFileSync(SEED_MARKER, 'utf8')) : {};
  if (previous.hash === hash) {
    log('seed: cluster already seeded with these inputs');
    return info;
  }
  const admin = kubeconfig('admin');
  const manifests = [...readManifests(SEED_INPUTS), ...generatedServiceAccounts()];
  const plan = planLevels(manifests, log);
  const uids = new Map<string, string>();
  const applied: ObjectId[] = [];
  const work = mkdtempSync(join(tmpdir(), 'tenantscan-seed-'));
  try {
    for (const [level, items] of plan.entries()) {
      const dir = join(work, `level-${level}`);
      mkdirSync(dir);
      const bySource = new Map<string, unknown[]>();
      for (const { obj, src } of items) {
        for (const ref of obj.metadata.ownerReferences ?? []) ref.uid = uids.get(ownerKey(ref, obj)) ?? ref.uid;
        const list = bySource.get(src) ?? [];
        list.push(obj);
        bySource.set(src, list);
      }
      for (const [src, objs] of bySource) {
        const name = relative(ROOT, src).replace(/[\\/]/g, '__') || basename(src);
        writeFileSync(join(dir, name), objs.map((o) => yaml.dump(o, { noRefs: true })).join('---\n'));
      }
      for (const live of await applyManifests({ kubeconfig: admin, paths: [dir], log: (line) => log(`seed: ${line}`) })) {
        uids.set(keyOf(live), live.metadata.uid);
        applied.push({ apiVersion: live.apiVersion, kind: live.kind, namespace: live.metadata.namespace, name: live.metadata.name });
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const client = clientFor(admin);
  try {
    await prune(client, previous.applied ?? [], applied, log);
    await waitForControllers(client, manifests);
  } finally {
    client.close();
  }
  mkdirSync(E2E_DIR, { recursive: true });
  writeFileSync(SEED_MARKER, JSON.stringify({ hash, info, applied }, null, 2));
  return info;
}

interface ObjectId {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** Delete what an earlier seed of this cluster applied and the inputs no longer hold (a renamed example object), so a reused cluster matches a fresh one. */
async function prune(client: KubeClient, before: ObjectId[], now: ObjectId[], log: (line: string) => void): Promise<void> {
  const current = new Set(now.map((o) => keyOf({ apiVersion: o.apiVersion, kind: o.kind, metadata: o })));
  const plurals = new Map<string, Map<string, string>>();
  for (const old of before) {
    if (current.has(keyOf({ apiVersion: old.apiVersion, kind: old.kind, metadata: old }))) continue;
    const base = old.apiVersion === 'v1' ? '/api/v1' : `/apis/${old.apiVersion}`;
    if (!plurals.has(base)) {
      const res = await client.request('GET', base);
      plurals.set(
        base,
        new Map(
          (res.body?.resources ?? [])
            .filter((r: { name: string }) => !r.name.includes('/'))
            .map((r: { kind: string; name: string }) => [r.kind, r.name]),
        ),
      );
    }
    const plural = plurals.get(base)!.get(old.kind);
    if (!plural) continue;
    const path = `${base}${old.namespace ? `/namespaces/${old.namespace}` : ''}/${plural}/${old.name}`;
    const res = await client.request('DELETE', path);
    log(`seed: pruned ${old.kind} ${old.namespace ? `${old.namespace}/` : ''}${old.name} (no longer in the inputs): HTTP ${res.status}`);
  }
}

/** Order objects so that owners come before what they own, and Namespaces before their contents; apply.mjs orders Namespaces and CRDs first within a level. */
function planLevels(manifests: Manifest[], log: (line: string) => void): Manifest[][] {
  const byKey = new Map<string, Manifest>();
  for (const m of manifests) byKey.set(keyOf(m.obj), m);
  const kept: Manifest[] = [];
  for (const m of manifests) {
    const meta = m.obj.metadata;
    const controller = (meta.ownerReferences ?? []).find((r: { controller?: boolean }) => r.controller);
    if (controller && CONTROLLERS.has(controller.kind) && byKey.has(ownerKey(controller, m.obj))) {
      log(`seed: skipped ${m.obj.kind} ${meta.namespace}/${meta.name} (${m.src}): its ${controller.kind} creates it`);
      continue;
    }
    for (const field of ['uid', 'resourceVersion', 'creationTimestamp', 'managedFields', 'generation', 'selfLink']) delete meta[field];
    const refs = (meta.ownerReferences ?? []).filter((r: { kind: string; name: string }) => byKey.has(ownerKey(r, m.obj)));
    if (refs.length !== (meta.ownerReferences ?? []).length)
      log(`seed: dropped owner references of ${m.obj.kind} ${meta.name} to objects not in the input`);
    if (refs.length) meta.ownerReferences = refs;
    else delete meta.ownerReferences;
    kept.push(m);
  }
  const levels = new Map<string, number>();
  const levelOf = (m: Manifest, depth = 0): number => {
    const key = keyOf(m.obj);
    const known = levels.get(key);
    if (known !== undefined) return known;
    if (depth > 20) throw new Error(`owner reference cycle at ${key}`);
    let level = 0;
    for (const ref of m.obj.metadata.ownerReferences ?? [])
      level = Math.max(level, levelOf(byKey.get(ownerKey(ref, m.obj))!, depth + 1) + 1);
    const ns = m.obj.metadata.namespace && byKey.get(`Namespace//${m.obj.metadata.namespace}`);
    if (ns) level = Math.max(level, levelOf(ns, depth + 1)); // same level: apply.mjs creates Namespaces first
    levels.set(key, level);
    return level;
  };
  const plan: Manifest[][] = [];
  for (const m of kept) (plan[levelOf(m)] ??= []).push(m);
  return plan.filter(Boolean);
}

/** CI creates one ServiceAccount per pipeline: more than two LIST pages at --page-size 50. */
function generatedServiceAccounts(): Manifest[] {
  return Array.from({ length: PAGINATION.count }, (_, i) => ({
    src: join(ROOT, 'test', 'e2e', 'generated', 'ci-pipeline-serviceaccounts.yaml'),
    obj: {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: `ci-pipeline-${String(i + 1).padStart(3, '0')}`,
        namespace: PAGINATION.namespace,
        labels: { 'app.kubernetes.io/managed-by': 'ci' },
      },
    },
  }));
}

/** Wait until the controller manager has created the ReplicaSets and Pods of the seeded Deployments and Jobs, and the scanner's aggregated role includes the CRD rules. */
async function waitForControllers(client: KubeClient, manifests: Manifest[]): Promise<void> {
  for (const { obj } of manifests) {
    if (obj.kind === 'Deployment') {
      const { namespace, name } = obj.metadata;
      await waitFor(`the ReplicaSet of Deployment ${namespace}/${name}`, async () =>
        (await listItems(client, `/apis/apps/v1/namespaces/${namespace}/replicasets`)).some((rs) =>
          rs.metadata.ownerReferences?.some((r: { name: string }) => r.name === name),
        ),
      );
    }
    if (obj.kind === 'Job') {
      const { namespace, name } = obj.metadata;
      await waitFor(
        `the Pod of Job ${namespace}/${name}`,
        async () =>
          (await listItems(client, `/api/v1/namespaces/${namespace}/pods?labelSelector=${encodeURIComponent(`job-name=${name}`)}`)).length >
          0,
      );
    }
  }
  // Pods appear a moment after their ReplicaSets: wait until the count stops changing.
  let last = -1;
  let stable = 0;
  await waitFor('the Pod count to settle', async () => {
    const count = (await listItems(client, '/api/v1/pods')).length;
    stable = count === last ? stable + 1 : 0;
    last = count;
    return stable >= 4;
  });
  const scanner = clientFor(kubeconfig('scanner'));
  try {
    await waitFor(
      'the scanner to read Capsule Tenants (aggregated ClusterRole)',
      async () => (await scanner.request('GET', '/apis/capsule.clastix.io/v1beta2/tenants')).status === 200,
    );
  } finally {
    scanner.close();
  }
}

function keyOf(obj: { apiVersion: string; kind: string; metadata: { namespace?: string; name: string } }): string {
  return `${groupOf(obj.apiVersion)}${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

/** Key of the owner named by `ref`: in the dependent's namespace unless the owner kind is cluster-scoped (owners of namespaced objects are in the same namespace or cluster-scoped). */
function ownerKey(ref: { apiVersion?: string; kind: string; name: string }, dependent: { metadata: { namespace?: string } }): string {
  const group = groupOf(ref.apiVersion ?? 'v1');
  const clusterScoped = [
    'Namespace',
    'Node',
    'PersistentVolume',
    'Tenant',
    'ClusterRole',
    'CustomResourceDefinition',
    'StorageClass',
  ].includes(ref.kind);
  return `${group}${ref.kind}/${clusterScoped ? '' : (dependent.metadata.namespace ?? '')}/${ref.name}`;
}

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? `${apiVersion.split('/')[0]}:` : '';
}

/** Hash of every seed input file, so a changed example is applied again on a reused cluster. */
function inputHash(): string {
  const hash = createHash('sha256');
  const walk = (path: string) => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) for (const entry of readdirSync(path).sort()) walk(join(path, entry));
    else hash.update(path).update(readFileSync(path));
  };
  for (const input of [...SEED_INPUTS, join(import.meta.dirname, 'seed.ts')]) walk(input);
  return hash.digest('hex');
}

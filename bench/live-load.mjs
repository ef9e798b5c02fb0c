// Loads a generated benchmark cluster (bench/generate.mjs) into a running API server, fast: many
// requests in flight, and none for what the controller-manager creates itself (ReplicaSets of
// Deployments, Pods of ReplicaSets, StatefulSets and Jobs; a generated owner reference would name
// a uid the server never issued, and the garbage collector would delete the object).
// ResourceQuotas go last, once the controllers have created the pods: created first, their
// `requests.ephemeral-storage` cap would make the API server reject every pod that omits it.
// A marker ConfigMap (default/tenantscan-bench) records what was loaded, so a re-run skips loading.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { loadKubeconfig, makeClient } from '../scripts/cluster/apply.mjs';

export const MARKER = { namespace: 'default', name: 'tenantscan-bench' };

/** Plural resource names of the kinds the generator writes (custom resources: from their CRDs). */
const RESOURCES = {
  Namespace: 'namespaces',
  ServiceAccount: 'serviceaccounts',
  ConfigMap: 'configmaps',
  Service: 'services',
  ResourceQuota: 'resourcequotas',
  LimitRange: 'limitranges',
  PersistentVolume: 'persistentvolumes',
  PersistentVolumeClaim: 'persistentvolumeclaims',
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
  Job: 'jobs',
  CronJob: 'cronjobs',
  NetworkPolicy: 'networkpolicies',
  StorageClass: 'storageclasses',
  RuntimeClass: 'runtimeclasses',
  Role: 'roles',
  ClusterRole: 'clusterroles',
  RoleBinding: 'rolebindings',
  ClusterRoleBinding: 'clusterrolebindings',
  CustomResourceDefinition: 'customresourcedefinitions',
};
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'PersistentVolume',
  'StorageClass',
  'RuntimeClass',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
]);
const CREATED_BY_CONTROLLERS = new Set(['Pod', 'ReplicaSet']);

/** The marker's value for a dataset: a different one means the cluster holds other data. */
export const markerValue = (data) => `generator ${data.generatorVersion}, ${data.namespaces} namespaces, ${data.objects} objects`;

export async function loadedMarker(kubeconfig) {
  const client = makeClient(loadKubeconfig(kubeconfig));
  try {
    const res = await client.request('GET', `/api/v1/namespaces/${MARKER.namespace}/configmaps/${MARKER.name}`);
    return res.status === 200 ? res.body?.data?.dataset : undefined;
  } finally {
    client.close();
  }
}

/**
 * Create every object of `data.dir` (a generated manifests folder). Returns {created, skipped,
 * seconds}. Throws on the first request the API server rejects for another reason than AlreadyExists.
 */
export async function loadDataset(kubeconfig, data, { concurrency = 16, log = () => {} } = {}) {
  const start = performance.now();
  const client = makeClient(loadKubeconfig(kubeconfig));
  const objects = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith('.yaml')) yaml.loadAll(readFileSync(join(dir, e.name), 'utf8'), (o) => o && objects.push(o));
    }
  };
  walk(data.dir);
  const plural = { ...RESOURCES };
  for (const crd of objects.filter((o) => o.kind === 'CustomResourceDefinition')) plural[crd.spec.names.kind] = crd.spec.names.plural;
  const pathOf = (o) => {
    const base = o.apiVersion.includes('/') ? `/apis/${o.apiVersion}` : `/api/${o.apiVersion}`;
    return CLUSTER_SCOPED.has(o.kind) ? `${base}/${plural[o.kind]}` : `${base}/namespaces/${o.metadata.namespace}/${plural[o.kind]}`;
  };
  let created = 0;
  let existing = 0;
  const create = async (o) => {
    const { uid: _uid, ownerReferences: _owners, ...metadata } = o.metadata;
    const body = { ...o, metadata, status: undefined };
    // The API server generates a Job's selector (and rejects a written one unless manualSelector is set).
    if (o.kind === 'Job') body.spec = { ...o.spec, selector: undefined };
    const res = await client.request('POST', pathOf(o), body);
    if (res.status === 201 || res.status === 200) created++;
    else if (res.status === 409)
      existing++; // a `default` ServiceAccount, or a second run after a partial one
    else throw new Error(`POST ${pathOf(o)} ${o.metadata.name}: ${res.status} ${res.body?.message ?? res.text}`);
  };
  const inParallel = async (list) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < list.length) await create(list[next++]);
      }),
    );
  };
  const phase = async (name, list) => {
    log(`loading ${list.length} ${name} ...`);
    await inParallel(list);
  };

  const wanted = objects.filter((o) => !CREATED_BY_CONTROLLERS.has(o.kind));
  await phase(
    'namespaces and cluster-scoped objects',
    wanted.filter((o) => CLUSTER_SCOPED.has(o.kind)),
  );
  await waitFor(
    'CustomResourceDefinitions established',
    async () => {
      const res = await client.request('GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions');
      return (res.body?.items ?? []).every((c) => c.status?.conditions?.some((x) => x.type === 'Established' && x.status === 'True'));
    },
    log,
  );
  await phase(
    'namespaced objects',
    wanted.filter((o) => !CLUSTER_SCOPED.has(o.kind) && o.kind !== 'ResourceQuota'),
  );
  const pods = objects.filter((o) => o.kind === 'Pod').length;
  let last = -1;
  let stable = 0;
  await waitFor(
    `the controller-manager to create about ${pods} pods`,
    async () => {
      const res = await client.request('GET', '/api/v1/pods?limit=1');
      const count = (res.body?.items?.length ?? 0) + (res.body?.metadata?.remainingItemCount ?? 0);
      stable = count === last ? stable + 1 : 0;
      last = count;
      log(`  ${count} pods`);
      return count >= pods || stable >= 6;
    },
    log,
    600_000,
  );
  await phase(
    'ResourceQuotas',
    wanted.filter((o) => o.kind === 'ResourceQuota'),
  );
  const marker = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: MARKER.name, namespace: MARKER.namespace },
    data: { dataset: markerValue(data) },
  };
  const put = await client.request('POST', `/api/v1/namespaces/${MARKER.namespace}/configmaps`, marker);
  if (put.status === 409) await client.request('PUT', `/api/v1/namespaces/${MARKER.namespace}/configmaps/${MARKER.name}`, marker);
  client.close();
  return { created, existing, seconds: (performance.now() - start) / 1000 };
}

async function waitFor(what, test, log, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  log(`waiting for ${what} ...`);
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5000));
  }
}

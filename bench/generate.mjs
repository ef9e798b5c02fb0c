#!/usr/bin/env node
// Writes a synthetic but realistic shared cluster as manifests (DIR/manifests/: one file per namespace
// plus one for cluster-scoped objects), and DIR/expected.json: the results some checks must produce on it.
//
//   node bench/generate.mjs --size small|medium|large --out DIR [--shape NAME]
//   node bench/generate.mjs --namespaces 120 --out DIR [--shape NAME] [--namespaces-per-tenant N]
//
// Sizes (objects are approximate): small 2,000 (25 namespaces), medium 20,000 (250),
// large 150,000 (2,000 namespaces). Every namespace holds Deployments with their ReplicaSets and
// Pods, a StatefulSet and a Job with their Pods, a CronJob, Services, NetworkPolicies of varied
// shapes, a quota, a LimitRange, ServiceAccounts, Roles and RoleBindings, PVCs (with PVs),
// ConfigMaps and custom resources. Gaps are placed by a fixed pattern, so the output is
// deterministic and the expected findings are known.
//
// Shapes (how namespaces form tenants, and how many have NetworkPolicies; see SHAPES):
//   mixed (the default)   groups of 4 namespaces form a Capsule tenant, every other group is one tenant per
//                         namespace; every 5th namespace has no NetworkPolicy
//   label                 few tenants of many namespaces, marked by the namespace label `tenant`
//                         (scan with --tenant-label tenant); most namespaces without NetworkPolicy
//   capsule               the same tenants marked by Capsule's label (capsule.clastix.io/tenant)
//   single                every namespace its own tenant; most namespaces without NetworkPolicy
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';

export const SIZES = { small: 25, medium: 250, large: 2000 };
/** Bumped whenever the output of a shape changes, so bench/run.mjs regenerates its datasets. */
export const GENERATOR_VERSION = 2;

/**
 * How namespaces form tenants and how many have NetworkPolicies.
 * - tenancy: `mixed` (groups of CAPSULE_GROUP namespaces, every other one a Capsule tenant, the rest one
 *   tenant per namespace), `label` (namespace label `tenant`), `capsule` (Capsule's tenant label) or
 *   `namespace` (no mark: each namespace its own tenant);
 * - namespacesPerTenant: namespaces of one tenant for `label` and `capsule`;
 * - policyEvery: a namespace has NetworkPolicies when its index modulo 5 is in this list
 *   (mixed: all but 0, one namespace in five without; the others: only 0, four in five without);
 * - scanArgs: what the scan needs to see these tenants.
 */
export const SHAPES = {
  mixed: { tenancy: 'mixed', policyEvery: [1, 2, 3, 4], scanArgs: [] },
  label: { tenancy: 'label', namespacesPerTenant: 20, policyEvery: [0], scanArgs: ['--tenant-label', 'tenant'] },
  capsule: { tenancy: 'capsule', namespacesPerTenant: 20, policyEvery: [0], scanArgs: [] },
  single: { tenancy: 'namespace', policyEvery: [0], scanArgs: [] },
};

/** Namespaces per tenant of the mixed shape: groups of 4 namespaces, every other one a Capsule tenant. */
const CAPSULE_GROUP = 4;

/**
 * Write a cluster of `namespaceCount` namespaces in the given shape (a SHAPES entry, or its name) to `out`.
 * Returns its object count, file count, manifest folder and tenant count.
 */
export function generate(namespaceCount, out, shapeOrName = 'mixed', overrides = {}) {
  const shape = { ...(typeof shapeOrName === 'string' ? SHAPES[shapeOrName] : shapeOrName), ...overrides };
  if (!shape.tenancy) throw new Error(`unknown shape ${shapeOrName}: one of ${Object.keys(SHAPES).join(', ')}`);
  rmSync(out, { recursive: true, force: true });
  const manifests = join(out, 'manifests');
  mkdirSync(join(manifests, 'namespaces'), { recursive: true });
  const expected = { 'network-policy-missing': [], 'storage-hostpath-volume': [], 'quota-missing': [], 'workload-privileged': [] };
  const cluster = [...clusterObjects()];
  let objects = cluster.length;
  const tenants = new Set();
  for (let i = 0; i < namespaceCount; i++) {
    const ns = `ns-${String(i).padStart(4, '0')}`;
    const docs = namespaceObjects(i, ns, expected, shape);
    tenants.add(docs.tenant);
    for (const pv of docs.pvs) cluster.push(pv);
    objects += docs.objects.length + docs.pvs.length;
    writeFileSync(join(manifests, 'namespaces', `${ns}.yaml`), dumpAll(docs.objects));
  }
  writeFileSync(join(manifests, 'cluster.yaml'), dumpAll(cluster));
  const facts = {
    generatorVersion: GENERATOR_VERSION,
    shape: shape.tenancy,
    namespaces: namespaceCount,
    tenants: tenants.size,
    objects,
    scanArgs: shape.scanArgs ?? [],
    failing: expected,
  };
  writeFileSync(join(out, 'expected.json'), `${JSON.stringify(facts, null, 2)}\n`);
  return { objects, files: namespaceCount + 1, manifests, tenants: tenants.size };
}

/** The tenant a namespace belongs to, and the labels that say so. */
function tenancyOf(i, ns, shape) {
  switch (shape.tenancy) {
    case 'mixed': {
      const group = Math.floor(i / CAPSULE_GROUP);
      return group % 2 === 0
        ? { tenant: `tenant-${group}`, labels: { 'capsule.clastix.io/tenant': `tenant-${group}` }, group }
        : { tenant: ns, labels: {}, group };
    }
    case 'label':
    case 'capsule': {
      const group = Math.floor(i / shape.namespacesPerTenant);
      const key = shape.tenancy === 'label' ? 'tenant' : 'capsule.clastix.io/tenant';
      return { tenant: `tenant-${group}`, labels: { [key]: `tenant-${group}` }, group };
    }
    case 'namespace':
      return { tenant: ns, labels: {}, group: i };
    default:
      throw new Error(`unknown tenancy ${shape.tenancy}`);
  }
}

function dumpAll(objects) {
  return objects.map((o) => `---\n${yaml.dump(o, { noRefs: true, lineWidth: -1 })}`).join('');
}

function* clusterObjects() {
  yield {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'ebs.csi.aws.com',
  };
  yield {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'retained' },
    provisioner: 'ebs.csi.aws.com',
    reclaimPolicy: 'Retain',
  };
  yield { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'gvisor' }, handler: 'runsc' };
  yield { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'kata' }, handler: 'kata-qemu' };
  yield crd('widgets', 'Widget', 'example.com');
  yield crd('backups', 'Backup', 'ops.example.com');
  yield {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'tenant-admin' },
    aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'example.com/aggregate-to-tenant-admin': 'true' } }] },
    rules: [],
  };
  yield {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'tenant-admin-core', labels: { 'example.com/aggregate-to-tenant-admin': 'true' } },
    rules: [{ apiGroups: ['', 'apps', 'batch'], resources: ['pods', 'services', 'deployments', 'jobs', 'configmaps'], verbs: ['*'] }],
  };
  yield {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'namespace-viewer' },
    rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list'] }],
  };
  yield {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'platform-admins' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    subjects: [{ kind: 'Group', name: 'platform-admins', apiGroup: 'rbac.authorization.k8s.io' }],
  };
}

function crd(plural, kind, group) {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { kind, plural, singular: kind.toLowerCase() },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      ],
    },
  };
}

function namespaceObjects(i, ns, expected, shape) {
  const tenancy = tenancyOf(i, ns, shape);
  const tenantGroup = tenancy.group;
  const labels = {
    'kubernetes.io/metadata.name': ns,
    'pod-security.kubernetes.io/enforce': i % 3 === 0 ? 'baseline' : 'restricted',
    ...tenancy.labels,
  };
  const objects = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels } }];
  const add = (o) => objects.push(o);
  const pvs = [];

  // NetworkPolicies of varied shapes, in the namespaces the shape's policyEvery names (mixed: all but every 5th).
  if (!shape.policyEvery.includes(i % 5)) expected['network-policy-missing'].push(ns);
  else {
    add(netpol(ns, 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }));
    add(netpol(ns, 'allow-same-namespace', { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] }));
    add(
      netpol(ns, 'allow-dns', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [
              {
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
                podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
              },
            ],
            ports: [{ protocol: 'UDP', port: 53 }],
          },
        ],
      }),
    );
    if (i % 3 === 1)
      add(
        netpol(ns, 'allow-ingress-controller', {
          podSelector: { matchLabels: { tier: 'web' } },
          ingress: [
            {
              from: [
                {
                  namespaceSelector: {
                    matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['ingress-nginx'] }],
                  },
                },
              ],
              ports: [{ port: 8080 }],
            },
          ],
        }),
      );
  }

  // Quotas: every 4th namespace has none.
  if (i % 4 === 0) expected['quota-missing'].push(ns);
  else {
    add({
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'compute', namespace: ns },
      spec: {
        hard: {
          'requests.cpu': '8',
          'limits.cpu': '16',
          'requests.memory': '16Gi',
          'limits.memory': '32Gi',
          'requests.ephemeral-storage': '20Gi',
          pods: '50',
          services: '10',
          'services.nodeports': '0',
          'services.loadbalancers': '0',
          persistentvolumeclaims: '10',
          configmaps: '50',
          secrets: '50',
        },
      },
    });
  }
  add({
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name: 'defaults', namespace: ns },
    spec: { limits: [{ type: 'Container', default: { cpu: '500m', memory: '512Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' } }] },
  });

  // Identity and RBAC.
  for (const sa of ['default', 'deployer', 'app']) add({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: sa, namespace: ns } });
  add({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'app-reader', namespace: ns },
    rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }],
  });
  add({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'deployer', namespace: ns },
    rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'update', 'patch'] }],
  });
  add(binding(ns, 'app-reader', 'Role', 'app-reader', [{ kind: 'ServiceAccount', name: 'app', namespace: ns }]));
  add(binding(ns, 'deployer', 'Role', 'deployer', [{ kind: 'ServiceAccount', name: 'deployer', namespace: ns }]));
  add(
    binding(ns, 'tenant-admins', 'ClusterRole', 'tenant-admin', [
      { kind: 'Group', name: `team-${tenantGroup}`, apiGroup: 'rbac.authorization.k8s.io' },
    ]),
  );

  // Workloads: Deployments with their ReplicaSets and Pods; every 6th namespace runs a privileged one.
  const privileged = i % 6 === 0;
  for (let d = 0; d < 3; d++) {
    const name = ['web', 'api', 'worker'][d];
    const isPrivileged = privileged && d === 2;
    if (isPrivileged) expected['workload-privileged'].push(`${ns}/Deployment/${name}`);
    workload(add, ns, 'Deployment', name, 3, d === 0 ? { tier: 'web' } : {}, containerSpec(name, 8080 + d, isPrivileged));
  }
  workload(add, ns, 'StatefulSet', 'db', 2, {}, containerSpec('postgres', 5432, false), (spec) => {
    spec.serviceName = 'db';
    spec.volumeClaimTemplates = [
      { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } } },
    ];
  });
  workload(add, ns, 'Job', 'migrate', 1, {}, { ...containerSpec('migrate', 0, false), restartPolicy: 'Never' });
  add({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'report', namespace: ns },
    spec: {
      schedule: '0 3 * * *',
      jobTemplate: {
        spec: {
          template: { metadata: { labels: { app: 'report' } }, spec: { ...containerSpec('report', 0, false), restartPolicy: 'OnFailure' } },
        },
      },
    },
  });
  if (i % 7 === 0) {
    expected['storage-hostpath-volume'].push(`${ns}/DaemonSet/node-logs`);
    add({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'node-logs', namespace: ns },
      spec: {
        selector: { matchLabels: { app: 'node-logs' } },
        template: {
          metadata: { labels: { app: 'node-logs' } },
          spec: { ...containerSpec('shipper', 0, false), volumes: [{ name: 'varlog', hostPath: { path: '/var/log' } }] },
        },
      },
    });
  }

  // Services.
  for (const [name, port] of [
    ['web', 8080],
    ['api', 8081],
    ['worker', 8082],
    ['db', 5432],
  ]) {
    add({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: ns },
      spec: {
        selector: { app: name },
        ports: [{ port, targetPort: port }],
        ...(i % 11 === 0 && name === 'web' ? { type: 'NodePort' } : {}),
      },
    });
  }

  // Storage: claims bound to dynamically provisioned PVs.
  for (let c = 0; c < 3; c++) {
    const claim = `data-${c}`;
    const pv = `pvc-${ns}-${c}`;
    add({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: claim, namespace: ns },
      spec: {
        accessModes: ['ReadWriteOnce'],
        storageClassName: c === 2 ? 'retained' : 'standard',
        volumeName: pv,
        resources: { requests: { storage: '5Gi' } },
      },
    });
    pvs.push({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: pv },
      spec: {
        capacity: { storage: '5Gi' },
        accessModes: ['ReadWriteOnce'],
        persistentVolumeReclaimPolicy: c === 2 ? 'Retain' : 'Delete',
        storageClassName: c === 2 ? 'retained' : 'standard',
        claimRef: { namespace: ns, name: claim },
        csi: { driver: 'ebs.csi.aws.com', volumeHandle: `vol-${i}-${c}` },
      },
      status: { phase: 'Bound' },
    });
  }

  // Configuration and custom resources.
  for (let c = 0; c < 24; c++)
    add({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `config-${c}`, namespace: ns },
      data: { 'app.properties': `key=${c}\nns=${ns}\n` },
    });
  for (let w = 0; w < 4; w++)
    add({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: `widget-${w}`, namespace: ns }, spec: { size: w } });
  if (i % 10 === 0)
    add({
      apiVersion: 'ops.example.com/v1',
      kind: 'Backup',
      metadata: { name: 'nightly', namespace: ns },
      spec: { schedule: '0 1 * * *' },
    });
  return { objects, pvs, tenant: tenancy.tenant };
}

function netpol(namespace, name, spec) {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec };
}

function binding(namespace, name, kind, role, subjects) {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name, namespace },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind, name: role },
    subjects,
  };
}

function containerSpec(name, port, privileged) {
  return {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [
      {
        name,
        image: `registry.example.com/${name}:1.4.2`,
        ...(port ? { ports: [{ name: 'http', containerPort: port }] } : {}),
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
        securityContext: { allowPrivilegeEscalation: privileged, privileged, capabilities: { drop: ['ALL'] } },
      },
    ],
  };
}

/** A workload and, for Deployments and StatefulSets and Jobs, the ReplicaSet and Pods a live cluster would hold. */
function workload(add, ns, kind, name, replicas, extraLabels, podSpec, tweak) {
  const apiVersion = kind === 'Job' ? 'batch/v1' : 'apps/v1';
  const uid = `${ns}-${kind}-${name}`;
  const labels = { app: name, ...extraLabels };
  const spec = { selector: { matchLabels: { app: name } }, template: { metadata: { labels }, spec: podSpec } };
  if (kind !== 'Job') spec.replicas = replicas;
  if (tweak) tweak(spec);
  add({ apiVersion, kind, metadata: { name, namespace: ns, uid, labels: { app: name } }, spec });
  let owner = { apiVersion, kind, name, uid, controller: true };
  if (kind === 'Deployment') {
    const rs = `${name}-7d9f8b6c5`;
    const rsUid = `${uid}-rs`;
    add({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: rs, namespace: ns, uid: rsUid, labels, ownerReferences: [owner] },
      spec: { replicas, selector: spec.selector, template: spec.template },
    });
    owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs, uid: rsUid, controller: true };
  }
  for (let p = 0; p < replicas; p++) {
    const podName = kind === 'StatefulSet' ? `${name}-${p}` : `${name}-7d9f8b6c5-${String.fromCharCode(97 + p)}x2kq`;
    add({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: podName, namespace: ns, labels, ownerReferences: [owner] },
      spec: { ...podSpec, nodeName: `node-${p}` },
      status: { phase: 'Running' },
    });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = Object.fromEntries(
    process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
  );
  const namespaces = args.namespaces ? Number(args.namespaces) : SIZES[args.size ?? 'small'];
  const shape = args.shape ?? 'mixed';
  if (!namespaces || !args.out || !SHAPES[shape]) {
    console.error(
      `usage: node bench/generate.mjs --size small|medium|large --out DIR [--shape ${Object.keys(SHAPES).join('|')}] [--namespaces-per-tenant N]   (or --namespaces N)`,
    );
    process.exit(2);
  }
  const overrides = args['namespaces-per-tenant'] ? { namespacesPerTenant: Number(args['namespaces-per-tenant']) } : {};
  const { objects, files, tenants } = generate(namespaces, args.out, shape, overrides);
  console.log(`wrote ${objects} objects in ${files} files (${tenants} tenants) to ${args.out}`);
}

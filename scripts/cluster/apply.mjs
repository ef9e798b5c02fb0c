#!/usr/bin/env node
// Seeds a cluster from multi-document YAML/JSON manifests (a tiny `kubectl apply` for tests).
//
//   node scripts/cluster/apply.mjs --kubeconfig .cluster/admin.kubeconfig [--context NAME]
//        [--namespace NS] FILE_OR_DIR...
//
// - Directories are walked recursively (*.yaml, *.yml, *.json, sorted by path); `kind: List`
//   is flattened.
// - Order: Namespaces, then CustomResourceDefinitions (waiting until each is Established),
//   then everything else, owners before what they own, otherwise in file order.
// - Manifests written for a scan are made fit for an API server, or the garbage collector would
//   delete what was applied (an owner reference whose uid is not the live owner's is an orphan's):
//     server-set fields (uid, resourceVersion, creationTimestamp, managedFields, generation) are
//       dropped;
//     an object whose controller (a Deployment, Job, ... in the input) creates it is skipped;
//     every owner reference gets the live uid of its owner, applied earlier in the run or already
//       in the cluster; a reference to an owner found in neither is dropped, with a log line.
// - Kinds are mapped to resources with API discovery (/api/v1, /apis, /apis/<g>/<v>), so
//   cluster-scoped and namespaced kinds, and CRDs created in the same run, both work.
//   Namespaced objects without metadata.namespace go to --namespace (default "default").
// - Create-or-replace: POST; on 409 AlreadyExists, GET + PUT with the current resourceVersion
//   (if that PUT is rejected as invalid, e.g. an immutable field the server filled in, it falls
//   back to a forced server-side apply of the manifest).
// - Status seeding (the API ignores .status on create):
//     metadata.annotations["test.tenantscan.io/phase"]: "Released"  -> PUT .../status with
//       status.phase set (PersistentVolume, PersistentVolumeClaim, Namespace, Pod, ...);
//     metadata.annotations["test.tenantscan.io/apply-status"]: "true" -> PUT the manifest's
//       own .status to .../status.
// - One log line per object on stdout; the first failure aborts with exit code 1.
//
// Also importable: `import { applyManifests } from './scripts/cluster/apply.mjs'`.
// Needs only Node >= 20 and the repo's `js-yaml` dependency (resolved from node_modules).
import fs from 'node:fs';
import path from 'node:path';
import https from 'node:https';
import http from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PHASE_ANNOTATION = 'test.tenantscan.io/phase';
const STATUS_ANNOTATION = 'test.tenantscan.io/apply-status';

function loadYamlLib() {
  const tries = [import.meta.url, pathToFileURL(path.join(process.cwd(), 'noop.js')).href];
  for (const from of tries) {
    try {
      return createRequire(from)('js-yaml');
    } catch {
      /* try next */
    }
  }
  throw new Error("apply.mjs: cannot load 'js-yaml' — run `npm ci` in the repository root first");
}

// ---------------------------------------------------------------- kubeconfig + HTTP client

export function loadKubeconfig(file, contextName) {
  const yaml = loadYamlLib();
  const dir = path.dirname(path.resolve(file));
  const kc = yaml.load(fs.readFileSync(file, 'utf8'));
  const ctxName = contextName || kc['current-context'];
  const ctx = (kc.contexts || []).find((c) => c.name === ctxName)?.context;
  if (!ctx) throw new Error(`kubeconfig ${file}: context '${ctxName}' not found`);
  const cluster = (kc.clusters || []).find((c) => c.name === ctx.cluster)?.cluster;
  if (!cluster) throw new Error(`kubeconfig ${file}: cluster '${ctx.cluster}' not found`);
  const user = (kc.users || []).find((u) => u.name === ctx.user)?.user || {};
  const readData = (data, f) => (data ? Buffer.from(data, 'base64') : f ? fs.readFileSync(path.resolve(dir, f)) : undefined);
  let token = user.token;
  if (!token && user.tokenFile) token = fs.readFileSync(path.resolve(dir, user.tokenFile), 'utf8').trim();
  return {
    server: cluster.server.replace(/\/+$/, ''),
    ca: readData(cluster['certificate-authority-data'], cluster['certificate-authority']),
    insecure: !!cluster['insecure-skip-tls-verify'],
    cert: readData(user['client-certificate-data'], user['client-certificate']),
    key: readData(user['client-key-data'], user['client-key']),
    token,
    namespace: ctx.namespace,
  };
}

export function makeClient(conn) {
  const url = new URL(conn.server);
  const isHttps = url.protocol === 'https:';
  const agent = isHttps
    ? new https.Agent({ ca: conn.ca, cert: conn.cert, key: conn.key, rejectUnauthorized: !conn.insecure, keepAlive: true })
    : new http.Agent({ keepAlive: true });
  const request = (method, p, body, contentType = 'application/json') =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const headers = { Accept: 'application/json' };
      if (payload !== undefined) {
        headers['Content-Type'] = contentType;
        headers['Content-Length'] = Buffer.byteLength(payload);
      }
      if (conn.token) headers.Authorization = `Bearer ${conn.token}`;
      const req = (isHttps ? https : http).request(
        { hostname: url.hostname, port: url.port, path: url.pathname.replace(/\/$/, '') + p, method, headers, agent },
        (res) => {
          let data = '';
          res.setEncoding('utf8');
          res.on('data', (d) => (data += d));
          res.on('end', () => {
            let json;
            try {
              json = data ? JSON.parse(data) : undefined;
            } catch {
              json = undefined;
            }
            resolve({ status: res.statusCode, body: json, text: data });
          });
        },
      );
      req.on('error', reject);
      req.setTimeout(30000, () => req.destroy(new Error(`${method} ${p}: timeout`)));
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  return { request, close: () => agent.destroy() };
}

// ---------------------------------------------------------------- manifests

function listFiles(p) {
  const st = fs.statSync(p);
  if (st.isFile()) return [p];
  const out = [];
  for (const e of fs.readdirSync(p, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(p, e.name);
    if (e.isDirectory()) out.push(...listFiles(full));
    else if (/\.(ya?ml|json)$/i.test(e.name)) out.push(full);
  }
  return out;
}

export function readManifests(paths) {
  const yaml = loadYamlLib();
  const objs = [];
  const push = (o, src) => {
    if (!o || typeof o !== 'object') return;
    if (typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)) {
      for (const it of o.items) push(it, src);
      return;
    }
    if (!o.apiVersion || !o.kind || !o.metadata?.name) {
      throw new Error(`${src}: object without apiVersion/kind/metadata.name: ${JSON.stringify(o).slice(0, 120)}`);
    }
    objs.push({ obj: o, src });
  };
  for (const p of paths) {
    for (const f of listFiles(p)) {
      for (const doc of yaml.loadAll(fs.readFileSync(f, 'utf8'))) push(doc, f);
    }
  }
  return objs;
}

// ---------------------------------------------------------------- discovery

function makeDiscovery(client) {
  const cache = new Map(); // groupVersion -> Map(kind -> {name, namespaced})
  async function resourcesFor(gv, refresh = false) {
    if (!refresh && cache.has(gv)) return cache.get(gv);
    const p = gv === 'v1' ? '/api/v1' : `/apis/${gv}`;
    const res = await client.request('GET', p);
    const m = new Map();
    if (res.status === 200) {
      for (const r of res.body.resources || []) {
        if (!r.name.includes('/')) m.set(r.kind, { name: r.name, namespaced: r.namespaced });
      }
    } else if (res.status !== 404) {
      throw new Error(`discovery GET ${p}: HTTP ${res.status} ${res.text.slice(0, 200)}`);
    }
    cache.set(gv, m);
    return m;
  }
  return {
    async lookup(apiVersion, kind, { waitMs = 0 } = {}) {
      const deadline = Date.now() + waitMs;
      let refresh = false;
      for (;;) {
        const m = await resourcesFor(apiVersion, refresh);
        if (m.has(kind)) return m.get(kind);
        if (Date.now() >= deadline) throw new Error(`no resource for kind ${kind} in ${apiVersion} (API discovery)`);
        refresh = true;
        await sleep(250);
      }
    },
    invalidate(gv) {
      cache.delete(gv);
    },
  };
}

// ---------------------------------------------------------------- owner references

/** Workload kinds whose controllers create the objects they own (ReplicaSets, Pods, Jobs). */
const CONTROLLER_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicationController']);
const SERVER_SET_FIELDS = ['uid', 'resourceVersion', 'creationTimestamp', 'managedFields', 'generation', 'selfLink'];

const groupOf = (apiVersion) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');
/** Identity of an object for owner lookups (version-independent, as owner references are). */
const keyOf = (group, kind, namespace, name) => `${group}/${kind}/${namespace ?? ''}/${name}`;
const objectKey = (obj) => keyOf(groupOf(obj.apiVersion), obj.kind, obj.metadata.namespace, obj.metadata.name);
/** An owner is in the object's namespace, or cluster-scoped (owner references cannot cross namespaces). */
const ownerKeys = (ref, obj) => [
  keyOf(groupOf(ref.apiVersion), ref.kind, obj.metadata.namespace, ref.name),
  keyOf(groupOf(ref.apiVersion), ref.kind, undefined, ref.name),
];

/**
 * Skip what a controller in the input creates, drop server-set fields, and give each object its
 * level: after its owners (a Namespace owned by a Capsule Tenant comes after the Tenant) and not
 * before its Namespace. `applyManifests` applies level by level, Namespaces and CRDs first within one.
 */
export function planOwnership(items, log) {
  const byKey = new Map(items.map((it) => [objectKey(it.obj), it]));
  const inInput = (ref, obj) => ownerKeys(ref, obj).find((k) => byKey.has(k));
  const kept = [];
  for (const it of items) {
    const meta = it.obj.metadata;
    const refs = Array.isArray(meta.ownerReferences) ? meta.ownerReferences : [];
    const controller = refs.find((r) => r?.controller === true);
    if (controller && CONTROLLER_KINDS.has(controller.kind) && inInput(controller, it.obj)) {
      log(
        `skipped ${it.obj.kind} ${meta.namespace ? `${meta.namespace}/` : ''}${meta.name} (${it.src}): its ${controller.kind} creates it`,
      );
      continue;
    }
    for (const field of SERVER_SET_FIELDS) delete meta[field];
    kept.push(it);
  }
  const keptKeys = new Map(kept.map((it) => [objectKey(it.obj), it]));
  const depth = new Map();
  const depthOf = (it, seen = new Set()) => {
    const key = objectKey(it.obj);
    if (depth.has(key)) return depth.get(key);
    if (seen.has(key)) return 0; // an owner cycle: the API would never settle it either
    seen.add(key);
    let d = 0;
    for (const ref of it.obj.metadata.ownerReferences ?? []) {
      const owner = ownerKeys(ref, it.obj)
        .map((k) => keptKeys.get(k))
        .find(Boolean);
      if (owner) d = Math.max(d, depthOf(owner, seen) + 1);
    }
    const namespace = it.obj.metadata.namespace && keptKeys.get(keyOf('', 'Namespace', undefined, it.obj.metadata.namespace));
    if (namespace && namespace !== it) d = Math.max(d, depthOf(namespace, seen));
    depth.set(key, d);
    return d;
  };
  return kept.map((it) => ({ ...it, level: depthOf(it) }));
}

/**
 * Give every owner reference the live uid of its owner: applied earlier in this run (`applied`,
 * by key), or read from the cluster. A reference whose owner exists nowhere is dropped, and said.
 */
async function resolveOwners(obj, applied, client, discovery, log) {
  const refs = obj.metadata.ownerReferences;
  if (!Array.isArray(refs) || refs.length === 0) return;
  const kept = [];
  for (const ref of refs) {
    let uid = ownerKeys(ref, obj)
      .map((k) => applied.get(k))
      .find(Boolean);
    if (!uid) uid = await liveUid(ref, obj, client, discovery);
    if (uid) kept.push({ ...ref, uid });
    else
      log(
        `dropped the owner reference of ${obj.kind} ${obj.metadata.name} to ${ref.kind} ${ref.name}: no such owner in the input or the cluster (the garbage collector would delete the object)`,
      );
  }
  if (kept.length) obj.metadata.ownerReferences = kept;
  else delete obj.metadata.ownerReferences;
}

async function liveUid(ref, obj, client, discovery) {
  let res;
  try {
    res = await discovery.lookup(ref.apiVersion, ref.kind);
  } catch {
    return undefined;
  }
  const r = await client.request('GET', objPath(ref.apiVersion, res, obj.metadata.namespace, ref.name));
  return r.status === 200 ? r.body?.metadata?.uid : undefined;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function objPath(apiVersion, res, namespace, name) {
  const base = apiVersion === 'v1' ? '/api/v1' : `/apis/${apiVersion}`;
  const ns = res.namespaced ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${ns}/${res.name}${name ? `/${encodeURIComponent(name)}` : ''}`;
}

function describe(obj, res) {
  const ns = res?.namespaced ? `${obj.metadata.namespace}/` : '';
  return `${obj.apiVersion}/${obj.kind} ${ns}${obj.metadata.name}`;
}

function errText(r) {
  return `HTTP ${r.status}: ${r.body?.message || r.text.slice(0, 300)}`;
}

// ---------------------------------------------------------------- apply

async function createOrReplace(client, obj, res, log) {
  const collection = objPath(obj.apiVersion, res, obj.metadata.namespace);
  const item = objPath(obj.apiVersion, res, obj.metadata.namespace, obj.metadata.name);
  const deadline = Date.now() + 30000;
  for (;;) {
    let r = await client.request('POST', collection, obj);
    if (r.status === 201 || r.status === 200 || r.status === 202) {
      log(`created ${describe(obj, res)}`);
      return r.body;
    }
    // Creating a Service that exists with a fixed nodePort fails with 422 "provided port is already
    // allocated" (allocation runs before the name check), not 409: replace it like any existing object.
    const exists = r.status === 422 && (await client.request('GET', item)).status === 200;
    if (r.status === 409 || exists) {
      for (let attempt = 0; attempt < 5; attempt++) {
        const cur = await client.request('GET', item);
        if (cur.status !== 200) throw new Error(`GET ${item}: ${errText(cur)}`);
        const next = structuredClone(obj);
        next.metadata.resourceVersion = cur.body.metadata.resourceVersion;
        r = await client.request('PUT', item, next);
        if (r.status === 200 || r.status === 201) {
          log(`replaced ${describe(obj, res)}`);
          return r.body;
        }
        if (r.status !== 409) break;
      }
      if (r.status === 422) {
        // A plain PUT drops fields that the server or controllers filled in and that are
        // immutable afterwards (PVC spec.volumeName, a Pod's injected token volume, ...).
        // Server-side apply merges instead of replacing.
        const ssa = await client.request(
          'PATCH',
          `${item}?fieldManager=tenantscan-test-apply&force=true`,
          obj,
          'application/apply-patch+yaml',
        );
        if (ssa.status === 200 || ssa.status === 201) {
          log(`applied ${describe(obj, res)} (server-side apply: ${r.body?.message?.slice(0, 80) || 'PUT rejected'})`);
          return ssa.body;
        }
        r = ssa;
      }
      throw new Error(`replace ${describe(obj, res)}: ${errText(r)}`);
    }
    // The namespace's `default` ServiceAccount appears a moment after the Namespace (KCM);
    // until then the ServiceAccount admission plugin rejects Pods. Retry briefly.
    const transient =
      /error looking up service account|not found in namespace|the server could not find the requested resource/.test(
        r.body?.message || '',
      ) ||
      r.status === 429 ||
      r.status >= 500;
    if (transient && Date.now() < deadline) {
      await sleep(500);
      continue;
    }
    throw new Error(`create ${describe(obj, res)}: ${errText(r)}`);
  }
}

async function putStatus(client, obj, res, live, log) {
  const ann = obj.metadata.annotations || {};
  const phase = ann[PHASE_ANNOTATION];
  const applyStatus = String(ann[STATUS_ANNOTATION] || '').toLowerCase() === 'true';
  if (!phase && !applyStatus) return;
  const item = objPath(obj.apiVersion, res, obj.metadata.namespace, obj.metadata.name);
  for (let attempt = 0; attempt < 5; attempt++) {
    const cur = attempt === 0 && live ? { status: 200, body: live } : await client.request('GET', item);
    if (cur.status !== 200) throw new Error(`GET ${item}: ${errText(cur)}`);
    const next = structuredClone(cur.body);
    next.status = applyStatus ? { ...(next.status || {}), ...(obj.status || {}) } : { ...(next.status || {}) };
    if (phase) next.status.phase = phase;
    const r = await client.request('PUT', `${item}/status`, next);
    if (r.status === 200) {
      log(`status ${describe(obj, res)}${phase ? ` phase=${phase}` : ''}`);
      return;
    }
    if (r.status !== 409) throw new Error(`PUT ${item}/status: ${errText(r)}`);
  }
  throw new Error(`PUT ${item}/status: conflict after 5 attempts`);
}

async function waitEstablished(client, name, timeoutMs, log) {
  const p = `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${encodeURIComponent(name)}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await client.request('GET', p);
    const conds = r.body?.status?.conditions || [];
    if (conds.some((c) => c.type === 'Established' && c.status === 'True')) {
      log(`established apiextensions.k8s.io/v1/CustomResourceDefinition ${name}`);
      return r.body;
    }
    if (Date.now() > deadline) throw new Error(`CRD ${name} not Established after ${timeoutMs} ms`);
    await sleep(200);
  }
}

/**
 * Apply manifests. options: { kubeconfig, context?, namespace?, paths: string[], log? }
 * Returns the list of applied objects as returned by the API server.
 */
export async function applyManifests({ kubeconfig, context, namespace, paths, log = console.log }) {
  const conn = loadKubeconfig(kubeconfig, context);
  const client = makeClient(conn);
  const defaultNs = namespace || conn.namespace || 'default';
  try {
    const items = planOwnership(
      readManifests(paths).map((it) => ({ ...it, obj: structuredClone(it.obj) })),
      log,
    );
    const rank = (o) => (o.kind === 'Namespace' && o.apiVersion === 'v1' ? 0 : o.kind === 'CustomResourceDefinition' ? 1 : 2);
    const ordered = items.map((it, i) => ({ ...it, i })).sort((a, b) => a.level - b.level || rank(a.obj) - rank(b.obj) || a.i - b.i);
    const discovery = makeDiscovery(client);
    const applied = [];
    const uids = new Map();
    for (const { obj, src } of ordered) {
      try {
        await resolveOwners(obj, uids, client, discovery, log);
        // Groups created by CRDs in this run may take a moment to appear in discovery.
        const res = await discovery.lookup(obj.apiVersion, obj.kind, { waitMs: rank(obj) === 2 ? 15000 : 0 });
        if (res.namespaced) obj.metadata.namespace = obj.metadata.namespace || defaultNs;
        else delete obj.metadata.namespace;
        const live = await createOrReplace(client, obj, res, log);
        if (obj.kind === 'CustomResourceDefinition') {
          await waitEstablished(client, obj.metadata.name, 30000, log);
          for (const v of obj.spec?.versions || []) discovery.invalidate(`${obj.spec.group}/${v.name}`);
        }
        await putStatus(client, obj, res, live, log);
        applied.push(live);
        uids.set(objectKey(live), live.metadata.uid);
      } catch (e) {
        e.message = `${src}: ${e.message}`;
        throw e;
      }
    }
    return applied;
  } finally {
    client.close();
  }
}

// ---------------------------------------------------------------- CLI

function usage(code) {
  (code ? console.error : console.log)(
    'usage: node scripts/cluster/apply.mjs --kubeconfig FILE [--context NAME] [--namespace NS] FILE_OR_DIR...',
  );
  process.exit(code);
}

async function main(argv) {
  let kubeconfig = process.env.KUBECONFIG;
  let context;
  let namespace;
  const paths = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) usage(2);
      return argv[++i];
    };
    if (a === '--kubeconfig') kubeconfig = val();
    else if (a.startsWith('--kubeconfig=')) kubeconfig = a.slice(13);
    else if (a === '--context') context = val();
    else if (a.startsWith('--context=')) context = a.slice(10);
    else if (a === '--namespace' || a === '-n') namespace = val();
    else if (a.startsWith('--namespace=')) namespace = a.slice(12);
    else if (a === '-h' || a === '--help') usage(0);
    else if (a.startsWith('-')) {
      console.error(`apply.mjs: unknown option ${a}`);
      usage(2);
    } else paths.push(a);
  }
  if (!kubeconfig || paths.length === 0) usage(2);
  await applyManifests({ kubeconfig, context, namespace, paths });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(`apply.mjs: ${e.message}`);
    process.exit(1);
  });
}

#!/usr/bin/env bash
# Smoke check of a running test cluster (scripts/test-cluster.sh up): every identity gets the
# answer it should, the audit log is written synchronously, kube-controller-manager works,
# and apply.mjs seeds namespaced/cluster-scoped/CRD objects and PV status. Cleans up after itself.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STATE=${TENANTSCAN_CLUSTER_DIR:-$ROOT/.cluster}
[ -f "$STATE/admin.kubeconfig" ] || { echo "smoke: no cluster in $STATE (run scripts/test-cluster.sh up)" >&2; exit 1; }
. "$STATE/cluster.env"

echo "smoke: applying fixtures with apply.mjs"
node "$ROOT/scripts/cluster/apply.mjs" --kubeconfig "$STATE/admin.kubeconfig" "$ROOT/scripts/cluster/smoke/fixtures.yaml"
echo "smoke: re-applying (create-or-replace)"
node "$ROOT/scripts/cluster/apply.mjs" --kubeconfig "$STATE/admin.kubeconfig" "$ROOT/scripts/cluster/smoke/fixtures.yaml"

STATE="$STATE" APPLY="$ROOT/scripts/cluster/apply.mjs" node --input-type=module <<'JS'
import fs from 'node:fs';
const { loadKubeconfig, makeClient } = await import(process.env.APPLY);
const S = process.env.STATE;
let passed = 0, failed = 0;
const check = (name, ok, detail = '') => {
  if (ok) { passed++; console.log(`ok   ${name}`); }
  else { failed++; console.log(`FAIL ${name} ${detail}`); }
};
const as = (file, ctx) => makeClient(loadKubeconfig(`${S}/${file}`, ctx));
const get = async (c, p) => { try { return await c.request('GET', p); } finally { c.close(); } };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(fn, ms = 60000) {
  const end = Date.now() + ms;
  for (;;) { const v = await fn(); if (v || Date.now() > end) return v; await sleep(500); }
}

let r = await get(as('admin.kubeconfig'), '/api/v1/namespaces');
check('admin lists namespaces', r.status === 200 && r.body.items.some((n) => n.metadata.name === 'default'), r.status);
r = await get(as('admin.kubeconfig'), '/version');
check('server version is stamped', r.status === 200 && /^v1\.\d+\.\d+/.test(r.body.gitVersion), r.body?.gitVersion);

r = await get(as('scanner.kubeconfig'), '/api/v1/pods');
check('scanner lists pods cluster-wide', r.status === 200, r.status);
r = await get(as('scanner.kubeconfig'), '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings');
check('scanner lists clusterrolebindings', r.status === 200, r.status);
const marker = `smoke-${Date.now()}`;
r = await get(as('scanner.kubeconfig'), `/api/v1/secrets?labelSelector=smoke%3D${marker}`);
check('scanner gets 403 on secrets (cluster-wide)', r.status === 403, r.status);
r = await get(as('scanner.kubeconfig'), '/api/v1/namespaces/kube-system/secrets');
check('scanner gets 403 on secrets (namespaced)', r.status === 403, r.status);
// blocking audit mode: the event is on disk by the time the response has arrived
const audit = fs.readFileSync(`${S}/audit.log`, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
check('audit log has the 403 secrets event already',
  audit.some((e) => e.user?.username === 'scanner' && e.requestURI.includes(marker) && e.responseStatus?.code === 403 && e.stage === 'ResponseComplete'));
r = await get(as('scanner-token.kubeconfig'), '/api/v1/pods');
check('scanner (static token) lists pods', r.status === 200, r.status);

const ssr = async (file) => {
  const c = as(file);
  try { return await c.request('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }); }
  finally { c.close(); }
};
r = await ssr('tenant-a-admin.kubeconfig');
check('tenant-a identity is alice in team-a', r.status === 201 && r.body.status.userInfo.username === 'alice' && r.body.status.userInfo.groups.includes('team-a'), JSON.stringify(r.body?.status));
r = await get(as('tenant-a-admin.kubeconfig'), '/api/v1/namespaces');
check('alice (unbound) gets 403 listing namespaces', r.status === 403, r.status);

r = await get(as('wrong-token.kubeconfig'), '/api/v1/namespaces');
check('wrong token gets 401', r.status === 401, r.status);
r = await get(as('expired.kubeconfig'), '/api/v1/namespaces');
check('expired client certificate gets 401', r.status === 401, r.status);
try {
  r = await get(as('unreachable.kubeconfig'), '/api/v1/namespaces');
  check('unreachable refuses the connection', false, `got HTTP ${r.status}`);
} catch (e) {
  check('unreachable refuses the connection', e.code === 'ECONNREFUSED', e.code);
}

const kc = fs.readFileSync(`${S}/multi.kubeconfig`, 'utf8');
check('multi.kubeconfig current-context is scanner', /^current-context: scanner$/m.test(kc));
for (const [ctx, user] of [['admin', 'tenantscan-admin'], ['scanner', 'scanner'], ['tenant-a', 'alice']]) {
  const c = makeClient(loadKubeconfig(`${S}/multi.kubeconfig`, ctx));
  r = await c.request('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
  c.close();
  check(`multi.kubeconfig --context ${ctx} is ${user}`, r.body?.status?.userInfo?.username === user, r.body?.status?.userInfo?.username);
}

// seeded by apply.mjs
const admin = as('admin.kubeconfig');
r = await admin.request('GET', '/api/v1/persistentvolumes/tenantscan-smoke-released');
check('PV seeded in phase Released', r.body?.status?.phase === 'Released', r.body?.status?.phase);
r = await admin.request('GET', '/apis/smoke.tenantscan.io/v1/namespaces/tenantscan-smoke/widgets/w1');
check('custom resource created after its CRD', r.status === 200, r.status);
// kube-controller-manager
const sa = await until(async () => (await admin.request('GET', '/api/v1/namespaces/tenantscan-smoke/serviceaccounts/default')).status === 200);
check('KCM created the default ServiceAccount', sa);
const pods = await until(async () => {
  const p = await admin.request('GET', '/api/v1/namespaces/tenantscan-smoke/pods?labelSelector=app%3Dweb');
  return p.body?.items?.length > 0 ? p.body.items : null;
});
check('KCM turned the Deployment into a Pod (Pending, no nodes)', pods && pods[0].status.phase === 'Pending', pods?.[0]?.status?.phase);
await sleep(3000);
r = await admin.request('GET', '/api/v1/persistentvolumes/tenantscan-smoke-released');
check('PV still Released after the PV controller saw it', r.body?.status?.phase === 'Released', r.body?.status?.phase);

// clean up so that e2e tests see an untouched cluster
for (const p of ['/api/v1/namespaces/tenantscan-smoke', '/api/v1/persistentvolumes/tenantscan-smoke-released',
  '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.smoke.tenantscan.io']) {
  await admin.request('DELETE', p);
}
const gone = await until(async () => {
  const s = await Promise.all(['/api/v1/namespaces/tenantscan-smoke', '/api/v1/persistentvolumes/tenantscan-smoke-released',
    '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.smoke.tenantscan.io'].map((p) => admin.request('GET', p)));
  return s.every((x) => x.status === 404);
}, 90000);
check('fixtures deleted (namespace finalized by KCM)', gone);
admin.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
JS

#!/usr/bin/env node
// The floor of a live scan: list the same kinds as `tenantscan scan --kubeconfig` does, with the
// same page size and the same number of requests in flight, from the same API server, and parse
// each page; nothing else. Prints {ms, objects, requests, kinds} as JSON.
//
//   node bench/live-floor.mjs KUBECONFIG PLAN.json [--page-size 500] [--concurrency 4]
//
// What is listed comes from the scanner's own lists, which bench/live.mjs writes to PLAN.json
// (FULL_KINDS, the kinds the built-in checks' read plan reads in full, src/engine/read-plan.ts; the custom resources of every
// CRD, as metadata only; the Accept headers), so that this process does not load the scanner's
// modules (the Kubernetes client library alone takes a second to import). Order as the scanner's:
// API discovery, Namespaces, CustomResourceDefinitions, then everything else at once. The HTTP part
// is a plain GET loop (keep-alive agent, `limit`/`continue`, JSON.parse of every page), so the ratio
// scan / floor is the cost of tenantscan's start-up, client, conversion, checks and report over the bare reads.
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { loadKubeconfig } from '../scripts/cluster/apply.mjs';

const start = performance.now();
const args = process.argv.slice(2);
const [kubeconfig, planFile] = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
if (!kubeconfig || !planFile) {
  console.error('usage: node bench/live-floor.mjs KUBECONFIG PLAN.json [--page-size N] [--concurrency N]');
  process.exit(2);
}
const { FULL_KINDS, METADATA_ONLY_ACCEPT, AGGREGATED_DISCOVERY_ACCEPT, DEFAULT_PAGE_SIZE, DEFAULT_CONCURRENCY } = JSON.parse(
  readFileSync(planFile, 'utf8'),
);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const pageSize = option('page-size', DEFAULT_PAGE_SIZE);
const concurrency = option('concurrency', DEFAULT_CONCURRENCY);

const conn = loadKubeconfig(kubeconfig);
const server = new URL(conn.server);
const agent = new https.Agent({
  ca: conn.ca,
  cert: conn.cert,
  key: conn.key,
  rejectUnauthorized: !conn.insecure,
  keepAlive: true,
  maxSockets: concurrency,
});
let requests = 0;

// At most `concurrency` requests in flight, as the scanner's client allows.
let active = 0;
const waiting = [];
async function slot(fn) {
  if (active >= concurrency) await new Promise((resolve) => waiting.push(resolve));
  active++;
  try {
    return await fn();
  } finally {
    active--;
    waiting.shift()?.();
  }
}

function get(path, accept) {
  return slot(
    () =>
      new Promise((resolve, reject) => {
        requests++;
        const headers = { Accept: accept, ...(conn.token ? { Authorization: `Bearer ${conn.token}` } : {}) };
        const req = https.request({ hostname: server.hostname, port: server.port, path, headers, agent }, (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
        });
        req.on('error', reject);
        req.end();
      }),
  );
}

async function listAll(path, accept) {
  let items = 0;
  let token;
  do {
    const res = await get(`${path}?limit=${pageSize}${token ? `&continue=${encodeURIComponent(token)}` : ''}`, accept);
    if (res.status !== 200) return { items, status: res.status };
    items += res.body.items?.length ?? 0;
    token = res.body.metadata?.continue || undefined;
  } while (token);
  return { items, status: 200 };
}

// Aggregated discovery, as the scanner asks for it: the first version of a group serving a kind is read.
const served = new Map();
for (const path of ['/api', '/apis']) {
  const res = await get(path, AGGREGATED_DISCOVERY_ACCEPT);
  for (const group of res.body.items ?? []) {
    const name = group.metadata?.name ?? '';
    for (const version of group.versions ?? []) {
      for (const r of version.resources ?? []) {
        const gk = name ? `${r.responseKind?.kind}.${name}` : r.responseKind?.kind;
        if (!served.has(gk))
          served.set(gk, { path: name ? `/apis/${name}/${version.version}/${r.resource}` : `/api/${version.version}/${r.resource}` });
      }
    }
  }
}

let objects = 0;
const read = async (gk, accept) => {
  const s = served.get(gk);
  if (!s) return [];
  const { items } = await listAll(s.path, accept);
  objects += items;
  return items;
};
await read('Namespace', 'application/json');
const crdPath = served.get('CustomResourceDefinition.apiextensions.k8s.io')?.path;
const crds = crdPath ? ((await get(`${crdPath}?limit=${pageSize}`, 'application/json')).body.items ?? []) : [];
objects += crds.length;
const custom = crds.map((c) => `${c.spec?.names?.kind}.${c.spec?.group}`).filter((gk) => !FULL_KINDS.includes(gk));
const kinds = FULL_KINDS.filter((gk) => gk !== 'Namespace' && gk !== 'CustomResourceDefinition.apiextensions.k8s.io');
await Promise.all([...kinds.map((gk) => read(gk, 'application/json')), ...custom.map((gk) => read(gk, METADATA_ONLY_ACCEPT))]);
agent.destroy();
console.log(JSON.stringify({ ms: performance.now() - start, objects, requests, kinds: kinds.length + custom.length + 2 }));

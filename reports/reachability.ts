/**
 * The reachability section as every human-readable reporter shows it (table, HTML, Markdown): the
 * counts of open and unknown pairs, the tenant statements (reaches all, open to all, unknown), and
 * the selective pairs, from the report's summary (src/k8s/network/reachability-summary.ts). Plain
 * text: each reporter escapes it its own way.
 */
import type {
  Reachability,
  ReachabilityPair,
  ReachabilityReport,
  SelectivePair,
  TenantReachability,
  WorkloadExamples,
} from '../src/engine/report.js';
import { objectLabel } from './findings.js';

/** A tenant statement: the tenant, some of its workloads, and for "open to all" one port. */
export interface TenantLine {
  tenant: string;
  /** `Deployment acme/web, StatefulSet acme/db and 6 more`. */
  workloads: string;
  port?: string;
}

export interface ReachabilityOverview {
  tenants: number;
  /** Ordered pairs of distinct tenants: n * (n - 1). */
  pairs: number;
  open: number;
  unknown: number;
  /** Tenants with workloads no NetworkPolicy isolates for egress. */
  reachesAll: TenantLine[];
  /** Tenants with workloads no NetworkPolicy isolates for ingress. */
  openToAll: TenantLine[];
  /** Pairs opened by those statements alone: every tenant that reaches all to every other tenant open to all. */
  openByStatements: number;
  /** Tenants whose every pair is unknown, and why. */
  unknownTenants: Array<{ tenant: string; reason: string }>;
  /** The listed pairs, as the section orders them. */
  selective: SelectivePair[];
}

/** The overview of a reachability section: counts and statements, computed in one pass over its tenants and pairs. */
export function overviewOf(section: ReachabilityReport): ReachabilityOverview {
  const n = section.tenants.length;
  const reachesAll: TenantLine[] = [];
  const openToAll: TenantLine[] = [];
  const unknownTenants: ReachabilityOverview['unknownTenants'] = [];
  let both = 0;
  for (const t of section.tenants) {
    if (t.unknown) unknownTenants.push({ tenant: t.name, reason: t.unknown });
    if (t.reachesAll) reachesAll.push({ tenant: t.name, workloads: workloadsText(section, t.reachesAll) });
    if (t.openToAll) openToAll.push({ tenant: t.name, workloads: workloadsText(section, t.openToAll), port: t.openToAll.port });
    if (t.reachesAll && t.openToAll) both++;
  }
  const u = unknownTenants.length;
  const openByStatements = reachesAll.length * openToAll.length - both;
  const selectiveOpen = section.pairs.filter((p) => p.status === 'open').length;
  return {
    tenants: n,
    pairs: n * (n - 1),
    open: openByStatements + selectiveOpen,
    // every pair with an unknown tenant, and the listed unknown pairs (which never involve one)
    unknown: n * (n - 1) - (n - u) * (n - u - 1) + (section.pairs.length - selectiveOpen),
    reachesAll,
    openToAll,
    openByStatements,
    unknownTenants,
    selective: section.pairs,
  };
}

/** Some workloads of a statement or pair by name, with how many more there are: `Deployment acme/web and 6 more`. */
export function workloadsText(section: ReachabilityReport, workloads: WorkloadExamples | undefined): string {
  if (!workloads || workloads.count === 0) return '';
  const names = workloads.examples.map((i) => objectLabel(section.workloads[i]));
  const more = workloads.count - names.length;
  if (names.length === 0) return `${workloads.count} workload(s)`;
  return `${names.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

/** A listed pair's policies (`ns/name, ...`) and workloads (`from workloads → to workloads`), as text. */
export function pairEvidence(section: ReachabilityReport, pair: SelectivePair): { via: string; workloads: string } {
  const via = (pair.via ?? []).map(objectLabel).join(', ');
  const workloads = pair.workloads
    ? `${workloadsText(section, pair.workloads.from) || '–'} → ${workloadsText(section, pair.workloads.to) || '–'}`
    : '';
  return { via, workloads };
}

/** The headline: `12 of 9,900 tenant pairs open, 3 unknown.` */
export function countsText(o: ReachabilityOverview): string {
  return `${o.open} of ${o.pairs} tenant pairs open, ${o.unknown} unknown.`;
}

/** What the tenant statements mean, in one sentence (the same words in every reporter). */
export const STATEMENTS_TEXT =
  'A tenant that reaches all has workloads that no NetworkPolicy isolates for egress; one open to all has workloads that no ' +
  'NetworkPolicy isolates for ingress. Every tenant that reaches all may connect to every other tenant open to all; ' +
  'the pairs listed below are the other open or unknown ones, opened or made unknown by policy rules. Unlisted pairs are closed.';

/** A pair as the summary decides it (the rules in src/k8s/network/reachability-summary.ts); `pair` is the listed one, if any. */
export interface PairVerdict {
  status: 'open' | 'closed' | 'unknown';
  reason: string;
  pair?: SelectivePair;
}

const lookups = new WeakMap<ReachabilityReport, { tenants: Map<string, TenantReachability>; pairs: Map<string, SelectivePair> }>();

/**
 * The status of the pair from -> to (two distinct tenants of the summary), by the rules of
 * src/k8s/network/reachability-summary.ts (test/k8s/network/reachability-summary.test.ts proves
 * them equal to computeReachability's matrix).
 */
export function pairStatusOf(summary: ReachabilityReport, from: string, to: string): PairVerdict {
  let lookup = lookups.get(summary);
  if (!lookup) {
    lookup = { tenants: new Map(summary.tenants.map((t) => [t.name, t])), pairs: new Map() };
    for (const p of summary.pairs) if (!lookup.pairs.has(`${p.from}\u0000${p.to}`)) lookup.pairs.set(`${p.from}\u0000${p.to}`, p);
    lookups.set(summary, lookup);
  }
  const a = lookup.tenants.get(from);
  const b = lookup.tenants.get(to);
  if (a?.unknown) return { status: 'unknown', reason: a.unknown };
  if (b?.unknown) return { status: 'unknown', reason: b.unknown };
  if (!a?.workloads || !b?.workloads) {
    const empty = a?.workloads ? to : from;
    return { status: 'closed', reason: `tenant ${empty} has no pods (no pod templates): no connection can exist today` };
  }
  if (a.reachesAll && b.openToAll) {
    return {
      status: 'open',
      reason: `${from} has workloads no NetworkPolicy isolates for egress, and ${to} has workloads no NetworkPolicy isolates for ingress (${b.openToAll.port})`,
    };
  }
  const pair = lookup.pairs.get(`${from}\u0000${to}`);
  if (pair) return { status: pair.status, reason: pair.reason, pair };
  return { status: 'closed', reason: `no NetworkPolicy allows any pod of ${from} to connect to a pod of ${to}` };
}

/**
 * The summary as the matrix computeReachability returns with `closedPairs: false` (the pairs that
 * are not closed, in `tenants` order), for the grid views; statuses and reasons only, with the
 * listed pairs' policies, ports and example workloads. Quadratic: for a handful of tenants.
 */
export function expandReachability(summary: ReachabilityReport): Reachability {
  const names = summary.tenants.map((t) => t.name);
  const byName = new Map(summary.tenants.map((t) => [t.name, t]));
  const pairs: ReachabilityPair[] = [];
  for (const from of names) {
    for (const to of names) {
      if (from === to) continue;
      const verdict = pairStatusOf(summary, from, to);
      if (verdict.status === 'closed') continue;
      const pair: ReachabilityPair = { from, to, status: verdict.status, reason: verdict.reason };
      const listed = verdict.pair;
      if (verdict.status === 'open') {
        const refs = (w: WorkloadExamples | undefined) => (w?.examples ?? []).map((i) => summary.workloads[i]);
        const a = byName.get(from);
        const b = byName.get(to);
        pair.via = listed?.via ?? [];
        pair.pods = listed?.workloads
          ? { from: refs(listed.workloads.from), to: refs(listed.workloads.to) }
          : { from: refs(a?.reachesAll), to: refs(b?.openToAll) };
        pair.port = listed?.port ?? b?.openToAll?.port ?? 'any port';
      }
      pairs.push(pair);
    }
  }
  return { tenants: names, pairs };
}

/**
 * What a live scan reads, kind by kind. The engine builds the plan from what the active checks,
 * the tenancy stage and the analyses declare (src/engine/read-plan.ts); the live source reads that
 * and nothing else (src/sources/cluster.ts). Manifests are read whole and need no plan.
 */
import type { GroupKind } from './types.js';

/** Status fields read of a kind: `true` for the whole status, or a list of top-level fields. */
export type StatusReads = true | readonly string[];

/**
 * What one reader (a check, the tenancy stage, an analysis) reads beyond the kinds it names in
 * `needs` and `target`, which are read in full (spec and metadata, no status).
 */
export interface ReadDeclaration {
  /** Kinds read in full. */
  kinds?: readonly GroupKind[];
  /** Kinds of which only metadata is read (kind, name, namespace, labels, annotations, owners). */
  metadata?: readonly GroupKind[];
  /** Status fields read, per kind; every other status is dropped on live reads. The kind is read in full. */
  status?: Readonly<Record<GroupKind, StatusReads>>;
  /** The custom resources of every CRD, as metadata only (and the CRDs themselves). */
  customResources?: boolean;
}

/** How one kind is read: in full (with the status fields listed) or as metadata only. */
export interface PlannedRead {
  part: 'full' | 'metadata';
  status?: StatusReads;
}

export interface ReadPlan {
  /** Kinds to read, in a stable (sorted) order. Never Secret; ConfigMap at most as metadata. */
  kinds: ReadonlyMap<GroupKind, PlannedRead>;
  /** Read the custom resources of every CRD as metadata only. */
  customResources: boolean;
}

/** Kinds never requested, whatever a reader declares, with the reason recorded as their access outcome. */
export const NEVER_READ: Readonly<Record<GroupKind, string>> = {
  Secret: 'never requested: tenantscan does not read Secrets',
};

/** Kinds whose data may hold credentials: read as metadata only, even when a reader asks for more. */
export const METADATA_AT_MOST: ReadonlySet<GroupKind> = new Set(['ConfigMap']);

/**
 * Merge declarations into one plan: a kind any reader reads in full is read in full; status fields
 * are the union of those declared (`true` wins). NEVER_READ kinds are left out, METADATA_AT_MOST
 * kinds are read as metadata only.
 */
export function readPlanOf(declarations: Iterable<ReadDeclaration>): ReadPlan {
  const kinds = new Map<GroupKind, PlannedRead>();
  let customResources = false;
  const add = (gk: GroupKind, part: PlannedRead['part'], status?: StatusReads) => {
    if (gk in NEVER_READ) return;
    const metadataOnly = part === 'metadata' || METADATA_AT_MOST.has(gk);
    const known = kinds.get(gk) ?? { part: 'metadata' as const };
    const merged: PlannedRead = { part: known.part === 'full' || !metadataOnly ? 'full' : 'metadata' };
    const fields = metadataOnly ? known.status : mergeStatus(known.status, status);
    if (fields !== undefined) merged.status = fields;
    kinds.set(gk, merged);
  };
  for (const d of declarations) {
    for (const gk of d.metadata ?? []) add(gk, 'metadata');
    for (const gk of d.kinds ?? []) add(gk, 'full');
    for (const [gk, status] of Object.entries(d.status ?? {})) add(gk, 'full', status);
    if (d.customResources) customResources = true;
  }
  return { kinds: new Map([...kinds].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), customResources };
}

function mergeStatus(a: StatusReads | undefined, b: StatusReads | undefined): StatusReads | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (a === true || b === true) return true;
  return [...new Set([...a, ...b])].sort();
}

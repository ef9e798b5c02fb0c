import type { StatusReads } from '../model/read-plan.js';
import type { KubeObject } from '../model/types.js';

/** Annotation `kubectl apply` writes: a full copy of the object, never read by a check. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** Annotation values longer than this (in characters) are dropped: they are embedded documents (Helm, Argo CD, operator state), not settings checks read. */
export const MAX_ANNOTATION_LENGTH = 4096;

/**
 * Keep only what checks need of an object read from the API server, in place: drops
 * `metadata.managedFields`, the last-applied annotation and oversized annotations, and `status`
 * except the fields `kept` names (`true`: all of it; from the read plan, src/model/read-plan.ts).
 * List items come without `apiVersion`/`kind`; they are set here.
 */
export function slimObject(obj: KubeObject, apiVersion: string, kind: string, kept?: StatusReads): KubeObject {
  obj.apiVersion = apiVersion;
  obj.kind = kind;
  const metadata = obj.metadata ?? (obj.metadata = { name: '' });
  // A field of the wrong type is left as it is: the index reports the object (src/model/validate.ts).
  if (!isMapping(metadata)) return obj;
  delete metadata.managedFields;
  if (isMapping(metadata.annotations)) {
    for (const [key, value] of Object.entries(metadata.annotations)) {
      if (key === LAST_APPLIED_ANNOTATION || (typeof value === 'string' && value.length > MAX_ANNOTATION_LENGTH)) {
        delete metadata.annotations[key];
      }
    }
  }
  if (obj.status !== undefined && kept !== true) {
    if (kept && obj.status && typeof obj.status === 'object') {
      const status: Record<string, unknown> = {};
      for (const field of kept) if (field in obj.status) status[field] = obj.status[field];
      obj.status = status;
    } else {
      delete obj.status;
    }
  }
  return obj;
}

/**
 * A custom resource read as metadata only (PartialObjectMetadata): the checks need its kind,
 * namespace, name, labels and owners, never its spec.
 */
export function slimMetadataOnly(obj: KubeObject, apiVersion: string, kind: string): KubeObject {
  const slim: KubeObject = { apiVersion, kind, metadata: obj.metadata ?? { name: '' } };
  return slimObject(slim, apiVersion, kind);
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

import type { TenancyView } from '../../tenancy/view.js';
import { K } from '../../model/kinds.js';
import { matchesSelector } from '../../model/selectors.js';
import type { KubeObject } from '../../model/types.js';

/** Pod Security Admission namespace labels (k8s.io/pod-security-admission `api/constants.go`). */
export const PSA_LABEL = {
  enforce: 'pod-security.kubernetes.io/enforce',
  enforceVersion: 'pod-security.kubernetes.io/enforce-version',
  warn: 'pod-security.kubernetes.io/warn',
  audit: 'pod-security.kubernetes.io/audit',
} as const;

export type PsaLevel = 'privileged' | 'baseline' | 'restricted';
const LEVELS: readonly PsaLevel[] = ['privileged', 'baseline', 'restricted'];

/** -1, 0 or 1 as `a` is less strict than, as strict as, or stricter than `b` (api.CompareLevels). */
export function compareLevels(a: PsaLevel, b: PsaLevel): number {
  return Math.sign(LEVELS.indexOf(a) - LEVELS.indexOf(b));
}

/**
 * The enforce policy PSA applies to a namespace's pods, from its labels.
 * - `level` undefined: no enforce label; the API server's AdmissionConfiguration default applies
 *   (`privileged` unless configured otherwise), which the Kubernetes API does not expose.
 * - An enforce value that is not a level is evaluated as `restricted` (`api.ParseLevel` returns
 *   LevelRestricted with its error, and `PolicyToEvaluate` keeps it: "If labels cannot be parsed
 *   correctly, the values of "restricted" and "latest" are used"); `invalid` records that. The API
 *   server also refuses to create a namespace with such a label, or to change one to it
 *   (`ValidateNamespace`), so it only survives from before PSA was enabled.
 * Source: kubernetes/pod-security-admission `api/helpers.go`, `admission/admission.go`.
 */
export interface EnforcePolicy {
  level?: PsaLevel;
  /** The label value as written. */
  raw?: string;
  invalid: boolean;
  /** `pod-security.kubernetes.io/enforce-version` as written (`latest`, `v1.30`). */
  version?: string;
}

export function enforcePolicyOf(labels: Record<string, string>): EnforcePolicy {
  const version = labels[PSA_LABEL.enforceVersion];
  if (!Object.prototype.hasOwnProperty.call(labels, PSA_LABEL.enforce)) return { invalid: false, version };
  const raw = labels[PSA_LABEL.enforce];
  const valid = (LEVELS as readonly string[]).includes(raw);
  return { level: valid ? (raw as PsaLevel) : 'restricted', raw, invalid: !valid, version };
}

/**
 * The namespace's labels as they are once its tenancy layer has reconciled them. Capsule copies
 * `spec.namespaceOptions.additionalMetadata.labels` (and the labels of each
 * `additionalMetadataList[]` entry whose `namespaceSelector` matches the namespace) onto every
 * namespace of the Tenant, overwriting what the namespace says; a manifest therefore may not carry
 * the PSA label the cluster will have. On a live cluster the two agree.
 * Source: Capsule's e2e test "should contain additional Namespace metadata" and the Tenant CRD docs
 * for `namespaceOptions.additionalMetadata(List)` (projectcapsule/capsule). Entries without a `namespaceSelector` are not
 * applied here: their scope is not documented, and guessing could hide a gap.
 */
export function reconciledLabels(
  namespace: KubeObject,
  view: TenancyView,
): { labels: Record<string, string>; tenant?: KubeObject; fromTenant: Set<string> } {
  const own = namespace.metadata.labels ?? {};
  const owner = view.tenants.tenantOfNamespace(namespace.metadata.name);
  const tenant = owner?.source === 'capsule' ? view.index.get(K.CapsuleTenant, undefined, owner.name) : undefined;
  const options = tenant?.spec?.namespaceOptions;
  const added: Record<string, string> = {};
  const copy = (labels: unknown) => {
    if (!labels || typeof labels !== 'object') return;
    for (const [k, v] of Object.entries(labels)) if (typeof v === 'string') added[k] = v;
  };
  copy(options?.additionalMetadata?.labels);
  for (const entry of Array.isArray(options?.additionalMetadataList) ? options.additionalMetadataList : []) {
    if (entry?.namespaceSelector && matchesSelector(entry.namespaceSelector, own)) copy(entry.labels);
  }
  return { labels: { ...own, ...added }, tenant: Object.keys(added).length ? tenant : undefined, fromTenant: new Set(Object.keys(added)) };
}

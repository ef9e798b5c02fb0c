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

/**
 * Who refused a request, read from the API server's answer (a metav1.Status). The message formats are
 * those of kube-apiserver v1.36:
 * - Pod Security admission: `... violates PodSecurity "baseline:latest": privileged (...)`
 *   (k8s.io/pod-security-admission/admission/admission.go);
 * - ValidatingAdmissionPolicy: `ValidatingAdmissionPolicy 'NAME' with binding 'BINDING' denied request: ...`
 *   (k8s.io/apiserver/pkg/admission/plugin/policy/validating/dispatcher.go);
 * - admission webhooks: `admission webhook "NAME" denied the request: ...`, and for a webhook that does
 *   not declare `sideEffects: None|NoneOnDryRun`: `admission webhook "NAME" does not support dry run`
 *   (k8s.io/apiserver/pkg/admission/plugin/webhook);
 * - the RBAC authorizer: `... is forbidden: User "u" cannot create resource "pods" ...`
 *   (k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go).
 * Anything else (schema errors, quota, LimitRange, a webhook that cannot be called, a terminating
 * namespace) is `other`: it says nothing about the control under test.
 */
export type Refusal =
  | { by: 'pod-security'; name: string; message: string }
  | { by: 'validating-admission-policy'; name: string; binding: string; message: string }
  | { by: 'webhook'; name: string; message: string }
  | { by: 'rbac'; name: 'RBAC'; message: string }
  | { by: 'dry-run-unsupported'; name: string; message: string }
  | { by: 'impersonation'; name: 'impersonation'; message: string }
  | { by: 'other'; name: string; message: string };

/** The classes of refusal that come from an isolation control (a probe refused by one of these passes). */
export const ISOLATION_REFUSALS: ReadonlySet<Refusal['by']> = new Set(['pod-security', 'validating-admission-policy', 'webhook', 'rbac']);

/**
 * Classify a refused request by the API server's answer.
 * @param status the HTTP status (>= 400).
 * @param body the parsed body (a metav1.Status, or `{message}` for a non-JSON answer).
 */
export function classifyRefusal(status: number, body: unknown): Refusal {
  const message = statusMessage(status, body);
  const psa = /violates PodSecurity "([^"]+)"/.exec(message);
  if (psa) return { by: 'pod-security', name: `PodSecurity "${psa[1]}"`, message };
  const vap = /ValidatingAdmissionPolicy '([^']+)' with binding '([^']+)' denied request/.exec(message);
  if (vap) return { by: 'validating-admission-policy', name: vap[1], binding: vap[2], message };
  const dryRun = /admission webhook "([^"]+)" does not support dry run/.exec(message);
  if (dryRun) return { by: 'dry-run-unsupported', name: dryRun[1], message };
  const hook = /admission webhook "([^"]+)" denied the request/.exec(message);
  if (hook) return { by: 'webhook', name: hook[1], message };
  if (status === 403 && / cannot impersonate /.test(message)) return { by: 'impersonation', name: 'impersonation', message };
  if (status === 403 && /^\S.* is forbidden: (User|Group|ServiceAccount) "[^"]*" cannot \S+ resource "/.test(message))
    return { by: 'rbac', name: 'RBAC', message };
  const reason = (body as { reason?: unknown } | undefined)?.reason;
  return { by: 'other', name: typeof reason === 'string' && reason ? reason : `HTTP ${status}`, message };
}

/** A readable description of who refused: `Pod Security (PodSecurity "baseline:latest")`, `ValidatingAdmissionPolicy deny-hostpath`. */
export function describeRefusal(r: Refusal): string {
  switch (r.by) {
    case 'pod-security':
      return `Pod Security admission (${r.name})`;
    case 'validating-admission-policy':
      return `ValidatingAdmissionPolicy ${r.name} (binding ${r.binding})`;
    case 'webhook':
      return `admission webhook ${r.name}`;
    case 'rbac':
      return 'the RBAC authorizer';
    default:
      return r.name;
  }
}

function statusMessage(status: number, body: unknown): string {
  const message = (body as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' && message ? message : `HTTP ${status}`;
}

import { describe, expect, it } from 'vitest';
import { ISOLATION_REFUSALS, classifyRefusal, probePod, probeUnsandboxedPod } from '../../../src/k8s/admission/index.js';

const status = (code: number, reason: string, message: string) => ({ kind: 'Status', status: 'Failure', code, reason, message });

describe('classifyRefusal: who refused, from kube-apiserver v1.36 messages', () => {
  it('names Pod Security admission, a ValidatingAdmissionPolicy, a webhook and RBAC', () => {
    const psa = classifyRefusal(
      403,
      status(
        403,
        'Forbidden',
        'pods "p" is forbidden: violates PodSecurity "baseline:latest": privileged (container "probe" must not set securityContext.privileged=true)',
      ),
    );
    expect(psa).toMatchObject({ by: 'pod-security', name: 'PodSecurity "baseline:latest"' });
    const vap = classifyRefusal(
      403,
      status(
        403,
        'Forbidden',
        "pods \"p\" is forbidden: ValidatingAdmissionPolicy 'deny-hostpath' with binding 'deny-hostpath-t1' denied request: no hostPath",
      ),
    );
    expect(vap).toMatchObject({ by: 'validating-admission-policy', name: 'deny-hostpath', binding: 'deny-hostpath-t1' });
    const hook = classifyRefusal(
      400,
      status(400, 'BadRequest', 'admission webhook "deny-nodeport.tenantscan.io" denied the request: no NodePort'),
    );
    expect(hook).toMatchObject({ by: 'webhook', name: 'deny-nodeport.tenantscan.io' });
    const rbac = classifyRefusal(
      403,
      status(403, 'Forbidden', 'services is forbidden: User "bob" cannot create resource "services" in API group "" in the namespace "t2"'),
    );
    expect(rbac.by).toBe('rbac');
    for (const r of [psa, vap, hook, rbac]) expect(ISOLATION_REFUSALS.has(r.by)).toBe(true);
  });

  it('never takes quota, schema, unsupported dry run, unreachable webhook or impersonation refusals for isolation', () => {
    const others = [
      classifyRefusal(
        403,
        status(403, 'Forbidden', 'pods "p" is forbidden: exceeded quota: q, requested: pods=1, used: pods=1, limited: pods=1'),
      ),
      classifyRefusal(422, status(422, 'Invalid', 'Pod "p" is invalid: spec.containers: Required value')),
      classifyRefusal(400, status(400, 'BadRequest', 'admission webhook "side.tenantscan.io" does not support dry run')),
      classifyRefusal(
        500,
        status(500, 'InternalError', 'Internal error occurred: failed calling webhook "w.tenantscan.io": connection refused'),
      ),
      classifyRefusal(
        403,
        status(
          403,
          'Forbidden',
          'users "alice" is forbidden: User "scanner" cannot impersonate resource "users" in API group "" at the cluster scope',
        ),
      ),
      classifyRefusal(403, status(403, 'Forbidden', 'unable to create new content in namespace t1 because it is being terminated')),
    ];
    expect(others.map((r) => r.by)).toEqual(['other', 'other', 'dry-run-unsupported', 'other', 'impersonation', 'other']);
    for (const r of others) expect(ISOLATION_REFUSALS.has(r.by)).toBe(false);
  });
});

describe('probePod: breaks one control, restricted otherwise', () => {
  it('keeps seccomp, drop ALL and non-root in the hostPID probe', () => {
    const pod = probePod('t1', 'hostpid');
    expect(pod.spec.hostPID).toBe(true);
    expect(pod.spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(pod.spec.containers[0].securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    });
  });
});

describe('probeUnsandboxedPod: restricted, and no RuntimeClass', () => {
  it('names no RuntimeClass and breaks no Pod Security control', () => {
    const pod = probeUnsandboxedPod('t1');
    expect(pod.metadata).toEqual({ name: 'tenantscan-probe-unsandboxed', namespace: 't1' });
    expect(pod.spec.runtimeClassName).toBeUndefined();
    expect(pod.spec.hostPID).toBeUndefined();
    expect(pod.spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(pod.spec.containers[0].securityContext).toEqual(probePod('t1', 'hostpid').spec.containers[0].securityContext);
  });
});

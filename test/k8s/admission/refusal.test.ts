import { describe, expect, it } from 'vitest';
import {
  ISOLATION_REFUSALS,
  type PodControl,
  classifyRefusal,
  podStillBreaks,
  probePod,
  probeUnsandboxedPod,
} from '../../../src/k8s/admission/index.js';

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

describe('podStillBreaks: whether the admitted pod still has what the probe asked for', () => {
  const CONTROLS: PodControl[] = [
    'privileged',
    'hostpath',
    'hostnetwork',
    'hostport',
    'hostpid',
    'hostipc',
    'capabilities',
    'privilege-escalation',
    'run-as-root',
    'seccomp-unconfined',
    'proc-mount',
    'unsafe-sysctls',
  ];

  it.each(CONTROLS)('%s: the probe pod breaks its control, the restricted base pod does not', (control) => {
    expect(podStillBreaks(control, probePod('t1', control)).breaks).toBe(true);
    expect(podStillBreaks(control, probeUnsandboxedPod('t1')).breaks).toBe(false);
  });

  it('an API server without user namespaces or ProcMountType drops procMount: the admitted pod has a masked /proc', () => {
    const admitted = probePod('t1', 'proc-mount');
    delete admitted.spec.containers[0].securityContext.procMount;
    expect(podStillBreaks('proc-mount', admitted)).toEqual({ breaks: false, field: 'securityContext.procMount' });
  });

  it('a mutating policy that sets privileged back to false closes it; an unset allowPrivilegeEscalation is allowed (defaults to true)', () => {
    const mutated = probePod('t1', 'privileged');
    mutated.spec.containers[0].securityContext.privileged = false;
    expect(podStillBreaks('privileged', mutated).breaks).toBe(false);
    const unset = probePod('t1', 'privilege-escalation');
    delete unset.spec.containers[0].securityContext.allowPrivilegeEscalation;
    expect(podStillBreaks('privilege-escalation', unset).breaks).toBe(true);
  });

  it('root set on the pod and not overridden by the container still runs as root; runAsNonRoot true on the container closes it', () => {
    const pod = probePod('t1', 'run-as-root');
    delete pod.spec.containers[0].securityContext.runAsUser;
    delete pod.spec.containers[0].securityContext.runAsNonRoot;
    expect(podStillBreaks('run-as-root', pod).breaks).toBe(true);
    pod.spec.containers[0].securityContext.runAsNonRoot = true;
    expect(podStillBreaks('run-as-root', pod).breaks).toBe(false);
  });

  it('an admission without the object to read counts as still breaking (nothing shows the setting was removed)', () => {
    expect(podStillBreaks('hostpid', undefined).breaks).toBe(true);
    expect(podStillBreaks('hostpid', { kind: 'Status' }).breaks).toBe(true);
  });
});

import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import nodeIsolation from '../../../checks/tenancy/tenancy-node-isolation-missing.js';
import defaultNamespace from '../../../checks/tenancy/tenancy-default-namespace-used.js';
import workloadChecks from '../../../checks/workload/index.js';
import { DEFAULT_SANDBOX_HANDLERS } from '../../../src/config/defaults.js';
import type { AnyCheck, Profile } from '../../../src/engine/check.js';
import type { Result } from '../../../src/engine/result.js';
import { runChecks } from '../../../src/engine/runner.js';
import { ResourceIndex } from '../../../src/model/index.js';
import { loadManifests } from '../../../src/sources/manifests.js';
import { TenantModel } from '../../../src/tenancy/model.js';

/**
 * The bundled example (examples/shared-cluster) shows each of these checks failing where the
 * example's header comments say, and passing where they say. Other files may add results: only
 * the ones named here are asserted.
 */
const EXAMPLE = join(import.meta.dirname, '..', '..', '..', 'examples', 'shared-cluster');
const CHECKS: AnyCheck[] = [...workloadChecks, nodeIsolation, defaultNamespace];

let index: ResourceIndex;
let tenants: TenantModel;
const run = (profile: Profile): Result[] =>
  runChecks(CHECKS, index, tenants, { profile, sandboxHandlers: [...DEFAULT_SANDBOX_HANDLERS], checkOptions: {} });
const lines = (results: Result[], id: string) =>
  results
    .filter((r) => r.checkId === id)
    .map((r) => `${r.status} ${r.subject.kind}/${r.subject.namespace ?? ''}/${r.subject.name}${r.path ? ` ${r.path}` : ''}`);

describe('the shared-cluster example, for the workload, node-isolation and default-namespace checks', () => {
  let results: Result[];
  beforeAll(async () => {
    index = new ResourceIndex(await loadManifests([EXAMPLE]));
    tenants = new TenantModel(index);
    results = run('multi-team');
  });

  it("workload-privileged fails on initech's Docker-in-Docker sidecar and passes acme's storefront", () => {
    expect(lines(results, 'workload-privileged')).toEqual(
      expect.arrayContaining([
        'fail Deployment/initech/ci-runner /spec/template/spec/containers/1/securityContext/privileged',
        'pass Deployment/acme-prod/storefront',
      ]),
    );
  });

  it("workload-host-namespace fails on globex's APM agent (hostPID) and passes acme's storefront", () => {
    expect(lines(results, 'workload-host-namespace')).toEqual(
      expect.arrayContaining(['fail DaemonSet/globex/apm-agent /spec/template/spec/hostPID', 'pass Deployment/acme-prod/storefront']),
    );
  });

  it("workload-host-port fails on both host ports of the APM agent and passes acme's storefront", () => {
    expect(lines(results, 'workload-host-port')).toEqual(
      expect.arrayContaining([
        'fail DaemonSet/globex/apm-agent /spec/template/spec/containers/0/ports/0/hostPort',
        'fail DaemonSet/globex/apm-agent /spec/template/spec/containers/0/ports/1/hostPort',
        'pass Deployment/acme-prod/storefront',
      ]),
    );
  });

  it('workload-capabilities-added fails SYS_PTRACE and passes baseline-set capabilities under multi-team only', () => {
    expect(lines(results, 'workload-capabilities-added')).toEqual(
      expect.arrayContaining([
        'fail DaemonSet/globex/apm-agent /spec/template/spec/containers/0/securityContext/capabilities/add',
        'pass Deployment/acme-dev/storefront-preview',
      ]),
    );
    expect(lines(run('multi-customer'), 'workload-capabilities-added')).toContain(
      'fail Deployment/acme-dev/storefront-preview /spec/template/spec/containers/0/securityContext/capabilities/add',
    );
  });

  it('workload-privilege-escalation fails unset fields and passes explicit false', () => {
    expect(lines(results, 'workload-privilege-escalation')).toEqual(
      expect.arrayContaining([
        'fail Deployment/acme-dev/storefront-preview /spec/template/spec/containers/0/securityContext',
        'fail Deployment/initech/ci-runner /spec/template/spec/containers/0',
        'pass CronJob/acme-dev/db-snapshot',
        'pass Deployment/acme-prod/storefront',
      ]),
    );
  });

  it('workload-run-as-root fails where runAsNonRoot is missing and passes pod-level runAsNonRoot', () => {
    expect(lines(results, 'workload-run-as-root')).toEqual(
      expect.arrayContaining([
        'fail Deployment/acme-dev/storefront-preview /spec/template/spec/containers/0',
        'fail DaemonSet/globex/apm-agent /spec/template/spec/containers/0',
        'pass Deployment/acme-prod/storefront',
        'pass CronJob/acme-dev/db-snapshot',
      ]),
    );
  });

  it('workload-image-pull-policy passes the storefront (Always) and fails what keeps the IfNotPresent default', () => {
    expect(lines(results, 'workload-image-pull-policy')).toEqual(
      expect.arrayContaining([
        'pass Deployment/acme-prod/storefront',
        'fail Deployment/acme-dev/api-docs /spec/template/spec/containers/0',
        'fail CronJob/globex/report-export /spec/jobTemplate/spec/template/spec/containers/0',
      ]),
    );
  });

  it('workload-net-raw-capability and workload-seccomp-unconfined fail the APM agent and pass what drops ALL under RuntimeDefault', () => {
    for (const id of ['workload-net-raw-capability', 'workload-seccomp-unconfined']) {
      expect(lines(results, id)).toEqual(
        expect.arrayContaining([
          'fail DaemonSet/globex/apm-agent /spec/template/spec/containers/0',
          'pass Deployment/acme-dev/api-docs',
          'pass CronJob/globex/report-export',
        ]),
      );
    }
  });

  it('tenancy-node-isolation-missing passes acme-dev (dedicated nodes) and fails the namespaces on shared nodes', () => {
    expect(lines(results, 'tenancy-node-isolation-missing')).toEqual(
      expect.arrayContaining([
        'pass Namespace//acme-dev',
        'fail Namespace//acme-prod',
        'fail Namespace//globex',
        'fail Namespace//initech',
      ]),
    );
  });

  it('tenancy-default-namespace-used fails once per leftover workload in default', () => {
    expect(lines(results, 'tenancy-default-namespace-used')).toEqual(
      expect.arrayContaining(['fail Deployment/default/hello-world /metadata/namespace', 'fail Pod/default/netshoot /metadata/namespace']),
    );
  });
});

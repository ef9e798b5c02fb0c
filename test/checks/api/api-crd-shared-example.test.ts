import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import check from '../../../checks/api/api-crd-shared.js';
import { DEFAULT_SANDBOX_HANDLERS } from '../../../src/config/defaults.js';
import type { Result } from '../../../src/engine/result.js';
import { runChecks } from '../../../src/engine/runner.js';
import { ResourceIndex } from '../../../src/model/index.js';
import { loadManifests } from '../../../src/sources/manifests.js';
import { TenantModel } from '../../../src/tenancy/model.js';

/** The bundled example (examples/shared-cluster): cluster/custom-resource-definitions.yaml and the tenants' custom resources. */
const EXAMPLE = join(import.meta.dirname, '..', '..', '..', 'examples', 'shared-cluster');

describe('the shared-cluster example, for api-crd-shared', () => {
  let results: Result[];
  beforeAll(async () => {
    const index = new ResourceIndex(await loadManifests([EXAMPLE]));
    results = runChecks([check], index, new TenantModel(index), {
      profile: 'multi-team',
      sandboxHandlers: [...DEFAULT_SANDBOX_HANDLERS],
      checkOptions: {},
    });
  });

  it("fails the widget-operator CRD shared by acme and globex, passes initech's own namespaced CRD and Capsule's cluster-scoped one, which only the platform writes", () => {
    const of = (name: string) => results.find((r) => r.subject.name === name);
    expect(of('widgets.example.com')?.status).toBe('fail');
    expect(of('widgets.example.com')?.message).toContain('acme (acme-dev), globex (globex)');
    expect(of('runnerpools.ci.initech.example.com')?.status).toBe('pass');
    expect(of('tenants.capsule.clastix.io')?.status).toBe('pass');
  });

  it("fails initech's cluster-scoped RunnerClass CRD, which its autoscaler may write cluster-wide", () => {
    const result = results.find((r) => r.subject.name === 'runnerclasses.ci.initech.example.com');
    expect(result?.status).toBe('fail');
    expect(result?.message).toBe(
      'runnerclasses.ci.initech.example.com is cluster-scoped, so every tenant shares its RunnerClass objects: ServiceAccount "initech/runner-autoscaler" (tenant initech) may create, update them (ClusterRoleBinding "initech-runner-autoscaler", /rules/4 of ClusterRole "runner-autoscaler")',
    );
  });
});

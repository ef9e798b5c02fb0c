import { describe, expect, it } from 'vitest';
import check from '../../../checks/runtime/runtime-sandbox-missing.js';
import { failures, passes, runCheckOnFixture, runCheckOnText } from '../../helpers/fixtures.js';

const FIX = 'runtime/runtime-sandbox-missing';
const line = (r: { subject: { kind: string; name: string }; path?: string }) => `${r.subject.kind}/${r.subject.name} ${r.path}`;

describe('runtime-sandbox-missing', () => {
  it('judges by handler, not name: a "gvisor" class with handler runc fails, a "hardened" class with handler runsc passes', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-handler-not-name.yaml`);
    expect(failures(results).map(line).sort()).toEqual([
      'CronJob/report /spec/jobTemplate/spec/template/spec',
      'Deployment/web /spec/template/spec/runtimeClassName',
      'Job/migrate /spec/template/spec',
      'Pod/debug /spec',
    ]);
    expect(passes(results).map((r) => r.subject.name)).toEqual(['db']);
    const web = failures(results).find((r) => r.subject.name === 'web');
    expect(web?.message).toBe(
      'runtimeClassName "gvisor" selects RuntimeClass "gvisor" (handler "runc"), and that handler is not a sandbox (sandbox handlers: runsc, gvisor, kata, kata-*)',
    );
    expect(web?.related).toEqual([{ apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', name: 'gvisor' }]);
    expect(failures(results).find((r) => r.subject.name === 'debug')?.message).toContain(
      "no runtimeClassName: pods run under the node's default handler",
    );
    // An empty runtimeClassName is unset, not a class named "".
    expect(failures(results).find((r) => r.subject.name === 'migrate')?.message).toContain('no runtimeClassName');
  });

  it('passes gVisor and Kata handlers under any class name, and leaves platform namespaces alone', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-sandbox-handlers.yaml`);
    expect(failures(results)).toEqual([]);
    expect(
      passes(results)
        .map((r) => `${r.subject.kind}/${r.subject.name}`)
        .sort(),
    ).toEqual(['DaemonSet/agent', 'Deployment/api', 'Job/import']);
  });

  it('uses the configured sandbox handlers (globs), not a fixed list', () => {
    const onlyGvisor = runCheckOnFixture(check, `${FIX}/pass-sandbox-handlers.yaml`, { options: { sandboxHandlers: ['runsc'] } });
    expect(
      failures(onlyGvisor)
        .map((r) => r.subject.name)
        .sort(),
    ).toEqual(['agent', 'import']);
    expect(failures(onlyGvisor).find((r) => r.subject.name === 'agent')?.message).toContain('(sandbox handlers: runsc)');

    // The glob "kata-*" matches kata-qemu but not the bare "kata" handler, nor runsc.
    const kataOnly = runCheckOnFixture(check, `${FIX}/pass-sandbox-handlers.yaml`, { options: { sandboxHandlers: ['kata-*'] } });
    expect(
      failures(kataOnly)
        .map((r) => r.subject.name)
        .sort(),
    ).toEqual(['api', 'import']);
    expect(passes(kataOnly).map((r) => r.subject.name)).toEqual(['agent']);
  });

  it('follows a Capsule Tenant runtimeClasses.default into templates without runtimeClassName', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-capsule-default.yaml`);
    expect(failures(results).map(line)).toEqual(['Deployment/blog /spec/template/spec']);
    const blog = failures(results)[0];
    expect(blog.tenant).toBe('lookalike');
    expect(blog.message).toBe(
      'no runtimeClassName; Capsule Tenant "lookalike" injects RuntimeClass "gvisor-ish" (handler "runc") (spec.runtimeClasses.default), and that handler is not a sandbox (sandbox handlers: runsc, gvisor, kata, kata-*)',
    );
    expect(blog.related?.map((r) => `${r.kind}/${r.name}`)).toEqual(['Tenant/lookalike', 'RuntimeClass/gvisor-ish']);
    expect(
      passes(results)
        .map((r) => r.subject.name)
        .sort(),
    ).toEqual(['explicit', 'shop']);
  });

  it('is not-evaluated, never a sandbox, when runtimeClassName names a missing class', () => {
    const text = `
apiVersion: v1
kind: Namespace
metadata: { name: team-a }
---
apiVersion: v1
kind: Pod
metadata: { name: hopeful, namespace: team-a }
spec:
  runtimeClassName: runsc
  containers: [{ name: app, image: busybox:1.36 }]
`;
    const results = runCheckOnText(check, text);
    expect(results.map((r) => r.status)).toEqual(['not-evaluated']);
    expect(results[0].reason).toContain('RuntimeClass "runsc" does not exist');
  });

  it('is not-evaluated when RuntimeClasses could not be read', () => {
    const results = runCheckOnFixture(check, `${FIX}/pass-sandbox-handlers.yaml`, {
      access: [{ groupKind: 'RuntimeClass.node.k8s.io', status: 'none', reason: '403 Forbidden' }],
    });
    expect(results.map((r) => r.status)).toEqual(['not-evaluated', 'not-evaluated', 'not-evaluated']);
    expect(results[0].reason).toContain('RuntimeClass.node.k8s.io could not be read');
  });

  it('is not-evaluated in a Capsule namespace whose Tenant (and so its default class) could not be read', () => {
    const results = runCheckOnFixture(check, `${FIX}/fail-capsule-default.yaml`, {
      access: [{ groupKind: 'Tenant.capsule.clastix.io', status: 'none', reason: '403 Forbidden' }],
    });
    const byName = Object.fromEntries(results.map((r) => [r.subject.name, r]));
    expect(byName.blog.status).toBe('not-evaluated');
    expect(byName.shop.status).toBe('not-evaluated');
    expect(byName.blog.reason).toContain('Capsule Tenant "lookalike" could not be read (403 Forbidden)');
    // A template that names its class itself does not depend on the Tenant.
    expect(byName.explicit.status).toBe('pass');
  });

  it('is severity info for multi-team and high for multi-customer', () => {
    const team = runCheckOnFixture(check, `${FIX}/fail-handler-not-name.yaml`);
    const customer = runCheckOnFixture(check, `${FIX}/fail-handler-not-name.yaml`, { options: { profile: 'multi-customer' } });
    expect(new Set(failures(team).map((r) => r.severity))).toEqual(new Set(['info']));
    expect(new Set(failures(customer).map((r) => r.severity))).toEqual(new Set(['high']));
  });
});

import { describe, expect, inject, it } from 'vitest';
import { assertReadOnly, auditEventsSince, auditOffset, eventsBy } from './helpers/audit.js';
import { runCli } from './helpers/cli.js';
import { clusterEnv, kubeconfig } from './helpers/paths.js';
import { USERS, scanReadOnly } from './helpers/scan.js';

const e2e = inject('e2e');

describe.skipIf(!e2e.available)('choosing the identity: --kubeconfig, --context, $KUBECONFIG', () => {
  it('uses the current context of multi.kubeconfig (scanner) unless --context names another', async () => {
    const current = await scanReadOnly(kubeconfig('multi'), USERS.scanner);
    expect(current.report.source).toMatchObject({ context: 'scanner', user: 'scanner' });

    const offset = auditOffset();
    const asAdmin = await scanReadOnly(kubeconfig('multi'), USERS.admin, ['--context', 'admin']);
    expect(asAdmin.report.source).toMatchObject({ context: 'admin', user: 'admin' });
    // Only the chosen identity talked to the API server during that scan.
    const events = auditEventsSince(offset);
    expect(eventsBy(events, USERS.admin).length).toBeGreaterThan(0);
    expect(eventsBy(events, USERS.scanner)).toEqual([]);
  });

  it('selects the identity by --kubeconfig: a bearer token instead of a client certificate', async () => {
    const { report } = await scanReadOnly(kubeconfig('scanner-token'), USERS.scanner);
    expect(report.source).toMatchObject({ context: 'scanner-token', user: 'scanner-token' });
    expect(report.access.find((a) => a.groupKind === 'Pod')?.status).toBe('full');
  });

  it('reads $KUBECONFIG when --kubeconfig is not given', async () => {
    const offset = auditOffset();
    const run = await runCli(['scan', '--format', 'json'], { KUBECONFIG: kubeconfig('scanner') });
    expect([0, 1]).toContain(run.code);
    expect(JSON.parse(run.stdout).source).toMatchObject({ context: 'scanner', user: 'scanner' });
    assertReadOnly(auditEventsSince(offset), USERS.scanner);
  });
});

describe.skipIf(!e2e.available)('a scan that cannot run says why and what to do', () => {
  it('unreachable server: exit 3, names the server and what to check', async () => {
    const dead = clusterEnv().UNREACHABLE_URL;
    const run = await runCli(['scan', '--kubeconfig', kubeconfig('unreachable')]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`cannot reach the API server at ${dead} (context "unreachable"): connect ECONNREFUSED`);
    expect(run.stderr).toContain("Check the kubeconfig's server address, your VPN or network, and that the cluster is running");
  });

  it('expired client certificate: exit 3, credentials rejected, refresh them or pick another context', async () => {
    const run = await runCli(['scan', '--kubeconfig', kubeconfig('expired')]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      'rejected the credentials of user "expired" (context "expired"): the token or certificate is invalid or expired (401 Unauthorized)',
    );
    expect(run.stderr).toContain("Refresh the credentials (e.g. re-run your cloud's get-credentials command) or pick another --context");
  });

  it('wrong token: exit 3, credentials rejected', async () => {
    const run = await runCli(['scan', '--kubeconfig', kubeconfig('wrong-token')]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      'rejected the credentials of user "wrong-token" (context "wrong-token"): the token or certificate is invalid or expired (401 Unauthorized)',
    );
  });

  it('kubeconfig that does not exist: exit 2, pass an existing file', async () => {
    const missing = kubeconfig('does-not-exist');
    const run = await runCli(['scan', '--kubeconfig', missing]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`kubeconfig ${missing} does not exist: pass an existing file with --kubeconfig`);
  });

  it('unknown context: exit 2, lists the contexts to pick from', async () => {
    const run = await runCli(['scan', '--kubeconfig', kubeconfig('multi'), '--context', 'prod-eu']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `context "prod-eu" is not in kubeconfig ${kubeconfig('multi')}: pick one of "admin", "scanner", "tenant-a" with --context`,
    );
  });
});

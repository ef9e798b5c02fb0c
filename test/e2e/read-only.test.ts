import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { assertReadOnly, auditEventsSince, auditOffset, eventsBy, readOnlyViolations } from './helpers/audit.js';
import { type KubeClient, clientFor, tokenClient } from './helpers/kube.js';
import { clusterEnv, kubeconfig } from './helpers/paths.js';
import { USERS, scanReadOnly } from './helpers/scan.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLUSTER_DIR } from './helpers/paths.js';

const e2e = inject('e2e');

describe.skipIf(!e2e.available)('read-only proof from the API server audit log', () => {
  let admin: KubeClient;
  beforeAll(() => {
    admin = clientFor(kubeconfig('admin'));
  });
  afterAll(() => admin?.close());

  it('a scan by the scanner sends only GETs (get and list verbs), never touches Secrets', async () => {
    const offset = auditOffset();
    await scanReadOnly(kubeconfig('scanner'), USERS.scanner);
    const events = eventsBy(auditEventsSince(offset), USERS.scanner);
    expect(new Set(events.map((e) => e.verb))).toEqual(new Set(['get', 'list']));
    expect(events.filter((e) => e.requestURI.includes('secrets'))).toEqual([]);
  });

  it('the assertion catches a single real mutating request, a denied Secrets read and a dry run, and lets access reviews pass', async () => {
    const { namespace, name } = e2e.seed!.mutator;
    const username = `system:serviceaccount:${namespace}:${name}`;
    const minted = await admin.request('POST', `/api/v1/namespaces/${namespace}/serviceaccounts/${name}/token`, {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { expirationSeconds: 600 },
    });
    expect(minted.status).toBe(201);
    const mutator = tokenClient(clusterEnv().APISERVER_URL, minted.body.status.token, readFileSync(join(CLUSTER_DIR, 'pki', 'ca.crt')));
    const configMap = `tenantscan-e2e-${Date.now()}`;
    try {
      // Nothing but an access review: read-only.
      let offset = auditOffset();
      const review = await mutator.request('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: { namespace, verb: 'create', resource: 'configmaps' } },
      });
      expect(review.body?.status?.allowed).toBe(true);
      expect(() => assertReadOnly(auditEventsSince(offset), username)).not.toThrow();

      // One real create (allowed by the temporary grant), as that identity.
      offset = auditOffset();
      const created = await mutator.request('POST', `/api/v1/namespaces/${namespace}/configmaps`, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: configMap },
      });
      expect(created.status).toBe(201);
      const events = auditEventsSince(offset);
      expect(readOnlyViolations(events, username)).toEqual([`mutating request: create /api/v1/namespaces/${namespace}/configmaps -> 201`]);
      expect(() => assertReadOnly(events, username)).toThrow(/did not stay read-only/);

      // A denied attempt and a server-side dry run still count.
      offset = auditOffset();
      expect((await mutator.request('GET', `/api/v1/namespaces/${namespace}/secrets`)).status).toBe(403);
      expect(
        (
          await mutator.request('POST', `/api/v1/namespaces/${namespace}/configmaps?dryRun=All`, {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: `${configMap}-dry` },
          })
        ).status,
      ).toBe(201);
      expect(readOnlyViolations(auditEventsSince(offset), username)).toEqual([
        `read of Secrets: list /api/v1/namespaces/${namespace}/secrets -> 403`,
        `mutating request: create /api/v1/namespaces/${namespace}/configmaps?dryRun=All -> 201`,
      ]);
    } finally {
      mutator.close();
      await admin.request('DELETE', `/api/v1/namespaces/${namespace}/configmaps/${configMap}`);
    }
  });

  it('refuses to pass when the identity made no request at all (wrong user name, empty log)', () => {
    expect(() => assertReadOnly([], USERS.scanner)).toThrow(/holds no request by "scanner"/);
  });
});

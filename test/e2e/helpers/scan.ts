import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import type { Report } from '../../../src/engine/report.js';
import type { Result } from '../../../src/engine/result.js';
import { assertReadOnly, auditEventsSince, auditOffset } from './audit.js';
import { type CliRun, scanJson } from './cli.js';
import { E2E_DIR, kubeconfig } from './paths.js';

/** User names the API server sees for the test identities (client certificate CNs). */
export const USERS = { admin: 'tenantscan-admin', scanner: 'scanner', alice: 'alice' } as const;

/** Scan as one identity and prove from the audit log that the scan stayed read-only. */
export async function scanReadOnly(
  kubeconfigPath: string,
  username: string,
  extra: string[] = [],
): Promise<{ report: Report; run: CliRun }> {
  const offset = auditOffset();
  const out = await scanJson(kubeconfigPath, extra);
  assertReadOnly(auditEventsSince(offset), username);
  return out;
}

/**
 * alice's kubeconfig as a tenant really has it: one context per namespace she works in (acme-prod,
 * the current one, and acme-dev) and a stale one for globex, where she has no access (any more).
 * Derived from .cluster/tenant-a-admin.kubeconfig, which names no namespace.
 */
export function tenantKubeconfig(): string {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a kubeconfig read as plain YAML
  const config = yaml.load(readFileSync(kubeconfig('tenant-a-admin'), 'utf8')) as any;
  const base = config.contexts.find((c: { name: string }) => c.name === config['current-context']).context;
  config.contexts = [
    { name: 'acme-prod', context: { ...base, namespace: 'acme-prod' } },
    { name: 'acme-dev', context: { ...base, namespace: 'acme-dev' } },
    { name: 'globex', context: { ...base, namespace: 'globex' } },
  ];
  config['current-context'] = 'acme-prod';
  mkdirSync(E2E_DIR, { recursive: true });
  const file = join(E2E_DIR, 'tenant-a-namespaced.kubeconfig');
  writeFileSync(file, yaml.dump(config), { mode: 0o600 });
  return file;
}

/** `Kind/namespace/name` of a result's subject. */
export const subjectOf = (r: Result): string =>
  `${r.subject.kind}/${r.subject.namespace ? `${r.subject.namespace}/` : ''}${r.subject.name}`;

export const resultsOf = (report: Report, checkId: string, status?: Result['status']): Result[] =>
  report.results.filter((r) => r.checkId === checkId && (status === undefined || r.status === status));

export const accessOf = (report: Report, groupKind: string) => report.access.find((a) => a.groupKind === groupKind);

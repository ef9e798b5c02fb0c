import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonReportOf } from '../helpers/cli.js';

const FIX = join(import.meta.dirname, 'fixtures');

describe('a custom check using the shared analyses', () => {
  it('reads ctx.analyses.rbac, as built-in checks do, when loaded from --checks-dir', async () => {
    const report = await jsonReportOf([join(FIX, 'analyses-cluster.yaml')], { checksDir: join(FIX, 'analyses-checks') });
    // the JSON document lists passes apart from the other results (schema 2.x): sorted by subject
    const results = report.results
      .filter((r) => r.checkId === 'custom-service-accounts-read-secrets')
      .sort((a, b) => a.subject.name.localeCompare(b.subject.name));
    expect(results.map((r) => `${r.subject.name}:${r.status}`)).toEqual(['team-a:pass', 'team-b:fail']);
    // The binding names a group, not a service account: the analysis resolves the implicit membership.
    expect(results[1]).toMatchObject({
      tenant: 'team-b',
      message: 'service accounts of team-b may get Secrets through RoleBinding all-pods-read-secrets (as system:serviceaccounts:team-b)',
      related: [
        { kind: 'RoleBinding', namespace: 'team-b', name: 'all-pods-read-secrets' },
        { kind: 'ClusterRole', name: 'secret-reader' },
      ],
    });
  });
});

import { join } from 'node:path';
import { builtinChecks } from '../../checks/index.js';
import storageHostpathVolume from '../../checks/storage/storage-hostpath-volume.js';
import { DEFAULT_SANDBOX_HANDLERS } from '../../src/config/defaults.js';
import { type AnyCheck, defineCheck } from '../../src/engine/check.js';
import type { Report } from '../../src/engine/report.js';
import type { SelectivePair } from '../../src/k8s/network/index.js';
import type { Result } from '../../src/engine/result.js';
import { scan } from '../../src/engine/scan.js';
import type { WaiverOptions } from '../../src/engine/waivers.js';
import type { AccessOutcome } from '../../src/model/access.js';
import { ResourceIndex } from '../../src/model/index.js';
import { loadManifests } from '../../src/sources/manifests.js';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');
export const EXAMPLE = join(REPO_ROOT, 'examples', 'shared-cluster');
export const SMALL_CLUSTER = join(import.meta.dirname, 'fixtures', 'small-cluster.yaml');
export const HOSTILE = join(REPO_ROOT, 'test', 'browser', 'fixtures', 'hostile-names.yaml');

/** A check that always throws: the runner must turn it into an `error` result, which reporters show. */
export const throwingCheck = defineCheck({
  id: 'test-throws',
  family: 'workload',
  title: 'Test check that throws',
  description: 'Throws on every namespace, to exercise error results.',
  rationale: 'Reporters must show check errors, not hide them.',
  remediation: 'Nothing to fix: this is a test check.',
  references: [],
  severity: 'low',
  target: 'namespace',
  needs: [],
  messages: {},
  check() {
    throw new Error('boom <b>not bold</b>');
  },
});

/** A namespace check that reads NetworkPolicies: with `NetworkPolicy.networking.k8s.io` unreadable it is not evaluated. */
export const needsPoliciesCheck = defineCheck({
  id: 'test-needs-policies',
  family: 'network',
  title: 'Test check that needs NetworkPolicies',
  description: 'Passes on every namespace whose NetworkPolicies could be read.',
  rationale: 'Unreadable inputs must be not-evaluated, never pass.',
  remediation: 'Nothing to fix: this is a test check.',
  references: [],
  severity: 'medium',
  target: 'namespace',
  needs: ['NetworkPolicy.networking.k8s.io'],
  messages: {},
  check() {
    return [];
  },
});

export interface ReportOptions {
  /** Default: every built-in check. */
  checks?: readonly AnyCheck[];
  access?: AccessOutcome[];
  /** Waivers (src/engine/waivers.ts); annotation waivers are on unless said otherwise. */
  waivers?: Partial<WaiverOptions>;
  /** An earlier report's results to compare with (src/engine/baseline.ts). */
  baseline?: { file: string; results: Result[] };
  sourceOverride?: Report['source'];
}

/** Scan manifest files in-process, exactly as `tenantscan scan --file` does, and return the report. */
export async function reportOf(paths: string[], options: ReportOptions = {}): Promise<Report> {
  const input = await loadManifests(paths, { defaultNamespace: 'default' });
  const index = new ResourceIndex({ ...input, access: options.access ?? input.access, source: options.sourceOverride ?? input.source });
  return scan(index, options.checks ?? builtinChecks, {
    profile: 'multi-team',
    sandboxHandlers: [...DEFAULT_SANDBOX_HANDLERS],
    checkOptions: {},
    tenancy: {},
    waivers: options.waivers ? { waivers: [], annotationWaivers: true, today: '2026-06-01', ...options.waivers } : undefined,
    baseline: options.baseline,
  });
}

/** A `probes` section as `scan --probe` writes it: one tenant acted as, one without a known subject. */
export const PROBE_SECTION: NonNullable<Report['probes']> = {
  identities: [
    {
      tenant: 'alpha',
      namespace: 'alpha-1',
      user: 'alice',
      groups: ['team-a', 'system:authenticated'],
      origin: 'tenant subject User alice',
    },
    { tenant: 'beta', namespace: 'beta-1' },
  ],
};

/** The checks whose results the small-cluster specs assert exactly (independent of the growing built-in catalog). */
export const SMALL_CHECKS: readonly AnyCheck[] = [storageHostpathVolume, needsPoliciesCheck, throwingCheck];

/**
 * The same report as a live scan would give it: a cluster source and no file locations (a live
 * object has no file).
 */
export function asLiveClusterReport(report: Report): Report {
  return {
    ...report,
    source: { type: 'cluster', server: 'https://127.0.0.1:6443', context: 'kind-test' },
    results: report.results.map(({ location: _location, ...r }) => r),
  };
}

/** Add a reachability section (src/k8s/network/reachability.ts shape) over the report's tenants: `open` for the listed pairs, else `closed`. */
export function withReachability(report: Report, open: Array<[string, string]>, unknown: Array<[string, string]> = []): Report {
  const tenants = report.tenants.map((t) => t.name).sort();
  const none = { examples: [], count: 0 };
  // the summary form: every tenant has workloads, no statement opens a pair, the given pairs are listed
  const pairs = tenants.flatMap((from) =>
    tenants
      .filter((to) => to !== from)
      .flatMap((to): SelectivePair[] => {
        if (open.some(([f, t]) => f === from && t === to)) {
          return [
            {
              from,
              to,
              status: 'open',
              reason: `${from} pods may connect to ${to} pods: ingress not isolated`,
              via: [],
              port: 'TCP/8080',
              workloads: { from: none, to: none },
            },
          ];
        }
        if (unknown.some(([f, t]) => f === from && t === to))
          return [{ from, to, status: 'unknown', reason: 'a CiliumNetworkPolicy may apply' }];
        return [];
      }),
  );
  return { ...report, reachability: { tenants: tenants.map((name) => ({ name, workloads: 1 })), workloads: [], pairs } };
}

import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { K } from '../../../src/model/kinds.js';
import { ResourceIndex } from '../../../src/model/index.js';
import { RbacAnalysis } from '../../../src/k8s/rbac/access.js';
import type { AccessRequest, Principal } from '../../../src/k8s/rbac/types.js';
import { parseManifestText, resolveScopes } from '../../../src/sources/manifests.js';
import { TenantModel } from '../../../src/tenancy/model.js';
import { toolAvailable } from '../../helpers/tool.js';

/**
 * Differential test: `RbacAnalysis.can` must answer exactly as Kubernetes' own RBAC authorizer
 * (plugin/pkg/auth/authorizer/rbac, v1.36.3) for every principal the RBAC fixtures and the example
 * bind, on a grid of verbs, resources, subresources, namespaces and names. The authorizer is built
 * from the Go modules of the test control plane (scripts/cluster/k8s), offline; where they are not
 * on this machine (`scripts/test-cluster.sh up` fetches them), the test is skipped and says so (a failure under CI=true).
 * Aggregation is the controller's job, not the authorizer's: ClusterRoles are handed to it with the
 * rules src/k8s/rbac resolved (roles.ts follows pkg/controller/clusterroleaggregation for that part).
 */
const ROOT = join(import.meta.dirname, '..', '..', '..');
const MODULES = join(
  process.env.GOMODCACHE ?? join(process.env.GOPATH ?? join(homedir(), 'go'), 'pkg', 'mod'),
  'k8s.io',
  'kubernetes@v1.36.3',
);
const available = toolAvailable(
  'RBAC AUTHORIZER DIFFERENTIAL TEST',
  !hasGo() ? 'no `go` on PATH' : !existsSync(MODULES) ? `${MODULES} absent (run scripts/test-cluster.sh up once)` : undefined,
);

function hasGo(): boolean {
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function yamlUnder(path: string): string[] {
  if (statSync(path).isFile()) return path.endsWith('.yaml') ? [path] : [];
  return readdirSync(path)
    .sort()
    .flatMap((f) => yamlUnder(join(path, f)));
}

const RESOURCES: Array<[string, string, string?]> = [
  ['', 'pods'],
  ['', 'pods', 'exec'],
  ['', 'secrets'],
  ['', 'configmaps'],
  ['', 'resourcequotas'],
  ['', 'limitranges'],
  ['', 'namespaces'],
  ['', 'namespaces', 'status'],
  ['rbac.authorization.k8s.io', 'roles'],
  ['rbac.authorization.k8s.io', 'clusterroles'],
  ['rbac.authorization.k8s.io', 'rolebindings'],
  ['', 'serviceaccounts'],
  ['', 'serviceaccounts', 'token'],
  ['', 'users'],
  ['', 'groups'],
  ['apps', 'deployments'],
  ['apps', 'deployments', 'scale'],
  ['', 'replicationcontrollers', 'scale'],
  ['apiextensions.k8s.io', 'customresourcedefinitions'],
  ['', 'nodes'],
  ['storage.k8s.io', 'storageclasses'],
  ['', 'services', 'status'],
  ['example.com', 'widgets'],
  ['capsule.clastix.io', 'tenants'],
  ['', 'persistentvolumes'],
  ['authorization.k8s.io', 'selfsubjectaccessreviews'],
];
const VERBS = ['get', 'list', 'create', 'update', 'patch', 'delete', 'deletecollection', 'escalate', 'bind', 'impersonate'];
const NAMES = [undefined, 'x', 'cluster-admin', 'compute', 'kube-proxy', 'app-config'];

describe.runIf(available)('src/k8s/rbac against the Kubernetes RBAC authorizer', () => {
  let dir = '';
  let oracle = '';
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('builds the authorizer from the pinned modules, offline', () => {
    dir = mkdtempSync(join(tmpdir(), 'tenantscan-rbac-oracle-'));
    const goMod = readFileSync(join(ROOT, 'scripts', 'cluster', 'k8s', 'go.mod'), 'utf8').replace(
      /^module .*$/m,
      'module example.invalid/tenantscan/rbacoracle',
    );
    writeFileSync(join(dir, 'go.mod'), goMod);
    copyFileSync(join(ROOT, 'scripts', 'cluster', 'k8s', 'go.sum'), join(dir, 'go.sum'));
    copyFileSync(join(import.meta.dirname, 'authorizer-oracle', 'main.go'), join(dir, 'main.go'));
    oracle = join(dir, 'oracle');
    execFileSync('go', ['build', '-o', oracle, '.'], {
      cwd: dir,
      env: { ...process.env, GOFLAGS: '-mod=mod', GOPROXY: 'off', GOWORK: 'off' },
      stdio: 'pipe',
    });
    expect(existsSync(oracle)).toBe(true);
  }, 600_000);

  const cases: Array<[string, string[]]> = [
    ...[
      'test/checks/rbac',
      'test/checks/api/api-cluster-scoped-resource-writable',
      'test/checks/api/api-crd-writable',
      'test/checks/tenancy/tenancy-namespace-self-managed',
    ]
      .flatMap((d) => yamlUnder(join(ROOT, d)))
      .map((f): [string, string[]] => [f.slice(ROOT.length + 1), [f]]),
    ['examples/shared-cluster', yamlUnder(join(ROOT, 'examples', 'shared-cluster'))],
  ];

  it.each(cases)(
    'answers every request as the authorizer does: %s',
    (_label, files) => {
      const parsed = files.flatMap((f) => parseManifestText(readFileSync(f, 'utf8'), f).objects);
      const index = new ResourceIndex({ ...resolveScopes(parsed, 'default'), source: { type: 'manifests', files } });
      const rbac = new RbacAnalysis(index, new TenantModel(index));
      const bindings = [...index.ofKind(K.RoleBinding), ...index.ofKind(K.ClusterRoleBinding)];
      const clusterRoleNames = new Set([
        ...index.ofKind(K.ClusterRole).map((r) => r.metadata.name),
        ...bindings.filter((b) => b.roleRef?.kind === 'ClusterRole').map((b) => String(b.roleRef.name)),
      ]);
      const clusterRoles = [...clusterRoleNames]
        .map((n) => rbac.roles.clusterRole(n))
        .filter((r) => r.found !== 'missing')
        .map((r) => ({ metadata: { name: r.ref.name }, rules: r.rules.map((s) => s.rule) }));
      const namespaces = index.namespaces().map((n) => n.metadata.name);
      const principals: Principal[] = [
        ...rbac.bindings.principals(),
        { kind: 'User', name: 'nobody' },
        ...namespaces.map((ns): Principal => ({ kind: 'ServiceAccount', namespace: ns, name: 'default' })),
      ];
      const requests: object[] = [];
      const ours: boolean[] = [];
      for (const p of principals) {
        // a Group is asked as a member of that group alone; users and service accounts with their implicit groups
        const who =
          p.kind === 'ServiceAccount'
            ? {
                user: `system:serviceaccount:${p.namespace}:${p.name}`,
                groups: ['system:serviceaccounts', `system:serviceaccounts:${p.namespace}`, 'system:authenticated'],
              }
            : p.kind === 'User'
              ? { user: p.name, groups: [p.name === 'system:anonymous' ? 'system:unauthenticated' : 'system:authenticated'] }
              : { user: `member-of:${p.name}`, groups: [p.name] };
        for (const namespace of [undefined, ...namespaces]) {
          for (const [group, resource, subresource] of RESOURCES) {
            for (const verb of VERBS) {
              for (const name of [...NAMES, ...(resource === 'namespaces' ? namespaces : [])]) {
                const req: AccessRequest = { verb, group, resource, subresource, namespace, name };
                ours.push(rbac.can(p, req, { implicitGroups: p.kind !== 'Group' }).allowed);
                // what the API server's RequestInfo says for /api/v1/namespaces/<name>
                const ns = namespace === undefined && group === '' && resource === 'namespaces' && name !== undefined ? name : namespace;
                requests.push({ ...who, verb, group, resource, subresource: subresource ?? '', namespace: ns ?? '', name: name ?? '' });
              }
            }
          }
        }
      }
      const input = {
        roles: index.ofKind(K.Role),
        clusterRoles,
        roleBindings: index.ofKind(K.RoleBinding),
        clusterRoleBindings: index.ofKind(K.ClusterRoleBinding),
        requests,
      };
      const theirs: boolean[] = JSON.parse(execFileSync(oracle, { input: JSON.stringify(input), maxBuffer: 1 << 30 }).toString());
      const differences = ours.flatMap((allowed, i) =>
        allowed === theirs[i] ? [] : [{ request: requests[i], ours: allowed, kubernetes: theirs[i] }],
      );
      expect(theirs).toHaveLength(ours.length);
      expect(theirs.some(Boolean)).toBe(true); // the grid reaches granted access, not only denials
      expect(differences.slice(0, 5)).toEqual([]);
    },
    120_000,
  );
});

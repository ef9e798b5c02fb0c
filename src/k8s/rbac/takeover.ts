/**
 * Ways one binding lets its subject become another identity, judged by what that identity holds
 * and the subject lacks (src/k8s/rbac/power.ts). Sources:
 * https://kubernetes.io/docs/concepts/security/rbac-good-practices/#privilege-escalation-risks,
 * https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation,
 * https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/#authorization.
 *
 * - **Service account tokens and impersonation**: `create` on `serviceaccounts/token` (TokenRequest)
 *   and `impersonate` on `serviceaccounts` reach the service accounts of the binding's namespace
 *   (every namespace for a ClusterRoleBinding), those its `resourceNames` allow. A service account
 *   is impersonated in its own namespace (k8s.io/apiserver pkg/endpoints/filters/impersonation.go),
 *   so a RoleBinding reaches only its namespace's; a subject limited to itself, or to accounts that
 *   hold nothing it lacks, gains nothing.
 * - **Users and groups** (cluster-scoped: only a ClusterRoleBinding grants their impersonation):
 *   any user reaches Kubernetes' own components (`system:kube-controller-manager`, bound by default
 *   to a role that creates tokens for every service account); any group, or `system:masters` by
 *   name, is the superuser group, which RBAC never restricts. Named users and groups are judged by
 *   their grants. Impersonating groups needs a user (or service account) to impersonate as well
 *   (impersonation.go refuses groups without a user), so it counts only when the subject may also
 *   impersonate one.
 * - **nodes/proxy**: `get` (or `create`) on `nodes/proxy` through a ClusterRoleBinding is the
 *   kubelet's API, which runs commands in every pod of the node (a websocket exec is a GET). Nodes
 *   are cluster-scoped: through a RoleBinding it grants nothing.
 * - **Certificates**: `create` on `certificatesigningrequests`, `update` on
 *   `certificatesigningrequests/approval` and `approve` on `signers` (named `<signer>` or
 *   `<domain>/*`) for kubernetes.io/kube-apiserver-client (a client certificate for any user and
 *   group, system:masters included) or kubernetes.io/kube-apiserver-client-kubelet (any node's
 *   identity). The approval update returns the CSR, and with it the signed certificate once issued.
 *   Custom signers are not judged: what their certificates are trusted for is not in the API.
 * - **Workloads**: `create` on pods, or `create`, `update` or `patch` on a pod-template workload
 *   kind (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, ReplicationController)
 *   runs a pod as any service account of the namespace (`serviceAccountName`); `pods/exec`,
 *   `pods/attach` and `pods/portforward` (`create`; `get` before the API server authorized
 *   websocket upgrades as `create`, Kubernetes 1.31) reach the running pods, and so the service
 *   accounts whose tokens the input's pods mount. A `create` limited by `resourceNames` matches no
 *   request; other name limits are not followed to pods.
 */
import type { BindingAccess, RbacAnalysis } from './access.js';
import { principalKey, principalLabel } from './bindings.js';
import { ServiceAccountDirectory } from './identities.js';
import { coversResource, coversVerb, type Permission } from './permissions.js';
import { type Holding, lackedHoldings } from './power.js';
import type { Principal } from './types.js';

export interface TakeoverPath {
  kind: 'service-account' | 'user-or-group' | 'node-proxy' | 'certificates' | 'workloads';
  /** "can create tokens for service accounts of kube-system, so act as ServiceAccount "kube-system/admin", which can ...". */
  text: string;
  /** The permissions of the binding that open the path. */
  permissions: Permission[];
  /** The identities reached that hold what the subject lacks, in order, with what they add. */
  reached: Array<{ identity: Principal; lacked: Holding[] }>;
}

const CERTIFICATES_GROUP = 'certificates.k8s.io';

/** Signers whose certificates the API server trusts as client identities, and whom they can name. */
export const CLIENT_SIGNERS: ReadonlyArray<{ name: string; who: string }> = [
  { name: 'kubernetes.io/kube-apiserver-client', who: 'any user or group (system:masters included)' },
  { name: 'kubernetes.io/kube-apiserver-client-kubelet', who: 'any node (system:node:<name> in group system:nodes)' },
];

/** The pod-template workload kinds, as RBAC names them. */
export const WORKLOAD_RESOURCES: ReadonlyArray<[string, string]> = [
  ['apps', 'deployments'],
  ['apps', 'replicasets'],
  ['apps', 'statefulsets'],
  ['apps', 'daemonsets'],
  ['batch', 'jobs'],
  ['batch', 'cronjobs'],
  ['', 'replicationcontrollers'],
];

/** The subresources that open a session in a running pod, and how a message says it. */
const POD_SESSIONS: Readonly<Record<string, string>> = {
  'pods/exec': 'exec into',
  'pods/attach': 'attach to',
  'pods/portforward': 'port-forward to',
};

/** How many reached identities a path names before "(+N more)". */
const NAMED = 1;

const directories = new WeakMap<RbacAnalysis, ServiceAccountDirectory>();

/** The scan's service accounts, built once per analysis. */
export function serviceAccountsOf(rbac: RbacAnalysis): ServiceAccountDirectory {
  let directory = directories.get(rbac);
  if (!directory) directories.set(rbac, (directory = new ServiceAccountDirectory(rbac.index, rbac.bindings)));
  return directory;
}

/**
 * The takeover paths one binding subject's access opens. `subject`: the binding subject;
 * `own`: its tenant's namespaces (empty for a subject of no tenant or a group of everyone).
 */
export function takeoverPaths(rbac: RbacAnalysis, access: BindingAccess, own: ReadonlySet<string>): TakeoverPath[] {
  const subject = access.bound.subject;
  // a subject that may already do anything anywhere gains nothing by becoming another identity
  if (rbac.can(subject, { verb: '*', group: '*', resource: '*' }).allowed) return [];
  const directory = serviceAccountsOf(rbac);
  const ns = access.namespace;
  const clusterWide = ns === undefined;
  const where = clusterWide ? 'in every namespace' : `in ${ns}`;
  const namespaces = clusterWide ? directory.namespaces() : [ns];
  const on = (verbs: string[], group: string, resources: string[]) =>
    access.permissions.filter((p) => verbs.some((v) => coversVerb(p, v)) && resources.some((r) => coversResource(p, group, r)));
  const reach = (identities: Principal[]) =>
    identities
      .filter((i) => principalKey(i) !== principalKey(subject))
      .map((identity) => ({ identity, lacked: lackedHoldings(rbac, subject, identity, own) }))
      .filter((r) => r.lacked.length > 0);
  const paths: TakeoverPath[] = [];
  const become = (kind: TakeoverPath['kind'], how: string, permissions: Permission[], identities: Principal[]) => {
    if (!permissions.length) return;
    const reached = reach(identities);
    if (reached.length) paths.push({ kind, text: `${how}, so act as ${reachedText(rbac, reached)}`, permissions, reached });
  };

  // service account tokens and impersonation
  for (const [verb, resource, how] of [
    ['create', 'serviceaccounts/token', 'can create tokens for'],
    ['impersonate', 'serviceaccounts', 'can impersonate'],
  ] as const) {
    const perms = on([verb], '', [resource]);
    const allowed = (sa: Principal) => perms.some((p) => p.names.length === 0 || p.names.includes(sa.name));
    become(
      'service-account',
      `${how} ${namesText(perms, `service accounts ${where}`)}`,
      perms,
      namespaces.flatMap((n) => directory.in(n)).filter(allowed),
    );
  }

  if (clusterWide) {
    // users and groups
    const users = on(['impersonate'], '', ['users']);
    const groups = on(['impersonate'], '', ['groups']);
    if (users.some((p) => p.names.length === 0)) {
      paths.push({
        kind: 'user-or-group',
        text: "can impersonate any user, Kubernetes' own components included (system:kube-controller-manager can create tokens for every service account)",
        permissions: users,
        reached: [],
      });
    } else {
      const named = [...new Set(users.flatMap((p) => p.names))].filter((n) => !n.startsWith('system:serviceaccount:'));
      become(
        'user-or-group',
        `can impersonate ${namesText(users, 'users')}`,
        users,
        named.map((name) => ({ kind: 'User', name })),
      );
    }
    if (groups.length && mayImpersonateSomeone(rbac, subject)) {
      const masters = groups.filter((p) => p.names.length === 0 || p.names.includes('system:masters'));
      if (masters.length) {
        paths.push({
          kind: 'user-or-group',
          text: 'can impersonate group system:masters, which RBAC never restricts (the superuser group)',
          permissions: masters,
          reached: [],
        });
      } else {
        const named = [...new Set(groups.flatMap((p) => p.names))];
        become(
          'user-or-group',
          `can impersonate ${namesText(groups, 'groups')}`,
          groups,
          named.map((name) => ({ kind: 'Group', name })),
        );
      }
    }

    // the kubelet API
    const proxy = on(['get', 'create'], '', ['nodes/proxy']);
    if (proxy.length) {
      paths.push({
        kind: 'node-proxy',
        text: `can reach the kubelet API of ${namesText(proxy, 'every node', 'nodes')} (nodes/proxy), and so run commands in every pod there, every tenant's included`,
        permissions: proxy,
        reached: [],
      });
    }

    // client certificates
    const signers = CLIENT_SIGNERS.filter((s) => canSignAs(rbac, subject, s.name));
    if (signers.length) {
      const csr = on(['create', 'update', 'approve'], CERTIFICATES_GROUP, [
        'certificatesigningrequests',
        'certificatesigningrequests/approval',
        'signers',
      ]);
      if (csr.length) {
        paths.push({
          kind: 'certificates',
          text: `can create and approve CertificateSigningRequests for ${signers.map((s) => `${s.name}, so mint a client certificate for ${s.who}`).join('; and for ')}`,
          permissions: csr,
          reached: [],
        });
      }
    }
  }

  // workloads and pod sessions
  const create = [
    ...on(['create'], '', ['pods']).filter((p) => p.names.length === 0),
    ...access.permissions.filter((p) =>
      WORKLOAD_RESOURCES.some(
        ([g, r]) =>
          coversResource(p, g, r) && (['update', 'patch'].some((v) => coversVerb(p, v)) || (coversVerb(p, 'create') && !p.names.length)),
      ),
    ),
  ];
  become(
    'workloads',
    `can run pods ${where} as any of ${clusterWide ? 'their' : 'its'} service accounts`,
    [...new Set(create)],
    namespaces.flatMap((n) => uniqueByKey([...directory.in(n), { kind: 'ServiceAccount', namespace: n, name: 'default' }])),
  );
  const sessions = on(['create', 'get'], '', Object.keys(POD_SESSIONS));
  const sessionWhat = Object.entries(POD_SESSIONS)
    .filter(([r]) => sessions.some((p) => coversResource(p, '', r)))
    .map(([, what]) => what);
  become(
    'workloads',
    `can ${joinOr(sessionWhat)} the pods ${where}`,
    sessions,
    namespaces.flatMap((n) => directory.runningIn(n)),
  );
  return paths;
}

/** May the subject impersonate some user or service account (which impersonating a group requires)? */
function mayImpersonateSomeone(rbac: RbacAnalysis, subject: Principal): boolean {
  return rbac
    .accessesOf(subject)
    .some((a) =>
      a.permissions.some(
        (p) => coversVerb(p, 'impersonate') && (coversResource(p, '', 'users') || coversResource(p, '', 'serviceaccounts')),
      ),
    );
}

/** May the subject create CSRs, update their approval, and approve for `signer` (by its name or `<domain>/*`)? */
function canSignAs(rbac: RbacAnalysis, subject: Principal, signer: string): boolean {
  const create = rbac.can(subject, { verb: 'create', group: CERTIFICATES_GROUP, resource: 'certificatesigningrequests', anyName: true });
  const approval = rbac.can(subject, {
    verb: 'update',
    group: CERTIFICATES_GROUP,
    resource: 'certificatesigningrequests',
    subresource: 'approval',
    anyName: true,
  });
  const domain = `${signer.slice(0, signer.indexOf('/'))}/*`;
  const approve = [signer, domain].some(
    (name) => rbac.can(subject, { verb: 'approve', group: CERTIFICATES_GROUP, resource: 'signers', name }).allowed,
  );
  return create.allowed && approval.allowed && approve;
}

/** `ServiceAccount "kube-system/admin" (+2 more), which can ...`: the first identity reached, and what it adds. */
function reachedText(rbac: RbacAnalysis, reached: ReadonlyArray<{ identity: Principal; lacked: Holding[] }>): string {
  const [first] = reached;
  const byNamespace = new Map<string, Permission[]>();
  for (const h of first.lacked) {
    const key = h.namespace ?? '';
    byNamespace.set(key, [...(byNamespace.get(key) ?? []), h.permission]);
  }
  const adds = [...byNamespace.entries()]
    .map(([namespace, perms]) => rbac.describe(perms, namespace ? { namespace } : {}))
    .filter(Boolean)
    .join('; ');
  const more = reached.length > NAMED ? ` (and ${reached.length - NAMED} more identit${reached.length - NAMED > 1 ? 'ies' : 'y'})` : '';
  return `${principalLabel(first.identity)}${more}, which ${adds || 'holds grants it lacks'}`;
}

/** "service accounts in kube-system", or "service accounts in kube-system named a, b" when every permission is limited to names. */
function namesText(perms: readonly Permission[], all: string, plural = all): string {
  if (!perms.length || perms.some((p) => p.names.length === 0)) return all;
  return `${plural} named ${[...new Set(perms.flatMap((p) => p.names))].join(', ')}`;
}

function uniqueByKey(list: Principal[]): Principal[] {
  return [...new Map(list.map((p) => [principalKey(p), p])).values()];
}

/** "a, b or c". */
function joinOr(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

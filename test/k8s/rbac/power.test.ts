import { describe, expect, it } from 'vitest';
import { RbacAnalysis } from '../../../src/k8s/rbac/access.js';
import { ServiceAccountDirectory } from '../../../src/k8s/rbac/identities.js';
import { isolationHoldings, lackedHoldings } from '../../../src/k8s/rbac/power.js';
import type { Principal } from '../../../src/k8s/rbac/types.js';
import { TenantModel } from '../../../src/tenancy/model.js';
import { indexFromText } from '../../helpers/fixtures.js';

const TEXT = `
apiVersion: v1
kind: Namespace
metadata: { name: acme }
---
apiVersion: v1
kind: Namespace
metadata: { name: globex }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: pod-reader }
rules: [{ apiGroups: [""], resources: [pods], verbs: [get, list] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: pod-anything }
rules: [{ apiGroups: [""], resources: [pods], verbs: ["*"] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: wide-reader }
subjects: [{ kind: ServiceAccount, name: wide, namespace: acme }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: pod-reader }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: alice-reader }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: User, name: alice }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: pod-reader }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: bob-reader, namespace: globex }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: User, name: bob }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: pod-reader }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: wild-globex, namespace: globex }
subjects: [{ kind: ServiceAccount, name: wild, namespace: acme }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: pod-anything }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: quota, namespace: acme }
subjects: [{ kind: ServiceAccount, name: quota, namespace: acme }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: quota-writer }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: quota-writer }
rules: [{ apiGroups: [""], resources: [resourcequotas], verbs: [update] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: authenticated-reader }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: Group, name: "system:authenticated" }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: configmap-reader }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: configmap-reader }
rules: [{ apiGroups: [""], resources: [configmaps], verbs: [list] }]
`;

const index = indexFromText(TEXT);
const rbac = new RbacAnalysis(index, new TenantModel(index));
const sa = (name: string): Principal => ({ kind: 'ServiceAccount', namespace: 'acme', name });
const acme = new Set(['acme']);
const lacked = (subject: Principal, identity: Principal) =>
  lackedHoldings(rbac, subject, identity, acme).map((h) => `${h.permission.verb} ${h.permission.resource} ${h.namespace ?? '*'}`);

describe('what an identity holds that a subject lacks', () => {
  it('counts a cluster-wide grant as lacked by a subject that holds it only in one namespace', () => {
    expect(lacked({ kind: 'User', name: 'bob' }, sa('wide'))).toEqual(['get pods *', 'list pods *']);
    expect(lacked({ kind: 'User', name: 'alice' }, sa('wide'))).toEqual([]);
  });

  it('covers a wildcard verb only with a wildcard', () => {
    expect(lacked({ kind: 'User', name: 'bob' }, sa('wild'))).toEqual(['* pods globex']);
  });

  it("counts writes to the subject's own quotas, and what every authenticated user holds as held by a group", () => {
    expect(lacked({ kind: 'Group', name: 'acme-devs' }, sa('quota'))).toEqual(['update resourcequotas acme']);
    expect(isolationHoldings(rbac, sa('quota'), new Set()).map((h) => h.permission.resource)).toEqual(
      expect.arrayContaining(['resourcequotas', 'configmaps']),
    );
  });
});

describe('the service accounts a scan knows of', () => {
  const text = `
apiVersion: v1
kind: ServiceAccount
metadata: { name: quiet, namespace: ops }
automountServiceAccountToken: false
---
apiVersion: v1
kind: Pod
metadata: { name: a, namespace: ops }
spec: { serviceAccountName: quiet, containers: [{ name: c, image: x }] }
---
apiVersion: v1
kind: Pod
metadata: { name: b, namespace: ops }
spec:
  automountServiceAccountToken: false
  containers: [{ name: c, image: x }]
  volumes: [{ name: t, projected: { sources: [{ serviceAccountToken: { path: token } }] } }]
---
apiVersion: batch/v1
kind: Job
metadata: { name: j, namespace: ops }
spec: { template: { spec: { serviceAccountName: runner, automountServiceAccountToken: false, containers: [{ name: c, image: x }] } } }
`;
  const idx = indexFromText(text);
  const directory = new ServiceAccountDirectory(idx, new RbacAnalysis(idx, new TenantModel(idx)).bindings);

  it('knows them from ServiceAccounts and pod templates, and which ones the pods hold a token of', () => {
    expect(directory.in('ops').map((p) => p.name)).toEqual(['default', 'quiet', 'runner']);
    // quiet: automount off on the ServiceAccount; runner: off on the pod; default: off, but a projected token volume
    expect(directory.runningIn('ops').map((p) => p.name)).toEqual(['default']);
  });
});

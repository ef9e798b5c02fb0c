/**
 * A Deployment, the ReplicaSet it owns and a Pod that ReplicaSet owns, all with the same pod spec,
 * as a live cluster returns them. A pod check must report the gap once, on the Deployment.
 *
 * @param podSpec the PodSpec as YAML, indented by 6 spaces (it sits under `spec.template.spec`).
 */
export function ownedChain(podSpec: string): string {
  const podLevel = podSpec.replace(/^ {4}/gm, '');
  return `
apiVersion: v1
kind: Namespace
metadata: { name: team-a }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: team-a, uid: d1 }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
${podSpec}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web-5d8f
  namespace: team-a
  uid: r1
  ownerReferences: [{ apiVersion: apps/v1, kind: Deployment, name: web, uid: d1, controller: true }]
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
${podSpec}
---
apiVersion: v1
kind: Pod
metadata:
  name: web-5d8f-abcde
  namespace: team-a
  labels: { app: web }
  ownerReferences: [{ apiVersion: apps/v1, kind: ReplicaSet, name: web-5d8f, uid: r1, controller: true }]
spec:
${podLevel}
`;
}

/**
 * The labels pods carry at run time, from their pod template: the template's own labels plus the
 * labels their controller adds, which a manifest does not show but a NetworkPolicy (or any pod
 * selector) can select.
 *
 * - Deployment: `pod-template-hash` on the ReplicaSets it creates and their pods
 *   (https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#pod-template-hash-label);
 * - StatefulSet: `controller-revision-hash`, `statefulset.kubernetes.io/pod-name` and (v1.28+)
 *   `apps.kubernetes.io/pod-index`
 *   (https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#pod-name-label);
 * - DaemonSet: `controller-revision-hash` and `pod-template-generation`;
 * - Job: `batch.kubernetes.io/job-name` and `job-name` (the Job's name),
 *   `batch.kubernetes.io/controller-uid` and `controller-uid` (its uid), unless `manualSelector: true`;
 *   Indexed Jobs also `batch.kubernetes.io/job-completion-index` (v1.28+)
 *   (https://kubernetes.io/docs/reference/labels-annotations-taints/#batchkubernetesiojob-name);
 * - CronJob: the Job labels, whose Job name (`<cronjob>-<scheduled time>`) and uid exist only at run time;
 * - Pod, ReplicaSet, ReplicationController: nothing beyond their own labels.
 * Source: https://kubernetes.io/docs/reference/labels-annotations-taints/.
 */
import { K } from '../../model/kinds.js';
import type { PodTemplate } from '../../model/index.js';
import { groupKindOf } from '../../model/types.js';

/** The labels of a template's pods: values known from the input, and keys whose value only the cluster knows. */
export interface RuntimePodLabels {
  known: Record<string, string>;
  /** Keys every pod carries with a value not in the input (a hash, a generated name, a uid not written). */
  unknownValue: ReadonlySet<string>;
}

const JOB_NAME = ['batch.kubernetes.io/job-name', 'job-name'];
const JOB_UID = ['batch.kubernetes.io/controller-uid', 'controller-uid'];

/** The run-time labels of the pods of a template (see the module docstring). */
export function runtimePodLabels(template: PodTemplate): RuntimePodLabels {
  const known: Record<string, string> = {};
  const unknown = new Set<string>();
  const owner = template.owner;
  const gk = groupKindOf(owner);
  const addJobLabels = (name: string | undefined, uid: string | undefined) => {
    for (const key of JOB_NAME) {
      if (name) known[key] = name;
      else unknown.add(key);
    }
    for (const key of JOB_UID) {
      if (uid) known[key] = uid;
      else unknown.add(key);
    }
  };
  if (gk === K.Deployment) unknown.add('pod-template-hash');
  else if (gk === K.StatefulSet) {
    for (const key of ['controller-revision-hash', 'statefulset.kubernetes.io/pod-name', 'apps.kubernetes.io/pod-index']) unknown.add(key);
  } else if (gk === K.DaemonSet) {
    for (const key of ['controller-revision-hash', 'pod-template-generation']) unknown.add(key);
  } else if (gk === K.Job) {
    if (owner.spec?.manualSelector !== true) addJobLabels(owner.metadata.name, owner.metadata.uid);
    if (owner.spec?.completionMode === 'Indexed') unknown.add('batch.kubernetes.io/job-completion-index');
  } else if (gk === K.CronJob) {
    const job = owner.spec?.jobTemplate?.spec;
    if (job?.manualSelector !== true) addJobLabels(undefined, undefined);
    if (job?.completionMode === 'Indexed') unknown.add('batch.kubernetes.io/job-completion-index');
  }
  // The template's own labels come last: a label written there is what the pod carries.
  for (const [key, value] of Object.entries(template.labels)) {
    known[key] = value;
    unknown.delete(key);
  }
  return { known, unknownValue: unknown };
}

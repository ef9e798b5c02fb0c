/**
 * Walking a PodSpec the way the API defines it: `containers`, `initContainers` and
 * `ephemeralContainers` (https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/).
 */

export type ContainerField = 'containers' | 'initContainers' | 'ephemeralContainers';
export const CONTAINER_FIELDS: readonly ContainerField[] = ['containers', 'initContainers', 'ephemeralContainers'];

export interface ContainerRef {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- part of a Kubernetes object of the input, untyped JSON
  container: any;
  field: ContainerField;
  index: number;
  /** Container name (`<unnamed>` when the manifest omits it). */
  name: string;
  /** JSON pointer relative to the PodSpec: `/initContainers/0`. Prefix it with the template's specPath. */
  path: string;
}

/** Every container of a PodSpec, init and ephemeral included, in that order. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- part of a Kubernetes object of the input, untyped JSON
export function containersOf(spec: any): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const field of CONTAINER_FIELDS) {
    const list = spec?.[field];
    if (!Array.isArray(list)) continue;
    list.forEach((container, index) => {
      if (container && typeof container === 'object') {
        out.push({ container, field, index, name: String(container.name ?? '<unnamed>'), path: `/${field}/${index}` });
      }
    });
  }
  return out;
}

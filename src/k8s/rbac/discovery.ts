import type { Permission } from './permissions.js';

/**
 * Read-only discovery, harmless when granted cluster-wide: creating self access reviews
 * (system:basic-user's rules), and reading the cluster's class objects (StorageClass, IngressClass,
 * RuntimeClass, PriorityClass, CSIDriver, VolumeAttributesClass, DeviceClass), which tenants need to
 * pick one and which tell nothing about other tenants. Non-resource URLs never reach here.
 */
export function isDiscoveryPermission(p: Permission): boolean {
  if (p.verb === 'create') {
    return (
      ((p.group === 'authorization.k8s.io' || p.group === '*') &&
        (p.resource === 'selfsubjectaccessreviews' || p.resource === 'selfsubjectrulesreviews')) ||
      ((p.group === 'authentication.k8s.io' || p.group === '*') && p.resource === 'selfsubjectreviews')
    );
  }
  if (p.verb === 'get' || p.verb === 'list' || p.verb === 'watch') {
    const group = DISCOVERABLE_CLASSES[p.resource];
    return group !== undefined && (p.group === group || p.group === '*');
  }
  return false;
}

const DISCOVERABLE_CLASSES: Readonly<Record<string, string>> = {
  storageclasses: 'storage.k8s.io',
  csidrivers: 'storage.k8s.io',
  volumeattributesclasses: 'storage.k8s.io',
  ingressclasses: 'networking.k8s.io',
  runtimeclasses: 'node.k8s.io',
  priorityclasses: 'scheduling.k8s.io',
  deviceclasses: 'resource.k8s.io',
};

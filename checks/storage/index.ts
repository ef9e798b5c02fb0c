import type { AnyCheck } from '../../src/engine/check.js';
import storageClassReclaimRetain from './storage-class-reclaim-retain.js';
import storageHostpathVolume from './storage-hostpath-volume.js';
import storagePvNodeLocal from './storage-pv-node-local.js';
import storagePvReclaimRetain from './storage-pv-reclaim-retain.js';
import storagePvcPrebound from './storage-pvc-prebound.js';
import storageVolumeSourceShared from './storage-volume-source-shared.js';

/** The storage checks, listed explicitly. */
const checks: AnyCheck[] = [
  storageClassReclaimRetain,
  storageHostpathVolume,
  storagePvNodeLocal,
  storagePvReclaimRetain,
  storagePvcPrebound,
  storageVolumeSourceShared,
];

export default checks;

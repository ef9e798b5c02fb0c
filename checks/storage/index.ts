import type { AnyCheck } from '../../src/engine/check.js';
import storageHostpathVolume from './storage-hostpath-volume.js';

/** The storage checks, listed explicitly. */
const checks: AnyCheck[] = [storageHostpathVolume];

export default checks;

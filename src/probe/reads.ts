import { K } from '../model/kinds.js';
import type { ReadDeclaration } from '../model/read-plan.js';

/**
 * What `scan --probe` reads besides the checks' plan: RoleBindings (whom to act as, src/probe/identity.ts),
 * PersistentVolumes (one to pre-bind a claim to) the Namespaces' phase (not to probe in a terminating one) and RuntimeClasses (is the handler that
 * admission set a sandbox).
 */
export const PROBE_READS: ReadDeclaration = {
  kinds: [K.RoleBinding, K.PersistentVolume, K.Namespace, K.RuntimeClass],
  status: { [K.Namespace]: ['phase'] },
};

import type { AnyCheck } from '../../src/engine/check.js';
import workloadCapabilitiesAdded from './workload-capabilities-added.js';
import workloadHostNamespace from './workload-host-namespace.js';
import workloadHostPort from './workload-host-port.js';
import workloadPrivilegeEscalation from './workload-privilege-escalation.js';
import workloadPrivileged from './workload-privileged.js';
import workloadRunAsRoot from './workload-run-as-root.js';

/** The workload checks, listed explicitly. */
const checks: AnyCheck[] = [
  workloadCapabilitiesAdded,
  workloadHostNamespace,
  workloadHostPort,
  workloadPrivilegeEscalation,
  workloadPrivileged,
  workloadRunAsRoot,
];

export default checks;

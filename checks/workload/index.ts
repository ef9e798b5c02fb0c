import type { AnyCheck } from '../../src/engine/check.js';
import workloadCapabilitiesAdded from './workload-capabilities-added.js';
import workloadHostNamespace from './workload-host-namespace.js';
import workloadHostPort from './workload-host-port.js';
import workloadImagePullPolicy from './workload-image-pull-policy.js';
import workloadNetRawCapability from './workload-net-raw-capability.js';
import workloadPrivilegeEscalation from './workload-privilege-escalation.js';
import workloadPrivileged from './workload-privileged.js';
import workloadRunAsRoot from './workload-run-as-root.js';
import workloadSeccompUnconfined from './workload-seccomp-unconfined.js';

/** The workload checks, listed explicitly. */
const checks: AnyCheck[] = [
  workloadCapabilitiesAdded,
  workloadHostNamespace,
  workloadHostPort,
  workloadImagePullPolicy,
  workloadNetRawCapability,
  workloadPrivilegeEscalation,
  workloadPrivileged,
  workloadRunAsRoot,
  workloadSeccompUnconfined,
];

export default checks;

import { defineCheck } from '../../src/engine/check.js';
import { K } from '../../src/model/kinds.js';
import { refOf } from '../../src/model/types.js';
import { describeRuntimeClass, isSandbox } from '../../src/k8s/runtime/index.js';

/**
 * The cluster offers no sandboxed runtime at all: no RuntimeClass has a sandbox `handler`. Judged by
 * handler only, so a class named `gvisor` with handler `runc` does not count.
 *
 * What the API does not show, and this check therefore cannot judge: whether the handler is really
 * configured in the nodes' CRI runtime, and whether any node matches the class's
 * `scheduling.nodeSelector`. Per-tenant restrictions (Capsule `spec.runtimeClasses.allowed`) are not
 * considered either: the question is whether the cluster offers a sandbox at all.
 */
export default defineCheck({
  id: 'runtime-sandbox-unavailable',
  family: 'runtime',
  title: 'No sandboxed RuntimeClass in the cluster',
  description:
    'Flags a cluster in which no RuntimeClass has a sandbox `handler` (gVisor `runsc`/`gvisor`, Kata `kata*`, or the configured `sandboxHandlers`), so no tenant could run its pods in a sandbox.',
  rationale:
    'Hard multi-tenancy (untrusted tenants) needs a boundary stronger than the shared Linux kernel. Without a RuntimeClass whose handler is gVisor or Kata, every pod of every tenant runs on the same kernel as its neighbours, and there is nothing to opt in to.',
  remediation:
    'Install a sandbox runtime on (some) nodes (gVisor `runsc`, Kata Containers via kata-deploy) and create a RuntimeClass for it, with `scheduling.nodeSelector` for the nodes that have it and `overhead.podFixed` for its cost.',
  references: [
    { title: 'Kubernetes: Runtime Class', url: 'https://kubernetes.io/docs/concepts/containers/runtime-class/' },
    {
      title: 'Kubernetes: Multi-tenancy, sandboxing containers',
      url: 'https://kubernetes.io/docs/concepts/security/multi-tenancy/#sandboxing-containers',
    },
    { title: 'gVisor: containerd quick start (handler runsc)', url: 'https://gvisor.dev/docs/user_guide/containerd/quick_start/' },
    {
      title: 'Kata Containers: RuntimeClasses shipped by kata-deploy',
      url: 'https://github.com/kata-containers/kata-containers/blob/main/tools/packaging/kata-deploy/runtimeclasses/kata-runtimeClasses.yaml',
    },
  ],
  severity: { 'multi-team': 'info', 'multi-customer': 'high' },
  target: 'cluster',
  needs: [K.RuntimeClass],
  messages: {
    noRuntimeClass: "the cluster has no RuntimeClass at all: every pod runs under the nodes' default handler (usually runc)",
    noSandbox: 'no RuntimeClass has a sandbox handler ({{sandboxHandlers}}); the cluster offers only {{runtimeClasses}}',
  },
  check(_cluster, ctx) {
    const classes = ctx.index.ofKind(K.RuntimeClass);
    if (classes.length === 0) return [{ messageId: 'noRuntimeClass' }];
    if (classes.some((rc) => isSandbox(rc, ctx.options.sandboxHandlers))) return [];
    return [
      {
        messageId: 'noSandbox',
        data: {
          sandboxHandlers: ctx.options.sandboxHandlers.join(', ') || '<none configured>',
          runtimeClasses: classes.map(describeRuntimeClass).join(', '),
        },
        related: classes.map(refOf),
      },
    ];
  },
});

import { type KubeConfigEnvironment, kubeconfigFiles, loadKubeConfigFiles } from './cluster-kubeconfig.js';
import { ClusterSourceError } from './cluster-types.js';

/** One cluster of a fleet scan: the kubeconfig to read it with and the context to select. */
export interface ClusterTarget {
  /** The `--kubeconfig` value (one path, or a list joined like $KUBECONFIG); undefined: the default kubeconfig. */
  kubeconfig?: string;
  /** The context; undefined in-cluster (no kubeconfig at all). */
  context?: string;
  /** The files it comes from (or `in-cluster`), for messages and the report. */
  origin: string;
}

/** The flags that choose the clusters: `--kubeconfig` and `--context` (both repeatable) and `--all-contexts`. */
export interface TargetOptions {
  kubeconfigs: string[];
  contexts: string[];
  allContexts: boolean;
}

/**
 * The clusters to scan. Each `--kubeconfig` value is one kubeconfig (a path list in one value is
 * merged, as $KUBECONFIG is); none means the default one ($KUBECONFIG, ~/.kube/config, or
 * in-cluster). Then per kubeconfig:
 * - `--all-contexts`: every context, in file order;
 * - `--context` (repeatable): each named context the kubeconfig has, in the order given; a name no
 *   kubeconfig has is refused;
 * - neither: its current context.
 * The same (kubeconfig, context) pair is listed once.
 *
 * @throws ClusterSourceError (exit code 2) for a missing or invalid kubeconfig, a context no
 *   kubeconfig has, or a kubeconfig without contexts (or current context); the message says what to do.
 */
export function clusterTargets(options: TargetOptions, environment: KubeConfigEnvironment = {}): ClusterTarget[] {
  const kubeconfigs = options.kubeconfigs.length ? options.kubeconfigs : [undefined];
  const targets: ClusterTarget[] = [];
  const unmatched = new Set(options.contexts);
  for (const kubeconfig of kubeconfigs) {
    const files = kubeconfigFiles(kubeconfig, environment);
    if (files === 'in-cluster') {
      if (options.contexts.length || options.allContexts)
        throw new ClusterSourceError(
          `--${options.allContexts ? 'all-contexts' : 'context'} needs a kubeconfig, and there is none (running in a pod with its service account): pass --kubeconfig FILE too`,
          2,
        );
      targets.push({ origin: 'in-cluster' });
      continue;
    }
    const { kc, origin } = loadKubeConfigFiles(files);
    const names = kc.getContexts().map((c) => c.name);
    let chosen: string[];
    if (options.allContexts) chosen = names;
    else if (options.contexts.length) chosen = options.contexts.filter((c) => names.includes(c));
    else chosen = kc.getCurrentContext() ? [kc.getCurrentContext()] : [];
    for (const c of chosen) unmatched.delete(c);
    if (chosen.length === 0 && !options.contexts.length)
      throw new ClusterSourceError(
        `kubeconfig ${origin} has ${names.length ? 'no current-context' : 'no contexts'}: ${names.length ? `pick contexts with --context or --all-contexts (contexts: ${names.join(', ')})` : 'fix the file or leave it out'}`,
        2,
      );
    for (const context of chosen) {
      if (!targets.some((t) => t.kubeconfig === kubeconfig && t.context === context)) targets.push({ kubeconfig, context, origin });
    }
  }
  if (unmatched.size)
    throw new ClusterSourceError(
      `context ${[...unmatched].map((c) => `"${c}"`).join(', ')} is in none of the kubeconfigs (${kubeconfigs.map((k) => k ?? 'the default kubeconfig').join(', ')}): check the names with kubectl config get-contexts`,
      2,
    );
  return targets;
}

/**
 * The service accounts a scan knows of, by namespace, and which of them a pod's processes hold a
 * token of: the identities that minting tokens, impersonation and control of pods reach.
 *
 * A service account is known from its ServiceAccount object, from a binding that names it, or from
 * a pod template that runs as it (`spec.serviceAccountName`, default `default`:
 * https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts).
 * A pod holds its service account's token unless automounting is off (the pod's
 * `automountServiceAccountToken`, else the ServiceAccount's) and no projected
 * `serviceAccountToken` volume asks for one
 * (https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting).
 */
import type { ResourceIndex } from '../../model/index.js';
import { K } from '../../model/kinds.js';
import type { BindingIndex } from './bindings.js';
import type { Principal } from './types.js';

export class ServiceAccountDirectory {
  private readonly byNamespace = new Map<string, Set<string>>();
  private readonly tokenHolders = new Map<string, Set<string>>();

  constructor(
    private readonly index: ResourceIndex,
    bindings: BindingIndex,
  ) {
    for (const sa of index.ofKind(K.ServiceAccount)) this.add(sa.metadata.namespace ?? 'default', sa.metadata.name);
    for (const p of bindings.principals()) if (p.kind === 'ServiceAccount' && p.namespace) this.add(p.namespace, p.name);
    for (const template of index.podTemplates()) {
      const spec = template.spec ?? {};
      const name = typeof spec.serviceAccountName === 'string' && spec.serviceAccountName ? spec.serviceAccountName : 'default';
      this.add(template.namespace, name);
      if (this.mountsToken(template.namespace, name, spec)) {
        const set = this.tokenHolders.get(template.namespace) ?? new Set();
        set.add(name);
        this.tokenHolders.set(template.namespace, set);
      }
    }
  }

  /** The namespaces that hold a known service account. */
  namespaces(): string[] {
    return [...this.byNamespace.keys()].sort();
  }

  /** Every known service account of `namespace`, sorted by name. */
  in(namespace: string): Principal[] {
    return [...(this.byNamespace.get(namespace) ?? [])].sort().map((name) => ({ kind: 'ServiceAccount', namespace, name }));
  }

  /** The service accounts whose tokens the pods of `namespace` hold (the input's pod templates), sorted by name. */
  runningIn(namespace: string): Principal[] {
    return [...(this.tokenHolders.get(namespace) ?? [])].sort().map((name) => ({ kind: 'ServiceAccount', namespace, name }));
  }

  private add(namespace: string, name: string): void {
    const set = this.byNamespace.get(namespace) ?? new Set();
    set.add(name);
    this.byNamespace.set(namespace, set);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a PodSpec of the input, untyped JSON
  private mountsToken(namespace: string, name: string, spec: any): boolean {
    const projected = (Array.isArray(spec.volumes) ? spec.volumes : []).some(
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped JSON of the input
      (v: any) => Array.isArray(v?.projected?.sources) && v.projected.sources.some((s: any) => s?.serviceAccountToken),
    );
    if (projected) return true;
    if (typeof spec.automountServiceAccountToken === 'boolean') return spec.automountServiceAccountToken;
    return this.index.get(K.ServiceAccount, namespace, name)?.automountServiceAccountToken !== false;
  }
}

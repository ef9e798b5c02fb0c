/**
 * Ingress (networking.k8s.io/v1) as controllers route it: which host and path each rule claims, and
 * which Service it sends the traffic to.
 * Source: https://kubernetes.io/docs/concepts/services-networking/ingress/ (path types, examples
 * table) and https://kubernetes.io/docs/reference/kubernetes-api/service-resources/ingress-v1/.
 */
import type { ResourceIndex } from '../../model/index.js';
import { K } from '../../model/kinds.js';
import type { KubeObject } from '../../model/types.js';

/** One `spec.rules[].http.paths[]` entry. */
export interface IngressPath {
  /** The rule's host, `''` for a rule without one (every host). */
  host: string;
  /** The path (`/` when an ImplementationSpecific path leaves it empty). */
  path: string;
  /** `Exact`, `Prefix` or `ImplementationSpecific` (also for a missing or unknown type). */
  pathType: 'Exact' | 'Prefix' | 'ImplementationSpecific';
  /** The backend Service's name, when the backend is a Service (not a `resource`). */
  service?: string;
  /** JSON pointer to the path entry: `/spec/rules/0/http/paths/1`. */
  pointer: string;
}

/** Every path of every rule of an Ingress, in order. */
export function ingressPaths(ingress: KubeObject): IngressPath[] {
  const out: IngressPath[] = [];
  listOf(ingress.spec?.rules).forEach((rule, i) => {
    const r = rule as { host?: unknown; http?: { paths?: unknown } } | undefined;
    const host = typeof r?.host === 'string' ? r.host.toLowerCase() : '';
    listOf(r?.http?.paths).forEach((p, j) => {
      const entry = p as { path?: unknown; pathType?: unknown; backend?: { service?: { name?: unknown } } } | undefined;
      const pathType = entry?.pathType === 'Exact' || entry?.pathType === 'Prefix' ? entry.pathType : 'ImplementationSpecific';
      const path = typeof entry?.path === 'string' && entry.path !== '' ? entry.path : '/';
      const service = entry?.backend?.service?.name;
      out.push({
        host,
        path,
        pathType,
        ...(typeof service === 'string' ? { service } : {}),
        pointer: `/spec/rules/${i}/http/paths/${j}`,
      });
    });
  });
  return out;
}

/** Every Service an Ingress sends traffic to: `spec.defaultBackend` and each path's, with a JSON pointer to the Service name. */
export function ingressServiceBackends(ingress: KubeObject): Array<{ service: string; where: string; pointer: string }> {
  const out: Array<{ service: string; where: string; pointer: string }> = [];
  const fallback = ingress.spec?.defaultBackend?.service?.name;
  if (typeof fallback === 'string')
    out.push({ service: fallback, where: 'spec.defaultBackend', pointer: '/spec/defaultBackend/service/name' });
  for (const p of ingressPaths(ingress)) {
    if (p.service) out.push({ service: p.service, where: `${p.host || '*'}${p.path}`, pointer: `${p.pointer}/backend/service/name` });
  }
  return out;
}

/**
 * Is some request path matched by both? Prefix matching is "element-wise" on `/`-separated
 * elements, ignoring a trailing slash (`/foo` matches `/foo`, `/foo/` and `/foo/bar`, not `/foobar`);
 * Exact matches the path as written. ImplementationSpecific is up to the controller: it is compared as
 * an exact string, the one reading every controller shares.
 */
export function ingressPathsOverlap(a: Pick<IngressPath, 'path' | 'pathType'>, b: Pick<IngressPath, 'path' | 'pathType'>): boolean {
  const aPrefix = a.pathType === 'Prefix';
  const bPrefix = b.pathType === 'Prefix';
  if (!aPrefix && !bPrefix) return a.path === b.path;
  if (aPrefix && bPrefix) {
    const [x, y] = [elements(a.path), elements(b.path)];
    return isElementPrefix(x, y) || isElementPrefix(y, x);
  }
  const [prefix, exact] = aPrefix ? [a, b] : [b, a];
  return isElementPrefix(elements(prefix.path), elements(exact.path));
}

function elements(path: string): string[] {
  return path.split('/').filter((e) => e !== '');
}

function isElementPrefix(prefix: string[], of: string[]): boolean {
  return prefix.length <= of.length && prefix.every((e, i) => of[i] === e);
}

/** Annotation that named the class before `spec.ingressClassName` (still honoured by most controllers). */
export const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
/** Annotation that makes an IngressClass the default for Ingresses that name none. */
export const DEFAULT_INGRESS_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';

/**
 * The class whose controller serves an Ingress: `spec.ingressClassName`, else the deprecated
 * `kubernetes.io/ingress.class` annotation, else the IngressClass marked default (which the
 * DefaultIngressClass admission plugin writes into new Ingresses; with several defaults, the newest),
 * else `''` (served by controllers that take Ingresses without a class).
 * Source: https://kubernetes.io/docs/concepts/services-networking/ingress/#default-ingress-class
 */
export function ingressClassOf(ingress: KubeObject, index: ResourceIndex): string {
  const named = ingress.spec?.ingressClassName;
  if (typeof named === 'string' && named !== '') return named;
  const annotated = ingress.metadata.annotations?.[INGRESS_CLASS_ANNOTATION];
  if (annotated) return annotated;
  const defaults = index
    .ofKind(K.IngressClass)
    .filter((c) => c.metadata.annotations?.[DEFAULT_INGRESS_CLASS_ANNOTATION] === 'true')
    .sort((x, y) => String(y.metadata.creationTimestamp ?? '').localeCompare(String(x.metadata.creationTimestamp ?? '')));
  return defaults[0]?.metadata.name ?? '';
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * Which namespace labels a namespaceSelector can trust to keep tenants apart. A tenant who may edit
 * its Namespace (or create namespaces) sets any label it likes, so a selector on such a label
 * admits whichever namespace claims it. Trusted are the labels a tenant cannot set or change:
 * - `kubernetes.io/metadata.name`, which the API server sets to the namespace's name on every write
 *   (https://kubernetes.io/docs/reference/labels-annotations-taints/#kubernetes-io-metadata-name);
 * - labels a tenancy controller maintains and overwrites: Capsule's `capsule.clastix.io/tenant`,
 *   kiosk's `kiosk.sh/account`, HNC's `<ancestor>.tree.hnc.x-k8s.io/depth` (https://github.com/projectcapsule/capsule,
 *   https://github.com/loft-sh/kiosk, https://github.com/kubernetes-sigs/hierarchical-namespaces).
 */
import { anyGlobMatcher } from '../../model/glob.js';
import type { LabelSelector } from '../../model/selectors.js';
import { CAPSULE_TENANT_LABEL, HNC_DEPTH_SUFFIX, KIOSK_ACCOUNT_LABEL } from '../../tenancy/model.js';

/** Set by the API server; trusted whatever the configuration says. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** Controller-maintained namespace labels trusted by default (globs). Replaceable by the `trustedLabels` option. */
export const DEFAULT_TRUSTED_NAMESPACE_LABELS: readonly string[] = [CAPSULE_TENANT_LABEL, KIOSK_ACCOUNT_LABEL, `*${HNC_DEPTH_SUFFIX}`];

/** A predicate for trusted label keys: `kubernetes.io/metadata.name` plus `patterns` (globs). */
export function trustedLabelMatcher(patterns: readonly string[] = DEFAULT_TRUSTED_NAMESPACE_LABELS): (key: string) => boolean {
  // Compiled once per pattern list: a check asks for it per NetworkPolicy, and compiling globs costs more than matching.
  const cacheKey = JSON.stringify(patterns);
  let matcher = matchers.get(cacheKey);
  if (!matcher) {
    const match = anyGlobMatcher(patterns);
    matcher = (key) => key === NAMESPACE_NAME_LABEL || match(key);
    matchers.set(cacheKey, matcher);
  }
  return matcher;
}

const matchers = new Map<string, (key: string) => boolean>();

/**
 * The untrusted label keys a namespaceSelector relies on; empty when it relies on none, or when a
 * trusted requirement already confines it to named namespaces or tenants (`matchLabels` or `In` on a
 * trusted key, or `Exists` on an HNC tree label, which names its root): then the untrusted
 * requirements can only narrow the match within those, never widen it to another tenant.
 */
export function untrustedSelectorLabels(selector: LabelSelector | null | undefined, isTrusted: (key: string) => boolean): string[] {
  if (!selector || typeof selector !== 'object') return [];
  const matchLabels = selector.matchLabels && typeof selector.matchLabels === 'object' ? Object.keys(selector.matchLabels) : [];
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions.filter((r) => typeof r?.key === 'string') : [];
  const pinned =
    matchLabels.some(isTrusted) ||
    expressions.some((r) => isTrusted(r.key) && (r.operator === 'In' || (r.operator === 'Exists' && r.key.endsWith(HNC_DEPTH_SUFFIX))));
  if (pinned) return [];
  const keys = [...matchLabels, ...expressions.map((r) => r.key)].filter((k) => !isTrusted(k));
  return [...new Set(keys)];
}

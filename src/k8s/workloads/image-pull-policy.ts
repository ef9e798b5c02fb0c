/**
 * The image pull policy a container runs with, as the API server defaults it.
 *
 * `SetDefaults_Container` (kubernetes/kubernetes `pkg/apis/core/v1/defaults.go`, also applied to
 * ephemeral containers): an unset `imagePullPolicy` becomes `Always` when the image's tag is
 * `latest`, and `IfNotPresent` otherwise. The tag comes from `parsers.ParseImageName`
 * (`pkg/util/parsers/parsers.go`), which reads the reference as the Docker distribution grammar
 * does and takes the tag `latest` only when the reference has neither a tag nor a digest: so
 * `nginx` and `nginx:latest` default to `Always`, `nginx:1.27` and `nginx@sha256:...` to
 * `IfNotPresent`, and `nginx:latest@sha256:...` (a tag and a digest) to `Always`.
 * Documented at https://kubernetes.io/docs/concepts/containers/images/#imagepullpolicy-defaulting.
 */

export type PullPolicy = 'Always' | 'IfNotPresent' | 'Never';

/** The parts of an image reference that defaulting reads. */
export interface ImageReference {
  /** The tag as written (`1.27`), or undefined when the reference has none. */
  tag?: string;
  /** The digest as written (`sha256:...`), or undefined when the reference has none. */
  digest?: string;
}

/**
 * Split an image reference (`[registry[:port]/]path[:tag][@digest]`) into its tag and digest.
 * The tag is what follows the last `:` after the last `/` (a `:` before it is a registry port),
 * before any `@`. The reference is not validated: an invalid one fails to pull whatever its policy.
 */
export function parseImageReference(image: string): ImageReference {
  const at = image.indexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const lastPart = name.slice(name.lastIndexOf('/') + 1);
  const colon = lastPart.lastIndexOf(':');
  const tag = colon >= 0 ? lastPart.slice(colon + 1) : undefined;
  return { tag: tag || undefined, digest: digest || undefined };
}

/** The policy the API server stores for an unset `imagePullPolicy` (see the module docstring). */
export function defaultPullPolicy(image: string): PullPolicy {
  const { tag, digest } = parseImageReference(image);
  const effectiveTag = tag ?? (digest ? undefined : 'latest');
  return effectiveTag === 'latest' ? 'Always' : 'IfNotPresent';
}

/** A container's pull policy: as written when it is one of the three values, else the default. */
export interface EffectivePullPolicy {
  policy: PullPolicy;
  /** True when `imagePullPolicy` was unset (or empty) and the API server's default applies. */
  defaulted: boolean;
}

/**
 * The pull policy of a container (any of the three container lists), or undefined when the
 * container names no image (allowed in a workload's template, where a tool fills it in later):
 * then there is nothing to judge. A written value that is not a policy is rejected by the API
 * server; it is read as unset.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a container of the input, untyped JSON
export function pullPolicyOf(container: any): EffectivePullPolicy | undefined {
  const image: unknown = container?.image;
  if (typeof image !== 'string' || image.trim() === '') return undefined;
  const written: unknown = container.imagePullPolicy;
  if (written === 'Always' || written === 'IfNotPresent' || written === 'Never') return { policy: written, defaulted: false };
  return { policy: defaultPullPolicy(image.trim()), defaulted: true };
}

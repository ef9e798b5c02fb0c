import { defineCheck, type FindingWith } from '../../src/engine/check.js';
import { parseImageReference, pullPolicyOf } from '../../src/k8s/workloads/index.js';
import { containersOf } from '../../src/model/pods.js';
import { describeContainer } from './_shared.js';

const CACHE_RISK =
  "on a shared node the kubelet may start it from an image another tenant's pod pulled, without checking this pod's pull credentials";
const NOT_VISIBLE =
  'unless the AlwaysPullImages admission plugin is on (or the kubelet verifies credentials of cached images), which manifests do not show';

/** A finding of this check: its message ID and the placeholders it fills. */
type CheckFinding = FindingWith<'written', 'container' | 'image' | 'policy'> | FindingWith<'defaulted', 'container' | 'image' | 'reason'>;
/**
 * Every container, init container and ephemeral container whose effective `imagePullPolicy` is
 * not `Always`: written `IfNotPresent` or `Never`, or unset on an image with a tag other than
 * `latest` or with a digest, which the API server defaults to `IfNotPresent`
 * (`SetDefaults_Container`; the defaulting is in src/k8s/workloads/image-pull-policy.ts).
 *
 * With `IfNotPresent` or `Never` the kubelet starts a container from an image already on the node
 * without asking the registry, so a tenant that names another tenant's private image runs it
 * without that registry's credentials. `Always` makes the kubelet resolve the reference with the
 * registry, using the pod's credentials, on every start (layers already cached are not
 * downloaded again).
 *
 * A digest-pinned image (`repo@sha256:...`) with `IfNotPresent` fails too: the digest fixes the
 * image's content, not who may use it, and a cached image is found by digest as well as by tag,
 * so the credential check is skipped all the same. Kubernetes documents `AlwaysPullImages` as the
 * multi-tenant control for exactly this ("private images can only be used by those who have the
 * credentials to pull them"), whatever the reference.
 *
 * Not visible in manifests, and so not judged: the `AlwaysPullImages` admission plugin (it
 * rewrites every new pod's policy to `Always`) and the kubelet's verification of cached images
 * pulled with credentials (KEP-2535, feature gate `KubeletEnsureSecretPulledImages`, alpha in
 * v1.33). Each message says so.
 * Sources: https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy;
 * https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#alwayspullimages;
 * MTB-PL1-CC-DI-1.
 */
export default defineCheck({
  id: 'workload-image-pull-policy',
  family: 'workload',
  title: 'Container may run a cached image without pull credentials',
  description:
    "Flags every container, init container and ephemeral container (in any workload kind's pod template in a tenant namespace) whose effective `imagePullPolicy` is not `Always`: `IfNotPresent` or `Never` as written, or unset on an image whose tag is not `latest` or that has a digest (the API server then sets `IfNotPresent`). Digest-pinned images are not exempt. The AlwaysPullImages admission plugin, which forces `Always` on every pod, is not visible in manifests: a cluster that runs it passes in practice whatever this check reports.",
  rationale:
    "Nodes cache images. With `IfNotPresent` or `Never` the kubelet starts a container from a cached image without asking the registry, so once one tenant's pod has pulled its private image onto a shared node, any other tenant scheduled there can run that image by naming it, without the credentials. A digest does not change this: it pins the content, not the access. Only `Always` (set by the pod, or forced by the AlwaysPullImages admission plugin) makes every start prove its right to the image.",
  remediation:
    "Enable the AlwaysPullImages admission plugin on the API server (`--enable-admission-plugins=...,AlwaysPullImages`): it is the control, since a tenant chooses its own pods' policy. Until then, set `imagePullPolicy: Always` on every container (pulls stay cheap: cached layers are reused). On Kubernetes v1.33 and later, the kubelet can also verify credentials for cached images (`KubeletEnsureSecretPulledImages`).",
  references: [
    { title: 'Kubernetes: Images, image pull policy', url: 'https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy' },
    {
      title: 'Kubernetes: Admission controllers, AlwaysPullImages',
      url: 'https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#alwayspullimages',
    },
    {
      title: 'KEP-2535: Ensure secret pulled images',
      url: 'https://github.com/kubernetes/enhancements/tree/master/keps/sig-node/2535-ensure-secret-pulled-images',
    },
    {
      title: 'MTB-PL1-CC-DI-1: Require always imagePullPolicy',
      url: 'https://github.com/kubernetes-retired/multi-tenancy/tree/master/benchmarks/kubectl-mtb/test/benchmarks/require_always_imagepullpolicy',
    },
  ],
  mtb: ['MTB-PL1-CC-DI-1'],
  severity: { 'multi-team': 'low', 'multi-customer': 'high' },
  target: 'podTemplate',
  needs: [],
  messages: {
    written: `{{container}} pulls {{image}} with imagePullPolicy: {{policy}}: ${CACHE_RISK}, ${NOT_VISIBLE}`,
    defaulted: `{{container}} pulls {{image}} without imagePullPolicy, which defaults to IfNotPresent for an image with {{reason}}: ${CACHE_RISK}, ${NOT_VISIBLE}`,
  },
  check(template) {
    return containersOf(template.spec).flatMap((c): CheckFinding[] => {
      const effective = pullPolicyOf(c.container);
      if (!effective || effective.policy === 'Always') return [];
      const container = describeContainer(c);
      const image = String(c.container.image).trim();
      const path = `${template.specPath}${c.path}`;
      if (!effective.defaulted) {
        return [{ messageId: 'written', data: { container, image, policy: effective.policy }, path: `${path}/imagePullPolicy` }];
      }
      const { tag } = parseImageReference(image);
      const reason = tag ? `the tag "${tag}"` : 'a digest and no tag';
      return [{ messageId: 'defaulted', data: { container, image, reason }, path }];
    });
  },
});

import type { Profile } from '../engine/check.js';
import type { CheckInfo, ProbeIdentityUse } from '../engine/report.js';
import type { Result, ResultStatus } from '../engine/result.js';
import {
  ISOLATION_REFUSALS,
  NAMESPACE_LABEL_PATCH,
  type PodControl,
  type Refusal,
  classifyRefusal,
  describeRefusal,
  podStillBreaks,
  probePod,
  probePrebound,
  probeService,
  probeUnsandboxedPod,
} from '../k8s/admission/index.js';
import { describeRuntimeClass, isSandbox } from '../k8s/runtime/index.js';
import type { ResourceIndex } from '../model/index.js';
import { K } from '../model/kinds.js';
import type { ObjectRef } from '../model/types.js';
import type { ApiRequest, ApiResponse } from '../sources/cluster-http.js';
import type { TenantModel } from '../tenancy/model.js';
import type { Tenant } from '../tenancy/types.js';
import { type AccessAsk, type ProbeDef, probeInfo, probesFor } from './catalog.js';
import { type IdentityOverride, type ProbeIdentity, identityFor, impersonationHeaders } from './identity.js';

/** What sends the probes: the live source's ApiClient (src/sources/cluster-http.ts) or a test double. */
export interface ProbeClient {
  request(req: ApiRequest, what: string): Promise<ApiResponse>;
}

export interface ProbeOptions extends IdentityOverride {
  /** Base URL of the check pages (the report's helpUri). */
  docsBaseUrl: string;
  /** Which probes run (catalog.ts `profiles`). */
  profile: Profile;
  /** RuntimeClass handlers that count as sandboxes (globs; the configuration's `sandboxHandlers`). */
  sandboxHandlers: readonly string[];
}

/** The probe family of a report: one CheckInfo per probe, one result per (probe, tenant), who was impersonated. */
export interface ProbeOutcome {
  checks: CheckInfo[];
  results: Result[];
  /** Whom each tenant's probes acted as (the report's `probes` section). */
  identities: ProbeIdentityUse[];
  /** Static check IDs that judge the same control as each probe (for contradictions). */
  staticChecks: Record<string, string[]>;
}

const JSON_ACCEPT = 'application/json';
const SSAR_PATH = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';

/**
 * Act as each tenant and ask the API server whether it would admit what isolation forbids, with
 * server-side dry runs (`dryRun=All`: admission runs, nothing is persisted) and
 * SelfSubjectAccessReviews. A probe passes only when the control under test refused
 * (src/k8s/admission/refusal.ts); any other refusal is `error` with the API's message. Without the
 * right to impersonate, every probe is `not-evaluated` with the reason.
 */
export async function runProbes(
  client: ProbeClient,
  tenants: TenantModel,
  index: ResourceIndex,
  options: ProbeOptions,
): Promise<ProbeOutcome> {
  const probes = probesFor(options.profile);
  const outcome: ProbeOutcome = {
    checks: probes.map((p) => probeInfo(p, options.docsBaseUrl)),
    results: [],
    identities: [],
    staticChecks: Object.fromEntries(probes.map((p) => [p.id, staticCounterparts(p, options.profile)])),
  };
  const planned = tenants.tenants.map((tenant) => ({
    tenant,
    namespace: probeNamespace(tenant, index),
    identity: identityFor(tenant, index, options),
  }));
  const denied = await impersonationDenied(
    client,
    planned.map((p) => p.identity).filter((i): i is ProbeIdentity => !!i),
  );
  // Tenants in parallel (the client bounds the requests in flight), each tenant's probes in order.
  const perTenant = await Promise.all(
    planned.map(async ({ tenant, namespace, identity }) => {
      const results: Result[] = [];
      const subject: ObjectRef = namespace
        ? { apiVersion: 'v1', kind: 'Namespace', name: namespace }
        : { apiVersion: 'tenantscan.io/v1', kind: 'Tenant', name: tenant.name };
      const skip =
        denied ??
        (!namespace ? `tenant ${tenant.name} has no namespace to probe in` : undefined) ??
        (!identity ? `no subject of tenant ${tenant.name} is known (tenant model, RoleBindings): give --as and --as-group` : undefined);
      for (const probe of probes) {
        const base = { checkId: probe.id, family: 'probe', severity: probe.severity, tenant: tenant.name, subject };
        if (skip || !namespace || !identity) {
          results.push({ ...base, status: 'not-evaluated', reason: skip });
          continue;
        }
        const verdict = await runOne(client, probe, {
          tenant,
          namespace,
          identity,
          tenants: tenants.tenants,
          index,
          sandboxHandlers: options.sandboxHandlers,
        });
        const who = `as ${identity.user} (groups ${identity.groups.join(', ')}; ${identity.origin})`;
        results.push({
          ...base,
          status: verdict.status,
          message: `${verdict.message} [${who}, namespace ${namespace}]`,
          ...(verdict.status === 'error' || verdict.status === 'not-evaluated' ? { reason: verdict.message } : {}),
        });
      }
      const used: ProbeIdentityUse = {
        tenant: tenant.name,
        ...(namespace ? { namespace } : {}),
        ...(identity ? { user: identity.user, groups: identity.groups, origin: identity.origin } : {}),
      };
      return { results, identity: used };
    }),
  );
  for (const t of perTenant) {
    outcome.results.push(...t.results);
    outcome.identities.push(t.identity);
  }
  return outcome;
}

interface Verdict {
  status: ResultStatus;
  message: string;
  /** Who refused, for a pass. */
  refusedBy?: string;
}

interface ProbeContext {
  tenant: Tenant;
  namespace: string;
  identity: ProbeIdentity;
  tenants: readonly Tenant[];
  index: ResourceIndex;
  sandboxHandlers: readonly string[];
}

/** The first namespace of the tenant that is not being deleted. */
function probeNamespace(tenant: Tenant, index: ResourceIndex): string | undefined {
  return tenant.namespaces.find((ns) => index.get(K.Namespace, undefined, ns)?.status?.phase !== 'Terminating');
}

/**
 * The static checks whose pass claims the probe's control is in place. tenancy-pod-security-missing
 * passes at the level the profile requires: `baseline` for multi-team, which still lets pods run as
 * root, escalate privileges and (in a user namespace) unmask /proc (only `restricted` forbids those:
 * Pod Security Standards), so for those probes its pass claims nothing unless the profile requires
 * `restricted`.
 */
export function staticCounterparts(probe: ProbeDef, profile: Profile): string[] {
  if (probe.psaLevel === 'restricted' && profile !== 'multi-customer') return [];
  return [...probe.staticChecks];
}

/** Undefined when the scanner may impersonate users and groups (and service accounts if needed); else why not. */
async function impersonationDenied(client: ProbeClient, identities: ProbeIdentity[]): Promise<string | undefined> {
  const resources = ['users', 'groups'];
  if (identities.some((i) => i.user.startsWith('system:serviceaccount:'))) resources.push('serviceaccounts');
  for (const resource of resources) {
    const res = await client.request(
      { method: 'POST', path: SSAR_PATH, accept: JSON_ACCEPT, body: ssar({ verb: 'impersonate', group: '', resource }) },
      `access review: impersonate ${resource}`,
    );
    if (res.status >= 300)
      return `could not ask whether the scanner may impersonate ${resource}: HTTP ${res.status} ${res.body?.message ?? ''}`.trim();
    if (res.body?.status?.allowed !== true)
      return `the scanning identity may not impersonate ${resource}, so no probe can act as a tenant; grant the tenantscan-prober ClusterRole (docs/probes.md)`;
  }
  return undefined;
}

async function runOne(client: ProbeClient, probe: ProbeDef, ctx: ProbeContext): Promise<Verdict> {
  const headers = impersonationHeaders(ctx.identity);
  const ns = encodeURIComponent(ctx.namespace);
  const action = probe.action;
  switch (action.type) {
    case 'pod':
      return podDryRun(
        client,
        {
          method: 'POST',
          path: `/api/v1/namespaces/${ns}/pods?dryRun=All`,
          accept: JSON_ACCEPT,
          headers,
          body: probePod(ctx.namespace, action.control),
        },
        probe.title,
        action.control,
      );
    case 'unsandboxed-pod':
      return sandboxDryRun(
        client,
        {
          method: 'POST',
          path: `/api/v1/namespaces/${ns}/pods?dryRun=All`,
          accept: JSON_ACCEPT,
          headers,
          body: probeUnsandboxedPod(ctx.namespace),
        },
        probe.title,
        ctx,
      );
    case 'service':
      return dryRun(
        client,
        {
          method: 'POST',
          path: `/api/v1/namespaces/${ns}/services?dryRun=All`,
          accept: JSON_ACCEPT,
          headers,
          body: probeService(ctx.namespace, action.exposure),
        },
        probe.title,
      );
    case 'prebound-pvc': {
      const own = new Set(ctx.tenant.namespaces);
      const pv = ctx.index.ofKind(K.PersistentVolume).find((v) => !own.has(v.spec?.claimRef?.namespace));
      if (!pv) return { status: 'not-evaluated', message: 'no PersistentVolume that the tenant does not own was found to pre-bind to' };
      const body = probePrebound(ctx.namespace, {
        name: pv.metadata.name,
        storageClassName: pv.spec?.storageClassName,
        capacity: pv.spec?.capacity?.storage,
      });
      return dryRun(
        client,
        { method: 'POST', path: `/api/v1/namespaces/${ns}/persistentvolumeclaims?dryRun=All`, accept: JSON_ACCEPT, headers, body },
        `${probe.title} (PersistentVolume ${pv.metadata.name})`,
      );
    }
    case 'namespace-labels':
      return dryRun(
        client,
        {
          method: 'PATCH',
          path: `/api/v1/namespaces/${ns}?dryRun=All`,
          accept: JSON_ACCEPT,
          headers,
          body: NAMESPACE_LABEL_PATCH,
          contentType: 'application/merge-patch+json',
        },
        probe.title,
      );
    case 'access':
      return accessReviews(client, action.asks, ctx);
  }
}

/** A dry run: admitted is a failure; refused by an isolation control is a pass; any other refusal is an error. */
async function dryRun(client: ProbeClient, req: ApiRequest, title: string): Promise<Verdict> {
  const res = await client.request(req, `probe: ${title}`);
  if (res.status >= 200 && res.status < 300) return { status: 'fail', message: `${title}: the dry run was admitted (nothing persisted)` };
  return fromRefusal(classifyRefusal(res.status, res.body));
}

/**
 * A pod breaking one control: admitted is a failure only when the admitted object (the dry run
 * returns it) still breaks the control; mutating admission may have set the field back, and the API
 * server drops the fields of a feature that is off. Then the tenant cannot get what the probe asked
 * for: a pass that names the field.
 */
async function podDryRun(client: ProbeClient, req: ApiRequest, title: string, control: PodControl): Promise<Verdict> {
  const res = await client.request(req, `probe: ${title}`);
  if (res.status < 200 || res.status >= 300) return fromRefusal(classifyRefusal(res.status, res.body));
  const { breaks, field } = podStillBreaks(control, res.body);
  if (breaks) return { status: 'fail', message: `${title}: the dry run was admitted (nothing persisted)` };
  return {
    status: 'pass',
    message: `admitted without the setting under test: the admitted pod's ${field} no longer breaks the control (mutating admission or the API server removed it; nothing persisted)`,
  };
}

/**
 * A pod without a RuntimeClass: admission may refuse it (a pass when the refusal is an isolation
 * control) or admit it; then the returned object shows what mutating admission did. It passes only
 * when the admitted pod names a RuntimeClass whose handler is a sandbox (src/k8s/runtime, decided by
 * handler, never by name).
 */
async function sandboxDryRun(client: ProbeClient, req: ApiRequest, title: string, ctx: ProbeContext): Promise<Verdict> {
  const res = await client.request(req, `probe: ${title}`);
  if (res.status < 200 || res.status >= 300) return fromRefusal(classifyRefusal(res.status, res.body));
  const name: unknown = res.body?.spec?.runtimeClassName;
  if (typeof name !== 'string' || name === '')
    return {
      status: 'fail',
      message: `${title}: admitted without a RuntimeClass, so it runs on the node's default runtime (nothing persisted)`,
    };
  const runtimeClass = ctx.index.get(K.RuntimeClass, undefined, name);
  if (!runtimeClass)
    return {
      status: 'error',
      message: `${title}: admission set runtimeClassName "${name}", but that RuntimeClass was not read, so its handler is unknown`,
    };
  if (isSandbox(runtimeClass, ctx.sandboxHandlers))
    return {
      status: 'pass',
      message: `refused by mutating admission: the pod was given RuntimeClass ${describeRuntimeClass(runtimeClass)}, a sandbox`,
      refusedBy: 'mutating admission',
    };
  return {
    status: 'fail',
    message: `${title}: admission set RuntimeClass ${describeRuntimeClass(runtimeClass)}, which is not a sandbox handler (nothing persisted)`,
  };
}

function fromRefusal(r: Refusal): Verdict {
  if (ISOLATION_REFUSALS.has(r.by))
    return { status: 'pass', message: `refused by ${describeRefusal(r)}: ${r.message}`, refusedBy: describeRefusal(r) };
  if (r.by === 'impersonation') return { status: 'not-evaluated', message: `impersonation refused: ${r.message}` };
  if (r.by === 'dry-run-unsupported')
    return {
      status: 'error',
      message: `admission webhook ${r.name} would see this request but does not declare sideEffects None or NoneOnDryRun, so the API server refuses the dry run: not a pass (${r.message})`,
    };
  return { status: 'error', message: `refused for a reason other than the control under test (${r.name}): ${r.message}` };
}

/** Each ask as a SelfSubjectAccessReview as the tenant: any allowed ask fails the probe. */
async function accessReviews(client: ProbeClient, asks: AccessAsk[], ctx: ProbeContext): Promise<Verdict> {
  const headers = impersonationHeaders(ctx.identity);
  const others = [...ctx.tenants.filter((t) => t.name !== ctx.tenant.name).map((t) => t.namespaces[0]), 'kube-system'].filter(
    (ns): ns is string => !!ns && !ctx.tenant.namespaces.includes(ns),
  );
  const allowed: string[] = [];
  let count = 0;
  for (const ask of asks) {
    const namespaces = ask.where === 'own' ? [ctx.namespace] : ask.where === 'others' ? others : [undefined];
    for (const namespace of namespaces) {
      count++;
      const what = `${ask.verb} ${ask.resource}${ask.subresource ? `/${ask.subresource}` : ''}${ask.group ? `.${ask.group}` : ''}${ask.name ? ` ${ask.name}` : ''}${namespace ? ` in ${namespace}` : ' (cluster)'}`;
      const res = await client.request(
        { method: 'POST', path: SSAR_PATH, accept: JSON_ACCEPT, headers, body: ssar(ask, namespace) },
        `access review: ${what}`,
      );
      if (res.status >= 300) {
        const r = classifyRefusal(res.status, res.body);
        return r.by === 'impersonation'
          ? { status: 'not-evaluated', message: `impersonation refused: ${r.message}` }
          : { status: 'error', message: `access review ${what} failed: ${r.message}` };
      }
      if (res.body?.status?.allowed === true) allowed.push(what);
    }
  }
  if (allowed.length) return { status: 'fail', message: `allowed by the authorizer: ${allowed.join('; ')}` };
  return {
    status: 'pass',
    message: `refused by the RBAC authorizer: all ${count} access reviews denied`,
    refusedBy: 'the RBAC authorizer',
  };
}

function ssar(ask: Omit<AccessAsk, 'where'>, namespace?: string): unknown {
  return {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectAccessReview',
    spec: {
      resourceAttributes: {
        verb: ask.verb,
        group: ask.group,
        resource: ask.resource,
        ...(ask.subresource ? { subresource: ask.subresource } : {}),
        ...(ask.name ? { name: ask.name } : {}),
        ...(namespace ? { namespace } : {}),
      },
    },
  };
}

import type { ProbeIdentityUse, WaiverUse } from '../src/engine/report.js';

/**
 * One line naming a waiver: `quota-missing on tenant=acme, name=web-* (config): reason` or
 * `storage-hostpath-volume on Deployment/ns/name (annotation, tenant-writable): reason`.
 */
export function waiverText(w: WaiverUse): string {
  const match =
    w.object ??
    Object.entries(w.match ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
  return `${w.check}${match ? ` on ${match}` : ' on every object'} (${w.origin}${w.tenantWritable ? ', tenant-writable' : ''}${w.expires ? `, expires ${w.expires}` : ''}): ${w.reason}`;
}

/** `user alice, groups team-a, system:authenticated (tenant subject User alice), in namespace a-1`, or why no one. */
export function probeIdentityText(i: ProbeIdentityUse): string {
  const where = i.namespace ? `, in namespace ${i.namespace}` : ', no namespace to probe in';
  if (!i.user) return `no identity known (no tenant subject, no --as)${where}`;
  const groups = i.groups?.length ? `, groups ${i.groups.join(', ')}` : '';
  return `user ${i.user}${groups}${i.origin ? ` (${i.origin})` : ''}${where}`;
}

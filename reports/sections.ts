import type { WaiverUse } from '../src/engine/report.js';

/** One line naming a waiver: `quota-missing on tenant=acme, name=web-*` or `storage-hostpath-volume on Deployment/ns/name (annotation)`. */
export function waiverText(w: WaiverUse): string {
  const match =
    w.object ??
    Object.entries(w.match ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
  return `${w.check}${match ? ` on ${match}` : ' on every object'} (${w.origin}${w.expires ? `, expires ${w.expires}` : ''}): ${w.reason}`;
}

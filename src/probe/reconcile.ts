import type { Result } from '../engine/result.js';

/**
 * Configuration versus behaviour, for the probes' static counterparts (catalog.ts `staticChecks`), per tenant:
 * - a probe that was admitted while every static result says the control is in place gets
 *   `contradicts <check> (pass)` in its message: an exemption or a missing policy;
 * - a static failure whose probe was refused gets `mitigated by admission: <who refused>`.
 * Returns new result lists; the inputs are not changed.
 */
export function reconcileProbes(
  staticResults: readonly Result[],
  probeResults: readonly Result[],
  staticChecks: Record<string, string[]>,
): { staticResults: Result[]; probeResults: Result[] } {
  const byKey = new Map<string, Result[]>();
  for (const r of staticResults) {
    if (!r.tenant) continue;
    const key = `${r.checkId}\u0000${r.tenant}`;
    const list = byKey.get(key);
    if (list) list.push(r);
    else byKey.set(key, [r]);
  }
  const mitigation = new Map<Result, string[]>();
  const probes = probeResults.map((p) => {
    if (!p.tenant) return p;
    const contradicted: string[] = [];
    for (const checkId of staticChecks[p.checkId] ?? []) {
      const own = byKey.get(`${checkId}\u0000${p.tenant}`) ?? [];
      if (p.status === 'fail' && own.length > 0 && own.every((r) => r.status === 'pass')) contradicted.push(checkId);
      if (p.status === 'pass') {
        const by = /^refused by (.*?):/.exec(p.message ?? '')?.[1] ?? 'admission';
        for (const r of own) if (r.status === 'fail') mitigation.set(r, [...(mitigation.get(r) ?? []), `${by} (${p.checkId})`]);
      }
    }
    return contradicted.length
      ? {
          ...p,
          message: `${p.message ?? ''}; contradicts ${contradicted.join(', ')} (pass: the configuration says the control is in place)`,
        }
      : p;
  });
  const statics = staticResults.map((r) => {
    const by = mitigation.get(r);
    return by ? { ...r, message: `${r.message ?? ''} (mitigated by admission: ${[...new Set(by)].join('; ')})` } : r;
  });
  return { staticResults: statics, probeResults: probes };
}

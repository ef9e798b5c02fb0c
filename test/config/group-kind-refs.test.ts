import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { declarativeChecks, loadCheckModules } from '../../src/config/custom-checks.js';
import { loadConfig } from '../../src/config/load.js';
import { defineCheck } from '../../src/engine/check.js';
import { scanReadPlan } from '../../src/engine/read-plan.js';
import { toGroupKind } from '../../src/model/types.js';
import { failures, passes, runCheckOnText } from '../helpers/fixtures.js';

const FIXTURES = join(import.meta.dirname, '..', 'e2e', 'fixtures', 'custom-kinds');
const WIDGETS = `apiVersion: v1
kind: Namespace
metadata: { name: team-a }
---
apiVersion: custom-kinds.example.com/v1
kind: Gadget
metadata: { name: big, namespace: team-a }
spec: { public: true, size: 50 }
---
apiVersion: custom-kinds.example.com/v1
kind: Gadget
metadata: { name: small, namespace: team-a }
spec: { public: false, size: 5 }
`;

describe('kinds named as { group, kind }', () => {
  it('toGroupKind: Kind.group, the core group without a dot, strings unchanged', () => {
    expect(toGroupKind({ group: 'custom-kinds.example.com', kind: 'Gadget' })).toBe('Gadget.custom-kinds.example.com');
    expect(toGroupKind({ group: '', kind: 'Pod' })).toBe('Pod');
    expect(toGroupKind({ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' })).toBe('HTTPRoute.gateway.networking.k8s.io');
    expect(toGroupKind('Ingress.networking.k8s.io')).toBe('Ingress.networking.k8s.io');
  });

  it('defineCheck turns needs into GroupKinds, and the live read plan lists them', () => {
    const check = defineCheck({
      id: 'acme-needs-gadgets',
      family: 'acme',
      title: 't',
      description: 'd',
      rationale: 'r',
      remediation: 'm.',
      references: [],
      severity: 'low',
      target: 'namespace',
      needs: [{ group: 'custom-kinds.example.com', kind: 'Gadget' }, 'HTTPRoute.gateway.networking.k8s.io'],
      messages: { x: 'x' },
      check: () => [],
    });
    expect(check.needs).toEqual(['Gadget.custom-kinds.example.com', 'HTTPRoute.gateway.networking.k8s.io']);
    const plan = scanReadPlan([check]);
    expect(plan.kinds.get('Gadget.custom-kinds.example.com')).toEqual({ part: 'full' });
    expect(plan.kinds.get('HTTPRoute.gateway.networking.k8s.io')).toEqual({ part: 'full' });
  });

  it('a --checks-dir module that needs { group, kind } loads with GroupKind strings and judges the CRD objects', async () => {
    const checks = await loadCheckModules(join(FIXTURES, 'checks'), process.cwd());
    const gadgets = checks.find((c) => c.id === 'acme-gadget-public')!;
    expect(gadgets.needs).toEqual(['Gadget.custom-kinds.example.com']);
    expect(scanReadPlan(checks).kinds.has('Ingress.networking.k8s.io')).toBe(true);
    const found = failures(runCheckOnText(gadgets, WIDGETS));
    expect(found.map((r) => [r.subject.name, r.message, r.location?.line])).toEqual([['big', 'Gadget big is public', 8]]);
  });

  it('a declarative check of the config names its kinds as { group, kind } (the config schema accepts it)', () => {
    const { config } = loadConfig(join(FIXTURES, 'config.yaml'), process.cwd());
    const [check] = declarativeChecks(config.customChecks ?? []);
    expect(check.target).toEqual({ kinds: ['Gadget.custom-kinds.example.com'] });
    expect(check.needs).toEqual(['Gadget.custom-kinds.example.com']);
    const results = runCheckOnText(check, WIDGETS);
    expect(failures(results).map((r) => r.subject.name)).toEqual(['big']);
    expect(passes(results).map((r) => r.subject.name)).toEqual(['small']);
  });
});

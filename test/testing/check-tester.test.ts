import { AssertionError } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CheckTestCase, CheckTester, fixtureCases, parseFixtureHeader, verifyCheck } from '../../src/testing/index.js';
import { K as Kinds } from '../../src/model/kinds.js';
import { type AnyCheck, type CheckContext, type CheckOutcome, defineCheck as define } from '../../src/engine/check.js';
import type { KubeObject } from '../../src/model/types.js';

const NAMESPACES = `
apiVersion: v1
kind: Namespace
metadata: { name: team-a, labels: { owner: alice } }
---
apiVersion: v1
kind: Namespace
metadata: { name: team-b }
`;
const LABELLED = `
apiVersion: v1
kind: Namespace
metadata: { name: team-a, labels: { owner: alice } }
`;

/** A namespace needs an owner label; under multi-customer a cost-center label too. */
const ownerLabel = define({
  id: 'tenancy-owner-label-missing',
  family: 'tenancy',
  title: 'Namespace has no owner label',
  description: 'Flags tenant namespaces without an owner label.',
  rationale: 'On-call routing reads the owner label.',
  remediation: 'Add metadata.labels.owner.',
  references: [],
  severity: 'low',
  target: 'namespace',
  needs: [Kinds.Namespace],
  messages: { owner: 'namespace {{name}} has no owner label', costCenter: 'namespace {{name}} has no cost-center label' },
  check(ns, ctx) {
    const labels = ns.metadata.labels ?? {};
    const findings = [];
    if (!labels.owner) findings.push({ messageId: 'owner' as const, data: { name: ns.metadata.name } });
    if (ctx.options.profile === 'multi-customer' && !labels['cost-center'])
      findings.push({ messageId: 'costCenter' as const, data: { name: ns.metadata.name } });
    return findings;
  },
});

/** The owner-label check with another check function. */
const variant = ({ check }: { check: (ns: KubeObject, ctx: CheckContext) => CheckOutcome }): AnyCheck => ({ ...ownerLabel, check });

const valid = (manifests: string, extra: Partial<CheckTestCase> = {}): CheckTestCase => ({ name: 'pass-case', manifests, ...extra });
const invalid = (manifests: string, extra: Partial<CheckTestCase> = {}): CheckTestCase => ({ name: 'fail-case', manifests, ...extra });

describe('the check tester', () => {
  it('accepts cases that prove the check, using every message key (a case may set the profile)', () => {
    const problems = verifyCheck(ownerLabel, {
      valid: [valid(LABELLED)],
      invalid: [invalid(NAMESPACES), invalid(LABELLED, { options: { profile: 'multi-customer' } })],
    });
    expect(problems).toEqual([]);
  });

  it('fails an invalid case that yields no finding, and a valid case that yields one', () => {
    const problems = verifyCheck(ownerLabel, { valid: [valid(NAMESPACES)], invalid: [invalid(LABELLED), invalid(NAMESPACES)] });
    expect(problems).toContain('fail-case: an invalid case yields no finding');
    expect(
      problems.some((p) =>
        p.startsWith('pass-case: a valid case yields 1 finding(s): Namespace/team-b: namespace team-b has no owner label'),
      ),
    ).toBe(true);
  });

  it('fails a message key that no invalid case uses', () => {
    const problems = verifyCheck(ownerLabel, { valid: [valid(LABELLED)], invalid: [invalid(NAMESPACES)] });
    expect(problems).toEqual(['message key(s) never used by an invalid case: costCenter']);
  });

  it('fails a case where no subject is evaluated: no subject at all, or only not-evaluated ones', () => {
    const noSubject = verifyCheck(ownerLabel, {
      valid: [valid('apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c, namespace: kube-system }\n')],
      invalid: [],
    });
    expect(noSubject).toEqual([
      'has no invalid case (fail-*)',
      'pass-case: no subject was evaluated: no subject',
      'message key(s) never used by an invalid case: owner, costCenter',
    ]);
    const declines = variant({ check: () => ({ notEvaluated: 'Cilium policies apply' }) });
    const problems = verifyCheck(declines, { valid: [valid(LABELLED)], invalid: [] });
    expect(problems).toContain('pass-case: no subject was evaluated: Namespace/team-a not-evaluated (Cilium policies apply)');
  });

  it('fails a finding whose messageId is not a key of messages, and a check that throws', () => {
    const typo = variant({ check: (ns) => (ns.metadata.labels?.owner ? [] : [{ messageId: 'ownr' }]) });
    expect(verifyCheck(typo, { valid: [], invalid: [invalid(NAMESPACES)] })).toContain(
      'fail-case: a finding uses messageId "ownr", which is not a key of messages',
    );
    const throws = variant({
      check: () => {
        throw new Error('boom');
      },
    });
    expect(verifyCheck(throws, { valid: [valid(LABELLED)], invalid: [] })).toContain(
      'pass-case: throws on Namespace/team-a: check threw: boom',
    );
  });

  describe('fails a check that mutates what it receives', () => {
    const mutators = {
      'its subject': variant({ check: (ns) => ((ns.metadata.labels = { ...ns.metadata.labels, owner: 'me' }), []) }),
      'an object of the index': variant({
        check: (_ns, ctx) => {
          ctx.index.namespaces().forEach((n) => delete n.metadata.labels);
          return [];
        },
      }),
      'its options': variant({
        check: (_ns, ctx) => {
          ctx.options.sandboxHandlers.sort();
          return [];
        },
      }),
      'its check options': variant({
        check: (_ns, ctx) => {
          ctx.options.checkOptions['tenancy-owner-label-missing'] = {};
          return [];
        },
      }),
    };
    it.each(Object.entries(mutators))('%s', (_what, check) => {
      const problems = verifyCheck(check, { valid: [valid(NAMESPACES)], invalid: [] });
      expect(
        problems.filter((p) => p.startsWith('pass-case: mutates its input (objects, subjects and options are frozen): ')),
      ).toHaveLength(1);
    });
  });

  it('without describe and it, throws one AssertionError that lists every problem', () => {
    const run = () => new CheckTester().run(ownerLabel, { valid: [valid(NAMESPACES)], invalid: [invalid(LABELLED)] });
    expect(run).toThrow(AssertionError);
    expect(run).toThrow(/check tenancy-owner-label-missing:\n {2}- pass-case: a valid case yields 1 finding/);
    expect(run).toThrow(/- fail-case: an invalid case yields no finding/);
    expect(() =>
      new CheckTester().run(ownerLabel, {
        valid: [valid(LABELLED)],
        invalid: [invalid(NAMESPACES), invalid(LABELLED, { options: { profile: 'multi-customer' } })],
      }),
    ).not.toThrow();
  });

  it('with describe and it, registers a test per case and one for the message keys', () => {
    const names: string[] = [];
    const tests: (() => void)[] = [];
    new CheckTester({
      describe: (name, fn) => (names.push(`describe ${name}`), fn()),
      it: (name, fn) => (names.push(name), tests.push(fn)),
    }).run(ownerLabel, {
      valid: [valid(LABELLED)],
      invalid: [invalid(NAMESPACES)],
    });
    expect(names).toEqual([
      'describe tenancy-owner-label-missing',
      'has valid and invalid cases',
      'valid: pass-case',
      'invalid: fail-case',
      'uses every message key in an invalid case',
    ]);
    expect(tests.slice(0, 3).map((t) => t())).toEqual([undefined, undefined, undefined]);
    expect(tests[3]).toThrow(/never used by an invalid case: costCenter/);
  });
});

describe('fixture cases', () => {
  it('reads pass-* as valid and fail-* as invalid, sorted, with their header', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tenantscan-fixtures-'));
    writeFileSync(join(dir, 'pass-labelled.yaml'), `# Proves: a labelled namespace passes.\n${LABELLED}`);
    writeFileSync(
      join(dir, 'fail-b-customer.yaml'),
      `# Proves: multi-customer also needs\n# a cost-center label.\n# Options: { profile: multi-customer }\n${LABELLED}`,
    );
    writeFileSync(join(dir, 'fail-a-unlabelled.yaml'), `# Proves: an unlabelled namespace fails.\n${NAMESPACES}`);
    writeFileSync(join(dir, 'not-evaluated-x.yaml'), LABELLED);
    const cases = fixtureCases(dir);
    expect(cases.valid.map((c) => c.name)).toEqual(['pass-labelled.yaml']);
    expect(cases.invalid.map((c) => [c.name, c.proves, c.options])).toEqual([
      ['fail-a-unlabelled.yaml', 'an unlabelled namespace fails.', undefined],
      ['fail-b-customer.yaml', 'multi-customer also needs a cost-center label.', { profile: 'multi-customer' }],
    ]);
    expect(verifyCheck(ownerLabel, cases)).toEqual([]);
  });

  it('parses options and tenancy from the # Options: header, and rejects what it does not know', () => {
    expect(
      parseFixtureHeader(
        '# Proves: x\n# Options: { profile: multi-customer, sandboxHandlers: [runsc], tenancy: { tenants: { legacy: [default] } } }\n',
      ),
    ).toEqual({
      proves: 'x',
      options: { profile: 'multi-customer', sandboxHandlers: ['runsc'] },
      tenancy: { tenants: { legacy: ['default'] } },
    });
    expect(() => parseFixtureHeader('# Options: { profle: multi-customer }', 'f.yaml')).toThrow(
      'f.yaml: "# Options: { profle: multi-customer }" has an unknown key profle',
    );
    expect(() => parseFixtureHeader('# Options: { profile: hard }', 'f.yaml')).toThrow(
      'has profile hard, not one of multi-team, multi-customer',
    );
    expect(() => parseFixtureHeader('# Options: { tenancy: { tenant: x } }')).toThrow('unknown tenancy keys tenant');
    expect(() => parseFixtureHeader('# Options: [a]')).toThrow('is not a mapping');
    expect(() => parseFixtureHeader('# Options: { checkOptions: { x: 1 } }')).toThrow(
      'checkOptions that is not a mapping of check ID to options',
    );
  });
});

import { Chalk } from 'chalk';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { wrapIndented } from '../../reports/terminal-wrap.js';

const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe('wrapIndented: report text fitted to the terminal', () => {
  const text = [
    'Overall 57.8 F · coverage 100% (the share of the checks’ weight that could be evaluated)',
    '1. CRITICAL rbac-cluster-scope-grant: Tenant subject bound cluster-wide (2 finding(s) in globex, initech)',
    '   fix: Replace the ClusterRoleBinding by RoleBindings (to the same ClusterRole) in the tenant’s own namespaces.',
    '      examples/shared-cluster/tenants/initech/ci-rbac.yaml:87:5 · /spec/template/spec/containers/1/securityContext/privileged',
    '- beta: every pair unknown: NetworkPolicies could not be read in namespace beta',
    '│ acme                 │ capsule   │ acme-dev, acme-prod │ 93.9  │ A     │ 100%     │ 9       │ 0             │',
  ].join('\n');

  it('keeps every line within the width, except a single word wider than its line', () => {
    const wrapped = wrapIndented(text, 50);
    const long = wrapped.split('\n').filter((l) => stringWidth(l) > 50 && !l.startsWith('│'));
    // the file:line and the JSON pointer, each left whole on a line of its own
    expect(long.map((l) => words(l))).toEqual([
      ['examples/shared-cluster/tenants/initech/ci-rbac.yaml:87:5'],
      ['/spec/template/spec/containers/1/securityContext/privileged'],
    ]);
    expect(wrapped.split('\n').length).toBeGreaterThan(text.split('\n').length);
  });

  it('never splits a word: the words are the same, in the same order', () => {
    expect(words(wrapIndented(text, 40))).toEqual(words(text));
  });

  it('continues a list item under its text, and other lines two columns deeper than their own indent', () => {
    const lines = wrapIndented(text, 60).split('\n');
    const after = (start: string) => lines[lines.findIndex((l) => l.startsWith(start)) + 1];
    expect(after('1. CRITICAL')).toMatch(/^ {3}\S/);
    expect(after('   fix: Replace')).toMatch(/^ {5}\S/);
    expect(after('- beta:')).toMatch(/^ {2}\S/);
  });

  it('leaves box-drawn table lines, short lines and an unknown width alone, and keeps colour codes whole', () => {
    expect(wrapIndented(text, 50).split('\n')).toContain(text.split('\n')[5]);
    expect(wrapIndented('short line', 50)).toBe('short line');
    expect(wrapIndented(text, undefined)).toBe(text);
    const c = new Chalk({ level: 1 });
    const coloured = `${c.red.bold('CRITICAL')} ${'word '.repeat(20).trim()}`;
    const wrapped = wrapIndented(coloured, 30);
    expect(wrapped.split('\n').every((l) => stringWidth(l) <= 30)).toBe(true);
    expect(wrapped).toContain(c.red.bold('CRITICAL'));
  });
});

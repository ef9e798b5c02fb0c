import { describe, expect, it } from 'vitest';
import { builtinChecks } from '../../checks/index.js';
import { type AnyCheck, type Finding, defineCheck } from '../../src/engine/check.js';
import { kindsRead, kindsRequired, POD_TEMPLATE_KINDS } from '../../src/engine/kinds-read.js';
import { missingPlaceholders, placeholdersOf, templateProblem } from '../../src/engine/messages.js';
import { checkProblem, createRegistry } from '../../src/engine/registry.js';
import { K } from '../../src/model/kinds.js';
import { runCheckOnText } from '../helpers/fixtures.js';

const manifests = `
apiVersion: v1
kind: Namespace
metadata: { name: team-a }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: team-a }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: nginx }] }
`;

const base = {
  family: 'test',
  title: 'the title',
  description: 'd',
  rationale: 'r',
  remediation: 'm',
  references: [],
  severity: 'low' as const,
  target: 'namespace' as const,
  needs: [],
};

describe('the message contract at run time', () => {
  it('turns a finding with an undeclared messageId into an error result naming it, never the title', () => {
    const check = defineCheck({ ...base, id: 'test-unknown-id', messages: { bad: 'bad' }, check: () => [{ messageId: 'bad' }] });
    const loose: AnyCheck = { ...check, check: () => [{ messageId: 'typo' }] };
    expect(runCheckOnText(loose, manifests)).toEqual([
      expect.objectContaining({ status: 'error', reason: 'check reported messageId "typo", which it does not declare (declared: bad)' }),
    ]);
    const none: AnyCheck = { ...check, check: () => [{ path: '/metadata' } as unknown as Finding] };
    expect(runCheckOnText(none, manifests)[0]).toMatchObject({ status: 'error', reason: expect.stringContaining('messageId undefined') });
    expect(runCheckOnText(none, manifests)[0].message).toBeUndefined();
  });

  it('turns a finding that leaves a placeholder unfilled into an error result naming the placeholder', () => {
    const check: AnyCheck = {
      ...defineCheck({ ...base, id: 'test-unfilled', messages: { bad: '{{name}} is bad: {{why}}' }, check: () => [] }),
      check: () => [{ messageId: 'bad', data: { name: 'team-a' } }],
    };
    expect(runCheckOnText(check, manifests)).toEqual([
      expect.objectContaining({ status: 'error', reason: 'check reported message "bad" without data for {{why}}' }),
    ]);
  });
});

describe('the message contract when the registry loads', () => {
  it('parses placeholders and rejects malformed ones', () => {
    expect(placeholdersOf('{{a}} and {{ b }} and {{a}}')).toEqual(['a', 'b']);
    expect(missingPlaceholders('{{a}} {{b}}', { a: 1 })).toEqual(['b']);
    expect(templateProblem('{{a}} is fine')).toBeUndefined();
    expect(templateProblem('empty {{ }}')).toBe('malformed placeholder "{{ }}" (write {{name}})');
    expect(templateProblem('two words {{a b}}')).toBe('malformed placeholder "{{a b}}" (write {{name}})');
    expect(templateProblem('unclosed {{name')).toBe('malformed placeholder "{{name" (write {{name}})');
    expect(templateProblem('stray }} here')).toBe('malformed placeholder "}}" (write {{name}})');
  });

  it('rejects a check without messages, with a malformed message or with options lacking a schema', () => {
    const ok = defineCheck({ ...base, id: 'test-ok', messages: { bad: '{{name}}' }, check: () => [] });
    expect(checkProblem(ok)).toBeUndefined();
    expect(checkProblem({ ...ok, messages: {} })).toBe('test-ok: messages must declare at least one message');
    expect(checkProblem({ ...ok, messages: { bad: 'x {{ }}' } })).toBe(
      'test-ok: message "bad": malformed placeholder "{{ }}" (write {{name}})',
    );
    expect(checkProblem({ ...ok, options: { defaults: {} } })).toContain('test-ok: options must be { schema, defaults }');
    expect(checkProblem({ ...ok, options: { schema: {}, defaults: {}, byProfile: { 'multi-tenant': {} } } })).toContain(
      'options.byProfile must be keyed by profile',
    );
    expect(() => createRegistry([ok, { ...ok, messages: { bad: '{{}}' } }])).toThrow(/invalid built-in check: test-ok: message "bad"/);
    expect(() => createRegistry([ok, ok])).toThrow('two built-in checks have the ID "test-ok"');
  });

  it('holds for every built-in check', () => {
    expect(builtinChecks.length).toBeGreaterThan(30);
    for (const check of builtinChecks) expect([check.id, checkProblem(check)]).toEqual([check.id, undefined]);
  });
});

describe('the kinds a target implies', () => {
  it('reads every pod-template kind for a podTemplate check, the kinds of a { kinds } target, and needs', () => {
    const pods = defineCheck({
      ...base,
      id: 'test-pods',
      target: 'podTemplate',
      needs: [K.LimitRange],
      messages: { m: 'm' },
      check: () => [],
    });
    expect(kindsRead(pods)).toEqual([K.LimitRange, ...POD_TEMPLATE_KINDS]);
    expect(kindsRequired(pods)).toEqual([...POD_TEMPLATE_KINDS, K.LimitRange]);
    const services = defineCheck({ ...base, id: 'test-svc', target: { kinds: [K.Service] }, messages: { m: 'm' }, check: () => [] });
    expect(kindsRead(services)).toEqual([K.Service]);
    expect(kindsRequired(services)).toEqual([]);
  });

  it('makes a podTemplate check not-evaluated where a pod-template kind it does not list could not be read', () => {
    const check = defineCheck({ ...base, id: 'test-pods', target: 'podTemplate', messages: { m: 'm' }, check: () => [] });
    const results = runCheckOnText(check, manifests, {
      access: [{ groupKind: K.CronJob, status: 'partial', forbiddenNamespaces: ['team-a'], reason: '403 Forbidden' }],
    });
    expect(results.map((r) => [r.subject.name, r.status, r.reason])).toEqual([
      ['web', 'not-evaluated', 'CronJob.batch could not be read in namespace team-a: 403 Forbidden'],
    ]);
  });
});

describe('defineCheck types', () => {
  const messages = { bad: 'namespace {{name}} is {{state}}', plain: 'no placeholders' } as const;

  it('types messageId, data and options from the definition', () => {
    const check = defineCheck({
      ...base,
      id: 'test-types',
      messages,
      options: { schema: { type: 'object' }, defaults: { limit: 3 } },
      check(ns, _ctx, options) {
        const limit: number = options.limit;
        // @ts-expect-error: `nope` is not an option of this check
        void options.nope;
        return limit > 5 ? [{ messageId: 'plain' }] : [{ messageId: 'bad', data: { name: ns.metadata.name, state: 'bad' } }];
      },
    });
    expect(runCheckOnText(check, manifests).map((r) => r.message)).toEqual(['namespace team-a is bad']);
  });

  it('rejects, at compile time, an undeclared messageId and a missing placeholder', () => {
    const typo = defineCheck({
      ...base,
      id: 'test-typo',
      messages,
      // @ts-expect-error: `typo` is not a key of messages
      check: () => [{ messageId: 'typo' }],
    });
    const unfilled = defineCheck({
      ...base,
      id: 'test-unfilled',
      messages,
      // @ts-expect-error: `state` is a placeholder of `bad` and must be given
      check: () => [{ messageId: 'bad', data: { name: 'x' } }],
    });
    // And at run time, for checks compiled without types (JavaScript):
    expect(runCheckOnText(typo, manifests)[0].status).toBe('error');
    expect(runCheckOnText(unfilled, manifests)[0].status).toBe('error');
  });
});

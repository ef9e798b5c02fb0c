import { describe, expect, it } from 'vitest';
import { jsonChunks, renderJson, renderJsonChunks } from '../../reports/json.js';
import type { Report } from '../../src/engine/report.js';
import { EXAMPLE, HOSTILE, SMALL_CHECKS, SMALL_CLUSTER, reportOf, withReachability } from './report-fixtures.js';

const opts = { color: false, baseDir: process.cwd() };

/** renderJsonChunks must write renderJson's text exactly: only the way it is built differs (in pieces, never one string). */
describe('renderJsonChunks', () => {
  it('joins to the text renderJson writes, for real scans and every optional section', async () => {
    const example = await reportOf([EXAMPLE]);
    const sections = withReachability(
      await reportOf([SMALL_CLUSTER, HOSTILE], {
        checks: SMALL_CHECKS,
        waivers: { waivers: [{ check: 'storage-*', reason: 'reviewed' }] },
      }),
      [['alpha', 'beta']],
    );
    for (const report of [example, sections]) {
      expect([...renderJsonChunks(report)].join('')).toBe(renderJson(report, opts));
      // tiny pieces: every boundary falls somewhere else
      const pieces = [...renderJsonChunks(report, 7)];
      expect(pieces.length).toBeGreaterThan(100);
      expect(pieces.join('')).toBe(renderJson(report, opts));
    }
  });

  it('treats what JSON cannot hold as JSON.stringify does: members left out, list items null, toJSON applied', () => {
    const odd = {
      schemaVersion: '1.0.0',
      gone: undefined,
      fn: () => 1,
      when: new Date(Date.UTC(2030, 0, 31)),
      results: [
        undefined,
        () => 1,
        { message: 'line 1\nline 2 "quoted" \u2028 ✓', nested: [[], {}, [1, [2]]], skip: undefined },
        null,
        0,
        '',
      ],
      empty: [],
      nothing: {},
      reachability: { tenants: ['a'], pairs: [{ from: 'a', to: 'b', when: new Date(0) }] },
    } as unknown as Report;
    expect([...renderJsonChunks(odd, 3)].join('')).toBe(renderJson(odd, opts));
  });

  it('serializes any value as JSON.stringify does, top-level members included (the mapping leaves out what the schema does not know)', () => {
    const odd = {
      gone: undefined,
      fn: () => 1,
      when: new Date(Date.UTC(2030, 0, 31)),
      empty: [],
      nothing: {},
      list: [undefined, { a: [[], {}, [1, [2]]], skip: undefined }, null],
      reachability: { tenants: ['a'], pairs: [{ from: 'a', to: 'b', when: new Date(0) }] },
    };
    for (const size of [1, 3, 1 << 20]) expect([...jsonChunks(odd, size)].join('')).toBe(`${JSON.stringify(odd, null, 2)}\n`);
    expect(JSON.parse(renderJson({ ...(odd as unknown as Report) }, opts))).not.toHaveProperty('when');
  });

  it('writes reachability pairs that share their workload lists (as the scan builds them) exactly as JSON.stringify', async () => {
    const report = await reportOf([EXAMPLE]);
    const ref = (name: string) => ({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'a', name });
    const shared = [ref('web'), ref('api')];
    const pairs = ['b', 'c', 'd', 'e'].map((to, i) => ({
      from: 'a',
      to,
      status: 'open',
      reason: `r${i}`,
      via: i === 3 ? [ref('np')] : [],
      pods: { from: shared, to: i % 2 ? shared : [ref(`only-${to}`)] },
      port: 'TCP/80',
      extra: i === 2 ? undefined : { nested: { deeper: [1, { x: shared }] }, when: new Date(0) },
    }));
    const withShared = { ...report, reachability: { tenants: ['a', 'b', 'c', 'd', 'e'], pairs } } as unknown as Report;
    for (const size of [1, 64, 1 << 20]) expect([...renderJsonChunks(withShared, size)].join('')).toBe(renderJson(withShared, opts));
  });

  it('yields pieces of about the asked size, so no piece holds the whole report', async () => {
    const report = await reportOf([EXAMPLE]);
    const text = renderJson(report, opts);
    const pieces = [...renderJsonChunks(report, 4096)];
    expect(pieces.length).toBeGreaterThan(text.length / 4096 / 2);
    // a piece ends once it reaches the size; the largest overshoot is one member's text: a result,
    // or an entry of the check catalog (written whole, and longer than most results)
    const members = [...report.results, ...report.checks].map((m) => JSON.stringify(m, null, 2).length);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(4096 + Math.max(...members) * 2);
  });
});

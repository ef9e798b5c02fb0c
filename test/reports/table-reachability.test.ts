import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { renderReachabilityGrid } from '../../reports/table-reachability.js';
import { computeReachability, type Reachability } from '../../src/k8s/network/reachability.js';
import { TenantModel } from '../../src/tenancy/model.js';
import { indexFromText } from '../helpers/fixtures.js';

const ROOT = join(import.meta.dirname, '..', '..');
const schema = JSON.parse(readFileSync(join(ROOT, 'reports', 'schema', 'reachability.schema.json'), 'utf8'));

const SAMPLE: Reachability = {
  tenants: ['acme', 'globex', 'initech'],
  pairs: [
    { from: 'acme', to: 'globex', status: 'closed' },
    { from: 'acme', to: 'initech', status: 'open', via: [], pods: { from: [], to: [] }, port: 'any port' },
    { from: 'globex', to: 'acme', status: 'unknown', reason: 'CiliumNetworkPolicy acme-prod/l7 may apply' },
    { from: 'globex', to: 'initech', status: 'open', via: [], pods: { from: [], to: [] }, port: 'TCP/8080' },
    { from: 'initech', to: 'acme', status: 'closed' },
    { from: 'initech', to: 'globex', status: 'closed' },
  ],
};

// eslint-disable-next-line no-control-regex -- matches ANSI escape sequences, which start with the ESC control character
const stripAnsi = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');

describe('renderReachabilityGrid', () => {
  it('puts sources in rows and destinations in columns, one symbol per status', () => {
    const out = renderReachabilityGrid(SAMPLE, { color: false });
    const rows = out.split('\n').filter((l) => l.startsWith('│'));
    const cells = rows.map((l) =>
      l
        .split('│')
        .slice(1, -1)
        .map((c) => c.trim()),
    );
    expect(cells).toEqual([
      ['from \\ to', 'acme', 'globex', 'initech'],
      ['acme', '-', '·', 'open'],
      ['globex', '?', '-', 'open'],
      ['initech', '·', '·', '-'],
    ]);
    expect(out).toContain('open: some pod of the row may connect to a pod of the column   ·: closed   ?: unknown');
    expect(out).not.toContain('\u001b[');
  });

  it('colours open red, closed green and unknown yellow when asked', () => {
    const out = renderReachabilityGrid(SAMPLE, { color: true });
    expect(out).toContain('\u001b[31m\u001b[1mopen\u001b[22m\u001b[39m');
    expect(out).toContain('\u001b[32m·\u001b[39m');
    expect(out).toContain('\u001b[33m?\u001b[39m');
    expect(stripAnsi(out)).toBe(renderReachabilityGrid(SAMPLE, { color: false }));
  });

  it('shows a pair the matrix does not list as closed (the report lists only open and unknown pairs)', () => {
    const sparse: Reachability = { tenants: SAMPLE.tenants, pairs: SAMPLE.pairs.filter((p) => p.status !== 'closed') };
    expect(renderReachabilityGrid(sparse, { color: false })).toBe(renderReachabilityGrid(SAMPLE, { color: false }));
  });

  it('says so when there are no tenants', () => {
    expect(renderReachabilityGrid({ tenants: [], pairs: [] }, { color: false })).toBe(
      'No tenants: no cross-tenant reachability to show.\n',
    );
  });
});

describe('reachability.schema.json', () => {
  const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

  it('accepts what computeReachability returns for a real manifest', () => {
    const text = readFileSync(join(ROOT, 'test', 'k8s', 'network', 'reachability', 'namespace-selector-all.yaml'), 'utf8');
    const index = indexFromText(text);
    const reachability = computeReachability(index, new TenantModel(index));
    expect(reachability.pairs.some((p) => p.status === 'open')).toBe(true);
    expect(validate(reachability), JSON.stringify(validate.errors)).toBe(true);
  });

  it('rejects an unknown status, an unknown field and an open pair without its evidence', () => {
    expect(validate({ tenants: ['a', 'b'], pairs: [{ from: 'a', to: 'b', status: 'maybe' }] })).toBe(false);
    expect(validate({ tenants: ['a', 'b'], pairs: [{ from: 'a', to: 'b', status: 'closed', note: 'x' }] })).toBe(false);
    expect(validate({ tenants: ['a', 'b'], pairs: [{ from: 'a', to: 'b', status: 'open' }] })).toBe(false);
    expect(validate(SAMPLE)).toBe(true);
  });
});

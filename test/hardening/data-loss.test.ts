import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../cli/exit-codes.js';
import { parseManifestText } from '../../src/sources/manifests.js';
import { scanInProcess } from '../helpers/cli.js';

const EXAMPLE_NS = join(import.meta.dirname, '..', '..', 'examples', 'shared-cluster', 'cluster', 'namespaces.yaml');

describe('--output never overwrites input or another report', () => {
  it('refuses an --output that is one of the input files (exit 2), and leaves it as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tenantscan-out-'));
    const manifest = join(dir, 'namespaces.yaml');
    copyFileSync(EXAMPLE_NS, manifest);
    const before = readFileSync(manifest, 'utf8');
    const run = scanInProcess({ file: [dir], format: ['json'], output: [join(dir, '.', 'namespaces.yaml')] });
    await expect(run).rejects.toThrow(CliError);
    await expect(run).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('is one of the input files') });
    expect(readFileSync(manifest, 'utf8')).toBe(before);
  });

  it('refuses the same --output twice (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tenantscan-out-'));
    const out = join(dir, 'report.txt');
    const run = scanInProcess({ file: [EXAMPLE_NS], format: ['json', 'sarif'], output: [out, join(dir, 'x', '..', 'report.txt')] });
    await expect(run).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('given twice') });
  });
});

describe('a JSON kind: List with items that are not objects', () => {
  it('keeps each object item at its own line', () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [null, 5, 'x', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-b' } }],
    };
    const text = JSON.stringify(list, null, 2);
    const { objects, errors } = parseManifestText(text, 'list.json');
    // lines: 1 {, 2 apiVersion, 3 kind, 4 "items": [, 5 null, 6 5, 7 "x", 8 {
    expect(objects.map((o) => [o.object.metadata.name, o.location.line])).toEqual([['team-b', 8]]);
    expect(errors.map((e) => e.line)).toEqual([5, 6, 7]);
  });
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import type { Log } from 'sarif';
import { afterAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../reports/json.js';
import type { Report } from '../../src/engine/report.js';
import { scanInProcess } from '../helpers/cli.js';
import { EXAMPLE, SMALL_CLUSTER } from '../reports/report-fixtures.js';
import { validateReport } from '../../reports/schema/index.js';

const tmp = mkdtempSync(join(tmpdir(), 'tenantscan-pipelines-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const read = (name: string) => readFileSync(join(tmp, name), 'utf8');

describe('--output without --format: the format comes from the extension', () => {
  it('writes each file in the format its extension names', async () => {
    const names = ['r.json', 'r.sarif', 'r.xml', 'r.md', 'r.html', 'r.yaml', 'r.prom'];
    const run = await scanInProcess({ file: [EXAMPLE], format: undefined, output: names.map((n) => join(tmp, n)) });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect((JSON.parse(read('r.json')) as { schemaVersion: string }).schemaVersion).toBe(SCHEMA_VERSION);
    expect((JSON.parse(read('r.sarif')) as Log).version).toBe('2.1.0');
    expect(read('r.xml')).toMatch(/^<\?xml[^>]*>\s*<testsuites/);
    expect(read('r.md')).toMatch(/^## tenantscan:/);
    expect(read('r.html')).toMatch(/^<!DOCTYPE html>/);
    expect((yaml.loadAll(read('r.yaml')) as Array<{ kind: string }>).map((d) => d.kind)).toContain('PolicyReport');
    expect(read('r.prom')).toMatch(/# EOF\n$/);
  });

  it('pairs explicit formats first and infers the rest; refuses an unknown extension and a table in a .json file (exit 2)', async () => {
    const run = await scanInProcess({ file: [EXAMPLE], format: ['sarif'], output: [join(tmp, 'a.json'), join(tmp, 'b.md')] });
    expect(run.code).toBe(0);
    expect((JSON.parse(read('a.json')) as Log).version).toBe('2.1.0');
    expect(read('b.md')).toMatch(/^## tenantscan:/);
    await expect(scanInProcess({ file: [EXAMPLE], format: undefined, output: [join(tmp, 'report.txt')] })).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/cannot tell the format of --output .*report\.txt/),
    });
    await expect(scanInProcess({ file: [EXAMPLE], format: ['table'], output: [join(tmp, 'report.json')] })).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('terminal table'),
    });
    // with neither, the table goes to stdout
    const table = await scanInProcess({ file: [EXAMPLE], format: undefined });
    expect(table.stdout).not.toMatch(/^\{/);
    expect(table.stdout.length).toBeGreaterThan(100);
  });
});

describe('the gate verdict in the reports and on stderr', () => {
  it('is one stderr line even with --quiet, and recorded in JSON (schema 1.1) and Markdown', async () => {
    const md = join(tmp, 'gate.md');
    const run = await scanInProcess({
      file: [EXAMPLE],
      format: ['json', 'markdown'],
      output: [join(tmp, 'gate.json'), md],
      failOn: 'high',
      minScore: 99,
      quiet: true,
    });
    expect(run.code).toBe(1);
    const lines = run.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^tenantscan: gate failed: \d+ failing result\(s\) at or above severity high; overall score [\d.]+ is below --min-score 99$/,
    );
    const json = JSON.parse(read('gate.json')) as Report;
    expect(validateReport(json)).toEqual([]);
    expect(json.gate).toMatchObject({ failOn: 'high', minScore: 99, newOnly: false, passed: false, score: json.score.score });
    expect(json.gate!.failing).toBe(json.results.filter((r) => r.status === 'fail' && ['critical', 'high'].includes(r.severity)).length);
    expect(json.gate!.reasons).toHaveLength(2);
    expect(readFileSync(md, 'utf8')).toMatch(/Gate \(fail on high or above, minimum score 99\): \*\*failed\*\*: /);
  });

  it('says what held when it passes, and records nothing when no gate was set', async () => {
    const passed = await scanInProcess({ file: [EXAMPLE], format: ['json'], minScore: 1, quiet: true });
    expect(passed.code).toBe(0);
    expect(passed.stderr).toMatch(/^tenantscan: gate passed: overall score [\d.]+ is at least --min-score 1\n$/);
    expect((JSON.parse(passed.stdout) as Report).gate).toMatchObject({ passed: true, reasons: [] });
    const none = await scanInProcess({ file: [EXAMPLE], format: ['json'], quiet: true });
    expect(none.stderr).toBe('');
    expect((JSON.parse(none.stdout) as Report).gate).toBeUndefined();
  });

  it('fails, in every place it is recorded, when a document could not be loaded (exit 2 says why)', async () => {
    const file = join(tmp, 'half-broken.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: Namespace\nmetadata: { name: team-a }\n---\nkind: ConfigMap\nmetadata: { name: [unclosed\n');
    // --min-score 0 holds whatever the score: only the unloaded document can fail the gate
    const run = await scanInProcess({ file: [file], format: ['json'], minScore: 0, quiet: true });
    expect(run.code).toBe(2);
    const reason = '1 document(s) could not be loaded: what was not checked cannot pass';
    expect(run.stderr).toContain(`tenantscan: gate failed: ${reason}`);
    expect((JSON.parse(run.stdout) as Report).gate).toMatchObject({ passed: false, reasons: [reason] });
    const md = await scanInProcess({ file: [file], format: ['markdown'], minScore: 0, quiet: true });
    expect(md.stdout).toContain('**failed**');
  });
});

describe('pipelines that respect the baseline', () => {
  it('SARIF marks results new or unchanged; JUnit under --fail-on-new-only does not fail existing failures', async () => {
    // The baseline: the small cluster, whose log-agent has two hostPath findings.
    const baselineFile = join(tmp, 'baseline.json');
    await scanInProcess({ file: [SMALL_CLUSTER], format: ['json'], output: [baselineFile] }).catch(() => undefined);
    // Now: the example adds findings of its own; the small cluster's stay.
    const run = await scanInProcess({
      file: [SMALL_CLUSTER, EXAMPLE],
      format: ['sarif', 'junit', 'json'],
      output: [join(tmp, 'b.sarif'), join(tmp, 'b.xml'), join(tmp, 'b.json')],
      baseline: baselineFile,
      failOnNewOnly: true,
      failOn: 'info',
    }).catch((err: unknown) => err);
    expect(run).not.toBeInstanceOf(Error);
    const report = JSON.parse(read('b.json')) as Report;
    const existing = report.results.filter((r) => r.status === 'fail' && r.baseline === 'existing');
    const fresh = report.results.filter((r) => r.status === 'fail' && r.baseline === 'new');
    expect(existing.length).toBeGreaterThan(0);
    expect(fresh.length).toBeGreaterThan(0);

    const sarif = (JSON.parse(read('b.sarif')) as Log).runs[0].results!;
    expect(sarif.filter((r) => r.baselineState === 'unchanged').length).toBe(
      report.results.filter((r) => r.baseline === 'existing').length,
    );
    expect(sarif.filter((r) => r.baselineState === 'new').length).toBe(report.results.filter((r) => r.baseline === 'new').length);
    expect(sarif.every((r) => r.baselineState === 'new' || r.baselineState === 'unchanged')).toBe(true);

    const xml = read('b.xml');
    const failures = Number(/<testsuites[^>]* failures="(\d+)"/.exec(xml)![1]);
    expect(failures).toBe(fresh.length);
    expect(xml.match(/existing failure: in the baseline/g)).toHaveLength(existing.length);
  });

  it('without --fail-on-new-only, JUnit still fails every failing result and SARIF still carries the baseline state', async () => {
    const baselineFile = join(tmp, 'baseline2.json');
    await scanInProcess({ file: [SMALL_CLUSTER], format: ['json'], output: [baselineFile] }).catch(() => undefined);
    await scanInProcess({
      file: [SMALL_CLUSTER],
      format: ['junit', 'json', 'sarif'],
      output: [join(tmp, 'c.xml'), join(tmp, 'c.json'), join(tmp, 'c.sarif')],
      baseline: baselineFile,
    }).catch(() => undefined);
    const report = JSON.parse(read('c.json')) as Report;
    const failing = report.results.filter((r) => r.status === 'fail').length;
    expect(failing).toBeGreaterThan(0);
    expect(Number(/<testsuites[^>]* failures="(\d+)"/.exec(read('c.xml'))![1])).toBe(failing);
    expect((JSON.parse(read('c.sarif')) as Log).runs[0].results!.every((r) => r.baselineState === 'unchanged')).toBe(true);
  });
});

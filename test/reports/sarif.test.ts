import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Log, Result as SarifResult } from 'sarif';
import { afterAll, describe, expect, it } from 'vitest';
import { FINGERPRINT_KEY, renderSarif } from '../../reports/sarif.js';
import type { Report } from '../../src/engine/report.js';
import { EXAMPLE, REPO_ROOT, SMALL_CHECKS, SMALL_CLUSTER, asLiveClusterReport, reportOf } from './report-fixtures.js';
import { toolAvailable } from '../helpers/tool.js';

const opts = { color: false, baseDir: REPO_ROOT };
const sarifOf = (report: Report): Log => JSON.parse(renderSarif(report, opts)) as Log;
const tmp = mkdtempSync(join(tmpdir(), 'tenantscan-sarif-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every result must have a physical location with a relative URI: GitHub rejects the whole file otherwise. */
function expectGithubLocations(results: SarifResult[]): void {
  expect(results.length, 'a SARIF run without results proves nothing here').toBeGreaterThan(0);
  for (const r of results) {
    const uri = r.locations?.[0]?.physicalLocation?.artifactLocation?.uri;
    expect(uri, `${r.ruleId} ${r.message.text}`).toBeTruthy();
    expect(uri).not.toMatch(/^[a-z]+:|^\//i);
    expect(r.locations?.[0]?.logicalLocations?.[0]?.fullyQualifiedName).toBeTruthy();
  }
}

describe('--format sarif', () => {
  it('lists one rule per check with help, helpUri and security-severity, and one result per failing finding', async () => {
    const report = await reportOf([EXAMPLE]);
    const run = sarifOf(report).runs[0];
    expect(run.tool.driver.rules?.map((r) => r.id)).toEqual(report.checks.map((c) => c.id));
    for (const rule of run.tool.driver.rules ?? []) {
      expect(rule.help?.text).toContain('How to fix:');
      // the default check pages are the packaged files (a file: URL): no use where SARIF is read
      expect(rule.helpUri).toBeUndefined();
      expect(Number(rule.properties?.['security-severity'])).toBeGreaterThanOrEqual(0);
    }
    // under --docs-url, each rule links its hosted page
    const hosted = sarifOf({
      ...report,
      checks: report.checks.map((c) => ({ ...c, helpUri: `https://docs.example.com/checks/${c.id}.md` })),
    });
    expect(hosted.runs[0].tool.driver.rules?.[0].helpUri).toBe(`https://docs.example.com/checks/${report.checks[0].id}.md`);
    const failing = report.results.filter((r) => r.status === 'fail');
    expect(run.results).toHaveLength(failing.length);
    expectGithubLocations(run.results ?? []);
    // manifest results point at the file (relative to the working directory) and the document's line
    const first = failing[0];
    const located = run.results?.find((r) => r.partialFingerprints?.[FINGERPRINT_KEY]?.startsWith(`${first.checkId}:`));
    expect(located?.locations?.[0].physicalLocation?.artifactLocation?.uri).toMatch(/^examples\/shared-cluster\/.+\.ya?ml$/);
  });

  it('gives live-cluster results (no file) a stable object path and a logical location', async () => {
    const report = asLiveClusterReport(await reportOf([SMALL_CLUSTER], { checks: SMALL_CHECKS }));
    const results = sarifOf(report).runs[0].results ?? [];
    expect(results).toHaveLength(2);
    expectGithubLocations(results);
    expect(results.map((r) => r.locations?.[0].physicalLocation?.artifactLocation?.uri)).toEqual([
      'kubernetes/alpha/Deployment.apps/log-agent',
      'kubernetes/alpha/Deployment.apps/log-agent',
    ]);
    expect(results[0].locations?.[0].logicalLocations?.[0].fullyQualifiedName).toBe('alpha/Deployment.apps/log-agent');
    expect(results[0].locations?.[0].physicalLocation?.region).toBeUndefined();
  });

  it('fingerprints findings by check, object and JSON pointer: unchanged when documents move or lines shift', async () => {
    const original = readFileSync(SMALL_CLUSTER, 'utf8');
    const docs = original.split(/^---$/m);
    // reverse the documents and push everything down by a comment block
    const shuffled = `# moved\n# around\n\n${[...docs].reverse().join('\n---\n')}`;
    const moved = join(tmp, 'moved.yaml');
    writeFileSync(moved, shuffled);
    const fingerprints = async (file: string) =>
      (sarifOf(await reportOf([file], { checks: SMALL_CHECKS })).runs[0].results ?? [])
        .map((r) => r.partialFingerprints?.[FINGERPRINT_KEY])
        .sort();
    const before = await fingerprints(SMALL_CLUSTER);
    expect(before).toEqual([
      'storage-hostpath-volume:Deployment.apps/alpha/log-agent:/spec/template/spec/volumes/0/hostPath',
      'storage-hostpath-volume:Deployment.apps/alpha/log-agent:/spec/template/spec/volumes/1/hostPath',
    ]);
    expect(await fingerprints(moved)).toEqual(before);
    // and the same object scanned live has the same fingerprints
    const live = sarifOf(asLiveClusterReport(await reportOf([SMALL_CLUSTER], { checks: SMALL_CHECKS }))).runs[0].results ?? [];
    expect(live.map((r) => r.partialFingerprints?.[FINGERPRINT_KEY]).sort()).toEqual(before);
  });

  it('marks waived findings as suppressed (not dropped) and reports load errors as tool notifications', async () => {
    const report = await reportOf([SMALL_CLUSTER], { checks: SMALL_CHECKS });
    const waived: Report = {
      ...report,
      results: report.results.map((r, i) =>
        i === 0 && r.status === 'fail'
          ? { ...r, status: 'waived', waiver: { reason: 'accepted until the agent moves to a CSI driver', origin: 'config' } }
          : r,
      ),
    };
    const run = sarifOf(waived).runs[0];
    expect(run.results).toHaveLength(2);
    expect(run.results?.filter((r) => r.suppressions?.length)).toHaveLength(1);
    expect(run.results?.[0].suppressions?.[0]).toEqual({
      kind: 'external',
      justification: 'accepted until the agent moves to a CSI driver',
    });
    const notes = run.invocations?.[0].toolExecutionNotifications ?? [];
    expect(notes).toHaveLength(1);
    expect(notes[0].level).toBe('error');
    expect(notes[0].locations?.[0].physicalLocation?.artifactLocation?.uri).toBe('test/reports/fixtures/small-cluster.yaml');
  });

  describe("Microsoft's SARIF validator with GitHub's ingestion rules", () => {
    const binary = multitoolBinary();
    const available = toolAvailable(
      'SARIF VALIDATOR',
      binary ? undefined : '@microsoft/sarif-multitool has no runnable binary on this machine (npm ci installs it as a devDependency)',
    );
    const validate = (name: string, text: string): { errors: string[] } => {
      const input = join(tmp, `${name}.sarif`);
      const output = join(tmp, `${name}.validation.sarif`);
      writeFileSync(input, text);
      // Spawned directly, not through the package's bin.js: that one runs a shell, which splits "Gh;Sarif" at the semicolon.
      const run = spawnSync(binary!, ['validate', '--rule-kind', 'Gh;Sarif', '--output', output, input], {
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
      // The validator exits 0 even when rules fail: its findings are in the output log.
      const log = JSON.parse(readFileSync(output, 'utf8')) as Log;
      const errors = (log.runs[0].results ?? [])
        .filter((r) => r.level === 'error' || r.level === 'warning')
        .map((r) => `${r.ruleId}: ${r.message.text ?? JSON.stringify(r.message)}`);
      return { errors };
    };

    it.runIf(available)(
      'accepts the example scan and a live-cluster report',
      async () => {
        const example = await reportOf([EXAMPLE]);
        expect(validate('example', renderSarif(example, opts)).errors).toEqual([]);
        const live = asLiveClusterReport(await reportOf([SMALL_CLUSTER], { checks: SMALL_CHECKS }));
        expect(validate('live', renderSarif(live, opts)).errors).toEqual([]);
      },
      240_000,
    );

    it.runIf(available)(
      'flags a SARIF file that GitHub would reject (the validator is really checking)',
      () => {
        const bad = {
          version: '2.1.0',
          runs: [{ tool: { driver: { name: 'x', rules: [{ id: 'r' }] } }, results: [{ ruleId: 'r', message: { text: 'no location.' } }] }],
        };
        expect(validate('bad', JSON.stringify(bad)).errors.join('\n')).toMatch(/GH\d{4}/);
      },
      120_000,
    );
  });
});

function multitoolBinary(): string | undefined {
  try {
    const path = createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;
    if (!existsSync(path)) return undefined;
    const probe = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 60_000 });
    return probe.status === 0 ? path : undefined;
  } catch {
    return undefined;
  }
}

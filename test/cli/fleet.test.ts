import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFleetScan } from '../../cli/fleet-command.js';
import { main } from '../../cli/main.js';
import { runMerge } from '../../cli/merge-command.js';
import { validateFleet } from '../../reports/schema/index.js';
import { SCAN_DEFAULTS, scanInProcess } from '../helpers/cli.js';

const EXAMPLE = join(import.meta.dirname, '..', '..', 'examples', 'shared-cluster');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tenantscan-fleet-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture() {
  const out = { stdout: '', stderr: '' };
  const io = {
    stdout: (t: string) => (out.stdout += t),
    stderr: (t: string) => (out.stderr += t),
    stderrIsTty: false,
    stdoutIsTty: false,
    cwd: dir,
  };
  return { out, io };
}

/** A kubeconfig whose contexts all point at a closed port: every cluster is unreachable. */
function unreachableKubeconfig(contexts: string[]): string {
  const file = join(dir, `dead-${contexts.length}.kubeconfig`);
  writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      `current-context: ${contexts[0]}`,
      'clusters: [{ name: dead, cluster: { server: "https://127.0.0.1:1" } }]',
      'users: [{ name: u, user: { token: t } }]',
      `contexts: [${contexts.map((c) => `{ name: ${c}, context: { cluster: dead, user: u } }`).join(', ')}]`,
    ].join('\n'),
  );
  return file;
}

describe('tenantscan merge', () => {
  it('combines the JSON reports of two clusters (named by --cluster-name) into one valid fleet report; a fleet report merges too', async () => {
    for (const [name, profile] of [
      ['prod-eu', 'multi-team'],
      ['prod-us', 'multi-customer'],
    ] as const) {
      const { code } = await scanInProcess({
        file: [EXAMPLE],
        clusterName: name,
        profile,
        format: ['json'],
        output: [join(dir, `${name}.json`)],
      });
      expect(code).toBe(0);
      expect(JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')).cluster).toBe(name);
    }
    const { out, io } = capture();
    const code = await runMerge(
      { reports: [join(dir, 'prod-eu.json'), join(dir, 'prod-us.json')], format: ['json'], output: [join(dir, 'fleet.json')], quiet: true },
      io,
    );
    expect(code).toBe(0);
    expect(out.stdout).toBe('');
    const fleet = JSON.parse(readFileSync(join(dir, 'fleet.json'), 'utf8'));
    expect(validateFleet(fleet)).toEqual([]);
    expect(fleet.clusters.map((c: { name: string; origin: string }) => [c.name, c.origin])).toEqual([
      ['prod-eu', join(dir, 'prod-eu.json')],
      ['prod-us', join(dir, 'prod-us.json')],
    ]);
    expect(fleet.summary.tenants.filter((t: { tenant: string }) => t.tenant === 'acme').map((t: { cluster: string }) => t.cluster)).toEqual(
      ['prod-eu', 'prod-us'],
    );

    // a fleet report and a report merge into a fleet of three; a repeated name is made unique
    const again = capture();
    expect(await runMerge({ reports: [join(dir, 'fleet.json'), join(dir, 'prod-eu.json')], format: ['json'], quiet: true }, again.io)).toBe(
      0,
    );
    expect(JSON.parse(again.out.stdout).clusters.map((c: { name: string }) => c.name)).toEqual(['prod-eu', 'prod-us', 'prod-eu #2']);
    // not quiet: the repeated name is a warning; the same file given twice (here by two paths) is read once
    const warned = capture();
    const twice = [join(dir, 'prod-eu.json'), `${dir}/./prod-eu.json`, join(dir, 'fleet.json')];
    expect(await runMerge({ reports: twice, format: ['json'], quiet: false }, warned.io)).toBe(0);
    expect(JSON.parse(warned.out.stdout).clusters.map((c: { name: string }) => c.name)).toEqual(['prod-eu', 'prod-eu #2', 'prod-us']);
    expect(warned.out.stderr).toContain(
      `tenantscan: warning: ${dir}/./prod-eu.json is ${join(dir, 'prod-eu.json')}, given again: read once`,
    );
    expect(warned.out.stderr).toContain(
      `tenantscan: warning: 2 reports name the cluster prod-eu (${join(dir, 'prod-eu.json')}, ${join(dir, 'fleet.json')}: ${join(dir, 'prod-eu.json')}): kept apart as prod-eu, prod-eu #2; give each run its own --cluster-name`,
    );

    // the gate applies across the fleet
    const gated = capture();
    expect(await runMerge({ reports: [join(dir, 'fleet.json')], format: ['table'], failOn: 'critical', quiet: true }, gated.io)).toBe(1);
    expect(gated.out.stderr).toMatch(
      /^tenantscan: gate failed: cluster prod-eu: \d+ failing result\(s\) at or above severity critical; cluster prod-us: /,
    );
  });

  it('refuses, with exit 2 and the file named, a file that is not JSON or not a report, and a format that describes one cluster', async () => {
    writeFileSync(join(dir, 'notes.json'), 'not json');
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ schemaVersion: '2.0.0', tool: { name: 'kube-bench' } }));
    writeFileSync(
      join(dir, 'future.json'),
      readFileSync(join(dir, 'prod-eu.json'), 'utf8').replace(/"schemaVersion": "[^"]+"/, '"schemaVersion": "3.0.0"'),
    );
    for (const [file, message] of [
      ['notes.json', /cannot read .*notes\.json: Unexpected token/],
      [
        'other.json',
        /other\.json is not a tenantscan JSON report \(reports\/schema\/report\.schema\.json\): \/ must have required property 'source'; .*; and 8 more\. Give JSON reports written by tenantscan/,
      ],
      ['future.json', /future\.json is not a tenantscan JSON report .*\/schemaVersion must match pattern/],
      ['missing.json', /cannot read .*missing\.json: ENOENT/],
    ] as const) {
      await expect(runMerge({ reports: [join(dir, 'prod-eu.json'), join(dir, file)], quiet: true }, capture().io)).rejects.toMatchObject({
        exitCode: 2,
        message: expect.stringMatching(message),
      });
    }
    await expect(runMerge({ reports: [join(dir, 'prod-eu.json')], format: ['sarif'], quiet: true }, capture().io)).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('--format sarif describes one cluster'),
    });
  });
});

describe('tenantscan scan over several clusters', () => {
  it('reports every cluster that could not be scanned, and exits 3 only because none could', async () => {
    const kubeconfig = unreachableKubeconfig(['edge-a', 'edge-b']);
    const { out, io } = capture();
    const code = await runFleetScan(
      { ...SCAN_DEFAULTS, format: ['json'], kubeconfigs: [kubeconfig], contexts: [], allContexts: true, quiet: false, timeout: 20 },
      io,
    );
    expect(code).toBe(3);
    const fleet = JSON.parse(out.stdout);
    expect(validateFleet(fleet)).toEqual([]);
    expect(
      fleet.clusters.map((c: { name: string; status: string; error: { exitCode: number } }) => [c.name, c.status, c.error.exitCode]),
    ).toEqual([
      ['edge-a', 'failed', 3],
      ['edge-b', 'failed', 3],
    ]);
    expect(out.stderr).toContain('tenantscan: scanning 2 cluster(s): edge-a, edge-b');
    expect(out.stderr).toMatch(/cluster edge-a: could not be scanned: cannot reach the API server at https:\/\/127\.0\.0\.1:1/);
    expect(out.stderr).toContain('tenantscan: no cluster could be scanned (2 failed; reasons above and in the report)');
  });

  it('refuses, with exit 2, what works on one cluster only, --all-contexts with --file, and an unknown context', async () => {
    const kubeconfig = unreachableKubeconfig(['edge-a', 'edge-b', 'edge-c']);
    const stderr: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((t: string) => stderr.push(t) > 0) as typeof process.stderr.write;
    try {
      for (const [args, message] of [
        [['--kubeconfig', kubeconfig, '--all-contexts', '--probe'], '--probe works on one cluster'],
        [
          ['--kubeconfig', kubeconfig, '--context', 'edge-a', '--context', 'edge-b', '--cluster-name', 'x'],
          '--cluster-name works on one cluster',
        ],
        [
          ['--kubeconfig', kubeconfig, '--context', 'edge-a', '--context', 'edge-b', '--baseline', 'b.json'],
          '--baseline works on one cluster',
        ],
        [['--file', EXAMPLE, '--all-contexts'], '--file and --all-contexts exclude each other'],
        [['--kubeconfig', kubeconfig, '--cluster-concurrency', '2'], '--cluster-concurrency is for a fleet scan'],
        [['--kubeconfig', kubeconfig, '--all-contexts', '--cluster-concurrency', '0'], '--cluster-concurrency must be a positive number'],
        [['--kubeconfig', kubeconfig, '--context', 'edge-a', '--context', 'nope'], 'context "nope" is in none of the kubeconfigs'],
        [['--kubeconfig', kubeconfig, '--all-contexts', '--format', 'junit'], '--format junit describes one cluster'],
      ] as const) {
        stderr.length = 0;
        expect(await main(['scan', ...args])).toBe(2);
        expect(stderr.join('')).toContain(message);
      }
    } finally {
      process.stderr.write = write;
    }
  });
});

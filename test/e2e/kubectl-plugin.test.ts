import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { goTool } from '../helpers/tools.js';
import { auditEventsSince, auditOffset, eventsBy } from './helpers/audit.js';
import { ROOT, kubeconfig } from './helpers/paths.js';

const e2e = inject('e2e');
const kubectl = e2e.available ? goTool('kubectl') : undefined;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `kubectl tenantscan ...` through the real kubectl (built from the control plane's pinned release),
 * which finds bin/kubectl-tenantscan.js on PATH as `kubectl-tenantscan`, as after `npm install -g`.
 */
describe.skipIf(!kubectl)('kubectl plugin: kubectl tenantscan', () => {
  let pathDir: string;
  let home: string;
  beforeAll(() => {
    pathDir = mkdtempSync(join(tmpdir(), 'tenantscan-plugin-path-'));
    home = mkdtempSync(join(tmpdir(), 'tenantscan-plugin-home-')); // no ~/.kube/config
    symlinkSync(join(ROOT, 'bin', 'kubectl-tenantscan.js'), join(pathDir, 'kubectl-tenantscan'));
  });
  afterAll(() => {
    for (const d of [pathDir, home]) if (d) rmSync(d, { recursive: true, force: true });
  });

  /** kubectl with only the plugin folder, node's folder and the system folders on PATH; KUBECONFIG as given. */
  const env = (kubeconfigEnv?: string): NodeJS.ProcessEnv => {
    const e: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: [pathDir, dirname(process.execPath), '/usr/bin', '/bin'].join(delimiter),
      HOME: home,
      NO_COLOR: '1',
    };
    if (kubeconfigEnv === undefined) delete e.KUBECONFIG;
    else e.KUBECONFIG = kubeconfigEnv;
    return e;
  };
  const runKubectl = (args: string[], kubeconfigEnv?: string): Promise<Run> =>
    new Promise((resolve, reject) => {
      const child = spawn(kubectl!, args, { cwd: home, env: env(kubeconfigEnv), stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  /** Who kubectl itself is with these settings (`kubectl auth whoami`, a SelfSubjectReview). */
  const whoami = (settings: string[], kubeconfigEnv?: string): string => {
    const r = spawnSync(kubectl!, ['auth', 'whoami', ...settings, '-o', 'jsonpath={.status.userInfo.username}'], {
      env: env(kubeconfigEnv),
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout.trim();
  };

  it('is listed by kubectl plugin list and prints its help as kubectl tenantscan', async () => {
    const list = await runKubectl(['plugin', 'list', '--name-only']);
    expect(list.stdout.split('\n')).toContain('kubectl-tenantscan');
    const help = await runKubectl(['tenantscan', '--help']);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^kubectl tenantscan <command> \[options\]/);
  });

  // [kubectl's settings after the plugin name, $KUBECONFIG, the context tenantscan must report]
  const cases: Array<[string, string[], () => string | undefined, string]> = [
    ['the current context of $KUBECONFIG', [], () => kubeconfig('multi'), 'scanner'],
    ['--context within $KUBECONFIG', ['--context', 'admin'], () => kubeconfig('multi'), 'admin'],
    ['--kubeconfig over $KUBECONFIG', ['--kubeconfig', kubeconfig('multi'), '--context', 'scanner'], () => kubeconfig('admin'), 'scanner'],
    [
      'a $KUBECONFIG list whose first file is missing',
      ['--context', 'admin'],
      () => [join(home, 'missing.yaml'), kubeconfig('multi'), kubeconfig('admin')].join(delimiter),
      'admin',
    ],
  ];
  it.each(cases)('uses the identity kubectl uses: %s', async (_name, settings, kubeconfigEnv, context) => {
    const expectedUser = whoami(settings, kubeconfigEnv());
    const offset = auditOffset();
    const run = await runKubectl(['tenantscan', 'scan', ...settings, '--format', 'json', '--quiet'], kubeconfigEnv());
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { source: { type: string; context?: string } };
    expect(report.source).toMatchObject({ type: 'cluster', context });
    const events = auditEventsSince(offset).filter((e) => e.userAgent?.startsWith('tenantscan'));
    expect(events.length).toBeGreaterThan(0);
    expect(new Set(events.map((e) => e.user?.username))).toEqual(new Set([expectedUser]));
    expect(eventsBy(events, expectedUser).length).toBe(events.length);
  });
});

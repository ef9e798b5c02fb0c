import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
/** What `npm pack` needs to build the package from source (the `prepare` script compiles with tsconfig.json, then bundles). */
const SOURCES = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'README.md',
  'bin',
  'cli',
  'src',
  'checks',
  'reports',
  'docs',
  'scripts',
];

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The package as a user gets it: `npm pack` on a copy of the sources (so its clean build, `prepack`
 * then `prepare`, does not touch this checkout's dist/ while other tests use it), then
 * `npm install -g --prefix` of the tarball into an empty folder, and the installed commands run
 * from outside the repository.
 */
describe('npm pack, then npm install -g of the tarball', () => {
  let work: string;
  let tarball: string;
  let files: string[];
  let prefix: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'tenantscan-pack-'));
    const stage = join(work, 'stage');
    mkdirSync(stage);
    for (const entry of SOURCES) cpSync(join(ROOT, entry), join(stage, entry), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(stage, 'node_modules'));
    const pack = run('npm', ['pack', '--json', '--pack-destination', work], stage);
    expect(pack.status, pack.stderr).toBe(0);
    const [info] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>;
    tarball = join(work, info.filename);
    files = info.files.map((f) => f.path);
    prefix = join(work, 'prefix');
    const install = run('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball], work);
    expect(install.status, install.stderr).toBe(0);
    env = { ...process.env, PATH: `${join(prefix, 'bin')}:${process.env.PATH}`, HOME: work };
    delete env.KUBECONFIG;
  }, 480_000);
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('holds the built code, the schemas and the docs the CLI prints, and no tests, sources or source maps', () => {
    for (const needed of [
      'bin/tenantscan.js',
      'bin/kubectl-tenantscan.js',
      'dist/cli/main.js',
      'dist/bundle/main.js',
      'dist/bundle/parse-worker.js',
      'dist/src/index.js',
      'dist/src/index.d.ts',
      'src/config/config.schema.json',
      'reports/schema/report.schema.json',
      'reports/html/report.eta',
      'docs/checks/network-policy-missing.md',
    ])
      expect(files).toContain(needed);
    expect(files.filter((f) => /^test\/|\.test\.|\.map$|(?<!\.d)\.ts$/.test(f))).toEqual([]);
    process.stderr.write(`[pack] ${files.length} files, ${statSync(tarball).size} bytes packed\n`);
  });

  it('installs working tenantscan and kubectl-tenantscan commands', () => {
    const bins = readdirSync(join(prefix, 'bin')).sort();
    expect(bins).toEqual(['kubectl-tenantscan', 'tenantscan']);
    const cwd = mkdtempSync(join(work, 'cwd-'));

    const version = run('tenantscan', ['--version'], cwd, env);
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe('0.1.0');

    const scan = run('tenantscan', ['scan', '--file', join(ROOT, 'examples', 'shared-cluster'), '--format', 'json'], cwd, env);
    expect(scan.status, scan.stderr).toBe(0);
    const report = JSON.parse(scan.stdout) as { tool: { version: string }; tenants: unknown[]; results: unknown[] };
    expect(report.tenants.length).toBeGreaterThan(0);
    expect(report.results.length).toBeGreaterThan(0);

    const explain = run('tenantscan', ['explain', 'network-policy-missing'], cwd, env);
    expect(explain.status, explain.stderr).toBe(0);
    expect(explain.stdout).toMatch(/^# network-policy-missing/);

    const help = run('kubectl-tenantscan', ['--help'], cwd, env);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^kubectl tenantscan <command> \[options\]/);
    expect(help.stdout).toMatch(/--kubeconfig/);
  });
});

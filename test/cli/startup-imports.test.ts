import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

// Start-up (issue 15, point 4): a manifest scan loads only what it uses from the bundle
// (dist/bundle/, scripts/bundle.mjs). The kubeconfig handling (src/sources/cluster-kubeconfig.ts,
// which carries @kubernetes/client-node: 2 MB, about 0.1 s of CPU to compile) is for live and fleet
// scans. A module hook lists every file the process loads.
const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'tenantscan.js');
const EXAMPLE = join(ROOT, 'examples', 'shared-cluster');

function loadedBy(args: string[]): { status: number | null; files: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'tenantscan-imports-'));
  const hooks = join(dir, 'hooks.mjs');
  writeFileSync(
    hooks,
    "export async function load(url, context, next) { process._rawDebug('LOADED ' + url); return next(url, context); }\n",
  );
  const register = join(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  const run = spawnSync(process.execPath, ['--import', register, BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', KUBECONFIG: join(dir, 'missing-kubeconfig') },
  });
  const files = [...run.stderr.matchAll(/^LOADED (\S+)$/gm)].map((m) => m[1]).filter((url) => url.startsWith('file:'));
  return { status: run.status, files };
}

const kubeconfigChunk = (url: string) => /\/dist\/bundle\/cluster-kubeconfig-[^/]*\.js$/.test(url) || url.includes('client-node');

describe('start-up imports', () => {
  it('a manifest scan does not load the kubeconfig handling; a fleet scan does', () => {
    const scan = loadedBy([
      'scan',
      '--file',
      EXAMPLE,
      '--format',
      'json',
      '--output',
      join(tmpdir(), 'tenantscan-imports.json'),
      '--quiet',
    ]);
    expect(scan.status).toBe(0);
    expect(scan.files.some((url) => url.endsWith('/dist/bundle/main.js'))).toBe(true);
    expect(scan.files.filter(kubeconfigChunk)).toEqual([]);

    // the control: a fleet scan (two contexts of a kubeconfig that does not exist: exit 2) loads it
    const fleet = loadedBy(['scan', '--context', 'a', '--context', 'b', '--format', 'json']);
    expect(fleet.status).toBe(2);
    expect(fleet.files.filter(kubeconfigChunk)).not.toEqual([]);
  });
});

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/** Where scripts/tools/build.sh puts kubectl and Helm ($TENANTSCAN_TOOLS_DIR, else ~/.cache/tenantscan/tools). */
export const TOOLS_DIR: string =
  process.env.TENANTSCAN_TOOLS_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'tenantscan', 'tools');

export type GoTool = 'kubectl' | 'helm';

/**
 * The path of a pinned, Go-built tool (kubectl of the control plane's Kubernetes release, or Helm;
 * versions in scripts/cluster/versions.env and scripts/tools/versions.env). With Go on PATH it runs
 * scripts/tools/build.sh, which is a quick no-op when the cached binary is current and a build of
 * minutes otherwise (.ci/run builds both ahead, in the background). A kubectl or helm that happens to
 * be installed on the machine is never used.
 *
 * @returns undefined when the tool cannot be had here (no Go and nothing cached), after a loud
 *   message on stderr, so that the caller skips.
 * @throws Error under CI=true instead of skipping, and when the build fails.
 */
export function goTool(name: GoTool): string | undefined {
  const path = join(TOOLS_DIR, name);
  if (spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0) {
    const build = spawnSync('bash', [join(ROOT, 'scripts', 'tools', 'build.sh'), name], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (build.status !== 0) throw new Error(`scripts/tools/build.sh ${name} failed (exit ${build.status}); see its output above`);
    return path;
  }
  if (existsSync(path)) return path;
  const message = `tests that need ${name} SKIPPED: Go is not installed and ${path} is not built. Install Go >= 1.26 and run bash scripts/tools/build.sh ${name}.`;
  if (process.env.CI === 'true') throw new Error(`${message} Under CI=true a missing tool is a failure.`);
  process.stderr.write(`\n${'!'.repeat(100)}\n!!! ${message}\n${'!'.repeat(100)}\n\n`);
  return undefined;
}

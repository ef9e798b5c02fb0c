// Other manifest scanners, timed on the same inputs as tenantscan (`npm run bench -- --peers`).
// Each is installed once with `go install MODULE@VERSION` from the Go module proxy into
// ~/.cache/tenantscan/peers/NAME-VERSION/ (never into the repository); versions are pinned here.
// A module the proxy refuses (it answers 403 for some module paths) is recorded as such, not retried
// within the run. Wall time and peak memory come from /usr/bin/time (GNU time, `%e %M`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export const PEERS_DIR = join(homedir(), '.cache', 'tenantscan', 'peers');

/**
 * The peers and how each reads a folder of manifests. `args(files, dir)`: kube-score takes files, the
 * others a folder. Each exits non-zero when it finds something: any exit code with a finished run counts.
 */
export const PEERS = [
  {
    name: 'kube-score',
    module: 'github.com/zegl/kube-score/cmd/kube-score',
    version: 'v1.20.0',
    binary: 'kube-score',
    args: (files) => ['score', '--output-format', 'ci', ...files],
  },
  {
    name: 'KubeLinter',
    module: 'golang.stackrox.io/kube-linter/cmd/kube-linter',
    version: 'v0.7.5',
    binary: 'kube-linter',
    args: (files, dir) => ['lint', dir],
  },
  {
    name: 'Polaris',
    module: 'github.com/fairwindsops/polaris',
    version: 'v10.1.3',
    binary: 'polaris',
    args: (files, dir) => ['audit', '--audit-path', dir, '--format', 'json'],
  },
];

/** Install every peer that is not in the cache yet. Returns, per peer, its binary or why it could not be installed. */
export function installPeers(log = (line) => process.stderr.write(`${line}\n`)) {
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  return PEERS.map((peer) => {
    const dir = join(PEERS_DIR, `${peer.name.toLowerCase()}-${peer.version}`);
    const binary = join(dir, peer.binary);
    if (existsSync(binary)) return { ...peer, binary };
    if (go.status !== 0) return { ...peer, refused: 'go is not installed (Go 1.26, see docs/test-cluster.md)' };
    log(`installing ${peer.name} ${peer.version} (go install ${peer.module}@${peer.version}) ...`);
    mkdirSync(dir, { recursive: true });
    const res = spawnSync('go', ['install', `${peer.module}@${peer.version}`], {
      encoding: 'utf8',
      env: { ...process.env, GOBIN: dir, GOFLAGS: '-mod=mod', GO111MODULE: 'on' },
      cwd: tmpdir(),
    });
    if (res.status === 0 && existsSync(binary)) return { ...peer, binary };
    rmSync(dir, { recursive: true, force: true });
    const reason = (res.stderr || res.stdout || `exit ${res.status}`)
      .split('\n')
      .filter((l) => l && !l.startsWith('go: downloading'))
      .slice(0, 2)
      .join(' ')
      .trim();
    return { ...peer, refused: reason };
  });
}

/** Every .yaml/.yml file under `dir`, sorted. */
function manifestFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .sort();
}

/**
 * One timed run of an installed peer on a folder of manifests: wall ms, peak memory (MB, from GNU time
 * when /usr/bin/time exists, else undefined), exit code.
 */
export function timePeer(peer, dir) {
  const usage = join(tmpdir(), `tenantscan-bench-peer-${process.pid}.txt`);
  const argv = [peer.binary, ...peer.args(manifestFiles(dir), dir)];
  const timed = existsSync('/usr/bin/time');
  const start = performance.now();
  const res = spawnSync(timed ? '/usr/bin/time' : argv[0], timed ? ['-f', '%e %M', '-o', usage, ...argv] : argv.slice(1), {
    stdio: 'ignore',
  });
  const ms = performance.now() - start;
  let maxRssMb;
  if (timed) {
    maxRssMb = Number(readFileSync(usage, 'utf8').trim().split('\n').pop().split(' ')[1]) / 1024;
    rmSync(usage, { force: true });
  }
  return { ms, maxRssMb, exitCode: res.status, signal: res.signal ?? undefined };
}

import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// bin/tenantscan.js runs the bundle (dist/bundle/, scripts/bundle.mjs), which carries its own copy of
// what @kubernetes/client-node's KubeConfig needs: this proves that copy reads a kubeconfig and
// applies its credentials to the requests, against a loopback server that refuses every request
// (plain HTTP is accepted only with insecure-skip-tls-verify, as for kubectl proxy).
const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'tenantscan.js');
const seen: Array<{ path: string; authorization?: string }> = [];
let server: http.Server;
let kubeconfig: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({ path: req.url ?? '', authorization: req.headers.authorization });
    res
      .writeHead(403, { 'Content-Type': 'application/json' })
      .end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Forbidden', code: 403, message: 'forbidden' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const dir = mkdtempSync(join(tmpdir(), 'tenantscan-bundled-live-'));
  kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters: [{name: loop, cluster: {server: "http://127.0.0.1:' +
        (server.address() as AddressInfo).port +
        '", insecure-skip-tls-verify: true}}]',
      'users: [{name: auditor, user: {token: s3cr3t-token}}]',
      'contexts: [{name: loop, context: {cluster: loop, user: auditor}}]',
      'current-context: loop',
      '',
    ].join('\n'),
  );
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('the bundled CLI on the live path', () => {
  it('loads the kubeconfig, sends its token, and ends with exit 3 and one clear line when nothing is readable', async () => {
    const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, [BIN, 'scan', '--kubeconfig', kubeconfig, '--format', 'json', '--timeout', '30'], {
        env: { ...process.env, NO_COLOR: '1' },
      });
      let stderr = '';
      child.stderr?.on('data', (chunk: string) => (stderr += chunk));
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((r) => r.authorization === 'Bearer s3cr3t-token')).toBe(true);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).not.toMatch(/\n\s+at .*\(/); // no stack trace
  });
});

import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scanInProcess } from '../helpers/cli.js';
import { type HostileServer, hostileApiServer, kubeconfigFor, serverCertificate } from '../helpers/hostile-api-server.js';

/**
 * Credentials from a kubeconfig user entry, as kubectl gets them: `tokenFile`, and exec credential
 * plugins that fail or hang. The API server (test/helpers/hostile-api-server.ts) accepts one token only.
 */

const TOKEN = 'the-right-token';
let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Scan with a kubeconfig whose user entry is `user`, written in a fresh folder (`files` are written beside it). */
async function scanAs(
  user: Record<string, unknown>,
  files: Record<string, string> = {},
  timeout = 20,
  dir = mkdtempSync(join(tmpdir(), 'tenantscan-cred-')),
) {
  server ??= await hostileApiServer({}, { token: TOKEN });
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(dir, name), text);
    if (name.endsWith('.sh')) chmodSync(join(dir, name), 0o755);
  }
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, kubeconfigFor(server.url, serverCertificate(), user));
  return { dir, ...(await scanInProcess({ kubeconfig, timeout })) };
}

const execCredential = `{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"${TOKEN}"}}`;
const exec = (command: string) => ({ exec: { apiVersion: 'client.authentication.k8s.io/v1', command } });

describe('tokenFile', () => {
  it('is read (relative to the kubeconfig) and sent as the bearer token', async () => {
    const { code, stderr } = await scanAs({ tokenFile: 'token' }, { token: `${TOKEN}\n` });
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('a missing tokenFile is named as such, not blamed on an expired token', async () => {
    const run = scanAs({ tokenFile: '/nonexistent/token' });
    await expect(run).rejects.toMatchObject({
      exitCode: 3,
      message: expect.stringContaining('the tokenFile of user "tester", /nonexistent/token, does not exist'),
    });
    await expect(run).rejects.not.toMatchObject({ message: expect.stringContaining('expired') });
  });
});

describe('exec credential plugins', () => {
  it('a working plugin (relative command, stdin closed, KUBERNETES_EXEC_INFO set) gives the token', async () => {
    const script = `#!/bin/sh\nread -r line || true\necho "$KUBERNETES_EXEC_INFO" > "$(dirname "$0")/info.json"\necho '${execCredential}'\n`;
    const { code, dir } = await scanAs(exec('./plugin.sh'), { 'plugin.sh': script });
    expect(code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'info.json'), 'utf8'))).toEqual({
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      spec: { interactive: false },
    });
  });

  it('a failing plugin gives its exit code and stderr as the reason', async () => {
    const script = '#!/bin/sh\necho "error: not logged in; run: cloud auth login" >&2\nexit 7\n';
    await expect(scanAs(exec('./plugin.sh'), { 'plugin.sh': script })).rejects.toMatchObject({
      exitCode: 3,
      message: expect.stringMatching(
        /could not get credentials for user "tester".*exec credential plugin ".*plugin.sh" exited with code 7: error: not logged in; run: cloud auth login/,
      ),
    });
  });

  it('a plugin that fails silently says so', async () => {
    await expect(scanAs(exec('./plugin.sh'), { 'plugin.sh': '#!/bin/sh\nexit 3\n' })).rejects.toMatchObject({
      message: expect.stringContaining('exited with code 3 and printed nothing on stderr'),
    });
  });

  it('a plugin that is not installed says so, with its install hint', async () => {
    const user = { exec: { ...exec('tenantscan-no-such-plugin').exec, installHint: 'install it with: brew install nothing' } };
    await expect(scanAs(user)).rejects.toMatchObject({
      message: expect.stringContaining(
        'exec credential plugin "tenantscan-no-such-plugin" could not be started: it is not installed or not on PATH (install it with: brew install nothing)',
      ),
    });
  });

  it('a plugin that hangs is stopped at --timeout (exit 3), and killed', async () => {
    const script = '#!/bin/sh\necho $$ > "$(dirname "$0")/pid"\nexec sleep 60\n';
    const started = Date.now();
    const dir = mkdtempSync(join(tmpdir(), 'tenantscan-cred-'));
    const run = scanAs(exec('./plugin.sh'), { 'plugin.sh': script }, 1, dir);
    await expect(run).rejects.toMatchObject({ exitCode: 3, message: expect.stringContaining('time budget') });
    expect(Date.now() - started).toBeLessThan(10_000);
    const pid = Number(readFileSync(join(dir, 'pid'), 'utf8'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  });
});

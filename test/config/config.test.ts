import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { settingsOf } from '../../cli/scan-command.js';
import { printConfig } from '../../cli/config-command.js';

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tenantscan-config-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('config file', () => {
  it('is found from the working directory upwards, and flags override it', () => {
    const dir = tempDir({
      '.tenantscan.yaml': 'profile: multi-customer\nfailOn: high\ntenancy:\n  tenantLabel: team\nchecksDir: ./my-checks\n',
      'sub/deeper/.keep': '',
    });
    const fromFile = settingsOf({}, join(dir, 'sub', 'deeper'));
    expect(fromFile).toMatchObject({
      configFile: join(dir, '.tenantscan.yaml'),
      profile: 'multi-customer',
      failOn: 'high',
      tenancy: { tenantLabel: 'team' },
      checksDir: join(dir, 'my-checks'),
    });
    const withFlags = settingsOf({ profile: 'multi-team', tenantLabel: 'owner' }, join(dir, 'sub'));
    expect(withFlags).toMatchObject({ profile: 'multi-team', failOn: 'high', tenancy: { tenantLabel: 'owner' } });
  });

  it('reports every schema error at once, with its path', () => {
    const dir = tempDir({
      'bad.yaml':
        'profile: multi-tenant\nseverity:\n  network-policy-missing: severe\nwaivers:\n  - check: quota-missing\n    expires: tomorrow\nunknownKey: 1\n',
    });
    expect(() => settingsOf({ config: join(dir, 'bad.yaml') }, dir)).toThrowError(
      expect.objectContaining({
        exitCode: 2,
        message: expect.stringMatching(
          /bad\.yaml is invalid:[\s\S]*\(top level\): must NOT have additional properties "unknownKey"[\s\S]*\/profile: must be equal to one of the allowed values: multi-team, multi-customer[\s\S]*\/severity\/network-policy-missing: must be equal to one of the allowed values[\s\S]*\/waivers\/0: must have required property 'reason'[\s\S]*\/waivers\/0\/expires: must match pattern/,
        ),
      }),
    );
  });

  it('reports invalid YAML with its line, and a missing --config file', () => {
    const dir = tempDir({ 'broken.yaml': 'profile: multi-team\nwaivers: [\n' });
    expect(() => settingsOf({ config: join(dir, 'broken.yaml') }, dir)).toThrowError(
      expect.objectContaining({ exitCode: 2, message: expect.stringMatching(/broken\.yaml:\d+: invalid YAML/) }),
    );
    expect(() => settingsOf({ config: join(dir, 'missing.yaml') }, dir)).toThrowError(
      expect.objectContaining({ exitCode: 2, message: expect.stringContaining('missing.yaml does not exist: check --config') }),
    );
  });

  it('rejects severity overrides for unknown check IDs', async () => {
    const { scanInProcess } = await import('../helpers/cli.js');
    const dir = tempDir({ '.tenantscan.yaml': 'severity:\n  workload-privileged-typo: low\n' });
    await expect(
      scanInProcess({ file: [join(import.meta.dirname, 'fixtures', 'cluster.yaml')], config: join(dir, '.tenantscan.yaml') }),
    ).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('severity names unknown check(s): workload-privileged-typo') });
  });

  it('reads network.podCIDRs and rejects what is not a CIDR', async () => {
    const ok = tempDir({ '.tenantscan.yaml': 'network:\n  podCIDRs: [10.244.0.0/16, "fd00:10:244::/56"]\n' });
    const settings = settingsOf({}, ok);
    expect(settings.network.podCIDRs).toEqual(['10.244.0.0/16', 'fd00:10:244::/56']);
    expect(printConfig(settings)).toContain('network:\n  podCIDRs:\n    - 10.244.0.0/16\n');
    const bad = tempDir({ '.tenantscan.yaml': 'network:\n  podCIDRs: [10.244.0.0]\n' });
    expect(() => settingsOf({}, bad)).toThrow(/network\/podCIDRs\/0/);
  });

  it('prints the effective configuration (config --print)', () => {
    const dir = tempDir({ '.tenantscan.yaml': 'sandboxHandlers: [runsc]\ndisabledChecks: [runtime-sandbox-missing]\n' });
    const text = printConfig(settingsOf({ tenantLabel: 'team' }, dir));
    expect(text).toContain(`# from ${join(dir, '.tenantscan.yaml')}`);
    expect(text).toContain('profile: multi-team');
    expect(text).toContain('sandboxHandlers:\n  - runsc\n');
    expect(text).toContain('disabledChecks:\n  - runtime-sandbox-missing\n');
    expect(text).toContain('tenantLabel: team');
  });
});

import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifests } from '../../src/sources/manifests.js';

const deployment = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: team-a\nspec:\n  template:\n    spec:\n      containers: [{ name: c, image: x, securityContext: { privileged: true } }]\n`;

describe('a folder walk follows symbolic links', () => {
  it('reads symlinked files and folders, stops at a loop, and reports a broken link', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tenantscan-links-'));
    const elsewhere = mkdtempSync(join(tmpdir(), 'tenantscan-target-'));
    writeFileSync(join(elsewhere, 'privileged.yaml'), deployment('behind-file-link'));
    mkdirSync(join(elsewhere, 'more'));
    writeFileSync(join(elsewhere, 'more', 'other.yaml'), deployment('behind-folder-link'));
    const scan = join(root, 'manifests');
    mkdirSync(scan);
    writeFileSync(join(scan, 'plain.yaml'), deployment('plain'));
    symlinkSync(join(elsewhere, 'privileged.yaml'), join(scan, 'linked.yaml'));
    symlinkSync(join(elsewhere, 'more'), join(scan, 'linked-folder'));
    symlinkSync(scan, join(scan, 'loop')); // a folder that links to itself
    symlinkSync(join(elsewhere, 'missing.yaml'), join(scan, 'broken.yaml'));

    const input = await loadManifests([scan]);
    expect(input.objects.map((o) => o.metadata.name).sort()).toEqual(['behind-file-link', 'behind-folder-link', 'plain']);
    expect(input.loadErrors).toEqual([
      { file: join(scan, 'broken.yaml'), message: expect.stringContaining('broken symbolic link') as string },
    ]);
  });
});

// As root every folder can be read, so the refusal cannot be staged there.
describe.skipIf(process.getuid?.() === 0)('a sub-folder that cannot be read', () => {
  it('is a path error naming it (exit 2 in the CLI), not an internal error', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tenantscan-locked-'));
    writeFileSync(join(root, 'plain.yaml'), deployment('plain'));
    mkdirSync(join(root, 'locked'));
    chmodSync(join(root, 'locked'), 0o000);
    try {
      await expect(loadManifests([root])).rejects.toThrow(`${join(root, 'locked')}: cannot read this folder`);
    } finally {
      chmodSync(join(root, 'locked'), 0o755);
    }
  });
});

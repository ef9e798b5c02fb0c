import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifests } from '../../src/sources/manifests.js';

/** Byte order marks and encodings of manifest files (issue 12): what editors, `cat` and PowerShell write. */

const NS = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n';
const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: café\n  namespace: team-a\n';

async function load(bytes: Buffer) {
  const file = join(mkdtempSync(join(tmpdir(), 'tenantscan-enc-')), 'm.yaml');
  writeFileSync(file, bytes);
  const input = await loadManifests([file]);
  return {
    file,
    names: input.objects.map((o) => `${o.kind}/${o.metadata.name}@${input.locations?.get(o)?.line}`),
    errors: input.loadErrors ?? [],
  };
}

describe('byte order marks', () => {
  it('a BOM at the start of a later document (files joined with cat) is dropped', async () => {
    const { names, errors } = await load(Buffer.from(`\ufeff${NS}---\n\ufeff${CM}`));
    expect(errors).toEqual([]);
    expect(names).toEqual(['Namespace/team-a@1', 'ConfigMap/café@6']);
  });

  it('a BOM before a document marker is dropped too', async () => {
    const { names, errors } = await load(Buffer.from(`${NS}\ufeff---\n${CM}`));
    expect(errors).toEqual([]);
    expect(names).toEqual(['Namespace/team-a@1', 'ConfigMap/café@6']);
  });
});

describe('UTF-16 files, as Windows PowerShell writes them', () => {
  const text = `\ufeff${NS}---\n${CM}`.replace(/\n/g, '\r\n');

  it('UTF-16 LE with a BOM is decoded', async () => {
    const { names, errors } = await load(Buffer.from(text, 'utf16le'));
    expect(errors).toEqual([]);
    expect(names).toEqual(['Namespace/team-a@1', 'ConfigMap/café@6']);
  });

  it('UTF-16 BE with a BOM is decoded', async () => {
    const { names, errors } = await load(Buffer.from(text, 'utf16le').swap16());
    expect(errors).toEqual([]);
    expect(names).toEqual(['Namespace/team-a@1', 'ConfigMap/café@6']);
  });
});

describe('bytes that are not valid UTF-8', () => {
  it('are reported as a warning with the file and the line of the first one, and the file is still read', async () => {
    const latin1 = Buffer.concat([Buffer.from(NS), Buffer.from('---\n'), Buffer.from(CM, 'latin1')]); // é as one byte 0xE9
    const { file, names, errors } = await load(latin1);
    expect(names).toEqual(['Namespace/team-a@1', 'ConfigMap/caf\ufffd@6']);
    expect(errors).toEqual([
      {
        file,
        line: 9,
        level: 'warning',
        message: expect.stringMatching(/^not valid UTF-8 \(first at line 9\): .*U\+FFFD.*Save the file as UTF-8$/),
      },
    ]);
  });

  it('valid UTF-8, a U+FFFD written as such included, gives no warning', async () => {
    const { errors } = await load(Buffer.from(`${NS}---\n${CM.replace('café', 'caf\ufffd')}`));
    expect(errors).toEqual([]);
  });
});

import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InputTooLargeError, readFileBounded, readStreamBounded } from '../../src/sources/bounded-read.js';
import { loadManifests } from '../../src/sources/manifests.js';

const MB = 1024 * 1024;
const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: piped\n';

/** A FIFO at `path` (mkfifo), and a writer that sends `text` into it once a reader opens it. */
function fifoWithText(path: string, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const make = spawn('mkfifo', [path]);
    make.on('error', reject);
    make.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`mkfifo exited ${code}`));
      // the writer blocks until the scan opens the FIFO for reading, as `<(helm template …)` does
      const writer = spawn('sh', ['-c', `printf '%s' "$1" > "$2"`, 'sh', text, path], { stdio: 'ignore' });
      writer.on('error', reject);
      resolve();
    });
  });
}

describe('bounded reads (hostile input: /dev/zero, endless pipes, huge files)', () => {
  it('refuses a regular file over the bound by its size, before reading it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tenantscan-bounded-')), 'big.yaml');
    writeFileSync(file, Buffer.alloc(3 * MB, 0x61));
    expect(() => readFileBounded(file, 2 * MB)).toThrow(InputTooLargeError);
    expect(() => readFileBounded(file, 2 * MB)).toThrow(`${file} is 3 MB, larger than the 2 MB tenantscan reads`);
    expect(readFileBounded(file, 4 * MB).length).toBe(3 * MB);
  });

  it('stops reading a device that never ends (/dev/zero) at the bound', () => {
    expect(() => readFileBounded('/dev/zero', 4 * MB)).toThrow('/dev/zero is larger than the 4 MB tenantscan reads');
  });

  it('stops reading a stream (stdin) at the bound, and reads one under it whole', async () => {
    const endless = Readable.from(
      (function* () {
        for (;;) yield Buffer.alloc(MB);
      })(),
    );
    await expect(readStreamBounded(endless, 3 * MB, 'stdin')).rejects.toThrow('stdin is larger than the 3 MB tenantscan reads');
    expect((await readStreamBounded(Readable.from([Buffer.from('a'), 'b']), MB, 'stdin')).toString()).toBe('ab');
  });
});

describe('pipes as manifest input', () => {
  it('reads a FIFO named on its own (--file <(helm template …)), and locates its objects in the text read once', async () => {
    const fifo = join(mkdtempSync(join(tmpdir(), 'tenantscan-fifo-')), 'chart');
    await fifoWithText(fifo, NAMESPACE);
    const input = await loadManifests([fifo]);
    expect(input.loadErrors).toEqual([]);
    expect(input.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Namespace/piped']);
    expect(input.locations!.get(input.objects[0])).toEqual({ file: fifo, line: 1 });
  });

  it('names a FIFO inside a folder as skipped instead of blocking on it, and reads the files beside it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tenantscan-fifo-dir-'));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'ns.yaml'), NAMESPACE);
    await new Promise<void>((resolve, reject) =>
      spawn('mkfifo', [join(dir, 'sub', 'pipe.yaml')]).on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`mkfifo ${code}`)))),
    );
    const input = await loadManifests([dir]);
    expect(input.objects.map((o) => o.metadata.name)).toEqual(['piped']);
    expect(input.loadErrors).toEqual([
      {
        file: join(dir, 'sub', 'pipe.yaml'),
        message: 'not a regular file (a pipe, socket or device): skipped; name it on its own with --file to read it',
      },
    ]);
  });
});

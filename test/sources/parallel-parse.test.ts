import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { ResourceIndexInput } from '../../src/model/index.js';

// Workers run the built parse worker (dist/src/sources/parse-worker.js), so this test loads the built
// source, as the CLI does (npm test and the unit suite build first).
const ROOT = join(import.meta.dirname, '..', '..');
type Manifests = typeof import('../../src/sources/manifests.js');
type ParallelParse = typeof import('../../src/sources/parallel-parse.js');
const built = <T>(module: string) => import(pathToFileURL(join(ROOT, 'dist', 'src', 'sources', module)).href) as Promise<T>;
const { loadManifests, ManifestPathError, PARALLEL_MIN_BYTES } = await built<Manifests>('manifests.js');
const { autoWorkerCount } = await built<ParallelParse>('parallel-parse.js');

/** What a load gives, in order: objects with their locations, errors, files. */
function loaded(input: ResourceIndexInput) {
  return {
    objects: input.objects.map((object) => ({ object, location: input.locations?.get(object) })),
    loadErrors: input.loadErrors,
    source: input.source,
  };
}

const tmp = mkdtempSync(join(tmpdir(), 'tenantscan-parallel-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('parsing on worker threads', () => {
  it('loads the example cluster and every fixture of the suite exactly as a serial load does', async () => {
    // test/ holds the check fixtures, the loader's malformed documents (broken, garbage, empty), Lists and JSON files
    const paths = [join(ROOT, 'examples'), join(ROOT, 'test')];
    const serial = loaded(await loadManifests(paths, { workers: 0 }));
    const parallel = loaded(await loadManifests(paths, { workers: 2 }));
    expect(serial.objects.length).toBeGreaterThan(500);
    expect((serial.loadErrors ?? []).some((e) => e.file.endsWith('broken.yaml') && e.line !== undefined && !e.level)).toBe(true);
    expect(parallel).toStrictEqual(serial);
  });

  it('locates fields in the files read again after a parallel load, as after a serial one', async () => {
    const paths = [join(ROOT, 'examples', 'shared-cluster')];
    const [serial, parallel] = [await loadManifests(paths, { workers: 0 }), await loadManifests(paths, { workers: 2 })];
    const where = (input: ResourceIndexInput) =>
      input.objects.map((o) => [
        o.metadata.name,
        input.fieldLocators?.get(o)?.('/metadata/name'),
        input.fieldLocators?.get(o)?.('/spec/x'),
      ]);
    const located = where(parallel);
    expect(located.length).toBeGreaterThan(50);
    expect(located.every(([, name]) => (name as { column?: number } | undefined)?.column !== undefined)).toBe(true);
    expect(located).toStrictEqual(where(serial));
  });

  it('keeps what JSON would lose: timestamps, NaN and infinities, and isolates a malformed document between good ones', async () => {
    const dir = join(tmp, 'values');
    mkdirSync(dir);
    const doc = (name: string, extra: string) => `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${extra}`;
    writeFileSync(
      join(dir, 'a.yaml'),
      [
        doc('dates', 'data:\n  when: 2024-02-29T10:00:00Z\n  day: 2025-01-01\n'),
        doc('numbers', 'data:\n  nan: .nan\n  inf: -.inf\n  shared: &s {a: 1}\n  again: *s\n'),
        '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: broken\ndata: {}\n',
        doc('after', 'data: {}\n'),
      ].join(''),
    );
    writeFileSync(join(dir, 'b.yaml'), doc('other-file', 'data: {}\n'));
    const serial = loaded(await loadManifests([dir], { workers: 0 }));
    const parallel = loaded(await loadManifests([dir], { workers: 2 }));
    expect(parallel).toStrictEqual(serial);
    const when = serial.objects[0].object.data.when as unknown;
    expect(when).toBeInstanceOf(Date);
    expect(parallel.objects[0].object.data.when).toBeInstanceOf(Date);
    expect(Number.isNaN(parallel.objects[1].object.data.nan)).toBe(true);
    expect(parallel.objects.map((o) => `${o.object.metadata.name} ${o.location?.file.slice(dir.length + 1)}:${o.location?.line}`)).toEqual([
      'dates a.yaml:2',
      'numbers a.yaml:10',
      'after a.yaml:25',
      'other-file b.yaml:2',
    ]);
    expect(parallel.loadErrors).toEqual([{ file: join(dir, 'a.yaml'), line: 23, message: expect.stringMatching(/^invalid YAML/) }]);
  });

  it('fails on an unreadable file with the message of a serial load', async () => {
    // /proc/self/mem is a file that stat accepts and every read refuses (EIO), even for root
    const paths = [join(ROOT, 'examples'), '/proc/self/mem'];
    const serial = await loadManifests(paths, { workers: 0 }).catch((e: Error) => e);
    const parallel = await loadManifests(paths, { workers: 2 }).catch((e: Error) => e);
    expect(serial).toBeInstanceOf(ManifestPathError);
    expect(parallel).toBeInstanceOf(ManifestPathError);
    expect((parallel as Error).message).toBe((serial as Error).message);
  });

  it('uses workers only from PARALLEL_MIN_BYTES of input on, one per core', () => {
    const small = join(tmp, 'small.yaml');
    const big = join(tmp, 'big.yaml');
    writeFileSync(small, 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n');
    writeFileSync(big, `# ${'x'.repeat(PARALLEL_MIN_BYTES)}\n`);
    expect(autoWorkerCount([small, small])).toBe(0);
    expect(autoWorkerCount([big])).toBe(0); // one file is parsed whole by one thread: no worker would help
    expect(autoWorkerCount([small, big])).toBe(availableParallelism() >= 2 ? 2 : 0);
  });
});

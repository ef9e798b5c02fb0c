import { Readable } from 'node:stream';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifests, parseManifestText, splitDocuments } from '../../src/sources/manifests.js';
import type { KubeObject } from '../../src/model/types.js';

const FIX = join(import.meta.dirname, 'fixtures');
const byName = (objects: KubeObject[], name: string) => objects.find((o) => o.metadata.name === name);

describe('manifest source', () => {
  it('reads Helm template output: empty and comment-only documents, --- inside a block scalar', async () => {
    const input = await loadManifests([join(FIX, 'helm-output.yaml')]);
    expect(input.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['ConfigMap/app-config', 'Deployment/app', 'Service/app']);
    expect(input.loadErrors).toEqual([]);
    const cm = byName(input.objects, 'app-config')!;
    expect(cm.data['embedded.yaml']).toBe('first: 1\n---\nsecond: 2\n');
    expect(input.locations!.get(cm)).toEqual({ file: join(FIX, 'helm-output.yaml'), line: 7 });
    expect(input.locations!.get(byName(input.objects, 'app')!)?.line).toBe(19);
    const svc = input.objects.find((o) => o.kind === 'Service')!;
    expect(input.locations!.get(svc)?.line).toBe(30);
  });

  it('gives namespaced objects the default namespace and drops the namespace of cluster-scoped ones', async () => {
    const input = await loadManifests([join(FIX, 'helm-output.yaml'), join(FIX, 'list.json')], { defaultNamespace: 'apps' });
    expect(byName(input.objects, 'app-config')!.metadata.namespace).toBe('apps');
    expect(input.objects.find((o) => o.kind === 'Service')!.metadata.namespace).toBe('team-a');
    expect(byName(input.objects, 'fast')!.metadata.namespace).toBeUndefined();
  });

  it('expands kind: List in YAML and JSON, each item at its own line', async () => {
    const input = await loadManifests([join(FIX, 'list.yaml'), join(FIX, 'list.json')]);
    const where = (name: string) => input.locations!.get(byName(input.objects, name)!);
    expect(where('team-a')).toEqual({ file: join(FIX, 'list.yaml'), line: 5 });
    expect(where('builder')?.line).toBe(9);
    expect(where('team-b')).toEqual({ file: join(FIX, 'list.json'), line: 4 });
    expect(where('fast')?.line).toBe(11);
  });

  it('reports a broken document with file and line and still loads the documents around it', async () => {
    const input = await loadManifests([join(FIX, 'broken.yaml')]);
    expect(input.objects.map((o) => o.metadata.name)).toEqual(['good-before', 'good-after', 'typo']);
    const file = join(FIX, 'broken.yaml');
    const errors = (input.loadErrors ?? []).map((e) => ({ ...e, message: e.message.split('\n')[0] }));
    expect(errors.find((e) => e.message.startsWith('invalid YAML'))).toMatchObject({ file, line: 12 });
    expect(errors.find((e) => e.line === 19)?.message).toContain('not a Kubernetes object');
    expect(errors.find((e) => e.line === 21)).toMatchObject({
      level: 'warning',
      message: 'not a Kubernetes manifest (no kind, no metadata): skipped',
    });
    expect(errors.find((e) => e.line === 24)).toMatchObject({ level: 'warning' });
    expect(errors.find((e) => e.line === 24)?.message).toContain('unknown kind "Deploymnet"');
  });

  it('reports binary garbage and empty files without failing the others', async () => {
    const input = await loadManifests([join(FIX, 'garbage.yaml'), join(FIX, 'empty.yaml'), join(FIX, 'list.yaml')]);
    expect(input.objects).toHaveLength(2);
    expect(input.loadErrors).toEqual([
      { file: join(FIX, 'garbage.yaml'), line: 1, message: 'binary data, not a YAML or JSON manifest: skipped' },
      { file: join(FIX, 'empty.yaml'), line: 1, level: 'warning', message: 'no Kubernetes objects in this file (empty or only comments)' },
    ]);
  });

  it('walks folders recursively in sorted order, only .yaml/.yml/.json, and reads stdin for -', async () => {
    const stdin = Readable.from(['apiVersion: v1\nkind: Namespace\nmetadata:\n  name: from-stdin\n']);
    const input = await loadManifests([FIX, '-'], { stdin });
    const files = (input.source as { files: string[] }).files;
    expect(files).toEqual([
      ...['broken.yaml', 'empty.yaml', 'garbage.yaml', 'helm-output.yaml', 'list.json', 'list.yaml'].map((f) => join(FIX, f)),
      '<stdin>',
    ]);
    const ns = byName(input.objects, 'from-stdin')!;
    expect(input.locations!.get(ns)).toEqual({ file: '<stdin>', line: 1 });
  });

  it('names a file once when paths overlap, and skips node_modules', async () => {
    const input = await loadManifests([FIX, join(FIX, 'list.yaml')]);
    const files = (input.source as { files: string[] }).files;
    expect(files.filter((f) => f.endsWith('list.yaml'))).toHaveLength(1);
    expect(input.objects.filter((o) => o.metadata.name === 'builder')).toHaveLength(1);
  });

  it('throws a clear error for a path that does not exist', async () => {
    await expect(loadManifests([join(FIX, 'nope.yaml')])).rejects.toThrow(/nope.yaml: no such file or directory/);
  });

  it('splits only at column-0 markers', () => {
    const docs = splitDocuments('a: 1\n---\nb: |\n  ---\n  x\n--- c: 3\n');
    expect(docs.map((d) => d.startLine)).toEqual([1, 2, 6]);
    expect(docs[1].text).toContain('  ---');
  });

  it('keeps CRLF files and a BOM working', () => {
    const { objects, errors } = parseManifestText('\ufeffapiVersion: v1\r\nkind: Namespace\r\nmetadata:\r\n  name: crlf\r\n', 'x.yaml');
    expect(errors).toEqual([]);
    expect(objects[0].object.metadata.name).toBe('crlf');
  });
});

// The manifest source: files, folders and stdin to the objects of a scan. Its parts each have a
// file: the folder walk (manifest-files.ts), the document split (yaml-documents.ts), the parse of
// one file's text (manifest-text.ts), parse workers (parallel-parse.ts) and scopes (resolve-scopes.ts).
import type { ResourceIndexInput } from '../model/index.js';
import type { LoadError } from '../model/types.js';
import { decodeManifest } from './manifest-encoding.js';
import { type FileParse, parseManifestBytes, parseManifestFile } from './manifest-file-parse.js';
import { ManifestPathError, STDIN, isReadOnce, manifestFiles, readManifestFile, readStream } from './manifest-files.js';

const STDIN_LABEL = '<stdin>';
import type { ParsedObject } from './manifest-text.js';
import { autoWorkerCount, parseFilesOnWorkers } from './parallel-parse.js';
import { resolveScopes } from './resolve-scopes.js';

export { ManifestPathError, STDIN } from './manifest-files.js';
export { type ParsedObject, parseManifestText } from './manifest-text.js';
export { PARALLEL_MIN_BYTES } from './parallel-parse.js';
export { resolveScopes } from './resolve-scopes.js';
export { splitDocuments } from './yaml-documents.js';

export interface ManifestOptions {
  /** Namespace given to namespaced objects that name none (like `kubectl apply -n`). Default `default`. */
  defaultNamespace?: string;
  /** Read stdin from this stream instead of process.stdin (tests). */
  stdin?: NodeJS.ReadableStream;
  /**
   * Worker threads that read and parse the files: `auto` (the default) uses one per core when the
   * input is at least PARALLEL_MIN_BYTES (src/sources/parallel-parse.ts) and none below; 0 parses
   * on the main thread. The result is the same either way. A number above 0 needs the built worker
   * (dist/), else loadManifests throws.
   */
  workers?: number | 'auto';
}

/**
 * Load manifests from files, folders (walked recursively for .yaml/.yml/.json, in sorted order) and
 * stdin (`-`). Multi-document YAML, JSON, `kind: List` and Helm `template` output (empty and
 * comment-only documents) are understood. Every object keeps its file and line; a document that
 * cannot be parsed becomes a LoadError with file and line and the other documents are still read.
 * Large inputs are parsed on worker threads (see ManifestOptions.workers), in the same order.
 *
 * @throws ManifestPathError when a path does not exist or a file cannot be read.
 */
export async function loadManifests(paths: string[], options: ManifestOptions = {}): Promise<ResourceIndexInput> {
  const loadErrors: LoadError[] = [];
  const files = await manifestFiles(paths, loadErrors);
  // pipes and devices (`--file <(helm template …)`) are read once, here, and their text kept like stdin's
  const readOnce = new Set(files.filter((f) => f !== STDIN && isReadOnce(f)));
  const onDisk = files.filter((f) => f !== STDIN && !readOnce.has(f));
  const workers = options.workers === undefined || options.workers === 'auto' ? autoWorkerCount(onDisk) : options.workers;
  const fromWorkers = workers > 0 ? await parseFilesOnWorkers(onDisk, workers) : undefined;
  const parsed: ParsedObject[] = [];
  let diskIndex = 0;
  const keptText = new Map<string, string>();
  for (const file of files) {
    let out: FileParse;
    if (file === STDIN || readOnce.has(file)) {
      const label = file === STDIN ? STDIN_LABEL : file;
      const bytes = file === STDIN ? await readStream(options.stdin ?? process.stdin) : readManifestFile(file);
      keptText.set(label, decodeManifest(bytes).text);
      out = parseManifestBytes(bytes, label);
    } else out = fromWorkers?.[diskIndex++] ?? parseManifestFile(file);
    if ('unreadable' in out) throw new ManifestPathError(out.unreadable);
    // a loop, not push(...list): a List of 100,000+ items would overflow the call stack
    for (const o of out.objects) parsed.push(o);
    for (const e of out.errors) loadErrors.push(e);
  }
  // A finding's field is located in its file's text, read again (stdin: kept) only for files with findings.
  const onDiskSet = new Set(onDisk);
  const textOf = (file: string): string | undefined => {
    if (keptText.has(file)) return keptText.get(file);
    if (!onDiskSet.has(file)) return undefined;
    try {
      return decodeManifest(readManifestFile(file)).text;
    } catch {
      return undefined; // gone since: findings keep their objects' first lines
    }
  };
  return {
    ...resolveScopes(parsed, options.defaultNamespace ?? 'default', textOf),
    loadErrors,
    source: { type: 'manifests', files: files.map((f) => (f === STDIN ? STDIN_LABEL : f)) },
  };
}

import { statSync } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { LoadError } from '../model/types.js';
import { InputTooLargeError, MAX_MANIFEST_BYTES, readFileBounded, readStreamBounded } from './bounded-read.js';

/** The path that names standard input. */
export const STDIN = '-';
const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** Thrown for a path that does not exist or cannot be read: the CLI turns it into exit code 2. */
export class ManifestPathError extends Error {}

/**
 * The manifest files named by `paths` (files, folders walked recursively in sorted order, `-` for
 * stdin), each once even when paths overlap (a folder and a file inside it).
 *
 * @throws ManifestPathError when a path does not exist or a folder cannot be read.
 */
export async function manifestFiles(paths: string[], errors: LoadError[]): Promise<string[]> {
  const files: string[] = [];
  const walked = new Set<string>();
  for (const path of paths) for (const file of await expand(path, walked, errors)) files.push(file);
  return [...new Set(files)];
}

/**
 * The manifest files under `path`. Symbolic links to files and folders are followed (a gate must
 * not pass because a manifest sits behind a link); a folder already walked (a link loop) is not
 * walked again, and a link that leads nowhere is a load error.
 *
 * @throws ManifestPathError when `path` does not exist or a folder cannot be read.
 */
async function expand(path: string, walked: Set<string>, errors: LoadError[]): Promise<string[]> {
  if (path === STDIN) return [STDIN];
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new ManifestPathError(`${path}: no such file or directory`);
  }
  // a pipe named on the command line (`--file <(helm template …)`, a FIFO, /dev/stdin) is read once, as stdin is
  if (info.isFile() || info.isFIFO() || info.isCharacterDevice()) return [path];
  if (!info.isDirectory()) throw new ManifestPathError(`${path}: not a file, folder or pipe`);
  const real = await realpath(path);
  if (walked.has(real)) return [];
  walked.add(real);
  let entries;
  try {
    entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  } catch (err) {
    throw new ManifestPathError(`${path}: cannot read this folder (${(err as Error).message})`);
  }
  const out: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.') || (entry.isDirectory() && entry.name === 'node_modules')) continue;
    const full = join(path, entry.name);
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    let isOther = !isDirectory && !isFile && !entry.isSymbolicLink();
    if (entry.isSymbolicLink()) {
      try {
        const target = await stat(full);
        isDirectory = target.isDirectory() && entry.name !== 'node_modules';
        isFile = target.isFile();
        isOther = !isDirectory && !isFile;
      } catch (err) {
        if (MANIFEST_EXTENSIONS.has(extname(entry.name).toLowerCase()))
          errors.push({ file: full, message: `broken symbolic link (${(err as NodeJS.ErrnoException).code ?? 'unreadable'}): skipped` });
        continue;
      }
    }
    const isManifest = MANIFEST_EXTENSIONS.has(extname(entry.name).toLowerCase());
    if (isDirectory) out.push(...(await expand(full, walked, errors)));
    else if (isFile && isManifest) out.push(full);
    // a FIFO or device inside a folder could block the scan or never end: named, not read
    else if (isOther && isManifest)
      errors.push({
        file: full,
        message: 'not a regular file (a pipe, socket or device): skipped; name it on its own with --file to read it',
      });
  }
  return out;
}

/**
 * A manifest file's bytes (decoded by manifest-encoding.ts), read synchronously: nothing else runs
 * meanwhile, and a promise per file costs more than the read for thousands of small files. At most
 * MAX_MANIFEST_BYTES (src/sources/bounded-read.ts).
 *
 * @throws ManifestPathError when the file cannot be read or is larger than that.
 */
export function readManifestFile(file: string): Buffer {
  try {
    return readFileBounded(file, MAX_MANIFEST_BYTES);
  } catch (err) {
    if (err instanceof InputTooLargeError) throw new ManifestPathError(`${err.message}: split it into several files`);
    throw new ManifestPathError(`${file}: cannot read (${(err as Error).message})`);
  }
}

/**
 * All of a stream's bytes (stdin), at most MAX_MANIFEST_BYTES.
 *
 * @throws ManifestPathError past that bound.
 */
export async function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  try {
    return await readStreamBounded(stream, MAX_MANIFEST_BYTES, 'stdin');
  } catch (err) {
    if (err instanceof InputTooLargeError) throw new ManifestPathError(`${err.message}: split the input into several files`);
    throw err;
  }
}

/** True for a path that is a pipe or a device rather than a regular file: it can be read only once. */
export function isReadOnce(file: string): boolean {
  try {
    return !statSync(file).isFile();
  } catch {
    return false;
  }
}

import { readFileSync } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { LoadError } from '../model/types.js';

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
  if (info.isFile()) return [path];
  if (!info.isDirectory()) throw new ManifestPathError(`${path}: not a file or directory`);
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
    if (entry.isSymbolicLink()) {
      try {
        const target = await stat(full);
        isDirectory = target.isDirectory() && entry.name !== 'node_modules';
        isFile = target.isFile();
      } catch (err) {
        if (MANIFEST_EXTENSIONS.has(extname(entry.name).toLowerCase()))
          errors.push({ file: full, message: `broken symbolic link (${(err as NodeJS.ErrnoException).code ?? 'unreadable'}): skipped` });
        continue;
      }
    }
    if (isDirectory) out.push(...(await expand(full, walked, errors)));
    else if (isFile && MANIFEST_EXTENSIONS.has(extname(entry.name).toLowerCase())) out.push(full);
  }
  return out;
}

/**
 * A manifest file's bytes (decoded by manifest-encoding.ts), read synchronously: nothing else runs
 * meanwhile, and a promise per file costs more than the read for thousands of small files.
 *
 * @throws ManifestPathError when the file cannot be read.
 */
export function readManifestFile(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new ManifestPathError(`${file}: cannot read (${(err as Error).message})`);
  }
}

/** All of a stream's bytes (stdin). */
export async function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

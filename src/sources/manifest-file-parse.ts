import type { LoadError } from '../model/types.js';
import { ManifestPathError, readManifestFile } from './manifest-files.js';
import { type ParsedObject, parseManifestText } from './manifest-text.js';

/** One file read and parsed, or the reason it could not be read (a ManifestPathError's message). */
export type FileParse = { objects: ParsedObject[]; errors: LoadError[] } | { unreadable: string };

/** Read and parse one manifest file; the same work on the main thread and on a parse worker. */
export function parseManifestFile(file: string): FileParse {
  let text: string;
  try {
    text = readManifestFile(file);
  } catch (err) {
    if (err instanceof ManifestPathError) return { unreadable: err.message };
    throw err;
  }
  return parseManifestText(text, file);
}

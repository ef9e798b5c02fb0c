import type { LoadError } from '../model/types.js';
import { decodeManifest } from './manifest-encoding.js';
import { ManifestPathError, readManifestFile } from './manifest-files.js';
import { type ParsedObject, parseManifestText } from './manifest-text.js';

/** One file read and parsed, or the reason it could not be read (a ManifestPathError's message). */
export type FileParse = { objects: ParsedObject[]; errors: LoadError[] } | { unreadable: string };

/** Read and parse one manifest file; the same work on the main thread and on a parse worker. */
export function parseManifestFile(file: string): FileParse {
  let bytes: Buffer;
  try {
    bytes = readManifestFile(file);
  } catch (err) {
    if (err instanceof ManifestPathError) return { unreadable: err.message };
    throw err;
  }
  return parseManifestBytes(bytes, file);
}

/**
 * Decode (UTF-8 or UTF-16: src/sources/manifest-encoding.ts) and parse one file's bytes; `label` names
 * the file in locations and errors. Bytes that are not valid UTF-8 are a warning before the parse's errors.
 */
export function parseManifestBytes(bytes: Buffer, label: string): { objects: ParsedObject[]; errors: LoadError[] } {
  const { text, problem } = decodeManifest(bytes);
  const out = parseManifestText(text, label);
  if (problem) out.errors.unshift({ file: label, line: problem.line, level: 'warning', message: problem.message });
  return out;
}

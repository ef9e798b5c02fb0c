import { readFileSync } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import yaml from 'js-yaml';
import type { ResourceIndexInput } from '../model/index.js';
import type { KubeObject, LoadError, SourceLocation } from '../model/types.js';
import { CORE_KINDS } from '../model/scope.js';
import { ScopeResolver } from './scope.js';

export const STDIN = '-';
const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

export interface ManifestOptions {
  /** Namespace given to namespaced objects that name none (like `kubectl apply -n`). Default `default`. */
  defaultNamespace?: string;
  /** Read stdin from this stream instead of process.stdin (tests). */
  stdin?: NodeJS.ReadableStream;
}

/** Thrown for a path that does not exist or cannot be read: the CLI turns it into exit code 2. */
export class ManifestPathError extends Error {}

/**
 * Load manifests from files, folders (walked recursively for .yaml/.yml/.json, in sorted order) and
 * stdin (`-`). Multi-document YAML, JSON, `kind: List` and Helm `template` output (empty and
 * comment-only documents) are understood. Every object keeps its file and line; a document that
 * cannot be parsed becomes a LoadError with file and line and the other documents are still read.
 *
 * @throws ManifestPathError when a path does not exist.
 */
export async function loadManifests(paths: string[], options: ManifestOptions = {}): Promise<ResourceIndexInput> {
  const files: string[] = [];
  const walkErrors: LoadError[] = [];
  const walked = new Set<string>();
  for (const path of paths) files.push(...(await expand(path, walked, walkErrors)));
  // Overlapping paths (a folder and a file inside it) name a file once.
  files.splice(0, files.length, ...new Set(files));
  const parsed: ParsedObject[] = [];
  const loadErrors: LoadError[] = [...walkErrors];
  for (const file of files) {
    const text = file === STDIN ? await readStream(options.stdin ?? process.stdin) : readText(file);
    const label = file === STDIN ? '<stdin>' : file;
    const out = parseManifestText(text, label);
    // a loop, not push(...list): a List of 100,000+ items would overflow the call stack
    for (const o of out.objects) parsed.push(o);
    for (const e of out.errors) loadErrors.push(e);
  }
  return {
    ...resolveScopes(parsed, options.defaultNamespace ?? 'default'),
    loadErrors,
    source: { type: 'manifests', files: files.map((f) => (f === STDIN ? '<stdin>' : f)) },
  };
}

export interface ParsedObject {
  object: KubeObject;
  location: SourceLocation;
}

/** Parse one file's text. Pure: used for files, stdin and tests. */
export function parseManifestText(text: string, file: string): { objects: ParsedObject[]; errors: LoadError[] } {
  const objects: ParsedObject[] = [];
  const errors: LoadError[] = [];
  if (text.includes('\u0000')) {
    errors.push({ file, line: 1, message: 'binary data, not a YAML or JSON manifest: skipped' });
    return { objects, errors };
  }
  const clean = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const json = parseJson(clean);
  if (json !== undefined) {
    collect(json, { text: clean, startLine: 1 }, file, objects, errors);
    return { objects, errors };
  }
  const documents = splitDocuments(clean);
  let meaningful = 0;
  for (const doc of documents) {
    if (!hasContent(doc.text)) continue;
    meaningful++;
    let value: unknown;
    try {
      value = yaml.load(doc.text, { filename: file });
    } catch (err) {
      const e = err as { mark?: { line?: number }; reason?: string; message?: string };
      // An unclosed construct is detected at the end of its document: point at the document's last line, not past it.
      const lastLine = doc.startLine + lineCount(doc.text.trimEnd()) - 1;
      const line = Math.min(doc.startLine + (e.mark?.line ?? 0), lastLine);
      errors.push({ file, line, message: `invalid YAML: ${e.reason ?? e.message ?? String(err)}` });
      continue;
    }
    collect(value, doc, file, objects, errors);
  }
  if (meaningful === 0)
    errors.push({ file, line: 1, level: 'warning', message: 'no Kubernetes objects in this file (empty or only comments)' });
  return { objects, errors };
}

/** A whole-file JSON document (kubectl get -o json), parsed with JSON.parse for speed; undefined if the text is not JSON. */
function parseJson(text: string): unknown {
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // not strict JSON: let the YAML parser read it and report errors with a line
  }
}

interface Doc {
  text: string;
  /** 1-based line of the document's first line in the file. */
  startLine: number;
}

/**
 * Split a YAML stream at document markers. A `---` or `...` at column 0 always ends a document
 * (YAML 1.2 §9.1: c-forbidden), even inside a block scalar, so splitting by line is exact.
 * Content after `---` on the same line stays in the new document (the marker is blanked).
 */
export function splitDocuments(text: string): Doc[] {
  return text.includes('\r') ? splitLines(text) : splitLf(text);
}

/**
 * splitDocuments for text without `\r`, by offsets instead of an array of lines: a document's text
 * is a slice of the file (the lines joined by `\n` are exactly that slice), so nothing is copied.
 */
function splitLf(text: string): Doc[] {
  const docs: Doc[] = [];
  let head: string | undefined; // the blanked marker line that opened the current document
  let first = -1; // offset of its first line after the marker (-1: none yet)
  let last = -1; // end offset of its last line
  let lines = 0;
  let start = 1;
  const flush = () => {
    if (lines === 0) return;
    const body = first >= 0 ? text.slice(first, last) : undefined;
    docs.push({ text: head === undefined ? (body ?? '') : body === undefined ? head : `${head}\n${body}`, startLine: start });
  };
  for (let i = 0, at = 0; ; i++) {
    const newline = text.indexOf('\n', at);
    const end = newline < 0 ? text.length : newline;
    const c = text.charCodeAt(at);
    const marker =
      (c === 0x2d || c === 0x2e) &&
      end - at >= 3 &&
      text.charCodeAt(at + 1) === c &&
      text.charCodeAt(at + 2) === c &&
      (end - at === 3 || text[at + 3] === ' ' || text[at + 3] === '\t');
    if (marker) {
      flush();
      const isStart = c === 0x2d;
      head = isStart ? `   ${text.slice(at + 3, end)}` : undefined;
      lines = isStart ? 1 : 0;
      start = isStart ? i + 1 : i + 2;
      first = -1;
    } else {
      if (first < 0) first = at;
      last = end;
      lines++;
    }
    if (newline < 0) break;
    at = newline + 1;
  }
  flush();
  return docs;
}

/** splitDocuments by an array of lines, for text with `\r` (CRLF line ends become LF). */
function splitLines(text: string): Doc[] {
  const lines = text.split(/\r?\n/);
  const docs: Doc[] = [];
  let current: string[] = [];
  let start = 1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const isStart = line.startsWith('---') && (line.length === 3 || line[3] === ' ' || line[3] === '\t');
    const isEnd = line.startsWith('...') && (line.length === 3 || line[3] === ' ' || line[3] === '\t');
    if (isStart || isEnd) {
      if (current.length) docs.push({ text: current.join('\n'), startLine: start });
      current = isStart ? ['   ' + line.slice(3)] : [];
      start = isStart ? i + 1 : i + 2;
      continue;
    }
    current.push(line);
  }
  if (current.length) docs.push({ text: current.join('\n'), startLine: start });
  return docs;
}

/** Lines in `text` (split at `\n`), counted without building the list. */
function lineCount(text: string): number {
  let count = 1;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

function hasContent(text: string): boolean {
  return firstLine(text, (t) => !t.startsWith('#') && !t.startsWith('%')) >= 0;
}

function firstContentLine(doc: Doc): number {
  const i = firstLine(doc.text, (t) => !t.startsWith('#'));
  return doc.startLine + Math.max(i, 0);
}

/** The 0-based index of the first line (split at `\n`) whose trimmed text is not empty and passes `keep`, or -1; stops there. */
function firstLine(text: string, keep: (trimmed: string) => boolean): number {
  for (let i = 0, at = 0; ; i++) {
    const newline = text.indexOf('\n', at);
    const t = text.slice(at, newline < 0 ? text.length : newline).trim();
    if (t && keep(t)) return i;
    if (newline < 0) return -1;
    at = newline + 1;
  }
}

function collect(value: unknown, doc: Doc, file: string, objects: ParsedObject[], errors: LoadError[]): void {
  const line = firstContentLine(doc);
  if (value === null || value === undefined) return;
  if (typeof value !== 'object' || Array.isArray(value)) {
    errors.push({ file, line, message: 'document is not a Kubernetes object (expected a mapping with apiVersion, kind and metadata)' });
    return;
  }
  const obj = value as Record<string, unknown>;
  if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items)) {
    const itemLines = listItemLines(doc);
    obj.items.forEach((item, i) => {
      const itemLine = itemLines[i] ?? line;
      const problem = validate(item);
      if (problem) errors.push({ file, line: itemLine, message: `${obj.kind} item ${i}: ${problem}` });
      else objects.push({ object: item as KubeObject, location: { file, line: itemLine } });
    });
    return;
  }
  if (obj.kind === undefined && obj.metadata === undefined) {
    // values.yaml, Chart.yaml, package.json...: a file that is no manifest, met while walking a folder.
    errors.push({ file, line, level: 'warning', message: 'not a Kubernetes manifest (no kind, no metadata): skipped' });
    return;
  }
  const problem = validate(obj);
  if (problem) {
    errors.push({ file, line, message: problem });
    return;
  }
  const kubeObject = obj as KubeObject;
  if (kubeObject.apiVersion === 'v1' && !CORE_KINDS.has(kubeObject.kind)) {
    errors.push({
      file,
      line,
      level: 'warning',
      message: `unknown kind "${kubeObject.kind}" in apiVersion v1 (a typo?); the object is kept but no check knows it`,
    });
  }
  objects.push({ object: kubeObject, location: { file, line } });
}

/** What is missing for a value to be a Kubernetes object, or undefined when it is one. */
function validate(value: unknown): string | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'not a Kubernetes object';
  const obj = value as Record<string, unknown>;
  const missing: string[] = [];
  if (typeof obj.apiVersion !== 'string' || !obj.apiVersion) missing.push('apiVersion');
  if (typeof obj.kind !== 'string' || !obj.kind) missing.push('kind');
  const meta = obj.metadata as Record<string, unknown> | undefined;
  if (!meta || typeof meta !== 'object') missing.push('metadata');
  else if (typeof meta.name !== 'string' || !meta.name) {
    if (typeof meta.generateName === 'string' && meta.generateName) meta.name = `${meta.generateName}<generated>`;
    else missing.push('metadata.name');
  }
  return missing.length ? `not a Kubernetes object: missing ${missing.join(', ')}` : undefined;
}

/**
 * Lines of the items of a List document: the sequence entries (`- `) right under a top-level
 * `items:` key, or the values opening at the first item's indentation in a JSON List.
 */
function listItemLines(doc: Doc): number[] {
  const lines = doc.text.split('\n');
  const at = lines.findIndex((l) => /^\s*("items"|items)\s*:/.test(l));
  if (at < 0) return [];
  const result: number[] = [];
  let indent = -1;
  const json = lines[at].trimStart().startsWith('"');
  for (let i = at + 1; i < lines.length; i++) {
    const line = lines[i];
    // Any JSON value opens an item (an object, or a null, number, string or list that is reported).
    const m = json ? /^(\s*)[{["\d\-tfn]/.exec(line) : (/^(\s*)- /.exec(line) ?? /^(\s*)-$/.exec(line));
    if (!m) {
      if (!json && indent >= 0 && /^\S/.test(line) && !line.startsWith('#')) break; // next top-level key
      continue;
    }
    if (indent < 0) indent = m[1].length;
    if (m[1].length === indent) result.push(doc.startLine + i);
  }
  return result;
}

/** Give namespaced objects the default namespace and drop the namespace the API server ignores on cluster-scoped ones. */
export function resolveScopes(
  parsed: ParsedObject[],
  defaultNamespace: string,
): { objects: KubeObject[]; locations: Map<KubeObject, SourceLocation> } {
  const scopes = new ScopeResolver();
  for (const { object } of parsed) if (object.kind === 'CustomResourceDefinition') scopes.learnCrd(object);
  const objects: KubeObject[] = [];
  const locations = new Map<KubeObject, SourceLocation>();
  for (const { object, location } of parsed) {
    const namespaced = scopes.isNamespaced(object);
    if (namespaced === true && !object.metadata.namespace) object.metadata.namespace = defaultNamespace;
    if (namespaced === false && object.metadata.namespace) delete object.metadata.namespace;
    objects.push(object);
    locations.set(object, location);
  }
  return { objects, locations };
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

/** Read synchronously: nothing else runs meanwhile, and a promise per file costs more than the read for thousands of small files. */
function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new ManifestPathError(`${file}: cannot read (${(err as Error).message})`);
  }
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

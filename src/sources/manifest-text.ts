import yaml from 'js-yaml';
import type { KubeObject, LoadError, SourceLocation } from '../model/types.js';
import { CORE_KINDS } from '../model/scope.js';
import { type Doc, firstContentLine, hasContent, lineCount, splitDocuments } from './yaml-documents.js';

export interface ParsedObject {
  object: KubeObject;
  location: SourceLocation;
  /** Where the object sits in its file, so the fields of a finding can be located later (plain data: it crosses parse workers). */
  field: FieldSource;
}

/** An object's document (the line it starts on, whether the file is JSON) and the object's JSON pointer in it (`/items/3` in a List). */
export interface FieldSource {
  startLine: number;
  base: string;
  json?: true;
}

/** Parse one file's text. Pure: used for files, stdin and tests. */
export function parseManifestText(text: string, file: string): { objects: ParsedObject[]; errors: LoadError[] } {
  const objects: ParsedObject[] = [];
  const errors: LoadError[] = [];
  if (text.includes('\u0000')) {
    errors.push({ file, line: 1, message: 'binary data, not a YAML or JSON manifest: skipped' });
    return { objects, errors };
  }
  const clean = withoutByteOrderMarks(text);
  const json = parseJson(clean);
  if (json !== undefined) {
    collect(json, { text: clean, startLine: 1, json: true }, file, objects, errors);
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

/**
 * The text without byte order marks at the start of a line: YAML allows one at the start of every
 * document of a stream (https://yaml.org/spec/1.2.2/#52-character-encodings), which is where files
 * joined with `cat` put them. A mark elsewhere is content.
 */
function withoutByteOrderMarks(text: string): string {
  return text.includes('\ufeff') ? text.replace(/^\ufeff/gm, '') : text;
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

function collect(value: unknown, doc: Doc & { json?: true }, file: string, objects: ParsedObject[], errors: LoadError[]): void {
  const line = firstContentLine(doc);
  const field = (base: string): FieldSource => ({ startLine: doc.startLine, base, ...(doc.json ? { json: true as const } : {}) });
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
      else objects.push({ object: item as KubeObject, location: { file, line: itemLine }, field: field(`/items/${i}`) });
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
  objects.push({ object: kubeObject, location: { file, line }, field: field('') });
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

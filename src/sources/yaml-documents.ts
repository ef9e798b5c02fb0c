// Splitting a YAML stream into its documents, each with the file line it starts at.

/** One YAML document of a file: its text and where it starts. */
export interface Doc {
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
export function lineCount(text: string): number {
  let count = 1;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/** Whether a document holds more than blank lines, comments and directives. */
export function hasContent(text: string): boolean {
  return firstLine(text, (t) => !t.startsWith('#') && !t.startsWith('%')) >= 0;
}

/** The 1-based file line of a document's first line that is neither blank nor a comment. */
export function firstContentLine(doc: Doc): number {
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

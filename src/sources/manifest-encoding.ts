import { isUtf8 } from 'node:buffer';

/** A manifest file's text, and what was wrong with its bytes (a warning: the text is still read). */
export interface DecodedManifest {
  text: string;
  problem?: { line: number; message: string };
}

/**
 * Decode the bytes of a manifest file. UTF-8 is the encoding of YAML and JSON files; UTF-16 with a
 * byte order mark, what Windows PowerShell 5.1's `>` and `Out-File` write, is decoded too (YAML 1.2
 * section 5.2 allows both: https://yaml.org/spec/1.2.2/#52-character-encodings). A leading UTF-8 BOM
 * stays in the text (the parser drops it, and one at the start of any later document).
 *
 * Bytes that are not valid UTF-8 are read as U+FFFD, and `problem` gives the line (1-based) of the
 * first one: a name or label with a replaced character is not the one in the cluster.
 */
export function decodeManifest(bytes: Buffer): DecodedManifest {
  if (bytes[0] === 0xff && bytes[1] === 0xfe && !(bytes[2] === 0 && bytes[3] === 0)) {
    return { text: evenLength(bytes.subarray(2)).toString('utf16le') };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return {
      text: Buffer.from(evenLength(bytes.subarray(2)))
        .swap16()
        .toString('utf16le'),
    };
  }
  const text = bytes.toString('utf8');
  // Binary data (a NUL byte) is not text at all: the parser reports it as such.
  if (isUtf8(bytes) || bytes.includes(0)) return { text };
  const line = firstInvalidLine(bytes);
  return {
    text,
    problem: {
      line,
      message: `not valid UTF-8 (first at line ${line}): the bytes that are not were read as the replacement character U+FFFD, so names and values there may not match the cluster's. Save the file as UTF-8`,
    },
  };
}

/** UTF-16 text has an even number of bytes; a stray last byte is dropped. */
function evenLength(bytes: Buffer): Buffer {
  return bytes.length % 2 === 0 ? bytes : bytes.subarray(0, bytes.length - 1);
}

/** The 1-based line holding the first invalid UTF-8 sequence; a newline byte is never part of a multi-byte sequence, so each line is checked alone. */
function firstInvalidLine(bytes: Buffer): number {
  let line = 1;
  for (let start = 0; start < bytes.length; line++) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline < 0 ? bytes.length : newline;
    if (!isUtf8(bytes.subarray(start, end))) return line;
    if (newline < 0) break;
    start = newline + 1;
  }
  return line;
}

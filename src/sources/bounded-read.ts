import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';

/**
 * The largest manifest input read whole, in bytes (a file, or stdin). V8 cannot hold a string much
 * longer than 2^29 characters (about 512 MiB of text), so a larger file would end in an internal
 * error instead of a message; a cluster of 145,000 objects is about 100 MB of YAML (BENCHMARKS.md).
 */
export const MAX_MANIFEST_BYTES = 512 * 1024 * 1024;

/** The largest kubeconfig or tenantscan config read, in bytes: such files are a few kilobytes. */
export const MAX_SETTINGS_BYTES = 16 * 1024 * 1024;

/** The input is larger than the bound given: say which bound, and what to do. */
export class InputTooLargeError extends Error {}

/** `limit` in the unit a person reads: "512 MB", "16 MB". */
function sizeText(limit: number): string {
  return `${Math.round(limit / 1024 / 1024)} MB`;
}

/**
 * A file's bytes, refusing more than `limit`. A regular file is measured before it is read; a pipe,
 * a process substitution (`<(helm template …)`, a FIFO) or a device has no size, so it is read in
 * chunks and abandoned past the bound (`/dev/zero` never ends).
 *
 * @throws InputTooLargeError past `limit`; the fs errors of open and read (ENOENT, EACCES, EISDIR).
 */
export function readFileBounded(file: string, limit: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const info = fstatSync(fd);
    if (info.isFile()) {
      if (info.size > limit)
        throw new InputTooLargeError(`${file} is ${sizeText(info.size)}, larger than the ${sizeText(limit)} tenantscan reads`);
      return readFileSync(fd);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    const chunk = Buffer.alloc(1024 * 1024);
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) return Buffer.concat(chunks, total);
      total += n;
      if (total > limit) throw new InputTooLargeError(`${file} is larger than the ${sizeText(limit)} tenantscan reads`);
      chunks.push(Buffer.from(chunk.subarray(0, n)));
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * A stream's bytes (stdin), refusing more than `limit`: the stream is left unread past the bound.
 *
 * @throws InputTooLargeError past `limit`.
 */
export async function readStreamBounded(stream: NodeJS.ReadableStream, limit: number, label: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    total += bytes.length;
    if (total > limit) throw new InputTooLargeError(`${label} is larger than the ${sizeText(limit)} tenantscan reads`);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, total);
}

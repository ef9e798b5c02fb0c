import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FileParse } from './manifest-file-parse.js';
import type { ParseAnswer, ParseRequest } from './parse-worker.js';

/**
 * Input size (bytes of all files) from which `workers: 'auto'` parses on worker threads. Below it a
 * serial parse is faster: starting a worker (an isolate that loads js-yaml) costs about 40–60 ms of
 * CPU, while js-yaml parses about 7 MB of manifests per CPU second, and the main thread pays about a
 * quarter of the parse time again to receive the objects (structured clone). Measured on the
 * benchmark's clusters (bench/generate.mjs; BENCHMARKS.md, "Parallel parsing"): 2 MiB is about
 * 0.3 s of serial parsing, where two workers save more than they cost.
 */
export const PARALLEL_MIN_BYTES = 2 * 1024 * 1024;

/** Files in flight per worker: the next one is queued while one is parsed, so a worker never waits for the main thread. */
const IN_FLIGHT = 2;

const WORKER_SCRIPT = new URL('./parse-worker.js', import.meta.url);

/**
 * How many parse workers `workers: 'auto'` uses for these files: none when the input is under
 * PARALLEL_MIN_BYTES, when there is one file or one core, or when the worker script is not built
 * (running from the TypeScript sources); else one per core (os.availableParallelism()), at most one per file.
 */
export function autoWorkerCount(files: string[]): number {
  const cores = availableParallelism();
  if (files.length < 2 || cores < 2 || !existsSync(fileURLToPath(WORKER_SCRIPT))) return 0;
  let bytes = 0;
  for (const file of files) {
    try {
      bytes += statSync(file).size;
    } catch {
      // unreadable: the parse reports it
    }
    if (bytes >= PARALLEL_MIN_BYTES) return Math.min(cores, files.length);
  }
  return 0;
}

/**
 * Read and parse `files` on `workers` worker threads (node:worker_threads), each file whole on one
 * worker, handed out as workers become free. The answers come back in the order of `files`,
 * exactly what parseManifestFile gives on the main thread (objects are structured-cloned).
 *
 * @throws Error when the worker script is missing (not built) or a worker dies.
 */
export async function parseFilesOnWorkers(files: string[], workers: number): Promise<FileParse[]> {
  const script = fileURLToPath(WORKER_SCRIPT);
  if (!existsSync(script)) throw new Error(`the parse worker ${script} is missing: run \`npm run build\``);
  const results: FileParse[] = new Array<FileParse>(files.length);
  if (files.length === 0) return results;
  const pool = Array.from({ length: Math.max(1, Math.min(workers, files.length)) }, () => new Worker(WORKER_SCRIPT));
  let next = 0;
  let done = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      for (const worker of pool) {
        const feed = () => {
          if (next >= files.length) return;
          const request: ParseRequest = { index: next, file: files[next] };
          next++;
          worker.postMessage(request);
        };
        worker.on('message', ({ index, result }: ParseAnswer) => {
          results[index] = result;
          if (++done === files.length) resolve();
          else feed();
        });
        worker.on('error', reject);
        worker.on('exit', (code) => {
          if (done < files.length) reject(new Error(`a parse worker stopped (exit code ${code}) before its files were parsed`));
        });
        for (let i = 0; i < IN_FLIGHT; i++) feed();
      }
    });
  } finally {
    await Promise.all(pool.map((worker) => worker.terminate()));
  }
  return results;
}

// A parse worker (src/sources/parallel-parse.ts starts it): reads and parses the files it is sent,
// one message per file, and answers each with its FileParse.
import { parentPort } from 'node:worker_threads';
import { parseManifestFile } from './manifest-file-parse.js';

/** What the pool sends: the file at `index` of its list. */
export interface ParseRequest {
  index: number;
  file: string;
}

/** What a worker answers: the file's parse, structured-cloned (Dates, NaN, shared anchors survive, unlike JSON). */
export interface ParseAnswer {
  index: number;
  result: ReturnType<typeof parseManifestFile>;
}

parentPort?.on('message', ({ index, file }: ParseRequest) => {
  const answer: ParseAnswer = { index, result: parseManifestFile(file) };
  parentPort?.postMessage(answer);
});

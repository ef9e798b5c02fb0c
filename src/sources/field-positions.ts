import { type Document, isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { FieldLocator, SourceLocation } from '../model/types.js';
import { type Walked, walkBlockYaml } from './field-positions-block.js';
import { walkJson } from './field-positions-json.js';

/**
 * Where the fields of one manifest document are written, found on first use, so a scan whose
 * objects have no findings never pays for it. The document's text is kept (a slice of its file)
 * and read again only when a finding asks for a position:
 *
 * - a JSON document (`kubectl get -o json`) by a scan of its text (src/sources/field-positions-json.ts);
 * - block-style YAML, the usual manifest, by its lines and indentation (src/sources/field-positions-block.ts);
 * - anything else on the way to the field (flow collections such as `{ privileged: true }`, anchors,
 *   aliases, tags, complex keys, merge keys) by the `yaml` package, which parses the whole
 *   document and records every node's offset: exact for all of YAML, but several times slower than
 *   the loader, so it is kept for what the faster readers decline.
 *
 * Each reader reports the offset of the field's key (or of a sequence item's start) and how deep
 * into the pointer it got: a field that is not written (a missing securityContext) is located at its
 * nearest written ancestor.
 */
export class DocumentPositions {
  private lineStarts?: number[];
  private yamlDocument?: Document | null;
  private json?: boolean;
  private readonly memo = new Map<number, unknown>();

  /**
   * @param text the document's text; its first line is line `startLine` of `file` (1-based), and its
   *   columns are the file's (a `---` marker is blanked to spaces, never removed).
   * @param reader `json` when the text was read as JSON (JSON.parse succeeded on the whole file),
   *   `yaml` (the default) for YAML, `yaml-package` to read it with the `yaml` package only (the
   *   reference the faster readers are tested against).
   */
  constructor(
    private readonly text: string,
    private readonly startLine: number,
    private readonly file: string,
    private readonly reader: 'json' | 'yaml' | 'yaml-package' = 'yaml',
  ) {}

  /**
   * A FieldLocator for the object at `base` (a JSON pointer into the document: `''` for the
   * document itself, `/items/3` for an item of a List). It reports `fallback` (the object's own
   * first line) for the object itself, for a string that is no JSON pointer, and when even the
   * object's root cannot be found in the text.
   */
  locatorFor(base: string, fallback: SourceLocation): FieldLocator {
    return (pointer) => {
      if (!pointer.startsWith('/')) return fallback;
      return this.locate(segmentsOf(base + pointer), base === '' ? 0 : segmentsOf(base).length) ?? fallback;
    };
  }

  private locate(segments: string[], floor: number): SourceLocation | undefined {
    let walked: Walked | 'fallback' =
      this.reader === 'json'
        ? walkJson(this.text, segments, this.memo)
        : this.reader === 'yaml'
          ? walkBlockYaml(this.text, segments, this.memo, () => this.lines())
          : 'fallback';
    // A YAML document written as JSON (a JSON object per `---` document): the JSON reader follows it.
    if (walked === 'fallback' && this.isJson()) walked = walkJson(this.text, segments, this.memo);
    if (walked === 'fallback') walked = this.walkYamlPackage(segments);
    if (walked.depth <= floor || walked.offset === undefined) return undefined;
    return { file: this.file, ...this.position(walked.offset) };
  }

  private isJson(): boolean {
    if (this.json === undefined) {
      try {
        this.json = /^\s*\{/.test(this.text) && (JSON.parse(this.text), true);
      } catch {
        this.json = false;
      }
    }
    return this.json;
  }

  /** The `yaml` package's document: every node with its offsets (ranges). */
  private walkYamlPackage(segments: string[]): Walked {
    if (this.yamlDocument === undefined) {
      try {
        this.yamlDocument = parseDocument(this.text, { uniqueKeys: false, keepSourceTokens: false });
      } catch {
        this.yamlDocument = null;
      }
    }
    const doc = this.yamlDocument;
    const walked: Walked = { depth: 0 };
    if (!doc) return walked;
    let node: unknown = doc.contents;
    for (const segment of segments) {
      if (isAlias(node)) node = node.resolve(doc);
      let at: number | undefined;
      let next: unknown;
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment);
        if (pair && isScalar(pair.key)) [at, next] = [pair.key.range?.[0], pair.value];
      } else if (isSeq(node) && /^(0|[1-9]\d*)$/.test(segment)) {
        next = node.items[Number(segment)];
        at = (next as { range?: number[] } | null | undefined)?.range?.[0];
      }
      if (at === undefined) break;
      walked.offset = at;
      walked.depth++;
      node = next;
    }
    return walked;
  }

  /** 1-based line (of the file) and column of an offset into the text. */
  private position(offset: number): { line: number; column: number } {
    const starts = this.lines();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: this.startLine + lo, column: offset - starts[lo] + 1 };
  }

  /** Offsets where each line of the text starts. */
  private lines(): number[] {
    if (!this.lineStarts) {
      const starts = [0];
      for (let at = this.text.indexOf('\n'); at >= 0; at = this.text.indexOf('\n', at + 1)) starts.push(at + 1);
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }
}

/** A JSON pointer's reference tokens (RFC 6901: `~1` is `/`, `~0` is `~`). */
function segmentsOf(pointer: string): string[] {
  return pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

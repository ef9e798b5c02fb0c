/** How far a JSON pointer was followed in a document's text. */
export interface Walked {
  /** Offset of the deepest field reached: its key, or a sequence item's first character; undefined when none was. */
  offset?: number;
  /** How many of the pointer's segments were followed. */
  depth: number;
}

/** A node of the document: where its content starts. */
interface Node {
  line: number;
  /** Offset of its first character. */
  at: number;
  /** Its column (0-based): for a mapping or sequence, the indentation of its entries. */
  col: number;
}

interface Entry {
  key?: string;
  /** Offset of the key, or of a sequence item's content (of its `-` when the item is empty). */
  at: number;
  value: Node | null;
}

/** Declined: the path goes through something this reader does not follow (flow collections, anchors, tags...). */
const DECLINE = 'fallback';

/**
 * Follow JSON pointer `segments` through a block-style YAML document by its lines and indentation
 * (YAML 1.2 §8.2: a block mapping's keys, and a block sequence's `-` indicators, share one
 * indentation; their contents are indented more, except that a sequence may be a mapping value at
 * the key's own indentation). It gives the offset of the deepest field reached and how many
 * segments it took, or `'fallback'` when the path meets what it does not read: a flow collection
 * (`{ ... }`, `[ ... ]`, so JSON), an anchor, alias or tag, a complex (`?`) or merge (`<<`) key, a
 * tab in an indentation, a key it cannot parse. The text was loaded by js-yaml first, so it is
 * valid YAML. Entries of each mapping and sequence walked are kept in `memo` by offset.
 */
export function walkBlockYaml(
  text: string,
  segments: readonly string[],
  memo: Map<number, unknown>,
  lineStarts: () => number[],
): Walked | typeof DECLINE {
  const lines = new Lines(text, lineStarts());
  const walked: Walked = { depth: 0 };
  let node = lines.nextContent(0, -1);
  for (const segment of segments) {
    if (!node) break;
    const kind = lines.kindOf(node);
    if (kind === DECLINE) return DECLINE;
    if (kind === 'scalar') break;
    let entries = memo.get(node.at) as Entry[] | typeof DECLINE | undefined;
    if (!entries) memo.set(node.at, (entries = kind === 'map' ? lines.mapEntries(node) : lines.seqEntries(node)));
    if (entries === DECLINE) return DECLINE;
    let entry: Entry | undefined;
    if (kind === 'map') {
      entry = entries.find((e) => e.key === segment);
      if (!entry && entries.some((e) => e.key === '<<')) return DECLINE;
    } else if (/^(0|[1-9]\d*)$/.test(segment)) {
      entry = entries[Number(segment)];
    }
    if (!entry) break;
    walked.offset = entry.at;
    walked.depth++;
    node = entry.value;
  }
  return walked;
}

class Lines {
  constructor(
    private readonly text: string,
    private readonly starts: number[],
  ) {}

  private end(line: number): number {
    const next = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.text.length;
    return next > this.starts[line] && this.text[next - 1] === '\r' ? next - 1 : next;
  }

  /** Indentation of a line (spaces), or -1 for a blank or comment-only line, or NaN when a tab indents it. */
  indent(line: number): number {
    const start = this.starts[line];
    const end = this.end(line);
    let at = start;
    while (at < end && this.text[at] === ' ') at++;
    if (at < end && this.text[at] === '\t') {
      let rest = at;
      while (rest < end && (this.text[rest] === '\t' || this.text[rest] === ' ')) rest++;
      return rest === end || this.text[rest] === '#' ? -1 : NaN;
    }
    return at === end || this.text[at] === '#' ? -1 : at - start;
  }

  /** The first content line after `line` (blank and comment lines skipped) indented more than `parent`, as a node; null if none. */
  nextContent(line: number, parent: number, includeLine = true): Node | null {
    for (let i = includeLine ? line : line + 1; i < this.starts.length; i++) {
      const indent = this.indent(i);
      if (indent < 0) continue;
      if (!(indent > parent)) return null;
      return { line: i, at: this.starts[i] + indent, col: indent };
    }
    return null;
  }

  kindOf(node: Node): 'map' | 'seq' | 'scalar' | typeof DECLINE {
    if (Number.isNaN(node.col)) return DECLINE;
    const c = this.text[node.at];
    if (c === '-' && this.isSpaceOrEnd(node.at + 1, node.line)) return 'seq';
    if ('{[&*!?%@`'.includes(c)) return DECLINE;
    if (c === '|' || c === '>') return 'scalar';
    const key = this.keyAt(node.at, node.line);
    if (key === DECLINE) return DECLINE;
    return key ? 'map' : 'scalar';
  }

  private isSpaceOrEnd(at: number, line: number): boolean {
    return at >= this.end(line) || this.text[at] === ' ';
  }

  /** The key of a `key: value` entry starting at `at`, with the offset past its colon; undefined when the text there is no key. */
  keyAt(at: number, line: number): { key: string; after: number } | undefined | typeof DECLINE {
    const end = this.end(line);
    const c = this.text[at];
    let key: string;
    let after: number;
    if (c === '"' || c === "'") {
      let i = at + 1;
      for (; i < end; i++) {
        if (c === '"' && this.text[i] === '\\') i++;
        else if (this.text[i] === c) {
          if (c === "'" && this.text[i + 1] === "'") i++;
          else break;
        }
      }
      if (i >= end) return undefined; // a quoted scalar spanning lines: no key
      const raw = this.text.slice(at, i + 1);
      if (c === '"') {
        try {
          key = JSON.parse(raw) as string;
        } catch {
          return DECLINE; // a YAML escape JSON lacks (\x41, \e...)
        }
      } else key = raw.slice(1, -1).replace(/''/g, "'");
      let j = i + 1;
      while (j < end && this.text[j] === ' ') j++;
      if (this.text[j] !== ':' || !(j + 1 >= end || this.text[j + 1] === ' ')) return undefined;
      after = j + 1;
    } else {
      if ('&*!?{[|>%@`'.includes(c)) return DECLINE; // an anchor, alias, tag or complex key: the yaml package reads it
      let i = at;
      for (; i < end; i++) {
        const ch = this.text[i];
        if (ch === ':' && (i + 1 >= end || this.text[i + 1] === ' ')) break;
        if (ch === '#' && this.text[i - 1] === ' ') return undefined;
      }
      if (i >= end) return undefined;
      key = this.text.slice(at, i).trimEnd();
      after = i + 1;
    }
    return { key, after };
  }

  /** The entries of the block mapping at `node`: keys at its column until a line indented less. */
  mapEntries(node: Node): Entry[] | typeof DECLINE {
    const entries: Entry[] = [];
    let at = node.at;
    let line = node.line;
    for (;;) {
      const key = this.keyAt(at, line);
      if (!key) return DECLINE;
      if (key === DECLINE) return DECLINE;
      entries.push({ key: key.key, at, value: this.valueAfter(key.after, line, node.col, true) });
      const next = this.nextSibling(line, node.col, true);
      if (next === null) return entries;
      [line, at] = [next, this.starts[next] + node.col];
    }
  }

  /** The items of the block sequence at `node`: `-` indicators at its column until a line indented less. */
  seqEntries(node: Node): Entry[] | typeof DECLINE {
    const entries: Entry[] = [];
    let at = node.at;
    let line = node.line;
    for (;;) {
      if (this.text[at] !== '-' || !this.isSpaceOrEnd(at + 1, line)) return DECLINE;
      const value = this.valueAfter(at + 1, line, node.col, false);
      entries.push({ at: value ? value.at : at, value });
      const next = this.nextSibling(line, node.col, false);
      if (next === null) return entries;
      [line, at] = [next, this.starts[next] + node.col];
    }
  }

  /**
   * The next line after `line` that starts a sibling at column `col` (a key for a mapping, a `-`
   * for a sequence), or null when the collection ends (a line indented less, or for a sequence
   * that is a mapping's value at the key's indentation, a key).
   */
  private nextSibling(line: number, col: number, inMap: boolean): number | null {
    for (let i = line + 1; i < this.starts.length; i++) {
      const indent = this.indent(i);
      if (indent < 0 || indent > col) continue;
      if (Number.isNaN(indent) || indent < col) return null;
      const dash = this.text[this.starts[i] + col] === '-' && this.isSpaceOrEnd(this.starts[i] + col + 1, i);
      if (inMap && dash) continue; // a sequence value at the key's indentation
      if (!inMap && !dash) return null;
      return i;
    }
    return null;
  }

  /**
   * The value after a key's colon or a `-` (at offset `from` on `line`): on the same line, or the
   * next content line indented more than `col` (or, for a mapping value, a sequence at `col`).
   */
  private valueAfter(from: number, line: number, col: number, inMap: boolean): Node | null {
    const end = this.end(line);
    let at = from;
    while (at < end && this.text[at] === ' ') at++;
    if (at < end && this.text[at] !== '#') return { line, at, col: at - this.starts[line] };
    for (let i = line + 1; i < this.starts.length; i++) {
      const indent = this.indent(i);
      if (indent < 0) continue;
      if (Number.isNaN(indent)) return { line: i, at: this.starts[i], col: NaN };
      const start = this.starts[i] + indent;
      if (indent > col) return { line: i, at: start, col: indent };
      if (inMap && indent === col && this.text[start] === '-' && this.isSpaceOrEnd(start + 1, i))
        return { line: i, at: start, col: indent };
      return null;
    }
    return null;
  }
}

import type { Walked } from './field-positions-block.js';

/** One member of a JSON object (with its key) or element of an array, and where its key and value start. */
interface Member {
  key?: string;
  /** Offset of the member's key (its opening quote), or of the element. */
  at: number;
  /** Offset of its value. */
  value: number;
}

/**
 * Follow JSON pointer `segments` through a JSON text (RFC 8259) that JSON.parse accepted, from its
 * first value: the offset of the deepest member reached (its key's opening quote, or an array
 * element's first character) and how many segments it took. The members of each object or array
 * walked are kept in `memo` (by the container's offset), so locating every item of a List of
 * 100,000 objects scans the text about once, not once per item.
 */
export function walkJson(text: string, segments: readonly string[], memo: Map<number, unknown>): Walked {
  const walked: Walked = { depth: 0 };
  let node = skipSpace(text, 0);
  for (const segment of segments) {
    const open = text[node];
    if (open !== '{' && open !== '[') break;
    let members = memo.get(node) as Member[] | undefined;
    if (!members) memo.set(node, (members = membersOf(text, node)));
    const member =
      open === '{' ? findLast(members, (m) => m.key === segment) : /^(0|[1-9]\d*)$/.test(segment) ? members[Number(segment)] : undefined;
    if (!member) break;
    walked.offset = member.at;
    walked.depth++;
    node = member.value;
  }
  return walked;
}

/** JSON.parse keeps the last of repeated keys: so does the locator. */
function findLast(members: Member[], keep: (m: Member) => boolean): Member | undefined {
  for (let i = members.length - 1; i >= 0; i--) if (keep(members[i])) return members[i];
  return undefined;
}

function membersOf(text: string, open: number): Member[] {
  const members: Member[] = [];
  const object = text[open] === '{';
  let at = skipSpace(text, open + 1);
  while (at < text.length && text[at] !== '}' && text[at] !== ']') {
    if (object) {
      const keyEnd = skipString(text, at);
      const raw = text.slice(at, keyEnd);
      const key = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
      const value = skipSpace(text, skipSpace(text, keyEnd) + 1); // past the colon
      members.push({ key, at, value });
      at = skipValue(text, value);
    } else {
      members.push({ at, value: at });
      at = skipValue(text, at);
    }
    at = skipSpace(text, at);
    if (text[at] === ',') at = skipSpace(text, at + 1);
  }
  return members;
}

/** The offset just past the value starting at `at`. */
function skipValue(text: string, at: number): number {
  const c = text[at];
  if (c === '"') return skipString(text, at);
  if (c !== '{' && c !== '[') {
    while (at < text.length && !',}] \t\r\n'.includes(text[at])) at++;
    return at;
  }
  let depth = 0;
  for (; at < text.length; at++) {
    const ch = text[at];
    if (ch === '"') at = skipString(text, at) - 1;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) return at + 1;
    }
  }
  return at;
}

/** The offset just past the string whose opening quote is at `at`. */
function skipString(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (ch === '"') return i + 1;
  }
  return text.length;
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && (text[at] === ' ' || text[at] === '\n' || text[at] === '\r' || text[at] === '\t')) at++;
  return at;
}

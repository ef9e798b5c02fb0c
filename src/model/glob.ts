import picomatch from 'picomatch';

/** Glob syntax beyond `*` and `?`: such patterns go to picomatch. */
const EXTENDED = /[[\]{}()!+@\\]/;

/**
 * A matcher for one glob, with picomatch's meaning for `*` (any run of characters but `/`) and
 * `?` (one character but `/`); patterns with other glob syntax (braces, classes, extglobs) are
 * handed to picomatch. Globs (waivers, platform namespaces, tenants, trusted labels, sandbox handlers,
 * platform subjects) are matched against names that tenants choose, and picomatch's
 * regular expression for `*-*-*-*-*-*-canary` backtracks exponentially on a long name that almost
 * matches: here each `*` is resolved by a leftmost search for the text that follows it, so a match
 * costs at most (name length × glob length) character comparisons.
 */
export function wildcardMatcher(glob: string): (text: string) => boolean {
  if (EXTENDED.test(glob)) return picomatch(glob);
  const parts = glob.split('*');
  return (text) => matchParts(parts, text);
}

/** A matcher that is true when any of `globs` matches (see `wildcardMatcher`); false for an empty list. */
export function anyGlobMatcher(globs: readonly string[]): (text: string) => boolean {
  const matchers = globs.map(wildcardMatcher);
  return (text) => matchers.some((match) => match(text));
}

function matchParts(parts: string[], text: string): boolean {
  const first = parts[0];
  if (parts.length === 1) return text.length === first.length && literalAt(first, text, 0);
  const last = parts[parts.length - 1];
  const end = text.length - last.length; // where the last part must start
  if (end < first.length || !literalAt(first, text, 0) || !literalAt(last, text, end)) return false;
  let at = first.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const part = parts[i];
    if (!part) continue;
    // The leftmost place leaves the most room for the parts after it, and if a star's run holds a
    // `/` there, it holds one at every later place too.
    const found = leftmost(part, text, at, end);
    if (found < 0 || text.slice(at, found).includes('/')) return false;
    at = found + part.length;
  }
  return !text.slice(at, end).includes('/');
}

/** The first index in [from, to - part.length] where `part` matches, or -1. */
function leftmost(part: string, text: string, from: number, to: number): number {
  for (let p = from; p + part.length <= to; p++) if (literalAt(part, text, p)) return p;
  return -1;
}

/** Does `part` (where `?` is any one character but `/`) match `text` at `at`? */
function literalAt(part: string, text: string, at: number): boolean {
  for (let i = 0; i < part.length; i++) {
    const want = part[i];
    const have = text[at + i];
    if (have === undefined || (want === '?' ? have === '/' : want !== have)) return false;
  }
  return true;
}

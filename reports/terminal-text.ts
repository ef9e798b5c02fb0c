/**
 * Text from the cluster or the files made harmless for a terminal: a name holding `ESC ]2;…` or
 * `ESC [2J` could otherwise retitle the terminal, wipe the screen or fake an "all clear", and a
 * bidirectional override (U+202E) could reorder what is shown. Tab and newline are kept.
 *
 * - C0 controls (but tab and newline), DEL and C1 controls (U+0080-U+009F) become `\xHH`
 *   (`\r` stays `\r`), as in ECMA-48 terms they start or end control sequences.
 * - Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069, Unicode
 *   Bidirectional Algorithm, https://www.unicode.org/reports/tr9/) and the line and paragraph
 *   separators U+2028/U+2029 become `\uHHHH`.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (ch) => {
    const code = ch.charCodeAt(0);
    if (ch === '\r') return '\\r';
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * A deep copy of `value` with `map` applied to every string in it (plain objects and arrays are
 * walked; other objects are kept as they are). Reporters use it to treat every string of a report
 * the same way once, rather than at each place a string is printed.
 */
export function mapStrings<T>(value: T, map: (text: string) => string): T {
  if (typeof value === 'string') return map(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => mapStrings(v, map)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[map(k)] = mapStrings(v, map);
    return out as T;
  }
  return value;
}

/**
 * Bounds the strings of a report before it is rendered: a name, label or message longer than
 * MAX_REPORT_STRING characters (only hand-written input has one: the API server limits names to 253
 * characters and label values to 63) is cut to its first TRUNCATED_KEPT characters with its length
 * given, so that every report format stays bounded whatever the input holds (a 1 MB name appears in
 * many results, and once per result in every format).
 */

/** Longest string a report keeps whole, in characters; the longest the catalog itself writes is under 1,000. */
export const MAX_REPORT_STRING = 4096;
/** Characters kept of a longer string. */
export const TRUNCATED_KEPT = 256;

/** `value` with every string longer than MAX_REPORT_STRING truncated (`abc… [1048576 characters, truncated]`); `value` itself when it has none. */
export function truncateLongStrings<T>(value: T): T {
  return hasLongString(value) ? (truncated(value) as T) : value;
}

/** A string cut to TRUNCATED_KEPT characters, with its length given. */
export function truncateString(text: string): string {
  return text.length > MAX_REPORT_STRING ? `${text.slice(0, TRUNCATED_KEPT)}… [${text.length} characters, truncated]` : text;
}

function hasLongString(value: unknown): boolean {
  if (typeof value === 'string') return value.length > MAX_REPORT_STRING;
  if (Array.isArray(value)) return value.some(hasLongString);
  if (value !== null && typeof value === 'object') return Object.values(value).some(hasLongString);
  return false;
}

function truncated(value: unknown): unknown {
  if (typeof value === 'string') return truncateString(value);
  if (Array.isArray(value)) return value.map(truncated);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, truncated(v)]));
  return value;
}

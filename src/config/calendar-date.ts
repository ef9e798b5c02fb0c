/**
 * Whether `text` is a real calendar date written `YYYY-MM-DD` (ISO 8601, proleptic Gregorian):
 * `2028-02-29` is one, `2027-02-29`, `2025-02-30` and `9999-99-99` are not.
 */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

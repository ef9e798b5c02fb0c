import stringWidth from 'string-width';

/** Narrowest a column is made, whatever its words. */
const MIN_COLUMN = 6;

/**
 * Column widths (cli-table3 `colWidths`, padding included) that fit a table of `rows` (the head
 * first) into `width` terminal columns: the columns keep their natural widths when the table fits,
 * else the `shrinkable` columns give up room, never below their longest word
 * (cli-table3 then wraps their cells on word boundaries: `wordWrap`, `wrapOnWordBoundary`).
 * Undefined when the table fits as it is or no width is known; a table whose words alone are too
 * wide for `width` gets the narrowest widths its words allow. `shrinkable` lists groups of
 * columns, in the order they give up room: a group is narrowed to its words before the next is
 * touched, and within a group the widest column gives up a column at a time, so they end even.
 *
 * A cell's width is measured as the terminal shows it (string-width: colour codes take no column,
 * wide characters two). Each column takes one column of border, and cli-table3 pads cells by one on
 * each side.
 */
export function fitColumns(
  rows: readonly (readonly string[])[],
  width: number | undefined,
  shrinkable: readonly (readonly number[])[],
): number[] | undefined {
  if (!width || rows.length === 0) return undefined;
  const columns = rows[0].length;
  const natural = Array.from({ length: columns }, (_, i) => Math.max(...rows.map((r) => stringWidth(r[i] ?? ''))) + 2);
  const total = (widths: number[]) => widths.reduce((a, b) => a + b, 0) + columns + 1;
  if (total(natural) <= width) return undefined;
  const floor = natural.map((n, i) =>
    shrinkable.some((group) => group.includes(i))
      ? Math.min(n, Math.max(MIN_COLUMN, ...rows.flatMap((r) => (r[i] ?? '').split(/\s+/).map((w) => stringWidth(w) + 2))))
      : n,
  );
  const widths = [...natural];
  let excess = total(widths) - width;
  for (const group of shrinkable) {
    while (excess > 0) {
      const candidates = group.filter((i) => widths[i] > floor[i]);
      if (candidates.length === 0) break;
      const widest = candidates.reduce((a, b) => (widths[b] > widths[a] ? b : a));
      widths[widest]--;
      excess--;
    }
  }
  return widths;
}

/**
 * The width, in columns, to lay text out for on `stream`: its terminal's width (Node sets
 * `columns` on a TTY stream), else `$COLUMNS` when it holds a positive whole number (a shell
 * variable many tools honour, for output piped to a pager or captured by a test), else undefined;
 * at most MAX_WIDTH.
 */
export function terminalWidth(stream: { isTTY?: boolean; columns?: number }, env: NodeJS.ProcessEnv = process.env): number | undefined {
  if (stream.isTTY && stream.columns && stream.columns > 0) return Math.min(stream.columns, MAX_WIDTH);
  const columns = Number(env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? Math.min(columns, MAX_WIDTH) : undefined;
}

/**
 * The widest layout made: no screen is wider, and yargs pads every help line to the width on each
 * run (`COLUMNS=100000` took minutes, `COLUMNS=1e16` ran out of string length).
 */
export const MAX_WIDTH = 1000;

/** `--help` without a known width (output to a pipe): the classic terminal's 80 columns. */
export const DEFAULT_HELP_WIDTH = 80;

/**
 * The width, in columns, to lay text out for on `stream`: its terminal's width (Node sets
 * `columns` on a TTY stream), else `$COLUMNS` when it holds a positive whole number (a shell
 * variable many tools honour, for output piped to a pager or captured by a test), else undefined.
 */
export function terminalWidth(stream: { isTTY?: boolean; columns?: number }, env: NodeJS.ProcessEnv = process.env): number | undefined {
  if (stream.isTTY && stream.columns && stream.columns > 0) return stream.columns;
  const columns = Number(env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : undefined;
}

/** `--help` without a known width (output to a pipe): the classic terminal's 80 columns. */
export const DEFAULT_HELP_WIDTH = 80;

import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';

/** Narrowest text column a wrapped line keeps after its indent, however deep the indent. */
const MIN_TEXT_WIDTH = 24;

/**
 * Lines of text wrapped to `width` terminal columns at word boundaries (wrap-ansi, which keeps
 * colour codes intact and measures with string-width), each continuation line indented under the
 * text it continues: under the first word after a list marker (`- `, `12. `), so lists stay lists,
 * else two columns deeper than the line's own indent. A word longer than the line is left whole (IDs, paths and file:line are
 * what a reader pastes: never cut). Lines of box-drawing tables are left as they are (they are
 * fitted to the width when drawn: reports/table-fit.ts). `width` undefined: unchanged.
 */
export function wrapIndented(text: string, width: number | undefined): string {
  if (!width) return text;
  return text
    .split('\n')
    .map((line) => wrapLine(line, width))
    .join('\n');
}

function wrapLine(line: string, width: number): string {
  if (stringWidth(line) <= width || /^\s*[│┌├└┬┼┴─]/.test(line)) return line;
  const [, lead = '', marker] = /^(\s*((?:-|\*|\d+\.)\s+)?)/.exec(line) ?? [];
  const hang = Math.min(stringWidth(lead) + (marker ? 0 : 2), Math.max(0, width - MIN_TEXT_WIDTH));
  const body = line.slice(lead.length);
  const lines = wrapAnsi(body, Math.max(MIN_TEXT_WIDTH, width - hang), { hard: false, trim: true }).split('\n');
  return lines.map((l, i) => (i === 0 ? `${lead}${l}` : `${' '.repeat(hang)}${l}`)).join('\n');
}

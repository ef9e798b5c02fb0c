import { renderJson } from '../../reports/json.js';
import { renderSarif } from '../../reports/sarif.js';
import { renderTable } from '../../reports/table.js';
import type { Reporter } from '../../reports/types.js';

/** Output formats, by `--format` name. */
export const REPORTERS: Record<string, Reporter> = {
  table: renderTable,
  json: renderJson,
  sarif: renderSarif,
};

export const FORMAT_NAMES = (): string[] => Object.keys(REPORTERS);

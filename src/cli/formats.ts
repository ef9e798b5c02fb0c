import { renderHtml } from '../../reports/html.js';
import { renderJson } from '../../reports/json.js';
import { renderJunit } from '../../reports/junit.js';
import { renderMarkdown } from '../../reports/markdown.js';
import { renderSarif } from '../../reports/sarif.js';
import { renderTable } from '../../reports/table.js';
import type { Reporter } from '../../reports/types.js';

/** Output formats, by `--format` name (docs/reports.md describes each). */
export const REPORTERS: Record<string, Reporter> = {
  table: renderTable,
  json: renderJson,
  sarif: renderSarif,
  junit: renderJunit,
  markdown: renderMarkdown,
  html: renderHtml,
};

export const FORMAT_NAMES = (): string[] => Object.keys(REPORTERS);

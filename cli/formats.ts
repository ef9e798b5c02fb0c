import type { Reporter } from '../reports/types.js';

/**
 * Output formats, by `--format` name (docs/reports.md describes each). Each reporter is imported
 * only when asked for: the HTML templates, the XML builder and the SARIF builder cost start-up time
 * that a table or JSON scan should not pay.
 */
export const REPORTERS: Record<string, () => Promise<Reporter>> = {
  table: async () => (await import('../reports/table.js')).renderTable,
  json: async () => (await import('../reports/json.js')).renderJson,
  sarif: async () => (await import('../reports/sarif.js')).renderSarif,
  junit: async () => (await import('../reports/junit.js')).renderJunit,
  markdown: async () => (await import('../reports/markdown.js')).renderMarkdown,
  html: async () => (await import('../reports/html.js')).renderHtml,
  policyreport: async () => (await import('../reports/policyreport.js')).renderPolicyReport,
  prometheus: async () => (await import('../reports/prometheus.js')).renderPrometheus,
  openreports: async () => (await import('../reports/policyreport.js')).renderOpenReports,
};

export const FORMAT_NAMES = (): string[] => Object.keys(REPORTERS);

/**
 * The format an `--output` file gets when no `--format` is paired with it, by its extension
 * (case-insensitive): `.yaml`/`.yml` are policy reports (the one YAML format), `.xml` is JUnit.
 */
export const FORMAT_BY_EXTENSION: Readonly<Record<string, string>> = {
  '.json': 'json',
  '.sarif': 'sarif',
  '.xml': 'junit',
  '.md': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.yaml': 'policyreport',
  '.yml': 'policyreport',
  '.prom': 'prometheus',
};

/** The format FORMAT_BY_EXTENSION gives a path, or undefined for an extension it does not know. */
export function formatOfPath(path: string): string | undefined {
  const dot = path.lastIndexOf('.');
  if (dot <= Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'))) return undefined;
  return FORMAT_BY_EXTENSION[path.slice(dot).toLowerCase()];
}

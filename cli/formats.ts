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

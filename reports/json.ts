import type { Reporter } from './types.js';

/** The JSON report, as described by reports/schema/report.schema.json (`tenantscan schema`). */
export const renderJson: Reporter = (report) => `${JSON.stringify(report, null, 2)}\n`;

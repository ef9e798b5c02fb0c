import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Table from 'cli-table3';
import { builtinChecks } from '../checks/index.js';
import { fleetSchema, reportSchema } from '../reports/schema/index.js';
import { severityLabel } from '../reports/severity-counts.js';
import { fitColumns } from '../reports/table-fit.js';
import { type AnyCheck, severityOf } from '../src/engine/check.js';
import { PACKAGE_ROOT } from '../src/version.js';
import { CliError, EXIT } from './exit-codes.js';

/**
 * `tenantscan checks`: the catalog (ID, family, severity per profile, title), as a table or JSON.
 * The table fits `width` terminal columns (reports/table-fit.ts) by wrapping the titles at word
 * boundaries; IDs are never cut (they are what `explain`, waivers and configurations take).
 */
export function listChecks(format: 'table' | 'json', checks: readonly AnyCheck[] = builtinChecks, width?: number): string {
  if (format === 'json') {
    return `${JSON.stringify(
      checks.map((c) => ({
        id: c.id,
        family: c.family,
        title: c.title,
        severity: { 'multi-team': severityOf(c, 'multi-team'), 'multi-customer': severityOf(c, 'multi-customer') },
        mtb: c.mtb ?? [],
      })),
      null,
      2,
    )}\n`;
  }
  const head = ['ID', 'Family', 'multi-team', 'multi-customer', 'Title'];
  const rows = checks.map((c) => [
    c.id,
    c.family,
    severityLabel(severityOf(c, 'multi-team')),
    severityLabel(severityOf(c, 'multi-customer')),
    c.title,
  ]);
  const colWidths = fitColumns([head, ...rows], width, [[4]]);
  const table = new Table({
    head,
    style: { head: [], border: [] },
    ...(colWidths ? { colWidths, wordWrap: true, wrapOnWordBoundary: true } : {}),
  });
  table.push(...rows);
  return `${table.toString()}\n${checks.length} checks. \`tenantscan explain <id>\` prints one check's page.\n`;
}

/** `tenantscan explain <id>`: the check's documentation page (docs/checks/<id>.md). */
export function explainCheck(id: string, checks: readonly AnyCheck[] = builtinChecks): string {
  const check = checks.find((c) => c.id === id || c.aliases?.includes(id));
  if (!check) {
    const near = checks
      .filter((c) => c.id.includes(id) || id.includes(c.family))
      .map((c) => c.id)
      .slice(0, 5);
    throw new CliError(
      `unknown check "${id}".${near.length ? ` Did you mean: ${near.join(', ')}?` : ''} Run \`tenantscan checks\` for the list.`,
      EXIT.USAGE,
    );
  }
  const page = join(PACKAGE_ROOT, 'docs', 'checks', `${check.id}.md`);
  if (existsSync(page)) return readFileSync(page, 'utf8');
  return `# ${check.id}: ${check.title}\n\n${check.description}\n\n## Why it matters\n\n${check.rationale}\n\n## How to fix\n\n${check.remediation}\n`;
}

/** `tenantscan schema`: the JSON report's schema. */
/** The JSON report's schema, or with `fleet` the fleet report's (which refers to the report's by its `$id`). */
export function printSchema(fleet = false): string {
  return `${JSON.stringify(fleet ? fleetSchema() : reportSchema(), null, 2)}\n`;
}

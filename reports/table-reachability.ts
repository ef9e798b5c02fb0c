/**
 * The cross-tenant reachability matrix as a compact terminal grid: one row per source tenant
 * (`from`), one column per destination (`to`). A cell is `open` (some pod of the row may connect
 * to some pod of the column), `·` (closed), or `?` (unknown: see the pair's reason in the JSON
 * report). The diagonal (a tenant to itself) is not computed and shows `-`. A pair the matrix does
 * not list is closed. The report's summary is drawn through expandReachability (reports/reachability.ts).
 */
import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { Reachability, ReachabilityStatus } from '../src/engine/report.js';

export interface ReachabilityGridOptions {
  /** Colour the cells (red open, green closed, yellow unknown). Default: chalk's own TTY detection. */
  color?: boolean;
}

const SYMBOL: Record<ReachabilityStatus, string> = { open: 'open', closed: '·', unknown: '?' };

/** Render `reachability` as a grid (rows = from, columns = to) with a one-line legend. */
export function renderReachabilityGrid(reachability: Reachability, options: ReachabilityGridOptions = {}): string {
  const chalk: ChalkInstance = options.color === undefined ? new Chalk() : new Chalk({ level: options.color ? 1 : 0 });
  const paint: Record<ReachabilityStatus, (s: string) => string> = {
    open: chalk.red.bold,
    closed: chalk.green,
    unknown: chalk.yellow,
  };
  const { tenants } = reachability;
  if (tenants.length === 0) return 'No tenants: no cross-tenant reachability to show.\n';
  const status = new Map(reachability.pairs.map((p) => [`${p.from}\u0000${p.to}`, p.status]));
  const table = new Table({
    head: ['from \\ to', ...tenants].map((h) => chalk.bold(h)),
    style: { head: [], border: [], compact: true },
  });
  for (const from of tenants) {
    const cells = tenants.map((to) => {
      if (from === to) return chalk.dim('-');
      const s = status.get(`${from}\u0000${to}`) ?? 'closed';
      return paint[s](SYMBOL[s]);
    });
    table.push([chalk.bold(from), ...cells]);
  }
  const legend = `${paint.open('open')}: some pod of the row may connect to a pod of the column   ${paint.closed('·')}: closed   ${paint.unknown('?')}: unknown (see the reasons in the JSON report)`;
  return `${table.toString()}\n${legend}\n`;
}

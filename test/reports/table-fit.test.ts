import { describe, expect, it } from 'vitest';
import { fitColumns } from '../../reports/table-fit.js';

const rows = [
  ['Tenant', 'Namespaces', 'Score', 'Not evaluated'],
  ['(cluster & platform)', 'acme-dev, acme-prod, acme-staging', '93.9', '0'],
];
// natural widths (text + 2 padding): 22, 35, 7, 15; borders: 5 -> 84 columns
const tableWidth = (w: number[]) => w.reduce((a, b) => a + b, 0) + w.length + 1;

describe('fitColumns: a terminal table within the terminal width', () => {
  it('keeps natural widths when the table fits, or when no width is known', () => {
    expect(fitColumns(rows, 84, [[1, 0]])).toBeUndefined();
    expect(fitColumns(rows, undefined, [[1, 0]])).toBeUndefined();
  });

  it('narrows the shrinkable columns, group by group, the widest of a group first, to fit exactly', () => {
    const widths = fitColumns(rows, 70, [[3], [1, 0]])!;
    expect(tableWidth(widths)).toBe(70);
    // "Not evaluated" first, down to its longest word ("evaluated" + 2), then Namespaces (the wider)
    expect(widths).toEqual([22, 25, 7, 11]);
    // then both, evenly, each down to its longest word at most
    expect(fitColumns(rows, 50, [[3], [1, 0]])).toEqual([13, 14, 7, 11]); // Namespaces stops at "acme-staging"
  });

  it('never narrows a column below its longest word, nor touches the others', () => {
    const widths = fitColumns(rows, 20, [[3], [1, 0]])!;
    expect(widths).toEqual([11, 14, 7, 11]); // "platform)", "acme-staging", "evaluated" + 2; Score untouched
    expect(tableWidth(widths)).toBeGreaterThan(20);
  });
});

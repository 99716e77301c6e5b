// Plain padded tables for the demo's console (console.table adds an index column nobody needs).
export type Cell = string | number | boolean;

export function formatTable(rows: readonly Record<string, Cell>[]): string {
  if (rows.length === 0) return '  (none)';
  const columns = Object.keys(rows[0]!);
  const text = (value: Cell | undefined): string => (value === undefined ? '' : String(value));
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => text(row[column]).length)));
  // Numbers read best right-aligned, words left-aligned.
  const cell = (value: Cell | undefined, index: number): string =>
    typeof value === 'number' || /^-?\d+\.\d\d$/.test(text(value)) ? text(value).padStart(widths[index]!) : text(value).padEnd(widths[index]!);
  const line = (cells: string[]): string => `  ${cells.join('  ')}`.trimEnd();
  return [
    line(columns.map((column, index) => column.padEnd(widths[index]!))),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map((row) => line(columns.map((column, index) => cell(row[column], index)))),
  ].join('\n');
}

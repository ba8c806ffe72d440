/**
 * One CSV line (RFC 4180, quoted where needed) whose cells a spreadsheet will not run as
 * formulas: a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
 * apostrophe (OWASP "CSV injection"), so `=HYPERLINK(…)` shows as text. Use it for every CSV
 * Certa writes.
 */
export function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(',');
}

export function csvCell(value: string): string {
  const neutralised = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(neutralised) ? `"${neutralised.replace(/"/g, '""')}"` : neutralised;
}

/** Columns to CSV text (RFC 4180 quoting; missing values as empty fields, numbers in shortest round-trip form). */

function field(v: unknown): string {
  if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV with a header row from named columns of equal length. */
export function toCsv(columns: Readonly<Record<string, ArrayLike<unknown>>>): string {
  const names = Object.keys(columns);
  const n = names.length ? columns[names[0]].length : 0;
  const lines = [names.map(field).join(',')];
  for (let i = 0; i < n; i++) lines.push(names.map((name) => field(columns[name][i])).join(','));
  return lines.join('\n') + '\n';
}

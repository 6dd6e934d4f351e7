/**
 * Plain-TypeScript reference for the WebAssembly CSV reader: the whole text split into records with
 * quotes honoured, blank lines skipped, fields trimmed, numbers by Number(), missing tokens as NaN/null.
 */
const MISSING = new Set(['', 'NA', 'NaN', '.', 'null', 'NULL']);

/** Records of fields; quoted fields unescaped. */
export function referenceRecords(text: string, delimiter = ','): { fields: string[]; quoted: boolean[] }[] {
  const out: { fields: string[]; quoted: boolean[] }[] = [];
  let fields: string[] = [];
  let quoted: boolean[] = [];
  let field = '';
  let inQuote = false;
  let wasQuoted = false;
  const endField = () => { fields.push(wasQuoted ? field : field.replace(/\r$/, '')); quoted.push(wasQuoted); field = ''; wasQuoted = false; };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inQuote) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') inQuote = false;
      else field += ch;
    } else if (ch === '"' && field.trim() === '') { field = ''; inQuote = true; wasQuoted = true; } else if (ch === delimiter) endField();
    else if (ch === '\n') {
      endField();
      if (!(fields.length === 1 && !quoted[0] && fields[0].trim() === '')) out.push({ fields, quoted });
      fields = []; quoted = [];
    } else if (!(wasQuoted && (ch === ' ' || ch === '\r'))) field += ch;
  }
  if (field !== '' || fields.length) { endField(); if (!(fields.length === 1 && fields[0].trim() === '')) out.push({ fields, quoted }); }
  return out;
}

/** A numeric field as the reader gives it (NaN for missing), or undefined for text. */
export function referenceNumber(field: string): number | undefined {
  const t = field.trim();
  if (MISSING.has(t)) return NaN;
  if (/^[+-]?(Inf|Infinity)$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
  return Number(t);
}

/** A factor field's level (null for missing): unquoted text trimmed. */
export function referenceLevel(field: string, quoted: boolean): string | null {
  const t = quoted ? field : field.trim();
  return MISSING.has(t) ? null : t;
}

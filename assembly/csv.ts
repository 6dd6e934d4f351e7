// Delimited text to typed columns in one pass over the bytes: records are split (quotes, CRLF, blank lines),
// the fields of numeric columns are parsed to doubles, those of text columns are factorised into a
// dictionary, and the other columns are skipped without conversion. The host hands over blocks that end
// right after a newline and are followed by at least 16 readable bytes, so the unquoted scans need no bounds
// checks and may read a whole vector at a time.
import { decimalToDouble, decimalUndecided } from './decimal';
import { Dictionary } from './dictionary';

const SKIP: i32 = 0;
const NUMBER: i32 = 1;
const FACTOR: i32 = 2;
/** Numbers where they parse; text is only flagged (the host then reads the column as text). */
const DETECT: i32 = 4; // 3 is unused: a column used both ways is read as numbers

/** Outcome of a call (csvStatus). */
const DONE: i32 = 0; // every record up to the end of the block
const FULL: i32 = 1; // the row capacity was reached first
const INCOMPLETE: i32 = 2; // a quoted field runs past the end of the block: more bytes needed
const NOT_NUMERIC: i32 = 3;
const OUT_OF_RANGE: i32 = 4;
const TOO_FEW: i32 = 5;
const TOO_MANY: i32 = 6;
const BAD_QUOTE: i32 = 7;

/** What a field holds, for a numeric column. */
const OK: i32 = 0;
const MISSING: i32 = 1;
const TEXT: i32 = 2;
const UNDECIDED: i32 = 3;
const RANGE: i32 = 4;

const FALLBACK_ROWS: i32 = 4096;

let nCols: i32 = 0;
let kinds: StaticArray<i32> = new StaticArray<i32>(0);
let numSlot: StaticArray<i32> = new StaticArray<i32>(0);
let facSlot: StaticArray<i32> = new StaticArray<i32>(0);
let delimiter: i32 = 44;
let capacity: i32 = 0;
let outNum: usize = 0; // [nNum x capacity] f64, column-major
let outFac: usize = 0; // [nFac x capacity] i32, column-major
let missingCount: StaticArray<i32> = new StaticArray<i32>(0);
let textSeen: StaticArray<i32> = new StaticArray<i32>(0);
let dictionaries: StaticArray<Dictionary> = new StaticArray<Dictionary>(0);
/** (row, numeric slot, byte offset, length) of fields the host must parse exactly. */
let fallback = new StaticArray<i32>(FALLBACK_ROWS * 4);
/** Entries `fallback` holds: room for a whole record's fields at the start of every record. */
let fallbackCapacity: i32 = FALLBACK_ROWS;
let fallbackCount: i32 = 0;

let line: i32 = 1;
let consumed: i32 = 0;
let status: i32 = DONE;
let errorColumn: i32 = 0;
let errorStart: i32 = 0;
let errorLength: i32 = 0;
let errorLine: i32 = 0;

/**
 * Set up a read: per column its kind and output slots (`plan`: [3 x nCols] i32 of kind, numeric slot,
 * factor slot), the delimiter, the output blocks and their row capacity. Resets counts and dictionaries.
 */
export function csvConfigure(columns: i32, plan: usize, delim: i32, rows: i32, numeric: usize, factors: usize, nFac: i32): void {
  nCols = columns;
  kinds = new StaticArray<i32>(columns);
  numSlot = new StaticArray<i32>(columns);
  facSlot = new StaticArray<i32>(columns);
  for (let c = 0; c < columns; c++) {
    unchecked(kinds[c] = load<i32>(plan + (<usize>c << 2)));
    unchecked(numSlot[c] = load<i32>(plan + (<usize>(columns + c) << 2)));
    unchecked(facSlot[c] = load<i32>(plan + (<usize>(2 * columns + c) << 2)));
  }
  delimiter = delim;
  capacity = rows;
  outNum = numeric;
  outFac = factors;
  missingCount = new StaticArray<i32>(columns);
  textSeen = new StaticArray<i32>(columns);
  dictionaries = new StaticArray<Dictionary>(nFac);
  fallbackCapacity = max(FALLBACK_ROWS, 2 * columns);
  if (fallback.length < fallbackCapacity * 4) fallback = new StaticArray<i32>(fallbackCapacity * 4);
  for (let f = 0; f < nFac; f++) unchecked(dictionaries[f] = new Dictionary());
}

/** Set the line number of the next record (the header is line 1). */
export function csvSetLine(next: i32): void {
  line = next;
}

// @ts-ignore: decorator
@inline function isSpace(c: u32): bool {
  return c == 32 || (c == 9 && delimiter != 9);
}

/** The first delimiter or newline at or after p (the block ends with a newline, so there is one). */
// @ts-ignore: decorator
@inline function fieldEnd(p: usize): usize {
  const d = i8x16.splat(<i8>delimiter);
  const nl = i8x16.splat(10);
  while (true) {
    const v = v128.load(p);
    const hit = i8x16.bitmask(v128.or(i8x16.eq(v, d), i8x16.eq(v, nl)));
    if (hit != 0) return p + <usize>ctz(hit);
    p += 16;
  }
}

let parsed: f64 = 0;

/** Is [s, e) one of the tokens R and Stata write for a missing value: empty, NA, NaN, ., null, NULL? */
function isMissingToken(s: usize, e: usize): bool {
  const n = <i32>(e - s);
  if (n == 0) return true;
  const c0 = load<u8>(s);
  if (n == 1) return c0 == 46; // .
  if (n == 2) return c0 == 78 && load<u8>(s, 1) == 65; // NA
  if (n == 3) return c0 == 78 && load<u8>(s, 1) == 97 && load<u8>(s, 2) == 78; // NaN
  if (n == 4) {
    const w = load<u32>(s);
    return w == 0x6c6c756e || w == 0x4c4c554e; // null, NULL
  }
  return false;
}

/** Inf, Infinity, with an optional sign (R writes Inf): +-1 for a match, 0 otherwise. */
function infinitySign(s: usize, e: usize): i32 {
  let sign = 1;
  const c = load<u8>(s);
  if (c == 45 || c == 43) { sign = c == 45 ? -1 : 1; s++; }
  const n = <i32>(e - s);
  if (n != 3 && n != 8) return 0;
  if (load<u8>(s) != 73 || load<u8>(s, 1) != 110 || load<u8>(s, 2) != 102) return 0; // Inf
  if (n == 3) return sign;
  // "inity"
  return load<u32>(s, 3) == 0x74696e69 && load<u8>(s, 7) == 121 ? sign : 0;
}

/** Parse [s, e) (already trimmed) as a decimal number into `parsed`; returns what the field holds. */
function parseNumber(s: usize, e: usize): i32 {
  let p = s;
  let negative = false;
  let c = <u32>load<u8>(p);
  if (c == 45) { negative = true; p++; } else if (c == 43) p++;
  let w: u64 = 0;
  let digits = 0;
  let q: i32 = 0;
  let any = false;
  let truncated = false;
  while (p < e) {
    const d = <u32>load<u8>(p) - 48;
    if (d > 9) break;
    any = true;
    if (digits < 19) { w = w * 10 + d; if (w != 0) digits++; } else { q++; if (d != 0) truncated = true; }
    p++;
  }
  if (p < e && load<u8>(p) == 46) {
    p++;
    while (p < e) {
      const d = <u32>load<u8>(p) - 48;
      if (d > 9) break;
      any = true;
      if (digits < 19) { w = w * 10 + d; if (w != 0) digits++; q--; } else if (d != 0) truncated = true;
      p++;
    }
  }
  if (!any) return TEXT;
  if (p < e && (load<u8>(p) | 32) == 101) {
    p++;
    let negExp = false;
    if (p < e) {
      c = load<u8>(p);
      if (c == 45) { negExp = true; p++; } else if (c == 43) p++;
    }
    if (p >= e) return TEXT;
    let x: i32 = 0;
    while (p < e) {
      const d = <u32>load<u8>(p) - 48;
      if (d > 9) break;
      if (x < 100000) x = x * 10 + <i32>d;
      p++;
    }
    q += negExp ? -x : x;
  }
  if (p != e) return TEXT;
  if (truncated) return UNDECIDED;
  const v = decimalToDouble(w, q, negative);
  if (decimalUndecided) return UNDECIDED;
  if (!isFinite(v)) return RANGE;
  parsed = v;
  return OK;
}

/** What the trimmed field [s, e) of a numeric column holds; sets `parsed`. */
function numberField(s: usize, e: usize): i32 {
  // Unquoted fields come trimmed; a quoted number may still have spaces inside its quotes.
  while (s < e && isSpace(load<u8>(s))) s++;
  while (e > s && isSpace(load<u8>(e - 1))) e--;
  if (s == e) return MISSING;
  const r = parseNumber(s, e);
  if (r != TEXT) return r;
  if (isMissingToken(s, e)) return MISSING;
  const inf = infinitySign(s, e);
  if (inf != 0) { parsed = inf > 0 ? Infinity : -Infinity; return OK; }
  return TEXT;
}

/** Are the 8 bytes of v (little-endian) all ASCII digits? (Lemire's SWAR test, as in fast_float.) */
// @ts-ignore: decorator
@inline function eightDigits(v: u64): bool {
  return (((v + 0x4646464646464646) | (v - 0x3030303030303030)) & 0x8080808080808080) == 0;
}

/** The value of 8 ASCII digits (first digit in the lowest byte) with three multiplications instead of eight. */
// @ts-ignore: decorator
@inline function parseEight(v: u64): u64 {
  v -= 0x3030303030303030;
  v = v * 10 + (v >> 8);
  return (((v & 0x000000ff000000ff) * 0x000f424000000064) + (((v >> 16) & 0x000000ff000000ff) * 0x0000271000000001)) >> 32;
}

/**
 * The common case in one pass: an unquoted plain decimal ending at a delimiter or a newline, parsed while it
 * is scanned and stored at `at`. Returns the address of its terminator, or 0 to leave the field to the
 * general path (quotes, spaces, missing tokens, CR, over 19 digits, text, overflow).
 */
// @ts-ignore: decorator
@inline function fastNumber(p: usize, at: usize): usize {
  let q = p;
  const negative = load<u8>(q) == 45;
  if (negative) q++;
  const start = q;
  let w: u64 = 0;
  while (eightDigits(load<u64>(q))) { w = w * 100000000 + parseEight(load<u64>(q)); q += 8; }
  let d = <u32>load<u8>(q) - 48;
  while (d <= 9) { w = w * 10 + d; d = <u32>load<u8>(++q) - 48; }
  let digits = <i32>(q - start);
  let exponent: i32 = 0;
  if (d == <u32>(46 - 48)) {
    const fraction = ++q;
    while (eightDigits(load<u64>(q))) { w = w * 100000000 + parseEight(load<u64>(q)); q += 8; }
    d = <u32>load<u8>(q) - 48;
    while (d <= 9) { w = w * 10 + d; d = <u32>load<u8>(++q) - 48; }
    exponent = -<i32>(q - fraction);
    digits -= exponent;
  }
  if (digits == 0) return 0;
  if ((d | 32) == <u32>(101 - 48)) {
    // 'e' or 'E' (d holds the byte minus 48; 'E' | 32 is 'e')
    let c = <u32>load<u8>(++q);
    const negExp = c == 45;
    if (c == 45 || c == 43) c = load<u8>(++q);
    d = c - 48;
    if (d > 9) return 0;
    let x: i32 = 0;
    while (d <= 9) { if (x < 100000) x = x * 10 + <i32>d; d = <u32>load<u8>(++q) - 48; }
    exponent += negExp ? -x : x;
  }
  const c = <i32>load<u8>(q);
  if (c != delimiter && c != 10) return 0;
  if (digits > 19) {
    // Leading zeros (0.000123) do not count; more significant digits than that need the exact path.
    let r = start;
    while (load<u8>(r) == 48 || load<u8>(r) == 46) { if (load<u8>(r) == 48) digits--; r++; }
    if (digits > 19) return 0;
  }
  const v = decimalToDouble(w, exponent, negative);
  if (decimalUndecided || !isFinite(v)) return 0;
  store<f64>(at, v);
  return q;
}

function fail(code: i32, col: i32, s: usize, e: usize, buf: usize, at: i32): i32 {
  status = code;
  errorColumn = col;
  errorStart = <i32>(s - buf);
  errorLength = <i32>(e - s);
  errorLine = at;
  return -1;
}

/**
 * Parse the records of buf[start, end) (end just after a newline) into the output blocks, at most the row
 * capacity. Returns the rows written, or -1 on an error (csvStatus and the csvError* getters say which).
 * csvConsumed() is where the next call starts.
 */
export function csvParse(buf: usize, start: i32, end: i32): i32 {
  let p = buf + <usize>start;
  const e = buf + <usize>end;
  let rows = 0;
  fallbackCount = 0;
  status = DONE;
  while (p < e) {
    if (rows == capacity || fallbackCount + nCols > fallbackCapacity) { status = FULL; break; }
    const recordStart = p;
    const recordLine = line;
    // A blank line (spaces, CR) is skipped, as R's readers do.
    let b = p;
    let c = <u32>load<u8>(b);
    while (isSpace(c) || c == 13) c = load<u8>(++b);
    if (c == 10) { p = b + 1; line++; continue; }
    let col = 0;
    while (true) {
      const kind = unchecked(kinds[col]);
      const fast = kind == NUMBER ? fastNumber(p, outNum + ((<usize>unchecked(numSlot[col]) * <usize>capacity + <usize>rows) << 3)) : 0;
      if (fast != 0) p = fast;
      else {
        let s = p;
        let f: usize;
        let quoted = false;
        if (load<u8>(p) == 34) {
          // Quoted: "" is an escaped quote; delimiters and newlines inside are data.
          quoted = true;
          let r = p + 1;
          while (true) {
            if (r >= e) { status = INCOMPLETE; consumed = <i32>(recordStart - buf); line = recordLine; return rows; }
            const ch = load<u8>(r);
            if (ch == 34) {
              if (r + 1 < e && load<u8>(r + 1) == 34) { r += 2; continue; }
              break;
            }
            if (ch == 10) line++;
            r++;
          }
          s = p + 1;
          f = r;
          p = r + 1;
          c = load<u8>(p);
          while (isSpace(c) || c == 13) c = load<u8>(++p);
          if (c != <u32>delimiter && c != 10) return fail(BAD_QUOTE, col, recordStart, p, buf, line);
        } else {
          p = fieldEnd(p);
          f = p;
          if (load<u8>(p) == 10 && f > s && load<u8>(f - 1) == 13) f--;
          while (s < f && isSpace(load<u8>(s))) s++;
          while (f > s && isSpace(load<u8>(f - 1))) f--;
        }
        if (kind != SKIP) {
          if (kind != FACTOR) {
            const slot = unchecked(numSlot[col]);
            const at = outNum + ((<usize>slot * <usize>capacity + <usize>rows) << 3);
            const r = numberField(s, f);
            if (r == OK) store<f64>(at, parsed);
            else {
              store<f64>(at, NaN);
              if (r == MISSING) unchecked(missingCount[col]++);
              else if (r == UNDECIDED) {
                const k = fallbackCount++ << 2;
                unchecked(fallback[k] = rows);
                unchecked(fallback[k + 1] = slot);
                unchecked(fallback[k + 2] = <i32>(s - buf));
                unchecked(fallback[k + 3] = <i32>(f - s));
              } else if (r == RANGE) return fail(OUT_OF_RANGE, col, s, f, buf, line);
              else if (kind == DETECT) unchecked(textSeen[col] = 1);
              else return fail(NOT_NUMERIC, col, s, f, buf, line);
            }
          }
          if (kind != NUMBER) {
            const at = outFac + ((<usize>unchecked(facSlot[col]) * <usize>capacity + <usize>rows) << 2);
            if (isMissingToken(s, f)) {
              store<i32>(at, -1);
              if (kind == FACTOR) unchecked(missingCount[col]++);
            } else store<i32>(at, unchecked(dictionaries[facSlot[col]]).code(s, <i32>(f - s)));
          }
        }
      }
      if (load<u8>(p) != 10) {
        // A delimiter: the next field.
        p++;
        col++;
        if (col == nCols) return fail(TOO_MANY, col, recordStart, fieldEnd(recordStart), buf, recordLine);
        continue;
      }
      p++;
      line++;
      if (col != nCols - 1) return fail(TOO_FEW, col + 1, recordStart, p - 1, buf, recordLine);
      break;
    }
    rows++;
  }
  consumed = <i32>(p - buf);
  return rows;
}

export function csvStatus(): i32 { return status; }
export function csvConsumed(): i32 { return consumed; }
export function csvLine(): i32 { return line; }
export function csvErrorColumn(): i32 { return errorColumn; }
export function csvErrorStart(): i32 { return errorStart; }
export function csvErrorLength(): i32 { return errorLength; }
export function csvErrorLine(): i32 { return errorLine; }
export function csvFallbackCount(): i32 { return fallbackCount; }
export function csvFallback(): usize { return changetype<usize>(fallback); }
export function csvMissing(): usize { return changetype<usize>(missingCount); }
export function csvTextSeen(): usize { return changetype<usize>(textSeen); }
export function csvLevels(slot: i32): i32 { return unchecked(dictionaries[slot]).size; }
export function csvLevelBytes(slot: i32): usize { return changetype<usize>(unchecked(dictionaries[slot]).bytes); }
export function csvLevelOffsets(slot: i32): usize { return changetype<usize>(unchecked(dictionaries[slot]).offsets); }
export function csvLevelLengths(slot: i32): usize { return changetype<usize>(unchecked(dictionaries[slot]).lengths); }

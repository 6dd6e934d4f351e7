// Level dictionaries for text columns: byte strings to dense int32 codes in order of first appearance, so a
// column of ids is factorised while it is parsed and no string is ever made per row.

const EMPTY: i32 = 0;
/** Plain integers below this are looked up by value (no hashing): the usual ids of panels and FE columns. */
const DIRECT_LIMIT: i32 = 1 << 23;

/** FNV-1a over the bytes: short ids hash in a few cycles, and the table resolves the rare collisions. */
// @ts-ignore: decorator
@inline function hashBytes(ptr: usize, len: i32): u32 {
  let h: u32 = 2166136261;
  for (let i = 0; i < len; i++) h = (h ^ load<u8>(ptr + <usize>i)) * 16777619;
  return h;
}

export class Dictionary {
  /** Open addressing: 0 is empty, else code + 1. */
  slots: StaticArray<i32> = new StaticArray<i32>(1024);
  hashes: StaticArray<u32> = new StaticArray<u32>(256);
  offsets: StaticArray<i32> = new StaticArray<i32>(256);
  lengths: StaticArray<i32> = new StaticArray<i32>(256);
  bytes: StaticArray<u8> = new StaticArray<u8>(4096);
  /** Code + 1 of each plain integer seen (0: unseen), indexed by its value. */
  direct: StaticArray<i32> = new StaticArray<i32>(1024);
  size: i32 = 0;
  used: i32 = 0;

  /** The code of the bytes [ptr, ptr + len), adding them as a new level when unseen. */
  code(ptr: usize, len: i32): i32 {
    // Digits without a leading zero (so '7' and '007' stay different levels, as text).
    if (len <= 7 && (len == 1 || load<u8>(ptr) != 48)) {
      let v: i32 = 0;
      let i = 0;
      for (; i < len; i++) {
        const d = <u32>load<u8>(ptr + <usize>i) - 48;
        if (d > 9) break;
        v = v * 10 + <i32>d;
      }
      if (i == len && v < DIRECT_LIMIT) {
        if (v >= this.direct.length) {
          let n = this.direct.length << 1;
          while (n <= v) n <<= 1;
          this.direct = grow<i32>(this.direct, n);
        }
        const known = unchecked(this.direct[v]);
        if (known != EMPTY) return known - 1;
        const c = this.insert(ptr, len, hashBytes(ptr, len));
        unchecked(this.direct[v] = c + 1);
        return c;
      }
    }
    const h = hashBytes(ptr, len);
    const mask = this.slots.length - 1;
    let i = <i32>(h & <u32>mask);
    while (true) {
      const s = unchecked(this.slots[i]);
      if (s == EMPTY) break;
      const c = s - 1;
      if (unchecked(this.hashes[c]) == h && unchecked(this.lengths[c]) == len &&
          memory.compare(changetype<usize>(this.bytes) + <usize>unchecked(this.offsets[c]), ptr, len) == 0) return c;
      i = (i + 1) & mask;
    }
    return this.insert(ptr, len, h);
  }

  /** A new level, entered in the hash table too (integers as well, so a rehash needs no flags). */
  private insert(ptr: usize, len: i32, h: u32): i32 {
    const c = this.size;
    if (c == this.hashes.length) this.growEntries();
    if (this.used + len > this.bytes.length) this.growBytes(len);
    memory.copy(changetype<usize>(this.bytes) + <usize>this.used, ptr, len);
    unchecked(this.hashes[c] = h);
    unchecked(this.offsets[c] = this.used);
    unchecked(this.lengths[c] = len);
    this.used += len;
    this.size = c + 1;
    const mask = this.slots.length - 1;
    let i = <i32>(h & <u32>mask);
    while (unchecked(this.slots[i]) != EMPTY) i = (i + 1) & mask;
    unchecked(this.slots[i] = c + 1);
    if (this.size * 2 > this.slots.length) this.rehash();
    return c;
  }

  private growEntries(): void {
    const n = this.hashes.length << 1;
    this.hashes = grow<u32>(this.hashes, n);
    this.offsets = grow<i32>(this.offsets, n);
    this.lengths = grow<i32>(this.lengths, n);
  }

  private growBytes(len: i32): void {
    let n = this.bytes.length << 1;
    while (n < this.used + len) n <<= 1;
    this.bytes = grow<u8>(this.bytes, n);
  }

  private rehash(): void {
    const slots = new StaticArray<i32>(this.slots.length << 1);
    const mask = slots.length - 1;
    for (let c = 0; c < this.size; c++) {
      let i = <i32>(unchecked(this.hashes[c]) & <u32>mask);
      while (unchecked(slots[i]) != EMPTY) i = (i + 1) & mask;
      unchecked(slots[i] = c + 1);
    }
    this.slots = slots;
  }
}

function grow<T>(a: StaticArray<T>, n: i32): StaticArray<T> {
  const b = new StaticArray<T>(n);
  memory.copy(changetype<usize>(b), changetype<usize>(a), <usize>a.length * sizeof<T>());
  return b;
}

/**
 * Blocking as one in-memory hash join, for a bulk load: records arrive in order, each with its
 * stored blocking keys, and a record's candidates are the records sharing a key with it, each
 * key's block read as the store reads it (at most `capPerKey` records, the earliest first: a
 * B-tree hands equal keys back in the order their rows were written).
 *
 * Keys are kept as 53-bit hashes of their stored form, not as strings: a million records hold
 * some fourteen million keys, and a string each would cost more memory than the records.
 * Two keys colliding would make a few more candidates, never fewer (scoring decides).
 */
export class BlockIndex {
  /** Ordinals of the records holding each key, in arrival order, at most cap + 1 kept. */
  private readonly blocks = new Map<number, number[] | number>();

  constructor(private readonly capPerKey: number) {}

  /** Adds a record (by its ordinal, increasing) under its keys. */
  add(ordinal: number, keys: readonly string[]): void {
    for (const key of keys) {
      const hash = keyHash(key);
      const block = this.blocks.get(hash);
      // Most keys hold one record: a bare number until a second arrives.
      if (block === undefined) this.blocks.set(hash, ordinal);
      else if (typeof block === 'number') {
        if (block !== ordinal) this.blocks.set(hash, [block, ordinal]);
      } else if (block.length < this.capPerKey && block[block.length - 1] !== ordinal)
        block.push(ordinal);
    }
  }

  /** Ordinals of the records sharing a key with these keys (each block capped), but `self`. */
  candidates(keys: readonly string[], self: number): number[] {
    const found = new Set<number>();
    for (const key of keys) {
      const block = this.blocks.get(keyHash(key));
      if (block === undefined) continue;
      if (typeof block === 'number') found.add(block);
      else for (const ordinal of block) found.add(ordinal);
    }
    found.delete(self);
    return [...found];
  }

  get keyCount(): number {
    return this.blocks.size;
  }
}

/** FNV-1a over the key's UTF-16 units in two 32-bit lanes, folded to 53 bits. */
export function keyHash(key: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ key.length;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}

/**
 * mulberry32: a small, fast 32-bit seeded generator. Training draws random pairs with it so
 * that the same records and seed give the same model on every machine (Math.random cannot be
 * seeded). Not for anything secret.
 */
export type Prng = () => number;

export function mulberry32(seed: number): Prng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform integer in [0, maxExclusive). */
export function randomIndex(next: Prng, maxExclusive: number): number {
  return Math.floor(next() * maxExclusive);
}

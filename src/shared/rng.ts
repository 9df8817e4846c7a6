/**
 * Seeded hashing and pseudo-random numbers. Every random choice in a data path
 * (splits, augmentation, sampling) comes from here, never from Math.random, so
 * the same inputs give the same result on any machine.
 *
 * Only 32-bit integer arithmetic (Math.imul, >>>) is used, which JavaScript
 * defines exactly, so results do not depend on the CPU or the engine.
 */

const TWO_32 = 4294967296;

/** Splits a seed (any safe integer, negative allowed) into two 32-bit words. */
function seedWords(seed: number): [number, number] {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  const lo = seed >>> 0;
  const hi = Math.floor(seed / TWO_32) >>> 0;
  return [lo, hi];
}

/**
 * A seeded 53-bit hash of a string (two multiply-xorshift lanes over UTF-16
 * code units with a final avalanche, after cyrb53). Returns an integer in
 * [0, 2^53) that compares with < directly.
 */
export function hashKey(key: string, seed: number): number {
  const [slo, shi] = seedWords(seed);
  let h1 = 0xdeadbeef ^ slo;
  let h2 = 0x41c6ce57 ^ shi ^ Math.imul(slo, 0x9e3779b1);
  for (let i = 0; i < key.length; i++) {
    const ch = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 11) * TWO_32 + (h1 >>> 0);
}

/** Seeded 32-bit hash of a string: cheap, for bucketing and sub-seeds. */
export function hash32(key: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < key.length; i++) {
    h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Serialisable generator state: four 32-bit words (sfc32). */
export type RngState = [number, number, number, number];

/** A small, fast, seeded generator (sfc32) whose state can be saved and restored. */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Uniform float in [min, max). */
  uniform(min: number, max: number): number;
  /** Standard normal (Box–Muller), deterministic. */
  normal(): number;
  /** A new generator derived from this one and a label, without advancing this one. */
  fork(label: string): Rng;
  state(): RngState;
}

export function createRng(seed: number | RngState): Rng {
  let a: number, b: number, c: number, d: number;
  if (Array.isArray(seed)) {
    [a, b, c, d] = seed.map((w) => w >>> 0) as RngState;
  } else {
    const [lo, hi] = seedWords(seed);
    a = 0x9e3779b9 ^ lo;
    b = 0x243f6a88 ^ hi;
    c = 0xb7e15162;
    d = 1;
    for (let i = 0; i < 15; i++) step();
  }
  function step(): number {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  }
  const rng: Rng = {
    next: () => step() / TWO_32,
    int: (n) => Math.floor((step() / TWO_32) * n),
    uniform: (min, max) => min + (step() / TWO_32) * (max - min),
    normal: () => {
      const u = 1 - step() / TWO_32;
      const v = step() / TWO_32;
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    fork: (label) => createRng([hash32(label, a), hash32(label, b), hash32(label, c), hash32(label, d)]),
    state: () => [a >>> 0, b >>> 0, c >>> 0, d >>> 0],
  };
  return rng;
}

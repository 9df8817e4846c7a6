import { describe, expect, it } from 'vitest';
import { createRng, hashKey } from './rng.ts';

describe('hashKey', () => {
  it('is stable across calls and sensitive to key and seed', () => {
    expect(hashKey('cat/001.jpg', 7)).toBe(hashKey('cat/001.jpg', 7));
    expect(hashKey('cat/001.jpg', 7)).not.toBe(hashKey('cat/001.jpg', 8));
    expect(hashKey('cat/001.jpg', 7)).not.toBe(hashKey('cat/002.jpg', 7));
  });
  it('returns integers in [0, 2^53) spread over the range', () => {
    let high = 0;
    for (let i = 0; i < 10000; i++) {
      const h = hashKey(`k${i}`, 1);
      expect(Number.isSafeInteger(h)).toBe(true);
      expect(h).toBeGreaterThanOrEqual(0);
      if (h > 2 ** 52) high++;
    }
    expect(high).toBeGreaterThan(4500);
    expect(high).toBeLessThan(5500);
  });
  it('pins known values so a change to the hash (which would move every split) is caught', () => {
    expect([hashKey('a', 0), hashKey('sample-42', 1234)]).toMatchInlineSnapshot(`
      [
        2818621726882049,
        1696381692489627,
      ]
    `);
  });
});

describe('createRng', () => {
  it('replays from a saved state', () => {
    const r = createRng(42);
    r.next();
    const saved = r.state();
    const a = [r.next(), r.next(), r.int(10)];
    const b = createRng(saved);
    expect([b.next(), b.next(), b.int(10)]).toEqual(a);
  });
  it('gives uniform floats in [0, 1)', () => {
    const r = createRng(1);
    let sum = 0;
    for (let i = 0; i < 100000; i++) {
      const x = r.next();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
    }
    expect(sum / 100000).toBeCloseTo(0.5, 2);
  });
});

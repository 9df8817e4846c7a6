import { describe, expect, it } from 'vitest';
import { trialsFor } from './search.ts';

describe('search trials', () => {
  const space = { learningRate: [0.1, 0.01, 0.001], width: [8, 16] };

  it('grid: the cartesian product in order, the last knob fastest, cut at the budget', () => {
    expect(trialsFor(space, 'grid', 4, 0)).toEqual([
      { learningRate: 0.1, width: 8 }, { learningRate: 0.1, width: 16 }, { learningRate: 0.01, width: 8 }, { learningRate: 0.01, width: 16 },
    ]);
    expect(trialsFor(space, 'grid', 100, 0)).toHaveLength(6);
  });

  it('random: seeded, without repeats, never more than the space holds', () => {
    const a = trialsFor(space, 'random', 4, 5);
    expect(trialsFor(space, 'random', 4, 5)).toEqual(a);
    expect(new Set(a.map((t) => JSON.stringify(t))).size).toBe(4);
    expect(trialsFor(space, 'random', 4, 6)).not.toEqual(a);
    expect(trialsFor(space, 'random', 50, 5)).toHaveLength(6);
  });
});

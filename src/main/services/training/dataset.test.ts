import { describe, expect, it } from 'vitest';
import { BatchOrder, balancedClassWeights, checkTrainable, passOrder, type TrainItem, type TrainingSet } from './dataset.ts';

const item = (key: string, label = 0): TrainItem => ({ id: 0, key, label, value: null, abs: null, text: key, format: null, meta: {} });

describe('batch order', () => {
  it('visits every train item once per pass, in a seeded order independent of row order', () => {
    const items = Array.from({ length: 50 }, (_, i) => item(`k${i}`));
    const a = passOrder(items, 7, 0).map((i) => items[i]!.key);
    const reversed = [...items].reverse();
    const b = passOrder(reversed, 7, 0).map((i) => reversed[i]!.key);
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(50);
    expect(passOrder(items, 7, 1).map((i) => items[i]!.key)).not.toEqual(a);
    expect(passOrder(items, 8, 0).map((i) => items[i]!.key)).not.toEqual(a);
  });

  it('serves the same batch for the same cursor, across pass boundaries, from a fresh instance (resume)', () => {
    const items = Array.from({ length: 10 }, (_, i) => item(`k${i}`));
    const o = new BatchOrder(items, 3);
    const stream = [0, 4, 8, 12, 16].map((c) => o.batch(c, 4).map((x) => x.key));
    expect(new BatchOrder(items, 3).batch(8, 4).map((x) => x.key)).toEqual(stream[2]);
    expect(stream.slice(0, 2).flat().concat(stream[2]!.slice(0, 2)).sort()).toEqual(items.map((x) => x.key).sort());
  });
});

describe('checks before training', () => {
  const set = (over: Partial<TrainingSet>): TrainingSet => ({
    datasetId: 1, modality: 'text', task: 'classification', target: null, columnTypes: {}, classes: ['a', 'b'], train: [item('1', 0), item('2', 1)], validation: [item('3', 0)], test: [], fingerprint: '', ...over,
  });

  it('names what is wrong', () => {
    expect(() => checkTrainable(set({ classes: ['a'], train: [item('1')] }), 'd')).toThrow(/only one class \(a\)/);
    expect(() => checkTrainable(set({ validation: [] }), 'd')).toThrow(/no validation split/);
    expect(() => checkTrainable(set({ classes: ['a', 'b', 'c'] }), 'd')).toThrow(/class c has no samples in the train split/);
    expect(() => checkTrainable(set({}), 'd')).not.toThrow();
  });

  it('checks a regression set: enough train samples, a validation split, a target that varies', () => {
    const r = (key: string, value: number): TrainItem => ({ ...item(key, -1), value });
    const reg = (over: Partial<TrainingSet>): TrainingSet => set({ task: 'regression', target: 'price', classes: [], train: [r('1', 1), r('2', 2)], validation: [r('3', 3)], ...over });
    expect(() => checkTrainable(reg({}), 'd')).not.toThrow();
    expect(() => checkTrainable(reg({ train: [r('1', 1)] }), 'd')).toThrow(/1 train sample\(s\) with a numeric "price"/);
    expect(() => checkTrainable(reg({ validation: [] }), 'd')).toThrow(/no validation samples with a numeric "price"/);
    expect(() => checkTrainable(reg({ train: [r('1', 5), r('2', 5)] }), 'd')).toThrow(/"price" is 5 in every train sample/);
  });

  it('weights classes inversely to their frequency', () => {
    const s = set({ train: [item('1', 0), item('2', 0), item('3', 0), item('4', 1)] });
    expect(balancedClassWeights(s)).toEqual([4 / 6, 2]);
  });
});

// @vitest-environment happy-dom
// The SVG chart: one point per epoch and series, lines in epoch order inside
// the plot, a summary for assistive tech, the best epoch and a reference line.
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { fmtWhen, niceTicks } from './format.ts';
import LossCurves from './LossCurves.vue';
import { nextSort, sortRows } from './sort.ts';

const history = [
  { epoch: 1, step: 4, metrics: { loss: 1.3, val_loss: 1.2, accuracy: 0.4, val_accuracy: 0.45 } },
  { epoch: 2, step: 8, metrics: { loss: 0.8, val_loss: 0.9, accuracy: 0.7, val_accuracy: 0.65 } },
  { epoch: 3, step: 12, metrics: { loss: 0.5, accuracy: 0.8 } },
];

/** The (x, y) of a series' points. */
function points(w: ReturnType<typeof mount>, series: string): Array<[number, number]> {
  return w.findAll(`[data-series="${series}"] circle`).map((c) => [Number(c.attributes('cx')), Number(c.attributes('cy'))]);
}

describe('LossCurves', () => {
  it('draws train and validation loss per epoch, left to right, higher loss higher up', () => {
    const w = mount(LossCurves, { props: { history, kind: 'loss', epochs: 5, height: 200 } });
    expect(w.find('[data-series="train"]').attributes('data-points')).toBe('3');
    // Epoch 3 has no validation yet: two validation points.
    expect(w.find('[data-series="validation"]').attributes('data-points')).toBe('2');
    const train = points(w, 'train');
    expect(train[0]![0]).toBeLessThan(train[1]![0]);
    expect(train[0]![1]).toBeLessThan(train[1]![1]); // SVG y grows downwards
    for (const [, y] of train) expect(y).toBeGreaterThanOrEqual(14);
    expect(w.find('[data-series="train"] path').attributes('d')).toMatch(/^M[\d.]+,[\d.]+ L[\d.]+,[\d.]+ L/);
    expect(w.find('svg').attributes('aria-label')).toBe('Loss per epoch: train 0.5000 at epoch 3, validation 0.9000 at epoch 2');
    expect(w.find('[data-series="train"] title').text()).toBe('train loss at epoch 1: 1.3000');
  });

  it('puts accuracy on a 0–100% axis and marks the best epoch', () => {
    const w = mount(LossCurves, { props: { history, kind: 'accuracy', bestEpoch: 2 } });
    const labels = w.findAll('.grid text').map((t) => t.text());
    expect(labels).toEqual(expect.arrayContaining(['0%', '50%', '100%']));
    expect(w.find('.best-mark line').exists()).toBe(true);
    expect(w.find('.legend').text()).toContain('best epoch 2');
    expect(w.find('svg').attributes('aria-label')).toContain('train 80.0% at epoch 3');
  });

  it('draws a labelled reference line inside the axis, and says when there is nothing yet', () => {
    const w = mount(LossCurves, { props: { history: [], kind: 'loss', series: ['train'], reference: { value: Math.log(4), label: 'ln(4)' } } });
    expect(w.find('.reference text').text()).toBe('ln(4)');
    const top = Math.max(...niceTicks(0, Math.log(4)));
    expect(top).toBeGreaterThanOrEqual(Math.log(4));
    expect(w.find('.empty').text()).toContain('waiting for the first epoch');
    expect(w.findAll('[data-series]')).toHaveLength(1);
  });
});

describe('chart and table helpers', () => {
  it('chooses round ticks that cover the range', () => {
    expect(niceTicks(0, 1.38, 5)).toEqual([0, 0.5, 1, 1.5]);
    expect(niceTicks(0, 0.09, 5)).toEqual([0, 0.025, 0.05, 0.075, 0.1]);
    expect(niceTicks(2, 2, 5)[0]).toBeLessThanOrEqual(2);
  });

  it('sorts with missing values last in either direction, and flips on a second click', () => {
    const rows = [{ v: 2 }, { v: null }, { v: 5 }, { v: 1 }];
    expect(sortRows(rows, (r) => r.v, 'asc').map((r) => r.v)).toEqual([1, 2, 5, null]);
    expect(sortRows(rows, (r) => r.v, 'desc').map((r) => r.v)).toEqual([5, 2, 1, null]);
    expect(nextSort({ key: 'a', dir: 'asc' }, 'a', 'asc')).toEqual({ key: 'a', dir: 'desc' });
    expect(nextSort({ key: 'a', dir: 'asc' }, 'b', 'desc')).toEqual({ key: 'b', dir: 'desc' });
  });

  it('writes creation times short: the time today, the date in other years', () => {
    const now = new Date('2026-11-28T15:00:00');
    expect(fmtWhen(new Date('2026-11-28T09:05:00').toISOString(), now)).toMatch(/^09:05$/);
    expect(fmtWhen('2024-03-01T09:05:00Z', now)).toBe('2024-03-01');
  });
});

import { describe, expect, it } from 'vitest';
import type { InspectResult } from '@shared/contract/index.ts';
import { defaultTask, initialTypes, isTableFile, labelOf, withType } from './column-step.ts';

const result: InspectResult = {
  format: 'csv', encoding: 'utf-8', modality: 'tabular', rowsSampled: 3, suggestedTask: 'classification',
  columns: [
    { name: 'id', type: 'id', reason: 'the id column', examples: ['a', 'b', 'c'], quantity: false },
    { name: 'zip', type: 'numeric', reason: 'every value is a number', examples: ['94110', '94607'], quantity: false },
    { name: 'price', type: 'numeric', reason: 'every value is a number', examples: ['387000', '1045000'], quantity: true },
    { name: 'plan', type: 'categorical', reason: '2 distinct values', examples: ['basic', 'pro'], quantity: false },
    { name: 'label', type: 'label', reason: 'the label column', examples: ['yes', 'no'], quantity: false },
  ],
};

describe('column step', () => {
  it('offers the step for table files only', () => {
    expect(['a.csv', ' b.TSV ', 'c.jsonl', 'd.ndjson', 'e.txt'].every(isTableFile)).toBe(true);
    expect(['photos', 'a.csv/', 'a.json', 'a.png'].some(isTableFile)).toBe(false);
  });

  it('starts from the proposal, keeps one label and one id, and says which column gave its role away', () => {
    const types = initialTypes(result);
    expect(types).toEqual({ id: 'id', zip: 'numeric', price: 'numeric', plan: 'categorical', label: 'label' });
    const a = withType(types, 'plan', 'label');
    expect(a).toEqual({ types: { id: 'id', zip: 'numeric', price: 'numeric', plan: 'label', label: 'ignore' }, moved: 'label' });
    const b = withType(a.types, 'zip', 'id');
    expect(b.types).toMatchObject({ id: 'ignore', zip: 'id' });
    expect(withType(types, 'zip', 'categorical').moved).toBeNull();
    expect(labelOf(withType(types, 'label', 'ignore').types)).toBeNull();
  });

  it('suggests the task from the label column', () => {
    const types = initialTypes(result);
    expect(defaultTask(result, types)).toBe('classification');
    expect(defaultTask(result, withType(types, 'price', 'label').types)).toBe('regression');
    // Few whole numbers (zip codes, 0/1 codes) are classes, as the server judged them.
    expect(defaultTask(result, withType(types, 'zip', 'label').types)).toBe('classification');
    expect(defaultTask(result, withType(types, 'plan', 'label').types)).toBe('classification');
    expect(defaultTask(result, withType(types, 'label', 'categorical').types)).toBeNull();
  });
});

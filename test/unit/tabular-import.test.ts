// Tabular datasets on real files through real SQLite: the column-type step
// (inspect's proposals, overrides), classification and regression imports
// (classes, metadata, task, dataset_columns), per-row errors, idempotent
// re-import, and the errors that keep tables and other datasets apart.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Client } from '../../src/shared/contract/index.ts';
import { importAndWait, projectPerTest, REPO, tempDir } from '../helpers/project.ts';
import { tabularColumns } from '../../src/main/services/training/inputs.ts';
import { parseTrainConfig } from '../../src/shared/training/config.ts';

const project = projectPerTest();
const HOUSES = path.join(REPO, 'test', 'fixtures', 'tabular', 'houses.csv');
const HEADER = 'id,sold,zip,bedrooms,bathrooms,sqft,year_built,condition,garage,notes,segment,price';

/** houses.csv's header and rows, split (none of its cells hold a comma). */
function housesRows(): string[][] {
  return fs.readFileSync(HOUSES, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
}

/** A CSV in a fresh folder from the fixture's header and some rows (edited as a test likes). */
function table(rows: string[][], name = 'houses.csv', header = HEADER): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, [header, ...rows.map((r) => r.join(','))].join('\n') + '\n');
  return file;
}

async function columnsOf(api: Client, datasetId: number): Promise<Record<string, string>> {
  return Object.fromEntries((await api.call('datasets.columns', { datasetId })).map((c) => [c.name, c.type]));
}

describe('import.inspect', () => {
  it('proposes a type per column with a reason and up to five distinct examples, without importing', async () => {
    const p = await project();
    const r = await p.api.call('import.inspect', { source: HOUSES });
    expect(r).toMatchObject({ format: 'csv', encoding: 'utf-8', modality: 'tabular', rowsSampled: 200, suggestedTask: null });
    // zip: whole numbers that name places, so categories.
    expect(Object.fromEntries(r.columns.map((c) => [c.name, c.type]))).toEqual({
      id: 'id', sold: 'date', zip: 'categorical', bedrooms: 'numeric', bathrooms: 'numeric', sqft: 'numeric', year_built: 'numeric',
      condition: 'categorical', garage: 'categorical', notes: 'text', segment: 'categorical', price: 'numeric',
    });
    expect(r.columns.map((c) => c.name)).toEqual(HEADER.split(','));
    const condition = r.columns.find((c) => c.name === 'condition')!;
    expect(condition.reason).toBe('4 distinct values');
    expect([...condition.examples].sort()).toEqual(['excellent', 'fair', 'good', 'poor']);
    expect(r.columns.find((c) => c.name === 'sold')!.examples).toHaveLength(5);
    expect(await p.api.call('datasets.list', {})).toEqual([]);
  });

  it('reads at most about 500 rows, finds a label column by name and suggests its task', async () => {
    const p = await project();
    const rows = Array.from({ length: 3000 }, (_, i) => [`${i}`, `${i % 7}`, i % 2 ? 'yes' : 'no']);
    const r = await p.api.call('import.inspect', { source: table(rows, 'churn.csv', 'customer,tenure,label') });
    expect(r.rowsSampled).toBe(500);
    expect(r.columns.map((c) => [c.name, c.type])).toEqual([['customer', 'numeric'], ['tenure', 'numeric'], ['label', 'label']]);
    expect(r.suggestedTask).toBe('classification');
    const numeric = await p.api.call('import.inspect', { source: table([['1', '2.5'], ['2', '3']], 't.csv', 'x,target') });
    expect(numeric.suggestedTask).toBe('regression');
    // A typo among numbers does not make every price a class (the import reports that row instead).
    const typo = Array.from({ length: 30 }, (_, i) => [`${i}`, i === 5 ? 'cheap' : `${1000 + i}`]);
    expect((await p.api.call('import.inspect', { source: table(typo, 't.csv', 'x,target') })).suggestedTask).toBe('regression');
    const codes = Array.from({ length: 20 }, (_, i) => [`${i}`, i % 4 ? `${i % 3}` : 'other']);
    expect((await p.api.call('import.inspect', { source: table(codes, 't.csv', 'x,target') })).suggestedTask).toBe('classification');
    // 0/1 (or 0–9) labels are class codes, not a quantity: classification.
    const binary = Array.from({ length: 60 }, (_, i) => [`${i}`, `${i % 2}`]);
    const b = await p.api.call('import.inspect', { source: table(binary, 't.csv', 'x,label') });
    expect(b.suggestedTask).toBe('classification');
    expect(b.columns.find((c) => c.name === 'label')!.quantity).toBe(false);
  });

  it('says which modality an import would pick, and refuses folders and unknown files', async () => {
    const p = await project();
    expect((await p.api.call('import.inspect', { source: table([['hello', 'a']], 'posts.csv', 'text,label') })).modality).toBe('text');
    expect((await p.api.call('import.inspect', { source: table([['a.wav']], 'clips.csv', 'path') })).modality).toBe('audio');
    await expect(p.api.call('import.inspect', { source: tempDir() })).rejects.toThrow(/\.csv, \.tsv or \.jsonl file/);
    await expect(p.api.call('import.inspect', { source: path.join(tempDir(), 'missing.csv') })).rejects.toThrow(/not found/);
  });
});

describe('tabular import', () => {
  it('classification: label values become classes, the rest metadata; types, task and columns are stored', async () => {
    const p = await project();
    const s = await importAndWait(p.api, { source: HOUSES, dataset: 'houses', columnTypes: { segment: 'label', zip: 'categorical' } });
    expect(s).toMatchObject({ imported: 200, errors: [], task: 'classification', labels: { starter: 42, family: 125, luxury: 33 } });
    expect(s.columns!.map((c) => `${c.position}:${c.name}:${c.type}`)).toEqual([
      '0:id:id', '1:sold:date', '2:zip:categorical', '3:bedrooms:numeric', '4:bathrooms:numeric', '5:sqft:numeric', '6:year_built:numeric',
      '7:condition:categorical', '8:garage:categorical', '9:notes:text', '10:segment:label', '11:price:numeric',
    ]);
    expect(await p.api.call('datasets.columns', { datasetId: s.datasetId })).toEqual(s.columns);
    const [info] = await p.api.call('datasets.list', {});
    expect(info).toMatchObject({ name: 'houses', modality: 'tabular', task: 'classification', total: 200, labeled: 200 });
    const one = await p.api.call('samples.byKey', { datasetId: s.datasetId, key: 'H-0001' });
    expect(one).toMatchObject({ modality: 'tabular', label: 'starter', path: null });
    expect(one.meta).toEqual({
      sold: '2024-11-25', zip: '94607', bedrooms: '1', bathrooms: '1', sqft: '1240', year_built: '1985', condition: 'poor', garage: 'no',
      notes: 'quiet street', price: '387000',
    });
    expect(one.text).toBe('sold: 2024-11-25 · zip: 94607 · bedrooms: 1 · bathrooms: 1 · sqft: 1240 · year_built: 1985 · condition: poor · garage: no · notes: quiet street · segment: starter · price: 387000');
    // The gallery: rows carry their cells, search goes through the summary, metadata filters work.
    const page = await p.api.call('samples.list', { datasetId: s.datasetId, limit: 3 });
    expect(page.items[0]!.meta).toMatchObject({ zip: '94607', price: '387000' });
    expect((await p.api.call('samples.list', { datasetId: s.datasetId, filter: { search: 'solar panels' } })).total).toBeGreaterThan(5);
    const keys = await p.api.call('samples.metaKeys', { datasetId: s.datasetId });
    expect(keys.map((k) => k.key)).toContain('condition');
    expect(keys.map((k) => k.key)).not.toContain('segment');
    const poor = (await p.api.call('samples.list', { datasetId: s.datasetId, filter: { meta: { key: 'condition', value: 'poor' } } })).total;
    expect(poor).toBe(housesRows().filter((r) => r[7] === 'poor').length);
  });

  it('regression: the target stays in the metadata, no classes; the task defaults from a numeric label', async () => {
    const p = await project();
    const s = await importAndWait(p.api, { source: HOUSES, dataset: 'prices', modality: 'tabular', columnTypes: { price: 'label' } });
    expect(s).toMatchObject({ imported: 200, errors: [], task: 'regression', labels: {} });
    expect(await p.api.call('classes.list', { datasetId: s.datasetId })).toEqual([]);
    const one = await p.api.call('samples.byKey', { datasetId: s.datasetId, key: 'H-0002' });
    expect(one).toMatchObject({ labelId: null, label: null });
    expect(one.meta).toMatchObject({ price: '1045000', segment: 'family', bathrooms: 'NA' });
    expect((await columnsOf(p.api, s.datasetId)).price).toBe('label');
    expect((await p.api.call('datasets.list', {}))[0]!.task).toBe('regression');
  });

  it('guesses tabular for a table with neither a text nor a path column, unlabeled without a label column', async () => {
    const p = await project();
    const s = await importAndWait(p.api, { source: HOUSES });
    expect(s).toMatchObject({ dataset: 'table', imported: 200, task: null });
    expect(s.warnings.join('\n')).toMatch(/no label column/);
    expect(s.warnings).toContain('column "notes" holds free text: a table keeps it but does not train on it; to classify the text itself, import with --text-column notes');
    expect((await p.api.call('datasets.list', {}))[0]).toMatchObject({ name: 'table', modality: 'tabular', task: null, labeled: 0 });
  });

  it('takes columns named like Object.prototype properties as plain columns, at import and in training', async () => {
    const p = await project();
    const rows = Array.from({ length: 30 }, (_, i) => [`${i % 5}`, `${['a', 'b'][i % 2]}`, `${100 + i * 3.5}`]);
    const s = await importAndWait(p.api, { source: table(rows, 't.csv', 'constructor,toString,price'), columnTypes: { price: 'label', toString: 'categorical' } as const });
    expect(s).toMatchObject({ imported: 30, task: 'regression' });
    expect(await columnsOf(p.api, s.datasetId)).toEqual({ constructor: 'numeric', toString: 'categorical', price: 'label' });
    const cfg = parseTrainConfig({ columns: { constructor: 'categorical' } });
    if (!cfg.ok) throw new Error('config');
    const train = rows.map((r, i) => ({ id: i, key: `k${i}`, label: -1, value: Number(r[2]), abs: null, text: null, format: null, meta: { constructor: r[0]!, toString: r[1]!, price: r[2]! } }));
    const set = { datasetId: 1, modality: 'tabular' as const, task: 'regression' as const, target: 'price', classes: [], columnTypes: { toString: 'categorical' }, train, validation: train, test: [], fingerprint: '' };
    expect(tabularColumns(set, cfg.config)).toEqual([{ name: 'constructor', type: 'categorical' }, { name: 'toString', type: 'categorical' }, { name: 'price', type: 'label' }]);
  });

  it('reads JSONL with typed cells and keys rows by a hash of their content when there is no id', async () => {
    const p = await project();
    const file = path.join(tempDir(), 'churn.jsonl');
    fs.writeFileSync(file, [
      { tenure: 3, plan: 'basic', churned: 'yes' }, { tenure: 40, plan: 'pro', churned: 'no' }, { plan: 'pro', tenure: 3, churned: 'no' },
    ].map((r) => JSON.stringify(r)).join('\n') + '\n');
    const s = await importAndWait(p.api, { source: file, columnTypes: { churned: 'label' } });
    expect(s).toMatchObject({ imported: 3, task: 'classification', labels: { yes: 1, no: 2 } });
    const items = (await p.api.call('samples.list', { datasetId: s.datasetId })).items;
    expect(items.every((r) => /^row:[0-9a-f]{20}$/.test(r.key))).toBe(true);
    expect(items.map((r) => r.meta!.tenure).sort()).toEqual([3, 3, 40]);
  });

  it('reports bad rows one by one while the rest imports', async () => {
    const p = await project();
    const rows = housesRows().slice(0, 10);
    rows[1] = [...rows[1]!, 'extra'];
    rows[2]![11] = 'cheap';
    rows[3]![11] = '';
    rows[4]![0] = rows[0]![0]!;
    const s = await importAndWait(p.api, { source: table(rows), columnTypes: { price: 'label' }, task: 'regression' });
    expect(s.errors).toEqual([
      { item: 'houses.csv:3', reason: 'expected 12 fields, found 13' },
      { item: 'houses.csv:4', reason: 'line 4: regression target "price" "cheap" is not a number' },
      { item: 'houses.csv:5', reason: 'line 5: regression target "price" is missing' },
      { item: 'houses.csv:6', reason: 'duplicate id "H-0001" (first on line 2)' },
    ]);
  });

  it('without an id column, a repeated row is an error naming the first; other columns are not checked', async () => {
    const p = await project();
    const rows = housesRows().slice(0, 5).map((r) => r.slice(1));
    rows.push([...rows[1]!]);
    rows[0]![2] = 'three';
    const header = HEADER.split(',').slice(1).join(',');
    const s = await importAndWait(p.api, { source: table(rows, 'houses.csv', header), columnTypes: { segment: 'label', bedrooms: 'numeric' } });
    expect(s.imported).toBe(5);
    expect(s.errors).toEqual([{ item: 'houses.csv:7', reason: 'duplicate row (same as line 3)' }]);
    expect(s.warnings.join('\n')).toMatch(/column "bedrooms" \(numeric\): 1 value\(s\) such as "three" are not numbers/);
  });

  it('is idempotent; new column types update dataset_columns with a warning', async () => {
    const p = await project();
    const first = await importAndWait(p.api, { source: HOUSES, dataset: 'houses', columnTypes: { price: 'label' } });
    const again = await importAndWait(p.api, { source: HOUSES, dataset: 'houses', columnTypes: { price: 'label' } });
    expect(again).toMatchObject({ imported: 0, updated: 0, skipped: 200, total: 200, warnings: [] });
    // Into an existing table, no modality needed; bedrooms are now categories.
    const third = await importAndWait(p.api, { source: HOUSES, dataset: 'houses', columnTypes: { price: 'label', bedrooms: 'categorical', notes: 'ignore' } });
    expect(third).toMatchObject({ imported: 0, skipped: 200 });
    expect(third.warnings).toEqual(['column "bedrooms" was numeric, now categorical', 'column "notes" was text, now ignore']);
    expect(await columnsOf(p.api, first.datasetId)).toMatchObject({ bedrooms: 'categorical', notes: 'ignore', price: 'label' });
    // A changed row updates its sample in place; a new one is added.
    const rows = housesRows();
    rows[0]![11] = '390000';
    rows.push(['H-0201', '2024-01-02', '94110', '2', '1', '900', '1950', 'good', 'no', '', 'starter', '650000']);
    const fourth = await importAndWait(p.api, { source: table(rows), dataset: 'houses', columnTypes: { price: 'label' } });
    expect(fourth).toMatchObject({ imported: 1, updated: 1, total: 201 });
    expect((await p.api.call('samples.byKey', { datasetId: first.datasetId, key: 'H-0001' })).meta.price).toBe('390000');
  });

  it('keeps tables and other datasets apart, and a dataset to one task', async () => {
    const p = await project();
    const posts = table([['a post', 'x']], 'posts.csv', 'text,label');
    await importAndWait(p.api, { source: posts, dataset: 'posts' });
    await expect(importAndWait(p.api, { source: HOUSES, dataset: 'posts', modality: 'tabular' })).rejects.toThrow(/holds text samples; import tabular into another dataset/);
    await importAndWait(p.api, { source: HOUSES, dataset: 'houses', columnTypes: { price: 'label' } });
    await expect(importAndWait(p.api, { source: posts, dataset: 'houses', modality: 'text' })).rejects.toThrow(/holds tabular samples/);
    await expect(importAndWait(p.api, { source: HOUSES, dataset: 'houses', columnTypes: { segment: 'label' } })).rejects.toThrow(/is a regression dataset/);
    await expect(importAndWait(p.api, { source: posts, modality: 'text', columnTypes: { label: 'label' } })).rejects.toThrow(/for tabular imports/);
  });

  it('refuses column types that name no column, two labels or two ids, and a task without a label', async () => {
    const p = await project();
    await expect(importAndWait(p.api, { source: HOUSES, columnTypes: { cost: 'label' } })).rejects.toThrow(/"cost", which the file does not have/);
    await expect(importAndWait(p.api, { source: HOUSES, columnTypes: { price: 'label', segment: 'label' } })).rejects.toThrow(/only one column can be the label/);
    await expect(importAndWait(p.api, { source: HOUSES, columnTypes: { id: 'id', zip: 'id' } })).rejects.toThrow(/only one column can be the id/);
    await expect(importAndWait(p.api, { source: HOUSES, task: 'regression' })).rejects.toThrow(/needs a label column/);
    await expect(p.api.call('import.start', { source: HOUSES, columnTypes: { price: 'float' as 'numeric' } })).rejects.toThrow(/columnTypes/);
  });

  it('an explicit id replaces the proposed one, which becomes a feature again or is ignored', async () => {
    const p = await project();
    const s = await importAndWait(p.api, { source: HOUSES, columnTypes: { price: 'id' } });
    const prices = new Set(housesRows().map((r) => r[11]));
    expect(s.imported).toBe(prices.size);
    expect(s.errors).toHaveLength(200 - prices.size);
    expect(s.errors[0]!.reason).toMatch(/^duplicate id "\d+" \(first on line \d+\)$/);
    expect(await columnsOf(p.api, s.datasetId)).toMatchObject({ id: 'ignore', price: 'id' });
  });

  it('takes no augmentation', async () => {
    const p = await project();
    const s = await importAndWait(p.api, { source: HOUSES, columnTypes: { segment: 'label' } });
    const id = (await p.api.call('samples.list', { datasetId: s.datasetId, limit: 1 })).items[0]!.id;
    const recipe = { name: 'r', modality: 'text', steps: [] };
    await expect(p.api.call('augment.preview', { datasetId: s.datasetId, recipe, sampleIds: [id] })).rejects.toThrow('tabular datasets take no augmentation');
    await expect(p.api.call('augment.start', { datasetId: s.datasetId, recipe, out: path.join(tempDir(), 'o'), format: 'csv' })).rejects.toThrow('tabular datasets take no augmentation');
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TabularFeatures } from '../../../shared/features/spec.ts';
import { readTable, type CellValue } from '../datasets/tabular.ts';
import { csvRowToRecord, fitTabular, inverseTarget, splitCsvLine, transformTabular, transformTargets } from './tabular.ts';
import { dayOfWeek, inferColumnTypes, parseDate } from './tabular-values.ts';

const GOOD_CSV = path.resolve(import.meta.dirname, '../../../../test/fixtures/text/good.csv');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trainyard-tabular-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const HOUSES = `id,area,rooms,colour,listed,price,band
h1,50,2,red,2024-02-29,100,low
h2,70,3,blue,2023-12-31,150,mid
h3,,3,red,2024-01-01,160,mid
h4,90,4,green,2000-01-01,210,high
h5,110,NA,red,,260,high
`;

async function rowsOf(text: string): Promise<Record<string, CellValue>[]> {
  const file = path.join(tmp, `t${Math.round(performance.now() * 1000)}.csv`);
  fs.writeFileSync(file, text);
  const rows: Record<string, CellValue>[] = [];
  for await (const e of readTable(file)) if (e.kind === 'row') rows.push(e.record);
  return rows;
}

function housesConfig(o: Record<string, unknown> = {}): TabularFeatures {
  return TabularFeatures.parse({
    modality: 'tabular',
    columns: [
      { name: 'id', type: 'id' }, { name: 'area', type: 'numeric' }, { name: 'rooms', type: 'numeric' }, { name: 'colour', type: 'categorical' },
      { name: 'listed', type: 'date' }, { name: 'price', type: 'numeric' }, { name: 'band', type: 'label' },
    ],
    ...o,
  });
}

function featuresOf(names: string[], data: Float32Array, row: number): Record<string, number> {
  return Object.fromEntries(names.map((n, i) => [n, data[row * names.length + i]!]));
}

describe('dates', () => {
  it('knows the weekday of known dates', () => {
    const dow = (s: string): number => dayOfWeek(parseDate(s)!);
    expect(dow('2024-02-29')).toBe(3); // Thursday (Monday = 0)
    expect(dow('1970-01-01')).toBe(3);
    expect(dow('2000-01-01')).toBe(5); // Saturday
    expect(dow('2023-12-31')).toBe(6); // Sunday
    expect(dow('1969-12-31T23:59:59Z')).toBe(2);
    expect(dow('2024/03/04 08:30')).toBe(0);
    expect(parseDate('2023-02-29')).toBeNull();
    expect(parseDate('29/02/2024')).toBeNull();
  });
});

describe('tabular preprocessing on real CSV text', () => {
  it('standardises numbers, fills a missing one with the mean and flags it', async () => {
    const rows = await rowsOf(HOUSES);
    const state = await fitTabular(housesConfig(), rows);
    const area = state.fitted.find((c) => c.name === 'area')!;
    expect(area).toMatchObject({ type: 'numeric', mean: 80, missing: 1 });
    if (area.type !== 'numeric') throw new Error('numeric');
    expect(area.std).toBeCloseTo(Math.sqrt((30 ** 2 + 10 ** 2 + 10 ** 2 + 30 ** 2) / 4), 12);
    const { data, shape } = transformTabular(state, rows);
    expect(shape).toEqual([5, state.featureNames.length]);
    const h1 = featuresOf(state.featureNames, data, 0);
    const h3 = featuresOf(state.featureNames, data, 2);
    expect(h1.area).toBeCloseTo(-30 / area.std, 6);
    expect(h1['area.missing']).toBe(0);
    expect(h3.area).toBe(0); // the mean, standardised
    expect(h3['area.missing']).toBe(1);
    expect(featuresOf(state.featureNames, data, 4)['rooms.missing']).toBe(1);
  });

  it('one-hot encodes categories with an unknown bucket, capped at maxCategories', async () => {
    const rows = await rowsOf(HOUSES);
    const state = await fitTabular(housesConfig({ maxCategories: 2 }), rows);
    // red (3) first, then blue and green (1 each) in code-unit order: blue kept, green over the cap.
    expect(state.featureNames.filter((n) => n.startsWith('colour='))).toEqual(['colour=red', 'colour=blue', 'colour=<unknown>']);
    const { data } = transformTabular(state, [{ colour: 'purple' }, { colour: 'green' }, { colour: ' red ' }, {}]);
    const oneHot = (r: number): number[] => ['colour=red', 'colour=blue', 'colour=<unknown>'].map((n) => featuresOf(state.featureNames, data, r)[n]!);
    expect(oneHot(0)).toEqual([0, 0, 1]);
    expect(oneHot(1)).toEqual([0, 0, 1]);
    expect(oneHot(2)).toEqual([1, 0, 0]);
    expect(oneHot(3)).toEqual([0, 0, 1]);
  });

  it('encodes dates as cyclical sin/cos (or scaled) and a standardised year', async () => {
    const rows = await rowsOf(HOUSES);
    const state = await fitTabular(housesConfig(), rows);
    const n = state.featureNames;
    expect(n.filter((x) => x.startsWith('listed.'))).toEqual([
      'listed.dow_sin', 'listed.dow_cos', 'listed.dom_sin', 'listed.dom_cos', 'listed.month_sin', 'listed.month_cos', 'listed.year', 'listed.missing',
    ]);
    const { data } = transformTabular(state, rows);
    const leap = featuresOf(n, data, 0); // 2024-02-29, a Thursday
    expect(leap['listed.dow_sin']).toBeCloseTo(Math.sin((2 * Math.PI * 3) / 7), 6);
    expect(leap['listed.dow_cos']).toBeCloseTo(Math.cos((2 * Math.PI * 3) / 7), 6);
    expect(leap['listed.dom_sin']).toBeCloseTo(Math.sin((2 * Math.PI * 28) / 29), 6);
    expect(leap['listed.month_cos']).toBeCloseTo(Math.cos((2 * Math.PI * 1) / 12), 6);
    const newYear = featuresOf(n, data, 2); // 2024-01-01, a Monday: every cycle at its start
    expect([newYear['listed.dow_sin'], newYear['listed.dow_cos'], newYear['listed.dom_cos'], newYear['listed.month_cos']]).toEqual([0, 1, 1, 1]);
    // Sunday sits next to Monday on the circle.
    const sunday = featuresOf(n, data, 1);
    expect(Math.hypot(sunday['listed.dow_sin']! - 0, sunday['listed.dow_cos']! - 1)).toBeCloseTo(2 * Math.sin(Math.PI / 7), 5);
    const date = state.fitted.find((c) => c.name === 'listed')!;
    if (date.type !== 'date') throw new Error('date');
    expect(date.yearMean).toBe((2024 + 2023 + 2024 + 2000) / 4);
    expect(leap['listed.year']).toBeCloseTo((2024 - date.yearMean) / date.yearStd, 6);
    expect(featuresOf(n, data, 4)['listed.missing']).toBe(1);

    const scaled = await fitTabular(housesConfig({ cyclical: false, dateParts: ['dayOfWeek', 'month'] }), rows);
    expect(scaled.featureNames.filter((x) => x.startsWith('listed.'))).toEqual(['listed.dow', 'listed.month', 'listed.missing']);
    const s = featuresOf(scaled.featureNames, transformTabular(scaled, rows).data, 1); // Sunday 31 December
    expect([s['listed.dow'], s['listed.month']]).toEqual([1, 1]);
  });

  it('encodes the target for classification and regression', async () => {
    const rows = await rowsOf(HOUSES);
    const cls = await fitTabular(housesConfig(), rows);
    expect(cls.target).toEqual({ task: 'classification', column: 'band', classes: ['high', 'low', 'mid'] });
    expect(Array.from(transformTargets(cls, rows).data)).toEqual([1, 2, 2, 0, 0]);
    expect(() => transformTargets(cls, [{ band: 'luxury' }])).toThrow(/not one of the train classes/);

    const columns = housesConfig().columns.map((c) => (c.name === 'price' ? { ...c, type: 'label' as const } : c.name === 'band' ? { ...c, type: 'categorical' as const } : c));
    const reg = await fitTabular(housesConfig({ columns, task: 'regression' }), rows);
    expect(reg.target).toMatchObject({ task: 'regression', column: 'price', mean: 176 });
    const y = transformTargets(reg, rows);
    expect(y.dtype).toBe('float32');
    expect(inverseTarget(reg, y.data).map((v) => Math.round(v * 1000) / 1000)).toEqual([100, 150, 160, 210, 260]);
  });

  it('reads a client CSV line by column position, quotes included', async () => {
    const rows = await rowsOf(HOUSES);
    const state = await fitTabular(housesConfig(), rows);
    expect(splitCsvLine('a,"b, ""c""",,d')).toEqual(['a', 'b, "c"', '', 'd']);
    const line = HOUSES.split('\n')[2]!;
    expect(csvRowToRecord(state.config, line)).toEqual(rows[1]);
    expect(Buffer.from(transformTabular(state, [line]).data.buffer)).toEqual(Buffer.from(transformTabular(state, [rows[1]!]).data.buffer));
    expect(() => csvRowToRecord(state.config, 'a,b,c,d,e,f,g,h')).toThrow(/8 fields/);
    const twice = housesConfig({ columns: [{ name: 'a', type: 'numeric' }, { name: 'a', type: 'date' }] });
    await expect(fitTabular(twice, rows)).rejects.toThrow(/column "a" twice/);
  });
});

describe('inferColumnTypes', () => {
  it('proposes types from a sample of CSV rows', async () => {
    const guesses = inferColumnTypes(await rowsOf(fs.readFileSync(GOOD_CSV, 'utf8')));
    expect(Object.fromEntries(guesses.map((g) => [g.name, g.type]))).toEqual({ id: 'id', text: 'text', label: 'label', date: 'date', author: 'categorical' });
    const houses = inferColumnTypes(await rowsOf(HOUSES), { label: 'price' });
    expect(Object.fromEntries(houses.map((g) => [g.name, g.type]))).toEqual({
      id: 'id', area: 'numeric', rooms: 'numeric', colour: 'categorical', listed: 'date', price: 'label', band: 'categorical',
    });
    expect(inferColumnTypes([{ userId: 1 }, { userId: 2 }, { userId: 3 }])[0]!.type).toBe('id');
    expect(inferColumnTypes([{ score: 1 }, { score: 2 }, { score: 3 }])[0]!.type).toBe('numeric');
    // Zip and area codes are numbers that name categories; bedrooms count.
    const coded = inferColumnTypes([94607, 95014, 94607, 10001].map((zip, i) => ({ zip: String(zip), postal_code: zip, bedrooms: i + 1 })));
    expect(Object.fromEntries(coded.map((g) => [g.name, g.type]))).toEqual({ zip: 'categorical', postal_code: 'categorical', bedrooms: 'numeric' });
  });
});

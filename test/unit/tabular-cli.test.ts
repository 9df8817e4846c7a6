// `trainyard inspect` and `trainyard import` of a table, through the real binary.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DatasetColumn, ImportSummary, InspectResult } from '../../src/shared/contract/index.ts';
import { runCli, runCliJson } from '../helpers/cli.ts';
import { REPO, tempDir } from '../helpers/project.ts';

const HOUSES = path.join(REPO, 'test', 'fixtures', 'tabular', 'houses.csv');

describe('trainyard CLI: tables', () => {
  it('inspects a table: a proposal per column, as JSON and as a table', async () => {
    const dir = path.join(tempDir(), 'proj');
    await runCliJson(['new', dir]);
    const r = await runCliJson<InspectResult>(['inspect', dir, HOUSES, '--label-column', 'segment']);
    expect(r).toMatchObject({ format: 'csv', modality: 'tabular', rowsSampled: 200, suggestedTask: 'classification' });
    expect(r.columns.find((c) => c.name === 'segment')).toMatchObject({ type: 'label', reason: 'the label column' });
    expect(r.columns.find((c) => c.name === 'sqft')).toMatchObject({ type: 'numeric', examples: expect.arrayContaining(['1240']) });
    const text = await runCli(['inspect', dir, HOUSES]);
    expect(text.code).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toBe('houses.csv: csv, utf-8, 200 rows sampled → tabular');
    expect(lines[1]).toMatch(/^name\s+type\s+reason\s+examples$/);
    expect(lines.find((l) => l.startsWith('sold '))).toMatch(/^sold\s+date\s+every value is an ISO-like date\s+2024-11-25, /);
    expect(text.stdout).toMatch(/no label column/);
  });

  it('imports a table with --column-types and --task, and says so in --json', async () => {
    const dir = path.join(tempDir(), 'proj');
    await runCliJson(['new', dir]);
    const args = ['import', dir, HOUSES, '--dataset', 'houses', '--column-types', 'price=label,zip=categorical,sold=date,notes=ignore', '--task', 'regression'];
    const s = await runCliJson<ImportSummary & { columns: DatasetColumn[] }>(args);
    expect(s).toMatchObject({ dataset: 'houses', imported: 200, errors: [], task: 'regression' });
    // Rows of a regression table have no class: counted as regression rows, not as unlabeled.
    expect(s.labels).toEqual({ '(regression on price)': 200 });
    expect(s.columns.map((c) => `${c.name}:${c.type}`)).toEqual([
      'id:id', 'sold:date', 'zip:categorical', 'bedrooms:numeric', 'bathrooms:numeric', 'sqft:numeric', 'year_built:numeric',
      'condition:categorical', 'garage:categorical', 'notes:ignore', 'segment:categorical', 'price:label',
    ]);
    const again = await runCli(args.slice(0, -2));
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^houses: 0 imported, 0 updated, 200 unchanged, 0 errors\ncolumns: id \(id\), sold \(date\), zip \(categorical\)/);
    expect(again.stdout).toMatch(/\ntask: regression\n/);
  });

  it('says what is wrong with --column-types and --task', async () => {
    const dir = path.join(tempDir(), 'proj');
    await runCliJson(['new', dir]);
    const typo = await runCli(['import', dir, HOUSES, '--column-types', 'price=lable']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/"lable" \(for price\) is not a column type; use one of numeric, categorical/);
    const shape = await runCli(['import', dir, HOUSES, '--column-types', 'price']);
    expect(shape.stderr).toMatch(/NAME=TYPE pairs/);
    const task = await runCli(['import', dir, HOUSES, '--task', 'ranking']);
    expect(task.stderr).toMatch(/--task takes classification or regression/);
    const missing = await runCli(['import', dir, HOUSES, '--column-types', 'cost=label', '--json']);
    expect(JSON.parse(missing.stdout)).toMatchObject({ error: { code: 'invalid_input', message: expect.stringMatching(/"cost", which the file does not have/) } });
  });
});

/**
 * The bundled sample project: built on first start from the media in
 * resources/sample-data (images, texts, spoken words), plus a small table of
 * house sales made here by a seeded generator, split, ready to label or train.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Client, Input, Modality } from '../../../shared/contract/index.ts';
import { createRng } from '../../../shared/rng.ts';
import { resourcesDir } from '../../core/paths.ts';

interface Step {
  source: string;
  dataset: string;
  modality: Modality;
  columnTypes?: Input<'import.start'>['columnTypes'];
  task?: Input<'import.start'>['task'];
}

const STEPS: Step[] = [
  { source: 'images', dataset: 'shapes', modality: 'image' },
  { source: 'images-unlabeled', dataset: 'shapes', modality: 'image' },
  { source: 'text/reviews.csv', dataset: 'posts', modality: 'text' },
  { source: 'audio', dataset: 'words', modality: 'audio' },
  { source: 'audio/speakers.csv', dataset: 'words', modality: 'audio' },
];

/** The table: made in the project folder (it is small and deterministic), predicting the price; zip codes are categories, not amounts. */
const HOUSES: Step = {
  source: 'houses.csv', dataset: 'houses', modality: 'tabular', task: 'regression',
  columnTypes: { price: 'label', zip: 'categorical', notes: 'text' },
};

const ZIPS = [['94110', 1.25], ['94117', 1.4], ['94607', 0.85], ['94612', 0.9], ['95014', 1.55], ['95050', 1.1]] as const;
const CONDITIONS = [['poor', 0.8], ['fair', 0.92], ['good', 1], ['excellent', 1.12]] as const;
const NOTES = ['new roof', 'corner lot', 'needs paint', 'close to the park', 'quiet street', 'renovated kitchen', 'solar panels',
  'original hardwood floors', 'large backyard', 'walk to the train', 'busy road', 'updated wiring'];

/**
 * House sales as CSV: id, sale date, zip code, rooms, size, age, condition,
 * garage, free-text notes, a market segment (from size, rooms, condition and
 * area, so it is a fair classification target) and the price (a regression
 * target). The same seed gives the same bytes.
 */
export function housesCsv(rows = 200, seed = 7): string {
  const rng = createRng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)]!;
  const lines = ['id,sold,zip,bedrooms,bathrooms,sqft,year_built,condition,garage,notes,segment,price'];
  for (let i = 1; i <= rows; i++) {
    const [zip, area] = pick(ZIPS);
    const [condition, shape] = pick(CONDITIONS);
    const bedrooms = 1 + rng.int(5);
    const sqft = Math.round((450 + bedrooms * 420 + rng.uniform(-250, 600)) / 10) * 10;
    const bathrooms = Math.max(1, Math.min(3.5, Math.round((bedrooms * 0.6 + rng.uniform(-0.3, 0.8)) * 2) / 2));
    const year = 1920 + rng.int(101);
    const garage = rng.next() < 0.6 ? 'yes' : 'no';
    const sold = `${2019 + rng.int(6)}-${String(1 + rng.int(12)).padStart(2, '0')}-${String(1 + rng.int(28)).padStart(2, '0')}`;
    const notes = rng.next() < 0.2 ? '' : rng.next() < 0.5 ? pick(NOTES) : `${pick(NOTES)} and ${pick(NOTES)}`;
    const segment = sqft < 1100 || bedrooms === 1 ? 'starter' : sqft > 2400 && (area >= 1.25 || shape >= 1) ? 'luxury' : 'family';
    const price = Math.round((area * (120_000 + sqft * 310 + bedrooms * 18_000) * shape * (garage === 'yes' ? 1.04 : 1) * (1 + (year - 1970) / 900) + rng.normal() * 35_000) / 1000) * 1000;
    const baths = rng.next() < 0.03 ? 'NA' : String(bathrooms);
    lines.push([`H-${String(i).padStart(4, '0')}`, sold, zip, bedrooms, baths, sqft, year, condition, garage, notes, segment, price].join(','));
  }
  return `${lines.join('\n')}\n`;
}

async function importStep(api: Client, source: string, step: Step): Promise<void> {
  const { jobId } = await api.call('import.start', {
    source, dataset: step.dataset, modality: step.modality,
    ...(step.columnTypes ? { columnTypes: step.columnTypes } : {}), ...(step.task ? { task: step.task } : {}),
  });
  const job = await api.call('jobs.wait', { jobId });
  if (job.status !== 'completed') throw new Error(`building the sample project failed at ${step.source}: ${job.error ?? job.status}`);
}

/**
 * Creates the sample project in `dir` when it does not exist yet (or an
 * earlier attempt was interrupted) and opens it in the client's context.
 */
export async function ensureSampleProject(api: Client, dir: string): Promise<void> {
  const done = path.join(dir, '.sample-ready');
  if (fs.existsSync(done)) {
    await api.call('project.open', { dir });
    return;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  await api.call('project.create', { dir, name: 'Sample project' });
  const data = path.join(resourcesDir(), 'sample-data');
  for (const step of STEPS) {
    const source = path.join(data, step.source);
    if (fs.existsSync(source)) await importStep(api, source, step);
  }
  const houses = path.join(dir, 'tables', HOUSES.source);
  fs.mkdirSync(path.dirname(houses), { recursive: true });
  fs.writeFileSync(houses, housesCsv());
  await importStep(api, houses, HOUSES);
  const datasets = await api.call('datasets.list', {});
  for (const d of datasets) {
    const ratios: [number, number, number] = d.name === 'words' ? [0.7, 0.15, 0.15] : [0.8, 0.1, 0.1];
    const config = d.name === 'words'
      ? { seed: 42, ratios, mode: 'group' as const, groupColumn: 'speaker' }
      : { seed: 42, ratios, mode: d.task === 'regression' ? 'random' as const : 'stratified' as const };
    await api.call('splits.create', { datasetId: d.id, config });
  }
  fs.writeFileSync(done, new Date().toISOString());
}

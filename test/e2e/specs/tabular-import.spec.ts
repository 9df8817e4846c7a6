// A table through the studio: the column-type step proposes a type per
// column, one is changed, the label picks the task, and the gallery shows
// the rows as a table with the detail listing every column and its type.
import path from 'node:path';
import { cli, expect, REPO, test } from '../fixtures.ts';
import { ColumnStepPage } from '../pages/column-step-page.ts';
import { GalleryPage } from '../pages/gallery-page.ts';
import { SplitsPage } from '../pages/splits-page.ts';
import { ProjectPage } from '../pages/project-page.ts';

const HOUSES = path.join(REPO, 'test', 'fixtures', 'tabular', 'houses.csv');

test('tabular: column types, a changed type, regression on price, the row view', async ({ studio }) => {
  const { page } = studio;
  const step = new ColumnStepPage(page);
  await step.open(HOUSES, 'houses');
  await expect(step.rows).toHaveCount(12);
  await expect(step.typeSelect('sold')).toHaveValue('date');
  await expect(step.typeSelect('sqft')).toHaveValue('numeric');
  await expect(step.typeSelect('notes')).toHaveValue('text');
  await expect(step.row('condition')).toContainText('4 distinct values');
  await expect(step.row('condition')).toContainText('excellent');
  await expect(step.step).toContainText('No label column');

  // Bedrooms taken as categories rather than amounts; price is what to predict.
  await step.setType('bedrooms', 'categorical');
  await expect(step.row('bedrooms')).toContainText('proposed numeric');
  await step.setType('price', 'label');
  await expect(step.task('Regression')).toBeChecked();
  await step.setType('segment', 'label');
  await expect(step.typeSelect('price')).toHaveValue('ignore');
  await expect(step.step.getByRole('status')).toHaveText('price was the label; it is ignored now.');
  await expect(step.task('Classification')).toBeChecked();
  await step.setType('price', 'label');
  await expect(step.typeSelect('segment')).toHaveValue('ignore');
  await step.setType('segment', 'categorical');
  await expect(step.task('Regression')).toBeChecked();
  await step.step.scrollIntoViewIfNeeded();
  await studio.shot('tabular-column-step');

  const summary = await step.import();
  expect(summary).toContain('200 imported');
  await expect(page.getByRole('status').filter({ hasText: 'imported' })).toContainText('12 columns · regression on price');

  const project = new ProjectPage(page);
  await project.openGallery('houses');
  const gallery = new GalleryPage(page);
  await expect(gallery.count).toHaveText('200 samples');
  const first = gallery.tileByKey('H-0001');
  await expect(first).toContainText('387000');
  await expect(first).toContainText('94607');
  await expect(first).toContainText('2024-11-25');
  await gallery.select(0);
  const detail = page.getByRole('complementary', { name: 'Sample details' });
  await expect(detail).toContainText('regression target');
  const cells = detail.getByRole('table', { name: 'Row columns' });
  await expect(cells.getByRole('row', { name: /bedrooms categorical 1/ })).toBeVisible();
  await expect(cells.getByRole('row', { name: /price label 387000/ })).toBeVisible();
  await studio.shot('tabular-gallery');

  // Full-text search and metadata filters work on rows too.
  await page.getByRole('searchbox', { name: 'Search' }).fill('solar');
  await expect(gallery.count).not.toHaveText('200 samples');
  await page.getByRole('searchbox', { name: 'Search' }).fill('');
  await expect(gallery.count).toHaveText('200 samples');

  // A regression table splits at random; its rows count as regression rows, not as unlabeled ones.
  await expect(page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Augment' })).toHaveCount(0);
  const splits = new SplitsPage(page);
  await splits.goto();
  await expect(page.getByRole('combobox', { name: 'Split method' })).toHaveValue('random');
  await splits.split({ seed: 3, ratios: [0.7, 0.15, 0.15] });
  await expect(splits.report).toContainText('random · seed 3');
  await expect(splits.report).toContainText('(regression on price)');
  expect(await splits.counts('\\(regression on price\\)')).toEqual([140, 30, 30, 200]);
  await studio.shot('tabular-splits');
});

test('tabular: a classification table labels rows with classes; label and metadata filters narrow the rows', async ({ studio }) => {
  const { page } = studio;
  cli('import', studio.dir, HOUSES, '--dataset', 'segments', '--column-types', 'segment=label', '--json');
  await studio.reload();
  const project = new ProjectPage(page);
  await project.goto();
  await project.openGallery('segments');
  const gallery = new GalleryPage(page);
  await expect(gallery.count).toHaveText('200 samples');
  await expect(page.locator('.thead')).toContainText('segment');
  await expect(gallery.tileByKey('H-0001')).toHaveAttribute('data-label', 'starter');
  await gallery.filterByClass('luxury');
  await expect(gallery.count).toHaveText('33 samples');
  const filters = page.getByRole('region', { name: 'Filters' });
  await filters.getByRole('combobox', { name: 'Metadata column' }).selectOption('condition');
  await filters.getByRole('combobox', { name: 'Metadata value' }).selectOption('excellent');
  await expect(gallery.count).not.toHaveText('33 samples');
  const n = Number((await gallery.count.textContent())!.split(' ')[0]);
  expect(n).toBeGreaterThan(0);
  expect(n).toBeLessThan(33);
  await gallery.select(0);
  await expect(page.getByRole('combobox', { name: 'Sample label' })).toHaveValue(/\d+/);
  await studio.shot('tabular-classification-gallery');
});

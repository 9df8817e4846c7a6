// The end-to-end path: import a folder, label three samples with the
// keyboard, bulk-label a range, undo/redo, split, reload and find it all kept.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '../fixtures.ts';
import { GalleryPage } from '../pages/gallery-page.ts';
import { ProjectPage } from '../pages/project-page.ts';
import { SplitsPage } from '../pages/splits-page.ts';

const DIGITS = '/work/shared/datasets/digits';

function digitsFolder(): string {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ty-src-')), 'digits');
  for (const c of ['0', '1', '2']) {
    fs.mkdirSync(path.join(dir, c), { recursive: true });
    for (const f of fs.readdirSync(path.join(DIGITS, c)).sort().slice(0, 12)) fs.copyFileSync(path.join(DIGITS, c, f), path.join(dir, c, f));
  }
  // A few unlabeled samples at the top of the folder.
  for (const f of fs.readdirSync(path.join(DIGITS, '7')).sort().slice(0, 4)) fs.copyFileSync(path.join(DIGITS, '7', f), path.join(dir, `u-${f}`));
  return dir;
}

test('import, keyboard labeling, bulk label, undo/redo, split, reload', async ({ studio }) => {
  const { page } = studio;
  const project = new ProjectPage(page);
  await expect(page.getByRole('heading', { name: 'Import' })).toBeVisible();
  const summary = await project.importSource(digitsFolder());
  expect(summary).toContain('40 imported');
  await studio.shot('import-done');

  await project.openGallery('images');
  const gallery = new GalleryPage(page);
  await expect(gallery.count).toHaveText('40 samples');
  await expect(gallery.tile(0)).toHaveAttribute('data-label', '0');
  await studio.shot('gallery');

  // Three samples labeled with the keyboard: click the first, then keys and arrows.
  await gallery.select(0);
  await gallery.labelWithKey('3'); // class "2" has shortcut 3
  await page.keyboard.press('ArrowRight');
  await gallery.labelWithKey('2'); // class "1"
  await page.keyboard.press('ArrowRight');
  await gallery.labelWithKey('3');
  const keyed = [await gallery.keyOf(0), await gallery.keyOf(1), await gallery.keyOf(2)];
  expect([await gallery.labelOf(0), await gallery.labelOf(1), await gallery.labelOf(2)]).toEqual(['2', '1', '2']);

  // Bulk: shift-click a range of five and label them all at once.
  await gallery.select(20);
  await gallery.select(24, ['Shift']);
  await expect(page.getByText('5 selected')).toBeVisible();
  await gallery.labelWithKey('1');
  for (let i = 20; i <= 24; i++) expect(await gallery.labelOf(i)).toBe('0');
  const bulk = await Promise.all([20, 21, 22, 23, 24].map((i) => gallery.keyOf(i)));

  // Undo brings the five back, redo re-applies them.
  const before = await gallery.labelOf(22);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(gallery.tile(22)).not.toHaveAttribute('data-label', '0');
  await page.keyboard.press('Control+Shift+Z');
  await expect(gallery.tile(22)).toHaveAttribute('data-label', before ?? '');
  await studio.shot('labeled');

  // The detail panel shows the history of the focused sample.
  await gallery.select(0);
  await expect(page.getByRole('list', { name: 'Label history' })).toContainText('0 → 2');

  const splits = new SplitsPage(page);
  await splits.goto();
  await splits.split({ method: 'stratified', seed: 11, ratios: [0.5, 0.25, 0.25] });
  await expect(splits.report).toContainText('stratified · seed 11');
  await studio.shot('splits');
  const countsBefore = await splits.counts('0');
  // Tiles sort by key: 0–11 are zeros, 12–23 ones, 24–35 twos. Three zeros were relabeled, five non-zeros became zeros.
  expect(countsBefore).toEqual([7, 4, 3, 14]);

  // Reload the whole studio: everything acknowledged is still there.
  await studio.reload();
  await splits.goto();
  expect(await splits.counts('0')).toEqual(countsBefore);
  await page.getByRole('link', { name: 'Gallery' }).click();
  await expect(gallery.count).toHaveText('40 samples');
  for (const [i, key] of keyed.entries()) await expect(gallery.tileByKey(key)).toHaveAttribute('data-label', ['2', '1', '2'][i]!);
  for (const key of bulk) await expect(gallery.tileByKey(key)).toHaveAttribute('data-label', '0');
});

// The augmentation studio on the bundled sample data: build a recipe in the
// editor, preview it (images, text diffs, audio waveforms + spectrograms),
// re-roll the seed, and export with a manifest, train only unless the leak
// into evaluation is acknowledged.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import sharp from 'sharp';
import { cli, expect, REPO, test } from '../fixtures.ts';
import { AugmentPage } from '../pages/augment-page.ts';

const DATA = path.join(REPO, 'resources', 'sample-data');

/** Imports one folder or file of the bundled sample data into the studio's project, splits it, and shows it. */
async function withSample(studio: { dir: string; page: Page; reload(): Promise<void> }, source: string, dataset: string, split: string[] = []): Promise<AugmentPage> {
  cli('import', studio.dir, path.join(DATA, source), '--dataset', dataset, '--json');
  if (split.length) cli('split', studio.dir, '--dataset', dataset, '--seed', '42', ...split, '--json');
  await studio.page.setViewportSize({ width: 1280, height: 800 });
  await studio.reload();
  const view = new AugmentPage(studio.page);
  await view.goto(dataset);
  return view;
}

/** Mean absolute difference of two served images' pixels, both scaled to 64×64 RGB. */
async function pixelDifference(page: Page, a: string, b: string): Promise<number> {
  const pixels = async (src: string): Promise<Buffer> => {
    const res = await page.request.get(new URL(src, page.url()).href);
    expect(res.ok()).toBe(true);
    return sharp(await res.body()).removeAlpha().resize(64, 64, { fit: 'fill' }).raw().toBuffer();
  };
  const [pa, pb] = await Promise.all([pixels(a), pixels(b)]);
  let sum = 0;
  for (let i = 0; i < pa.length; i++) sum += Math.abs(pa[i]! - pb[i]!);
  return sum / pa.length;
}

test('images: build a recipe, preview, re-roll, export with a manifest; leak warning; invalid parameter', async ({ studio }) => {
  const { page } = studio;
  const view = await withSample(studio, 'images', 'shapes', ['--stratify']);
  await view.waitForPreview();

  // Build from scratch: three operations, a parameter, a group, a reorder.
  await view.loadPreset('empty recipe');
  await expect(view.steps).toHaveCount(0);
  await view.addOperation('Rotate');
  await view.addOperation('Horizontal flip');
  await view.addOperation('Brightness');
  await view.setRange('Rotate', 'Angle', 20, 30);
  for (const title of ['Rotate', 'Horizontal flip', 'Brightness']) await view.setProbability(title, 1);
  await view.step('Brightness').getByRole('button', { name: 'Move Brightness up' }).click();
  expect(await view.stepTitles()).toEqual(['Rotate', 'Brightness', 'Horizontal flip']);
  await view.step('Horizontal flip').locator('.grip').dragTo(view.step('Rotate'));
  expect(await view.stepTitles()).toEqual(['Horizontal flip', 'Rotate', 'Brightness']);
  // A group: one of two operations, turned into "some of", then removed again.
  await view.editor.getByRole('button', { name: '+ Group' }).click();
  const group = view.step('One of');
  await expect(group.getByRole('group', { name: /^Group member/ })).toHaveCount(2);
  await group.getByRole('combobox', { name: 'Group kind' }).selectOption('someOf');
  await expect(view.step('Some of').getByRole('spinbutton', { name: 'Maximum to pick' })).toHaveValue('1');
  await view.step('Some of').getByRole('button', { name: 'Remove Some of' }).click();
  expect(await view.stepTitles()).toEqual(['Horizontal flip', 'Rotate', 'Brightness']);

  // An out-of-range value is refused next to its field, naming the step and the field.
  const v0 = await view.previewVersion();
  await view.step('Rotate').getByRole('spinbutton', { name: 'Angle maximum' }).fill('500');
  await expect(view.step('Rotate').getByRole('alert')).toHaveText('step 2 (rotate): angle: 500 is above the maximum 180');
  await expect(page.getByRole('button', { name: 'Export…' })).toBeDisabled();
  await studio.shot('augment-image-invalid');
  await view.step('Rotate').getByRole('spinbutton', { name: 'Angle maximum' }).fill('30');
  await expect(view.step('Rotate').getByRole('alert')).toHaveCount(0);

  // The preview: originals and 4 variants, every image decoded, variants unlike their original.
  await view.waitForPreview(v0);
  await expect(view.samples).toHaveCount(3);
  const sources = await view.imageSources();
  expect(sources.map((s) => s.length)).toEqual([5, 5, 5]);
  await view.expectImagesLoaded(15);
  for (const [original, ...variants] of sources) {
    for (const v of variants) expect(v).not.toBe(original);
    expect(await pixelDifference(page, original!, variants[0]!)).toBeGreaterThan(2);
  }
  await expect(view.preview.getByRole('article').first()).toContainText('hflip, rotate, brightness');
  await studio.shot('augment-image');

  // Re-roll: a new seed, other variants.
  const seed = await view.seed();
  await view.reroll();
  expect(await view.seed()).not.toBe(seed);
  const rerolled = await view.imageSources();
  expect(rerolled.flatMap((s) => s.slice(1))).not.toEqual(sources.flatMap((s) => s.slice(1)));

  // Saved in the project, versioned.
  await view.editor.getByRole('textbox', { name: 'Recipe name' }).fill('shapes-e2e');
  await view.editor.getByRole('button', { name: 'Save' }).click();
  await expect(view.editor.getByRole('status')).toHaveText('Saved "shapes-e2e" as version 1 in this project.');
  await view.setProbability('Brightness', 0.5);
  await view.editor.getByRole('button', { name: 'Save' }).click();
  await expect(view.editor.getByRole('status')).toHaveText('Saved "shapes-e2e" as version 2 in this project.');
  const version = view.editor.getByRole('combobox', { name: 'Recipe version' });
  await expect(version).toHaveValue('2');
  await version.selectOption('1');
  await expect(view.step('Brightness').getByRole('spinbutton', { name: 'Probability of Brightness' })).toHaveValue('1');

  // Export: train only by default; validation needs the leak acknowledged.
  const dialog = await view.openExport();
  await expect(dialog.getByRole('checkbox', { name: 'Split train' })).toBeChecked();
  await expect(dialog.getByRole('checkbox', { name: 'Split validation' })).not.toBeChecked();
  await dialog.getByRole('checkbox', { name: 'Split validation' }).check();
  await expect(dialog.getByRole('alert')).toContainText('leaks into evaluation');
  await expect(dialog.getByRole('button', { name: 'Export', exact: true })).toBeDisabled();
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ty-aug-')), 'shapes-aug');
  await dialog.getByRole('textbox', { name: 'Output folder' }).fill(out);
  await studio.shot('augment-export-leak');
  await dialog.getByRole('checkbox', { name: 'Split validation' }).uncheck();
  await expect(dialog.getByRole('alert')).toHaveCount(0);

  // A longer export (a few seconds: the work scales with the augment workers, at most 8) shows progress with an ETA and cancels cleanly.
  const long = 8 * Math.min(8, os.availableParallelism());
  await dialog.getByRole('spinbutton', { name: 'Variants per sample' }).fill(String(long));
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(dialog.getByRole('progressbar')).toBeVisible();
  await expect(dialog.getByText(/\d+s left/)).toBeVisible();
  await studio.shot('augment-export-progress');
  await dialog.getByRole('button', { name: 'Cancel export' }).click();
  // Generous: the export job currently finishes the tasks it queued before it reports the cancel.
  await expect(dialog.getByRole('alert')).toHaveText('Export cancelled: nothing was left behind.', { timeout: 30_000 });
  expect(fs.existsSync(out)).toBe(false);

  // The real one: 2 variants per train sample, originals included.
  await dialog.getByRole('spinbutton', { name: 'Variants per sample' }).fill('2');
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(dialog.getByRole('status')).toContainText('Wrote', { timeout: 30_000 });
  await studio.shot('augment-export-done');

  const train = Object.values((JSON.parse(cli('stats', studio.dir, '--dataset', 'shapes', '--json')) as { splits: Record<string, Record<string, number>> }).splits.train!).reduce((a, b) => a + b, 0);
  await expect(dialog.getByRole('status')).toContainText(`Wrote ${train * 2} augmented and ${train} original samples`);
  expect(fs.readdirSync(out).sort()).toEqual(['manifest.csv', 'manifest.jsonl', 'train']);
  expect(fs.readdirSync(path.join(out, 'train')).sort()).toEqual(['circle', 'square', 'star', 'triangle']);
  const files = fs.readdirSync(path.join(out, 'train'), { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
  expect(files.length).toBe(train * 3);
  const csv = fs.readFileSync(path.join(out, 'manifest.csv'), 'utf8').trim().split('\n');
  expect(csv[0]!.split(',')).toEqual(expect.arrayContaining(['source_id', 'split', 'label', 'recipe_id', 'seed', 'ops']));
  expect(csv.length - 1).toBe(train * 3);
  const rows = fs.readFileSync(path.join(out, 'manifest.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const variant = rows.find((r) => r.variant === 0)!;
  expect(variant).toMatchObject({ split: 'train', seed: Number(await view.seed()) });
  expect(variant.recipe_id).toMatch(/^[0-9a-f]{12}$/);
  expect(fs.existsSync(path.join(out, variant.file as string))).toBe(true);
  expect((variant.ops as Array<Record<string, unknown>>).map((o) => o.op)).toEqual(expect.arrayContaining(['hflip', 'rotate']));
  const rotate = (variant.ops as Array<Record<string, unknown>>).find((o) => o.op === 'rotate')!;
  expect(rotate.angle).toBeGreaterThanOrEqual(20);
  expect(rotate.angle).toBeLessThanOrEqual(30);
});

test('text: the preset previews with highlighted word and character diffs, and exports JSONL', async ({ studio }) => {
  const view = await withSample(studio, 'text/reviews.csv', 'posts', ['--stratify']);
  await view.waitForPreview();
  expect(await view.stepTitles()).toEqual(['Synonym replacement', 'Some of', 'Keyboard typos']);
  // Every variant gets synonyms, so every one shows a change.
  const v0 = await view.previewVersion();
  await view.setProbability('Synonym replacement', 1);
  await view.waitForPreview(v0);
  const variants = view.samples.first().getByRole('paragraph').filter({ hasText: /^#\d/ });
  await expect(variants).toHaveCount(4);
  for (const v of await variants.all()) await expect(v.locator('ins').first()).toBeVisible();
  await expect(view.samples.first().locator('del').first()).toBeVisible();
  await expect(view.samples.first().getByRole('paragraph').first()).not.toContainText(await variants.first().locator('ins').first().innerText());
  await studio.shot('augment-text');

  // The recipe as a file: exported, edited by hand with a bad value, imported: the problem shows on its field.
  const [download] = await Promise.all([studio.page.waitForEvent('download'), view.editor.getByRole('button', { name: 'Export JSON' }).click()]);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ty-recipe-')), download.suggestedFilename());
  await download.saveAs(file);
  const recipe = JSON.parse(fs.readFileSync(file, 'utf8')) as { name: string; modality: string; steps: Array<{ op?: string; p: number; params?: Record<string, unknown> }> };
  expect(recipe).toMatchObject({ name: 'text-default', modality: 'text' });
  expect(recipe.steps[0]).toMatchObject({ op: 'synonym_replace', p: 1 });
  recipe.name = 'posts-edited';
  recipe.steps[2]!.params = { ...recipe.steps[2]!.params, rate: [0.1, 0.9] };
  fs.writeFileSync(file, JSON.stringify(recipe));
  await view.editor.getByLabel('Import recipe JSON').setInputFiles(file);
  await expect(view.editor.getByRole('textbox', { name: 'Recipe name' })).toHaveValue('posts-edited');
  await expect(view.step('Keyboard typos').getByRole('alert')).toHaveText('step 3 (keyboard_typo): rate: 0.9 is above the maximum 0.5');
  await view.step('Keyboard typos').getByRole('spinbutton', { name: 'Rate maximum' }).fill('0.3');
  await expect(view.step('Keyboard typos').getByRole('alert')).toHaveCount(0);

  const dialog = await view.openExport();
  await dialog.getByRole('combobox', { name: 'Format' }).selectOption('jsonl');
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ty-aug-')), 'posts-aug');
  await dialog.getByRole('textbox', { name: 'Output folder' }).fill(out);
  await dialog.getByRole('checkbox', { name: 'Include the originals' }).uncheck();
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(dialog.getByRole('status')).toContainText('Wrote', { timeout: 30_000 });
  const rows = fs.readFileSync(path.join(out, 'manifest.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(rows.every((r) => r.split === 'train' && typeof r.text === 'string' && r.variant !== 'original')).toBe(true);
});

test('audio: the preset previews with play buttons, waveforms and spectrograms before and after', async ({ studio }) => {
  const { page } = studio;
  const view = await withSample(studio, 'audio', 'words');
  await view.waitForPreview();
  const first = view.samples.first();
  await expect(first.getByRole('group')).toHaveCount(5);
  await expect(first.getByRole('group', { name: /^original of/ }).getByRole('img', { name: 'waveform, original' })).toBeVisible();
  await expect(first.getByRole('group', { name: /^#0 of/ }).getByRole('img', { name: 'spectrogram, #0' })).toBeVisible();
  await view.expectImagesLoaded(3 * 5 * 2);
  const sources = await view.imageSources();
  // Peak normalisation always runs, so every variant's waveform differs from the original's.
  for (const [wave, , ...rest] of sources) for (let i = 0; i < rest.length; i += 2) expect(rest[i]).not.toBe(wave);
  await first.getByRole('button', { name: /^Play #0 of/ }).click();
  await expect(first.getByRole('button', { name: /^Play #0 of/ })).toHaveText('■');
  await studio.shot('augment-audio');

  const seed = await view.seed();
  await view.reroll();
  expect(await view.seed()).not.toBe(seed);

  // Random samples from one class, then the gallery's selection.
  let v = await view.previewVersion();
  await view.preview.getByRole('combobox', { name: 'Class to preview' }).selectOption({ label: 'yes' });
  await view.preview.getByRole('button', { name: 'Random samples' }).click();
  await view.waitForPreview(v);
  await expect(view.samples).toHaveCount(3);
  for (const s of await view.samples.all()) await expect(s.getByRole('heading')).toContainText('· yes ·');
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Gallery' }).click();
  const tiles = page.getByRole('listbox', { name: 'Samples' }).getByRole('option');
  await tiles.nth(0).click();
  await tiles.nth(1).click({ modifiers: ['Shift'] });
  const keys = [await tiles.nth(0).getAttribute('aria-label'), await tiles.nth(1).getAttribute('aria-label')].map((l) => l!.split(',')[0]!);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Augment' }).click();
  v = await view.previewVersion();
  await view.preview.getByRole('button', { name: 'Gallery selection (2)' }).click();
  await view.waitForPreview(v);
  expect((await view.samples.getByRole('heading').allTextContents()).map((h) => h.split(' ')[0]).sort()).toEqual(keys.sort());
});

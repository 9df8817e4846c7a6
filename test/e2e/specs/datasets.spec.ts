// Text and audio in the studio, per-file import errors, filters, and the
// confirmation a re-split needs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '../fixtures.ts';
import { GalleryPage } from '../pages/gallery-page.ts';
import { ProjectPage } from '../pages/project-page.ts';
import { SplitsPage } from '../pages/splits-page.ts';

function temp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ty-src-'));
}

function wav(freq: number, sec: number, rate = 8000): Buffer {
  const n = Math.round(sec * rate);
  const buf = Buffer.alloc(44 + n * 2);
  buf.write('RIFF', 0, 'latin1');
  buf.writeUInt32LE(36 + n * 2, 4);
  buf.write('WAVEfmt ', 8, 'latin1');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36, 'latin1');
  buf.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++) buf.writeInt16LE(Math.round(12000 * Math.sin((2 * Math.PI * freq * i) / rate) * Math.min(1, (n - i) / 800)), 44 + i * 2);
  return buf;
}

test('text: import a CSV with a bad row, search it, filter unlabeled', async ({ studio }) => {
  const { page } = studio;
  const dir = temp();
  const rows = ['id,text,label,source'];
  for (let i = 0; i < 30; i++) rows.push(`${i},"Post number ${i} about ${i % 2 ? 'football' : 'rain and clouds'}",${i % 5 === 0 ? '' : i % 2 ? 'sports' : 'weather'},site${i % 3}`);
  rows.push('30,this row,has,too,many,fields');
  fs.writeFileSync(path.join(dir, 'posts.csv'), rows.join('\n') + '\n');
  const project = new ProjectPage(page);
  const summary = await project.importSource(path.join(dir, 'posts.csv'));
  expect(summary).toContain('30 imported');
  await expect(page.getByRole('table', { name: 'Import errors' })).toContainText('expected 4 fields, found 6');
  await studio.shot('text-import-errors');

  await project.openGallery('text');
  const gallery = new GalleryPage(page);
  await expect(gallery.count).toHaveText('30 samples');
  await page.getByRole('searchbox', { name: 'Search' }).fill('football');
  await expect(gallery.count).toHaveText('15 samples');
  await page.getByRole('searchbox', { name: 'Search' }).fill('');
  await expect(gallery.count).toHaveText('30 samples');
  await page.getByRole('checkbox', { name: 'Unlabeled' }).check();
  await expect(gallery.count).toHaveText('6 samples');
  await gallery.select(0);
  await expect(page.getByRole('complementary', { name: 'Sample details' })).toContainText('source');
  await studio.shot('text-gallery');
});

test('audio: waveforms, play buttons and a grouped split that needs confirming to change', async ({ studio }) => {
  const { page } = studio;
  const dir = path.join(temp(), 'words');
  const rows = ['path,speaker'];
  for (const [c, f] of [['low', 220], ['high', 880]] as const) {
    fs.mkdirSync(path.join(dir, c), { recursive: true });
    for (let i = 0; i < 8; i++) {
      fs.writeFileSync(path.join(dir, c, `${i}.wav`), wav(f + i * 10, 0.3 + i * 0.05));
      rows.push(`${c}/${i}.wav,spk${i % 4}`);
    }
  }
  fs.writeFileSync(path.join(dir, 'speakers.csv'), rows.join('\n') + '\n');
  const project = new ProjectPage(page);
  expect(await project.importSource(dir)).toContain('16 imported');
  expect(await project.importSource(path.join(dir, 'speakers.csv'), 'audio')).toContain('16 updated');
  await project.openGallery('audio');
  const gallery = new GalleryPage(page);
  await expect(gallery.count).toHaveText('16 samples');
  await expect(gallery.tile(0).getByRole('button', { name: /Play/ })).toBeVisible();
  await gallery.select(0);
  await expect(page.getByLabel('Audio player')).toBeVisible();
  // The browser really decodes the WAV served by the host (0.30 s clip).
  await expect.poll(() => page.getByLabel('Audio player').evaluate((a) => (a as unknown as { duration: number }).duration)).toBeCloseTo(0.3, 2);
  await studio.shot('audio-gallery');

  const splits = new SplitsPage(page);
  await splits.goto();
  await page.getByRole('combobox', { name: 'Split method' }).selectOption('group');
  await page.getByRole('combobox', { name: 'Group column' }).selectOption('speaker');
  await splits.split({ ratios: [0.5, 0.25, 0.25] });
  await expect(splits.report).toContainText('4 groups');
  await splits.split({ seed: 99 });
  const dialog = page.getByRole('dialog', { name: 'Re-split this dataset?' });
  await expect(dialog).toBeVisible();
  await studio.shot('resplit-confirm');
  await dialog.getByRole('button', { name: 'Re-split' }).click();
  await expect(splits.report).toContainText('seed 99');
});

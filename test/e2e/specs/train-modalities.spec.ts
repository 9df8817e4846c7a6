// Training in the studio beyond images and text: the audio baseline (MFCC CNN)
// end to end, a run started from a terminal showing up live, and a table:
// regression on a numeric column with the column-type step in the launch
// dialog, MAE and R² on the curves and in the runs table.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cli, expect, REPO, test } from '../fixtures.ts';
import { TrainPage } from '../pages/train-page.ts';

const DATA = path.join(REPO, 'resources', 'sample-data');

/** `trainyard …` in the background, as a user would in a terminal beside the studio. */
function cliInBackground(...args: string[]): Promise<string> {
  const child = spawn(path.join(REPO, 'node_modules', '.bin', 'node'), [path.join(REPO, 'bin', 'trainyard.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`trainyard ${args.join(' ')}: ${err}`)))));
}

test('audio: the MFCC CNN trains in the studio; a run started from the terminal appears and updates live', async ({ studio }) => {
  test.setTimeout(300_000);
  cli('import', studio.dir, path.join(DATA, 'audio'), '--dataset', 'speech', '--json');
  cli('split', studio.dir, '--dataset', 'speech', '--seed', '42', '--stratify', '--json');
  await studio.page.setViewportSize({ width: 1280, height: 800 });
  await studio.reload();
  const view = new TrainPage(studio.page);
  await view.goto('speech');
  await view.openLaunch();
  await expect(view.knob('Model').locator('option').first()).toHaveText('auto (mfcc-cnn)');
  await expect(view.knob('Augmentation').locator('option')).toContainText(['none', 'audio-default']);
  await view.dialog.getByRole('button', { name: 'Close', exact: true }).click();
  const runId = await view.launch({ 'Total examples': 256, Checkpoints: 2 }, 4);
  const detail = view.detail(runId);
  await expect(detail.locator('[data-status]').first()).toHaveText('completed', { timeout: 180_000 });
  await expect.poll(() => view.points('accuracy', 'validation')).toBe(2);
  await studio.shot('train-audio');

  // From a terminal: the studio lists the run while it trains, then completed with its epochs.
  const config = path.join(studio.dir, 'cli-config.json');
  fs.writeFileSync(config, JSON.stringify({ dataset: 'speech', totalExamples: 384, checkpoints: 3, earlyStopping: false }));
  const done = cliInBackground('train', studio.dir, '--config', config, '--json');
  await expect(view.runRows).toHaveCount(2, { timeout: 60_000 });
  const result = JSON.parse(await done) as { run: string };
  const row = view.row(result.run);
  await expect(row.locator('[data-status]')).toHaveText('completed', { timeout: 30_000 });
  await row.click();
  await expect.poll(() => view.points('loss', 'validation'), { timeout: 30_000 }).toBe(3);
});

test('a table: regression on price with the column-type step, MAE and R² on the curves, and what moves the price', async ({ studio }) => {
  test.setTimeout(240_000);
  const houses = path.join(REPO, 'test', 'fixtures', 'tabular', 'houses.csv');
  cli('import', studio.dir, houses, '--dataset', 'houses', '--modality', 'tabular', '--column-types', 'price=label,segment=ignore', '--task', 'regression', '--json');
  cli('split', studio.dir, '--dataset', 'houses', '--seed', '42', '--ratios', '0.7,0.15,0.15', '--json');
  await studio.page.setViewportSize({ width: 1280, height: 900 });
  await studio.reload();
  const view = new TrainPage(studio.page);
  await view.goto('houses');
  await view.openLaunch();

  // The plan: a regression of price; the column-type step as resolved, each type with its source.
  await expect(view.plan.getByTestId('plan-task')).toHaveText('regression of price');
  const table = view.dialog.getByRole('group', { name: 'Table columns' });
  await expect(table.locator('tr.target .cname')).toHaveText('price');
  await expect(table.getByRole('row', { name: /^zip/ })).toContainText('from the import');
  await expect(view.knob('Model').locator('option').first()).toHaveText('auto (mlp)');
  await expect(view.knob('Class weights')).toHaveCount(0);
  await expect(view.knob('Augmentation')).toHaveCount(0);
  await expect(view.dialog.getByLabel('Early stopping monitor').locator('option')).toHaveText(['val_loss', 'val_mae', 'val_rmse', 'val_r2']);

  // Override one column's type for this run: the plan says it is set here, and one feature fewer remains.
  const before = await view.plan.getByTestId('plan-features').textContent();
  await table.getByLabel('Type of column year_built').selectOption('id');
  await expect(table.getByRole('row', { name: /^year_built/ })).toContainText('set here');
  await expect(view.plan.getByTestId('plan-features')).not.toHaveText(before!);
  await view.knob('Model').selectOption('linear');
  await view.setKnob('Learning rate', 0.05);
  await studio.shot('train-table-launch');

  await view.dialog.getByRole('button', { name: 'Close', exact: true }).click();
  const runId = await view.launch({ 'Total examples': 4000, Checkpoints: 3 }, 42, ['Early stopping']);
  const detail = view.detail(runId);
  await expect(detail.locator('[data-status]').first()).toHaveText('completed', { timeout: 120_000 });
  await expect.poll(() => view.points('mae', 'validation')).toBe(3);
  await expect(detail.getByRole('table', { name: 'Epoch history' }).locator('thead')).toContainText('val_r2');
  await expect(view.runs.getByRole('columnheader', { name: /Val R²/ })).toBeVisible();
  await expect(view.row(runId)).toContainText(/R² 0\.\d{3}/);
  const moves = detail.getByRole('group', { name: 'Top features by coefficient' });
  await expect(moves.getByRole('region', { name: 'Top features for raises price' })).toContainText('sqft');
  await studio.shot('train-table-run');
});

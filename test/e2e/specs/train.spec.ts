// The Train tab on the bundled sample data: the launch dialog's plan and its
// virtual-epoch arithmetic, errors before training (a bad knob, no validation
// split), a short run watched live to the end with its curves, the runs table,
// and the overfit check with its evidence.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { cli, expect, REPO, test } from '../fixtures.ts';
import { TrainPage } from '../pages/train-page.ts';

const DATA = path.join(REPO, 'resources', 'sample-data');

/** Imports one folder or file of the bundled sample data, splits it, and opens its Train tab at 1280×800. */
async function withSample(studio: { dir: string; page: Page; reload(): Promise<void> }, source: string, dataset: string, split: string[]): Promise<TrainPage> {
  cli('import', studio.dir, path.join(DATA, source), '--dataset', dataset, '--json');
  cli('split', studio.dir, '--dataset', dataset, '--seed', '42', ...split, '--json');
  await studio.page.setViewportSize({ width: 1280, height: 800 });
  await studio.reload();
  const view = new TrainPage(studio.page);
  await view.goto(dataset);
  return view;
}

function trainSize(dir: string, dataset: string): number {
  const stats = JSON.parse(cli('stats', dir, '--dataset', dataset, '--json')) as { splits: Record<string, Record<string, number>> };
  return Object.values(stats.splits.train!).reduce((a, b) => a + b, 0);
}

test('the launch dialog shows the plan and its arithmetic live, and errors before training', async ({ studio }) => {
  const view = await withSample(studio, 'images', 'shapes', ['--stratify']);
  const train = trainSize(studio.dir, 'shapes');
  await view.openLaunch();

  // Defaults from the config schema, resolved by the service.
  await expect(view.knob('Batch size')).toHaveValue('32');
  await expect(await view.explain()).toHaveText(`20000 examples ÷ (batch 32 × 10 checkpoints) = 63 steps per epoch ≈ ${((63 * 32 * 10) / train).toFixed(1)} passes over ${train} train samples`);
  await expect(view.plan.getByTestId('train-size')).toHaveText(`${train} samples`);
  await expect(view.plan.locator('.classes .chip')).toHaveText(['circle', 'square', 'star', 'triangle']);
  await expect(view.knob('Model').locator('option').first()).toHaveText('auto (cnn)');

  // The arithmetic follows the knobs.
  await view.setKnob('Total examples', 256);
  await view.setKnob('Checkpoints', 2);
  await expect(await view.explain()).toHaveText(`256 examples ÷ (batch 32 × 2 checkpoints) = 4 steps per epoch ≈ ${(256 / train).toFixed(1)} passes over ${train} train samples`);
  await expect(view.plan.getByRole('group', { name: 'Virtual epochs' })).toContainText('2 epochs × 4 steps = 8 optimizer steps');
  await studio.shot('train-launch');

  // A bad knob is named next to its field and blocks Start.
  await view.setKnob('Batch size', 0);
  await expect(view.dialog.getByRole('alert').filter({ hasText: /^batchSize: / })).toBeVisible();
  await expect(view.plan.getByRole('alert', { name: 'Plan problem' })).toContainText('batchSize');
  await expect(view.dialog.getByRole('button', { name: 'Start training' })).toBeDisabled();
  await view.setKnob('Batch size', 32);
  await expect(view.dialog.getByRole('button', { name: 'Start training' })).toBeEnabled();
  await view.dialog.getByRole('button', { name: 'Close', exact: true }).click();

  // A dataset without a validation split cannot train: said prominently, with the way to the fix.
  cli('import', studio.dir, path.join(DATA, 'text', 'reviews.csv'), '--dataset', 'posts', '--json');
  cli('split', studio.dir, '--dataset', 'posts', '--seed', '42', '--ratios', '0.9,0,0.1', '--json');
  await studio.reload();
  await view.goto('posts');
  await view.openLaunch();
  const problem = view.plan.getByRole('alert', { name: 'Plan problem' });
  await expect(problem).toContainText('dataset posts has no validation split');
  await expect(problem.getByRole('link', { name: /split settings/ })).toBeVisible();
  await expect(view.dialog.getByRole('button', { name: 'Start training' })).toBeDisabled();
  await studio.shot('train-plan-error');
});

test('a short run trains live to the end with curves, lands in the runs table, and passes the overfit check', async ({ studio }) => {
  // The overfit check trains 40 passes over ≤ 100 examples per class: minutes on wasm, so small images.
  test.setTimeout(420_000);
  const view = await withSample(studio, 'images', 'shapes', ['--stratify']);
  const runId = await view.launch({ 'Image size': 16, 'Total examples': 256, Checkpoints: 2 }, 4);

  // Live: the run is selected, shows its backend, and completes with both epochs drawn.
  expect(runId).toMatch(/^run-\d{8}-\d{6}-[0-9a-f]+$/);
  const detail = view.detail(runId);
  await expect(detail.getByTestId('backend')).toHaveText(/^(wasm|cpu|tensorflow|tensorflow-gpu)$/, { timeout: 60_000 });
  await expect(detail.locator('[data-status]').first()).toHaveText('completed', { timeout: 120_000 });
  await expect.poll(() => view.points('loss', 'train')).toBe(2);
  await expect.poll(() => view.points('loss', 'validation')).toBe(2);
  await expect.poll(() => view.points('accuracy', 'validation')).toBe(2);
  await expect(detail.getByRole('table', { name: 'Epoch history' }).locator('tbody tr')).toHaveCount(2);
  await expect(detail.getByRole('table', { name: 'Checkpoints' }).locator('tbody tr').first()).toContainText('ckpt-');
  await studio.shot('train-run-completed');

  // The runs table: the run, completed, marked best (it is the only one), sortable.
  await expect(view.row(runId).locator('[data-status]')).toHaveText('completed');
  await expect(view.row(runId).getByLabel('best run')).toBeVisible();
  await view.sortBy('Val loss');
  await expect(view.runs.getByRole('columnheader', { name: /Val loss/ })).toHaveAttribute('aria-sort', 'ascending');

  // The overfit check: passes on the sample shapes, with its evidence.
  await view.openTab('Overfit check');
  await view.overfit.getByRole('button', { name: 'Run overfit check' }).click();
  const verdict = view.overfit.getByRole('status', { name: 'Overfit verdict' });
  await expect(verdict).toBeVisible({ timeout: 300_000 });
  await expect(verdict).toContainText('PASSED');
  await expect(view.overfit.getByTestId('overfit-accuracy')).toHaveText(/^(9\d|100)\.\d%$/);
  await expect(view.overfit.getByText(/First loss vs ln\(4\)/)).toBeVisible();
  await expect(view.overfit.getByRole('table', { name: 'Class counts' }).locator('tr')).toHaveCount(4);
  await studio.shot('train-overfit');

  // Both runs in the table; the overfit check is not a candidate for best.
  await expect(view.runRows).toHaveCount(2);
  await expect(view.row(runId).getByLabel('best run')).toBeVisible();
  await view.sortBy('Val acc');
  await view.row(runId).click();
  await expect(view.detail(runId)).toBeVisible();
  await studio.shot('train-runs');
});

test('a longer run shows progress with an ETA, cancels, and resumes from its checkpoint without a gap', async ({ studio }) => {
  test.setTimeout(300_000);
  const view = await withSample(studio, 'images', 'shapes', ['--stratify']);
  // Early stopping could end this tiny problem before the last epoch.
  const runId = await view.launch({ 'Image size': 16, 'Total examples': 4096, Checkpoints: 4 }, 32, ['Early stopping']);
  const detail = view.detail(runId);
  const status = detail.locator('[data-status]').first();

  // Live: the progress bar, then the first epoch on the curves and the time left.
  await expect(detail.getByRole('progressbar', { name: 'Training progress' })).toBeVisible();
  await expect.poll(() => view.points('loss', 'validation'), { timeout: 120_000 }).toBeGreaterThanOrEqual(1);
  await expect(detail.getByText(/^(\d+m )?\d+s left$/)).toBeVisible({ timeout: 30_000 });
  await studio.shot('train-run-live');

  await detail.getByRole('button', { name: `Cancel run ${runId}` }).click();
  await expect(status).toHaveText('cancelled', { timeout: 60_000 });
  const done = await view.points('loss', 'validation');
  expect(done).toBeLessThan(4);
  await expect(view.row(runId).locator('[data-status]')).toHaveText('cancelled');

  // Resume: the same run continues from its last checkpoint to the end, its epochs 1…4 without a gap.
  await detail.getByRole('button', { name: 'Resume' }).click();
  await expect(status).toHaveText('completed', { timeout: 180_000 });
  await expect.poll(() => view.points('loss', 'validation')).toBe(4);
  const epochs = detail.getByRole('table', { name: 'Epoch history' }).locator('tbody tr td:first-child');
  await expect(epochs).toHaveText([/^1/, /^2/, /^3/, /^4/]);
  await expect(view.runRows).toHaveCount(1);
});

test('a hyperparameter search runs its trials and compares them in a sortable table with the best marked', async ({ studio }) => {
  test.setTimeout(300_000);
  const view = await withSample(studio, 'images', 'shapes', ['--stratify']);
  // Trials take the launch settings: small ones.
  await view.openLaunch();
  for (const [label, value] of Object.entries({ 'Image size': 16, 'Total examples': 256, Checkpoints: 2 })) await view.setKnob(label, value);
  await view.dialog.getByRole('button', { name: 'Close', exact: true }).click();

  await view.openTab('Hyperparameter search');
  await view.search.getByLabel('Learning rate').fill('0.01, 0.001');
  await view.search.getByLabel('Batch size').fill('32');
  await view.search.getByLabel('Width').fill('4');
  await view.search.getByLabel('Dropout').fill('0.3');
  await expect(view.search.getByTestId('combinations')).toHaveText('2 × 1 × 1 × 1 = 2 combinations; 2 trials will run');
  // A value the model cannot take is named before anything runs.
  await view.search.getByLabel('Width').fill('2');
  await expect(view.search.getByRole('alert')).toHaveText('Width: 2 is below the minimum 4');
  await expect(view.search.getByRole('button', { name: 'Start search' })).toBeDisabled();
  await view.search.getByLabel('Width').fill('4');
  await view.search.getByRole('button', { name: 'Start search' }).click();
  await expect(view.search.getByRole('progressbar', { name: 'Search progress' })).toBeVisible();

  const trials = view.search.getByRole('table', { name: 'Search trials' });
  await expect(trials).toBeVisible({ timeout: 240_000 });
  await expect(trials.locator('tbody tr')).toHaveCount(2);
  await expect(trials.getByLabel('best trial')).toHaveCount(1);
  await expect(trials.locator('tbody tr').first().getByLabel('best trial')).toBeVisible();
  await trials.getByRole('button', { name: 'Val acc' }).click();
  await expect(trials.getByRole('columnheader', { name: /Val acc/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(view.runRows).toHaveCount(2);
  await studio.shot('train-search');

  // A trial opens as a run.
  const first = (await trials.locator('tbody tr').first().getAttribute('aria-label'))!.replace('Trial ', '');
  await trials.locator('tbody tr').first().click();
  await expect(view.detail(first)).toContainText('search trial of search-');
});

test('text: the bag-of-words baseline trains and shows its top n-grams per class', async ({ studio }) => {
  test.setTimeout(180_000);
  const view = await withSample(studio, 'text/reviews.csv', 'posts', ['--stratify']);
  await view.openLaunch();
  await expect(view.knob('Model').locator('option').first()).toHaveText('auto (bow-logreg)');
  await expect(view.knob('Image size')).toHaveCount(0);
  await view.dialog.getByRole('button', { name: 'Close', exact: true }).click();
  const runId = await view.launch({ 'Total examples': 512, Checkpoints: 2 }, 8);
  const detail = view.detail(runId);
  await expect(detail.locator('[data-status]').first()).toHaveText('completed', { timeout: 120_000 });
  const top = detail.getByRole('group', { name: 'Top n-grams per class' });
  await expect(top.getByRole('region')).toHaveCount(4);
  await expect(top.getByRole('region', { name: 'Top n-grams for sports' }).locator('li')).toHaveCount(10);
  await studio.shot('train-text');
});

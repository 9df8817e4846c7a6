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

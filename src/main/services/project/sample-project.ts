/**
 * The bundled sample project: built on first start from the media in
 * resources/sample-data (images, texts, spoken words), split, ready to label.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '../../../shared/contract/index.ts';
import { resourcesDir } from '../../core/paths.ts';

interface Step {
  source: string;
  dataset: string;
  modality: 'image' | 'text' | 'audio';
}

const STEPS: Step[] = [
  { source: 'images', dataset: 'shapes', modality: 'image' },
  { source: 'images-unlabeled', dataset: 'shapes', modality: 'image' },
  { source: 'text/reviews.csv', dataset: 'posts', modality: 'text' },
  { source: 'audio', dataset: 'words', modality: 'audio' },
  { source: 'audio/speakers.csv', dataset: 'words', modality: 'audio' },
];

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
    if (!fs.existsSync(source)) continue;
    const { jobId } = await api.call('import.start', { source, dataset: step.dataset, modality: step.modality });
    const job = await api.call('jobs.wait', { jobId });
    if (job.status !== 'completed') throw new Error(`building the sample project failed at ${step.source}: ${job.error ?? job.status}`);
  }
  const datasets = await api.call('datasets.list', {});
  for (const d of datasets) {
    const config = d.name === 'words'
      ? { seed: 42, ratios: [0.7, 0.15, 0.15] as [number, number, number], mode: 'group' as const, groupColumn: 'speaker' }
      : { seed: 42, ratios: [0.8, 0.1, 0.1] as [number, number, number], mode: 'stratified' as const };
    await api.call('splits.create', { datasetId: d.id, config });
  }
  fs.writeFileSync(done, new Date().toISOString());
}

/** `trainyard augment` and `trainyard augment-preview`. */
import fs from 'node:fs';
import path from 'node:path';
import { presets } from '../../../shared/augment/presets.ts';
import { TrainyardError, type Client, type Input } from '../../../shared/contract/index.ts';
import { previewDir } from '../../services/augment/preview.ts';
import type { AugmentExportSummary } from '../../services/augment/export-job.ts';
import type { Command, RunArgs } from './commands.ts';
import { errorList } from './format.ts';
import { followJob, jobError, resolveDir } from './support.ts';

const str = (v: string | boolean | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/** A recipe from a JSON file, or a built-in preset by name. */
export function loadRecipe(arg: string | undefined): Record<string, unknown> {
  if (!arg) throw new TrainyardError('invalid_input', `--recipe is required: a JSON file or a preset (${Object.keys(presets).join(', ')})`);
  const preset = presets[arg];
  if (preset) return structuredClone(preset) as unknown as Record<string, unknown>;
  const file = path.resolve(arg);
  if (!fs.existsSync(file)) throw new TrainyardError('invalid_input', `no recipe file ${file} and no preset "${arg}" (presets: ${Object.keys(presets).join(', ')})`);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new TrainyardError('invalid_input', `${file} is not valid JSON: ${(err as Error).message}`);
  }
}

/** Checks the recipe before anything else, so its problems come first, each naming step and field. */
async function checkedRecipe(api: Client, arg: string | undefined): Promise<Record<string, unknown>> {
  const recipe = loadRecipe(arg);
  const v = await api.call('recipes.validate', { recipe });
  if (!v.ok) throw new TrainyardError('invalid_input', `invalid recipe:\n  ${v.issues.map((i) => i.message).join('\n  ')}`, { issues: v.issues });
  return recipe;
}

/** The dataset to augment: --dataset, or the only one of the recipe's modality. */
async function pickDataset(api: Client, name: string | undefined, modality: unknown): Promise<{ id: number; name: string }> {
  const all = await api.call('datasets.list', {});
  const fits = name ? all.filter((d) => d.name === name) : all.filter((d) => d.modality === modality);
  if (fits.length === 1) return fits[0]!;
  if (name) throw new TrainyardError('not_found', `no dataset "${name}"; this project has: ${all.map((d) => d.name).join(', ') || 'none'}`);
  throw new TrainyardError('invalid_input', `choose the dataset with --dataset (${modality} datasets: ${all.filter((d) => d.modality === modality).map((d) => d.name).join(', ') || 'none'})`);
}

function intFlag(v: string | boolean | undefined, name: string, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new TrainyardError('invalid_input', `--${name} takes a non-negative integer, got "${v}"`);
  return n;
}

const DEFAULT_FORMAT: Record<string, Input<'augment.start'>['format']> = { image: 'imagefolder', audio: 'wav', text: 'csv' };

export const augmentCommands: Record<string, Command> = {
  augment: {
    summary: 'export an augmented dataset (train split by default), with a manifest of what was applied',
    help: `trainyard augment DIR --recipe FILE|PRESET --out OUT [options]

  --recipe FILE|PRESET   a recipe JSON file, or image-default, text-default, audio-default
  --out OUT              output folder (written to OUT.partial-PID, renamed when complete)
  --seed N               seed (default 0): same recipe, seed and data give the same bytes
  --variants K           augmented copies per sample (default 2; a recipe's balance overrides)
  --split S[,S]          train (default), validation, test or all
  --allow-eval-splits    allow validation/test: augmented copies there leak into evaluation
  --format F             imagefolder | hf (images), wav | hf (audio), csv | jsonl (text)
  --no-originals         do not copy the original samples into the output
  --dataset NAME         which dataset (default: the only one of the recipe's modality)
  --overwrite            replace OUT if it exists
  --json                 print {written, out, manifest, errors, …}`,
    options: {
      recipe: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' }, variants: { type: 'string' }, split: { type: 'string' },
      format: { type: 'string' }, 'no-originals': { type: 'boolean' }, 'allow-eval-splits': { type: 'boolean' }, dataset: { type: 'string' },
      overwrite: { type: 'boolean' },
    },
    async run({ api, values, positionals, io, json }: RunArgs) {
      await api.call('project.open', { dir: resolveDir(positionals[0]) });
      const recipe = await checkedRecipe(api, str(values.recipe));
      const dataset = await pickDataset(api, str(values.dataset), recipe.modality);
      const input: Input<'augment.start'> = {
        datasetId: dataset.id,
        recipe,
        out: resolveDir(str(values.out), '--out'),
        format: (str(values.format) ?? DEFAULT_FORMAT[String(recipe.modality)] ?? 'imagefolder') as Input<'augment.start'>['format'],
        seed: intFlag(values.seed, 'seed', 0),
        variants: intFlag(values.variants, 'variants', 2),
        splits: (str(values.split) ?? 'train').split(',').map((s) => s.trim()) as Input<'augment.start'>['splits'],
        includeOriginals: values['no-originals'] !== true,
        overwrite: values.overwrite === true,
        allowEvalSplits: values['allow-eval-splits'] === true,
      };
      const { jobId } = await api.call('augment.start', input);
      const job = await followJob(api, jobId);
      if (job.status !== 'completed') throw jobError(job);
      const s = job.result as AugmentExportSummary;
      if (!json) {
        io.out(`wrote ${s.written} augmented ${s.written === 1 ? 'copy' : 'copies'}${s.originals ? ` and ${s.originals} originals` : ''} of ${dataset.name} to ${s.out}`);
        io.out(`manifest: ${s.manifest} (recipe ${s.recipeId}, seed ${s.seed})`);
        if (s.errors.length) io.out(`errors:\n${errorList(s.errors)}`);
      }
      return s;
    },
  },

  'augment-preview': {
    summary: 'write K augmented variants of one sample to a folder, with what was drawn',
    help: `trainyard augment-preview DIR --recipe FILE|PRESET --sample ID|KEY --variants K --out OUT [--seed N] [--dataset NAME]

Writes the original and K variants into OUT, plus preview.json with the drawn parameters of every operation.`,
    options: { recipe: { type: 'string' }, sample: { type: 'string' }, variants: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' }, dataset: { type: 'string' } },
    async run({ api, ctx, values, positionals, io, json }: RunArgs) {
      await api.call('project.open', { dir: resolveDir(positionals[0]) });
      const recipe = await checkedRecipe(api, str(values.recipe));
      const dataset = await pickDataset(api, str(values.dataset), recipe.modality);
      const ref = str(values.sample);
      if (!ref) throw new TrainyardError('invalid_input', '--sample takes a sample id or key');
      const sample = /^\d+$/.test(ref) ? await api.call('samples.get', { id: Number(ref) }) : await api.call('samples.byKey', { datasetId: dataset.id, key: ref });
      const out = resolveDir(str(values.out), '--out');
      const result = await api.call('augment.preview', {
        datasetId: dataset.id, recipe, sampleIds: [sample.id], variants: intFlag(values.variants, 'variants', 4), seed: intFlag(values.seed, 'seed', 0),
      });
      fs.mkdirSync(out, { recursive: true });
      const cache = previewDir(ctx.project());
      const files: string[] = [];
      const copy = (name: string | null, as: string): string | null => {
        if (!name) return null;
        const target = `${as}${path.extname(name)}`;
        fs.copyFileSync(path.join(cache, name), path.join(out, target));
        files.push(target);
        return target;
      };
      const s = result.samples[0]!;
      const summary = {
        sample: s.key, seed: result.seed, out,
        original: copy(s.original.file, 'original') ?? s.original.text,
        variants: s.variants.map((v) => ({ variant: v.variant, file: copy(v.item.file, `variant-${v.variant}`) ?? v.item.text, applied: v.applied })),
      };
      fs.writeFileSync(path.join(out, 'preview.json'), JSON.stringify(summary, null, 2) + '\n');
      if (!json) io.out(`wrote ${files.length || s.variants.length + 1} ${files.length ? 'files' : 'texts'} and preview.json to ${out}`);
      return summary;
    },
  },
};

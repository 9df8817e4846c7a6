/** Contract shapes of the augmentation studio: saved recipes, previews, export. */
import { z } from 'zod';
import { Id, Modality } from './schemas.ts';

/** A recipe as JSON; its full validation (against the operation catalog) happens in the service, naming step and field. */
export const RecipeJson = z.record(z.string(), z.unknown());

export const RecipeRow = z.object({ id: Id, name: z.string(), modality: Modality, version: z.number().int(), updatedAt: z.string() });

export const AugmentFormat = z.enum(['imagefolder', 'wav', 'csv', 'jsonl', 'hf']);

const Applied = z.object({ op: z.string(), step: z.string(), drawn: z.record(z.string(), z.unknown()) });

const PreviewItem = z.object({
  /** Names in the preview cache, served by GET /media/preview/NAME (or the media scheme in Electron). */
  file: z.string().nullable(),
  waveform: z.string().nullable(),
  spectrogram: z.string().nullable(),
  text: z.string().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  durationSec: z.number().nullable(),
});

export const PreviewResult = z.object({
  seed: z.number().int(),
  samples: z.array(z.object({
    sampleId: Id,
    key: z.string(),
    label: z.string().nullable(),
    split: z.string().nullable(),
    original: PreviewItem,
    variants: z.array(z.object({ variant: z.number().int(), applied: z.array(Applied), item: PreviewItem })),
  })),
});
export type PreviewResult = z.infer<typeof PreviewResult>;

/**
 * Built-in recipes, one per modality, usable wherever a recipe file is
 * (`--recipe image-default`, the editor's preset menu). Defaults that help on
 * most small datasets without changing what a sample shows.
 */
import type { RecipeInput } from './recipe.ts';

export const presets: Record<string, RecipeInput> = {
  'image-default': {
    name: 'image-default',
    modality: 'image',
    description: 'Mirror, small rotations and crops, light colour jitter, a little blur or noise, JPEG re-compression.',
    steps: [
      { op: 'hflip', p: 0.5 },
      { op: 'rotate', p: 0.5, params: { angle: [-15, 15], border: 'reflect' } },
      { op: 'random_resized_crop', p: 0.5, params: { scale: [0.7, 1], ratio: [0.8, 1.25], width: 224, height: 224 } },
      { op: 'brightness', p: 0.5, params: { delta: [-0.15, 0.15] } },
      { op: 'contrast', p: 0.5, params: { factor: [0.8, 1.2] } },
      { op: 'saturation', p: 0.3, params: { factor: [0.8, 1.2] } },
      { group: 'oneOf', p: 0.3, steps: [
        { op: 'gaussian_blur', p: 1, params: { sigma: [0.3, 1.2] } },
        { op: 'gaussian_noise', p: 1, params: { std: [2, 8] } },
      ] },
      { op: 'jpeg_compression', p: 0.3, params: { quality: [60, 95] } },
    ],
  },
  'text-default': {
    name: 'text-default',
    modality: 'text',
    description: 'EDA (synonyms, swap, delete) plus occasional keyboard typos; numbers and names are protected.',
    protect: { numbers: true, entities: true, words: [] },
    steps: [
      { op: 'synonym_replace', p: 0.7, params: { fraction: [0.1, 0.2] } },
      { group: 'someOf', p: 0.5, n: [1, 2], steps: [
        { op: 'synonym_insert', p: 1 },
        { op: 'random_swap', p: 1, params: { n: [1, 2] } },
        { op: 'random_delete', p: 1, params: { rate: [0.05, 0.1] } },
      ] },
      { op: 'keyboard_typo', p: 0.2 },
    ],
  },
  'audio-default': {
    name: 'audio-default',
    modality: 'audio',
    description: 'Noise at 15–40 dB SNR, small shifts, gain and pitch changes, one SpecAugment mask.',
    steps: [
      { op: 'gaussian_noise_snr', p: 0.5, params: { snr_db: [15, 40] } },
      { op: 'time_shift', p: 0.5, params: { fraction: [-0.1, 0.1], mode: 'pad' } },
      { op: 'gain', p: 0.5, params: { gain_db: [-6, 6] } },
      { group: 'oneOf', p: 0.4, steps: [
        { op: 'pitch_shift', p: 1, params: { semitones: [-2, 2] } },
        { op: 'time_stretch', p: 1 },
      ] },
      { group: 'oneOf', p: 0.3, steps: [
        { op: 'time_mask', p: 1, params: { masks: [1, 1] } },
        { op: 'freq_mask', p: 1 },
      ] },
      { op: 'peak_normalize', p: 1 },
    ],
  },
};

/**
 * Audio augmentation operations: what they are called, what they take.
 * Plain data, bundled into the renderer; the DSP lives in
 * src/main/services/augment/audio/.
 *
 * Every operation treats all channels alike: the values drawn for a sample
 * apply to each channel.
 */
import type { OpSpec } from './spec.ts';

/** The short-time Fourier transform behind the masks and the stretch, in words for help text. */
const STFT_NOTE = 'frames of ~32 ms with a ~8 ms hop (512-point FFT at 16 kHz, scaled with the sample rate)';

export const audioOpSpecs: OpSpec[] = [
  {
    name: 'gaussian_noise_snr',
    modality: 'audio',
    label: 'Gaussian noise (SNR)',
    description: 'Adds white noise at a signal-to-noise ratio relative to the clip, so quiet and loud clips get equally hard.',
    p: 0.5,
    params: {
      snr_db: { type: 'range', label: 'SNR', min: -20, max: 80, step: 0.5, default: [10, 40], unit: 'dB', help: 'Clip RMS over noise RMS; lower is noisier.' },
    },
  },
  {
    name: 'background_noise',
    modality: 'audio',
    label: 'Background noise',
    description: 'Mixes in a clip from the background folder (looped if short) at a signal-to-noise ratio, for robustness to real environments.',
    p: 0.5,
    params: {
      snr_db: { type: 'range', label: 'SNR', min: -20, max: 80, step: 0.5, default: [3, 30], unit: 'dB', help: 'Clip RMS over background RMS; lower is noisier.' },
    },
  },
  {
    name: 'time_shift',
    modality: 'audio',
    label: 'Time shift',
    description: 'Moves the audio earlier or later by a fraction of its length; helps when events are not aligned.',
    p: 0.5,
    params: {
      fraction: { type: 'range', label: 'Shift', min: -1, max: 1, step: 0.01, default: [-0.2, 0.2], help: 'Fraction of the clip length; positive moves later.' },
      mode: { type: 'choice', label: 'Edges', options: ['roll', 'pad'], default: 'roll', help: 'roll wraps what falls off one end to the other; pad fills with silence.' },
    },
  },
  {
    name: 'gain',
    modality: 'audio',
    label: 'Gain',
    description: 'Makes the clip louder or quieter; values may exceed full scale until a later step or the file writer limits them.',
    p: 0.5,
    params: {
      gain_db: { type: 'range', label: 'Gain', min: -40, max: 40, step: 0.5, default: [-6, 6], unit: 'dB' },
    },
  },
  {
    name: 'speed',
    modality: 'audio',
    label: 'Speed change',
    description: 'Plays the clip faster or slower, changing tempo and pitch together (like a tape); the length becomes length / factor.',
    p: 0.5,
    params: {
      factor: { type: 'range', label: 'Factor', min: 0.5, max: 2, step: 0.01, default: [0.9, 1.1], unit: '×', help: 'Above 1 is faster and higher.' },
    },
  },
  {
    name: 'time_stretch',
    modality: 'audio',
    label: 'Time stretch',
    description: 'Changes tempo without changing pitch (phase vocoder with phase locking); the length becomes length / rate.',
    p: 0.5,
    params: {
      rate: { type: 'range', label: 'Rate', min: 0.5, max: 2, step: 0.01, default: [0.8, 1.25], unit: '×', help: 'Above 1 is faster (shorter).' },
    },
  },
  {
    name: 'pitch_shift',
    modality: 'audio',
    label: 'Pitch shift',
    description: 'Raises or lowers the pitch without changing tempo or length (time stretch plus resampling).',
    p: 0.5,
    params: {
      semitones: { type: 'range', label: 'Semitones', min: -12, max: 12, step: 0.1, default: [-4, 4], unit: 'st' },
    },
  },
  {
    name: 'time_mask',
    modality: 'audio',
    label: 'Time masking',
    description: 'SpecAugment: silences random stretches of time in the spectrogram, then resynthesises the audio.',
    p: 0.5,
    params: {
      masks: { type: 'range', label: 'Masks', min: 0, max: 10, step: 1, default: [1, 2], integer: true },
      max_width: { type: 'number', label: 'Max width', min: 1, max: 500, step: 1, default: 20, integer: true, unit: 'frames', help: `Each mask is 0 to this many STFT frames wide; ${STFT_NOTE}.` },
    },
  },
  {
    name: 'freq_mask',
    modality: 'audio',
    label: 'Frequency masking',
    description: 'SpecAugment: removes random frequency bands from the spectrogram, then resynthesises the audio.',
    p: 0.5,
    params: {
      masks: { type: 'range', label: 'Masks', min: 0, max: 10, step: 1, default: [1, 2], integer: true },
      max_width: { type: 'number', label: 'Max width', min: 1, max: 512, step: 1, default: 20, integer: true, unit: 'bins', help: `Each mask is 0 to this many FFT bins wide (31.25 Hz per bin at 16 kHz); ${STFT_NOTE}.` },
    },
  },
  {
    name: 'low_pass',
    modality: 'audio',
    label: 'Low-pass filter',
    description: 'Butterworth low-pass: muffles the clip, like a cheap microphone or a wall in between.',
    p: 0.5,
    params: {
      cutoff_hz: { type: 'range', label: 'Cutoff', min: 20, max: 24000, step: 10, default: [2000, 7000], unit: 'Hz', help: 'Limited to 0.45 × the sample rate.' },
      order: { type: 'choice', label: 'Order', options: ['2', '4'], default: '2', help: '2 is 12 dB/octave, 4 is 24 dB/octave.' },
    },
  },
  {
    name: 'high_pass',
    modality: 'audio',
    label: 'High-pass filter',
    description: 'Butterworth high-pass: thins the clip, removing rumble and low voices.',
    p: 0.5,
    params: {
      cutoff_hz: { type: 'range', label: 'Cutoff', min: 20, max: 24000, step: 10, default: [100, 800], unit: 'Hz', help: 'Limited to 0.45 × the sample rate.' },
      order: { type: 'choice', label: 'Order', options: ['2', '4'], default: '2', help: '2 is 12 dB/octave, 4 is 24 dB/octave.' },
    },
  },
  {
    name: 'clipping_distortion',
    modality: 'audio',
    label: 'Clipping distortion',
    description: 'Hard-clips the waveform, like an overdriven recorder.',
    p: 0.5,
    params: {
      mode: { type: 'choice', label: 'Clip at', options: ['percentile', 'threshold'], default: 'percentile', help: 'percentile clips a share of the samples; threshold clips at a fixed level.' },
      percentile: { type: 'range', label: 'Clipped samples', min: 0, max: 80, step: 1, default: [0, 20], unit: '%', help: 'Used by percentile: this share of samples (by magnitude) is clipped.' },
      threshold_db: { type: 'range', label: 'Threshold', min: -60, max: 0, step: 0.5, default: [-20, -3], unit: 'dBFS', help: 'Used by threshold: clip level relative to full scale.' },
    },
  },
  {
    name: 'polarity_inversion',
    modality: 'audio',
    label: 'Polarity inversion',
    description: 'Flips the sign of every sample; sounds the same, but changes what raw-waveform models see.',
    p: 0.5,
    params: {},
  },
  {
    name: 'peak_normalize',
    modality: 'audio',
    label: 'Peak normalisation',
    description: 'Scales the clip so its loudest sample sits at a target level; silent clips are left alone.',
    p: 1,
    params: {
      target_dbfs: { type: 'number', label: 'Target peak', min: -60, max: 0, step: 0.1, default: -1, unit: 'dBFS' },
    },
  },
];

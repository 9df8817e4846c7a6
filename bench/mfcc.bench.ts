/**
 * Benchmark: MFCC extraction (25 ms Hann frames, 10 ms hop, 512-point FFT,
 * 40 HTK-mel bands, log, orthonormal DCT-II, 13 coefficients, pre-emphasis
 * 0.97) at 16 kHz, Trainyard (src/main/services/features/mfcc.ts, one
 * thread) against the same computation in numpy/scipy
 * (bench/peers/mfcc_numpy.py) on the same samples, in the same run.
 *
 * Figures are CPU time (process.cpuUsage / time.process_time), median of
 * `--runs` (default 5) passes after a warm-up:
 *   - 1 s clips one at a time (what a data loader does): clips/s and seconds
 *     of audio per CPU second; numpy also on all clips as one array;
 *   - one long recording (`--long` seconds, default 60);
 *   - Trainyard's whole preprocessing from WAV bytes (decode, mono, window,
 *     MFCC, standardise) for reference.
 * The peer runs twice: plain, and with glibc told to keep freed memory
 * (numpy allocates fresh arrays per call; on VMs with slow page faults that
 * churn dominates). The ratio is against the faster of the two.
 *
 * Clips: spoken sentences from espeak-ng (sox to 16 kHz) when installed,
 * else harmonic tones; --clips N (default 200, --quick 50).
 *   node_modules/.bin/node bench/mfcc.bench.ts [--quick] [--clips N] [--runs K] [--long S]
 */
import fs from 'node:fs';
import path from 'node:path';
import { AudioFeatures, MfccOptions } from '../src/shared/features/spec.ts';
import { createRng } from '../src/shared/rng.ts';
import { speechClip, speechToolsMissing, tones } from '../src/main/services/augment/audio/test-signals.ts';
import { encodeWav } from '../src/main/services/datasets/media/wav.ts';
import { fitLength } from '../src/main/services/features/audio.ts';
import { fitPreprocessor, transformBatch } from '../src/main/services/features/index.ts';
import { mfccFrames, mfccInto, mfccPlan } from '../src/main/services/features/mfcc.ts';
import { QUICK, findPython, flag, fmt, header, line, median, pythonVersions, ratio, removeDir, runPeer, tempDir } from './lib.ts';

const SR = 16000;
const CLIPS = flag('clips', QUICK ? 50 : 200);
const RUNS = flag('runs', QUICK ? 3 : 5);
const LONG_S = flag('long', QUICK ? 20 : 60);
const SENTENCES = [
  'The birch canoe slid on the smooth planks.', 'Glue the sheet to the dark blue background.', 'It is easy to tell the depth of a well.',
  'These days a chicken leg is a rare dish.', 'Rice is often served in round bowls.', 'The juice of lemons makes fine punch.',
  'The box was thrown beside the parked truck.', 'Four hours of steady work faced us.', 'A large size in stockings is hard to sell.',
  'The boy was there when the sun rose.', 'A rod is used to catch pink salmon.', 'Kick the ball straight and follow through.',
];
const VOICES = ['en', 'en-us', 'en-gb-x-rp', 'en+f3'];
const KEEP_MEMORY = { MALLOC_MMAP_THRESHOLD_: '1073741824', MALLOC_TRIM_THRESHOLD_: '1073741824', MALLOC_TOP_PAD_: '268435456' };

/** Without espeak-ng: a second of three harmonics over a seeded F0 (MFCC cost does not depend on the content). */
function synthetic(i: number): Float32Array {
  const f0 = createRng(1000 + i).uniform(100, 220);
  return tones([f0, 2 * f0, 3 * f0], 1, SR, 0.2);
}

/** CLIPS one-second clips: the distinct sources repeated with a seeded gain each (MFCC cost does not depend on content). */
function makeClips(): { clips: Float32Array[]; source: string } {
  const missing = speechToolsMissing();
  const sources = missing
    ? Array.from({ length: 12 }, (_, i) => synthetic(i))
    : SENTENCES.map((s, i) => fitLength(speechClip(s, SR, VOICES[i % VOICES.length]).channels[0]!, SR, 'start'));
  const rng = createRng(7);
  const clips = Array.from({ length: CLIPS }, (_, i) => {
    const g = rng.uniform(0.5, 1.5);
    return sources[i % sources.length]!.map((v) => Math.max(-1, Math.min(1, v * g)));
  });
  return { clips, source: missing ? `harmonic tones (${missing})` : `espeak-ng sentences (${sources.length}, 4 voices), sox to 16 kHz mono, padded/cut to 1 s` };
}

function cpuSeconds(fn: () => unknown): number {
  const t = process.cpuUsage();
  fn();
  const u = process.cpuUsage(t);
  return (u.user + u.system) / 1e6;
}

/** Median CPU seconds of RUNS calls after one warm-up. */
function measure(fn: () => unknown): number {
  fn();
  return median(Array.from({ length: RUNS }, () => cpuSeconds(fn)));
}

interface PeerResult {
  clip_loop: number;
  batched: number;
  long: number;
  first: number[];
  versions: string;
}

async function main(): Promise<void> {
  const py = findPython('scipy.fft');
  await header('MFCC extraction: Trainyard vs numpy/scipy', [
    ['python', py ? pythonVersions(py, ['numpy', 'scipy']) : 'none with numpy and scipy (apt-get install -y python3-numpy python3-scipy)'],
  ]);
  const dir = tempDir('trainyard-mfcc-bench-');
  try {
    const { clips, source } = makeClips();
    const long = new Float32Array(LONG_S * SR);
    for (let i = 0; i < LONG_S; i++) long.set(clips[i % clips.length]!, i * SR);
    const options = MfccOptions.parse({});
    const plan = mfccPlan(SR, options);
    const frames = mfccFrames(plan, SR);
    console.log(`data:       ${CLIPS} clips of 1 s at 16 kHz (${frames} frames × ${plan.coefficients}) from ${source}; one ${LONG_S} s recording`);
    console.log(`mfcc:       frame ${plan.frameLength}, hop ${plan.hop}, FFT ${plan.nfft}, ${plan.bands} HTK mel bands, ${plan.coefficients} coefficients, pre-emphasis ${plan.preEmphasis}; CPU time, median of ${RUNS} after a warm-up\n`);

    const out = new Float32Array(frames * plan.coefficients);
    const longOut = new Float32Array(mfccFrames(plan, long.length) * plan.coefficients);
    const oursLoop = (): void => clips.forEach((c) => mfccInto(plan, c, out));
    const wavs = clips.map((c) => encodeWav({ sampleRate: SR, channels: [c] }, { bitsPerSample: 16 }));
    const state = await fitPreprocessor(AudioFeatures.parse({ modality: 'audio' }), wavs.slice(0, 20));
    const pipeline = (): Promise<unknown> => transformBatch(state, wavs);

    // Ours before and after the peer, so a neighbour's burst of load lands on both sides.
    const loop1 = measure(oursLoop);
    const clipsFile = path.join(dir, 'clips.f32');
    const longFile = path.join(dir, 'long.f32');
    const flat = new Float32Array(CLIPS * SR);
    clips.forEach((c, i) => flat.set(c, i * SR));
    fs.writeFileSync(clipsFile, flat);
    fs.writeFileSync(longFile, long);
    const jobFile = path.join(dir, 'job.json');
    fs.writeFileSync(jobFile, JSON.stringify({ sample_rate: SR, clips_file: clipsFile, clips: CLIPS, clip_samples: SR, long_file: longFile, runs: RUNS, params: options }));
    let plain: PeerResult | string = 'no python3 with numpy and scipy';
    let tuned: PeerResult | string = plain;
    if (py) {
      process.env.OMP_NUM_THREADS = '1';
      process.env.OPENBLAS_NUM_THREADS = '1';
      plain = runPeer<PeerResult>(py, 'mfcc_numpy.py', [jobFile]);
      Object.assign(process.env, KEEP_MEMORY);
      tuned = runPeer<PeerResult>(py, 'mfcc_numpy.py', [jobFile]);
      for (const k of Object.keys(KEEP_MEMORY)) delete process.env[k];
    }
    const loop2 = measure(oursLoop);
    const ours = Math.min(loop1, loop2);
    const oursLong = measure(() => mfccInto(plan, long, longOut));
    await pipeline();
    const pipeTimes: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const t = process.cpuUsage();
      await pipeline();
      const u = process.cpuUsage(t);
      pipeTimes.push((u.user + u.system) / 1e6);
    }
    const oursPipe = median(pipeTimes);

    const perSec = (seconds: number, audio: number): string => `${fmt(audio / seconds, 0)} s/s`;
    line('trainyard, 1 s clips one at a time', `${fmt(CLIPS / ours, 0)} clips/s`, `${perSec(ours, CLIPS)} of audio per CPU second (before / after the peer: ${fmt((loop1 / CLIPS) * 1000, 3)} / ${fmt((loop2 / CLIPS) * 1000, 3)} ms a clip)`);
    line(`trainyard, one ${LONG_S} s recording`, perSec(oursLong, LONG_S), 'of audio per CPU second');
    line('trainyard, WAV bytes → features', `${fmt(CLIPS / oursPipe, 0)} clips/s`, 'decode, mono, window, MFCC, standardise (transformBatch)');
    const peers: Array<[string, PeerResult | string]> = [['numpy', plain], ['numpy, malloc kept', tuned]];
    for (const [name, p] of peers) {
      if (typeof p === 'string') {
        line(name, 'skipped', p);
        continue;
      }
      line(`${name}, 1 s clips one at a time`, `${fmt(CLIPS / p.clip_loop, 0)} clips/s`, `${perSec(p.clip_loop, CLIPS)} of audio per CPU second`);
      line(`${name}, all clips as one array`, `${fmt(CLIPS / p.batched, 0)} clips/s`);
      line(`${name}, one ${LONG_S} s recording`, perSec(p.long, LONG_S));
    }
    const ok = peers.map(([, p]) => p).filter((p): p is PeerResult => typeof p !== 'string');
    if (ok.length) {
      const best = ok.reduce((a, b) => (a.clip_loop < b.clip_loop ? a : b));
      const bestBatched = Math.min(...ok.map((p) => p.batched));
      const bestLong = Math.min(...ok.map((p) => p.long));
      mfccInto(plan, clips[0]!, out);
      const diff = best.first.reduce((m, v, i) => Math.max(m, Math.abs(v - out[i]!)), 0);
      console.log('');
      line('ratio trainyard / numpy, clips', ratio(best.clip_loop, ours), `(${best.versions}; > 1× means Trainyard is faster)`);
      line('ratio trainyard / numpy batched', ratio(bestBatched, ours));
      line(`ratio trainyard / numpy, ${LONG_S} s`, ratio(bestLong, oursLong));
      line('ratio vs plain numpy, clips', ratio(Math.max(...ok.map((p) => p.clip_loop)), ours), '(peer without the malloc settings)');
      line('max |difference| first clip', diff.toExponential(2), 'float32 output vs numpy float64');
    }
  } finally {
    removeDir(dir);
  }
}

await main();

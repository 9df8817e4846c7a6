/**
 * Benchmark: seconds of audio augmented per second, single thread, for the
 * pipeline gaussian noise at an SNR → pitch shift (±2 semitones) → time
 * stretch (0.9–1.1), against the same pipeline in numpy/scipy
 * (bench/peers/augment_audio.py) on the same WAV clips with the same drawn
 * values, in the same run. Run with `node bench/augment-audio.bench.ts`
 * (Node 24).
 *
 * Clips: spoken sentences from espeak-ng (converted to 16 kHz mono by sox)
 * when both tools are installed, otherwise synthetic voiced signals
 * (gliding F0, 1/h harmonics, syllable-rate envelope, a little noise); 1–2 s
 * each. Set TRAINYARD_PYTHON to pick the interpreter; otherwise the first of
 * python3, /usr/bin/python3 that can import scipy is used.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng } from '../src/shared/rng.ts';
import { decodeWav, encodeWav } from '../src/main/services/datasets/media/wav.ts';
import type { ApplyContext, AudioData, Drawn, OpImpl } from '../src/main/services/augment/op.ts';
import { audioOps } from '../src/main/services/augment/audio/ops.ts';
import { stftSize } from '../src/main/services/augment/audio/dsp/window.ts';
import { speechClip, speechToolsMissing } from '../src/main/services/augment/audio/test-signals.ts';

const SR = 16000;
const RUNS = 5;
const SEED = 7;
const SENTENCES = [
  'The birch canoe slid on the smooth planks.',
  'Glue the sheet to the dark blue background.',
  'It is easy to tell the depth of a well.',
  'These days a chicken leg is a rare dish.',
  'Rice is often served in round bowls.',
  'The juice of lemons makes fine punch.',
  'The box was thrown beside the parked truck.',
  'The hogs were fed chopped corn and garbage.',
  'Four hours of steady work faced us.',
  'A large size in stockings is hard to sell.',
  'The boy was there when the sun rose.',
  'A rod is used to catch pink salmon.',
  'The source of the huge river is the clear spring.',
  'Kick the ball straight and follow through.',
  'Help the woman get back to her feet.',
  'A pot of tea helps to pass the evening.',
  'Smoky fires lack flame and heat.',
  'The soft cushion broke the man\'s fall.',
  'The salt breeze came across from the sea.',
  'The girl at the booth sold fifty bonds.',
];
const VOICES = ['en', 'en-us', 'en-gb-x-rp', 'en+f3'];

/** A voiced, speech-like synthetic clip: F0 gliding 100–220 Hz, harmonics to 4 kHz, 4 Hz syllables, some noise. */
function synthetic(i: number): Float32Array {
  const rng = createRng(1000 + i);
  const n = Math.round(SR * rng.uniform(1, 2));
  const f0a = rng.uniform(100, 220), f0b = rng.uniform(100, 220);
  const out = new Float32Array(n);
  let phase = 0;
  for (let t = 0; t < n; t++) {
    const f0 = f0a + ((f0b - f0a) * t) / n;
    phase += (2 * Math.PI * f0) / SR;
    let v = 0;
    for (let h = 1; h * f0 < 4000; h++) v += Math.sin(h * phase) / h;
    const env = 0.5 - 0.5 * Math.cos((2 * Math.PI * 4 * t) / SR);
    out[t] = 0.15 * env * v + 0.01 * rng.normal();
  }
  return out;
}

function makeClips(dir: string): { files: string[]; source: string } {
  const missing = speechToolsMissing();
  const files: string[] = [];
  SENTENCES.forEach((text, i) => {
    let x: Float32Array;
    if (missing) x = synthetic(i);
    else {
      x = speechClip(text, SR, VOICES[i % VOICES.length]).channels[0]!;
      if (x.length < SR) return;
      x = x.slice(0, 2 * SR);
    }
    const file = path.join(dir, `clip-${String(i).padStart(2, '0')}.wav`);
    fs.writeFileSync(file, encodeWav({ sampleRate: SR, channels: [x] }, { bitsPerSample: 16 }));
    files.push(file);
  });
  return { files, source: missing ? `synthetic voiced signals (${missing})` : 'espeak-ng sentences, sox to 16 kHz mono' };
}

interface Job {
  path: string;
  snr_db: number;
  semitones: number;
  rate: number;
  seed: number;
}

const op = (name: string): OpImpl<AudioData> => audioOps.find((o) => o.spec.name === name)!;
const STAGES = [
  ['noise', op('gaussian_noise_snr'), (j: Job): Drawn => ({ snr_db: j.snr_db, seed: j.seed })],
  ['pitch', op('pitch_shift'), (j: Job): Drawn => ({ semitones: j.semitones })],
  ['stretch', op('time_stretch'), (j: Job): Drawn => ({ rate: j.rate })],
] as const;
const ctx: ApplyContext = { protect: { numbers: true, entities: true, words: [] }, backgroundClips: async () => [] };

/** One pass over all clips; adds each stage's time to `stages` and returns the output lengths. */
async function runOnce(clips: AudioData[], jobs: Job[], stages: Record<string, number>): Promise<number[]> {
  const lengths: number[] = [];
  for (let c = 0; c < clips.length; c++) {
    let y = clips[c]!;
    for (const [name, impl, drawn] of STAGES) {
      const t = process.hrtime.bigint();
      y = await impl.apply(y, drawn(jobs[c]!), ctx);
      stages[name] = (stages[name] ?? 0) + Number(process.hrtime.bigint() - t) / 1e9;
    }
    lengths.push(y.channels[0]!.length);
  }
  return lengths;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

interface PeerResult {
  seconds: number;
  stages: Record<string, number>;
  lengths: number[];
  numpy: string;
  scipy: string;
  python: string;
}

function findPython(): string | undefined {
  const candidates = process.env.TRAINYARD_PYTHON ? [process.env.TRAINYARD_PYTHON] : ['python3', '/usr/bin/python3'];
  return candidates.find((py) => spawnSync(py, ['-c', 'import numpy, scipy.signal'], { stdio: 'ignore' }).status === 0);
}

/**
 * glibc settings that stop malloc from handing freed blocks back to the
 * kernel. numpy allocates a fresh array per operation; where page faults are
 * slow (about 10 µs each on the project's 2-core VMs) that churn, not the
 * arithmetic, dominates the peer. Both ways are measured and the faster one
 * is the reference.
 */
const KEEP_MEMORY = { MALLOC_MMAP_THRESHOLD_: '1073741824', MALLOC_TRIM_THRESHOLD_: '1073741824', MALLOC_TOP_PAD_: '268435456' };

function runPeer(jobFile: string, extraEnv: Record<string, string> = {}): PeerResult | string {
  const py = findPython();
  if (!py) return 'no python3 with numpy and scipy (apt-get install -y python3-scipy)';
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'peers', 'augment_audio.py');
  const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', ...extraEnv };
  const res = spawnSync(py, [script, jobFile], { encoding: 'utf8', maxBuffer: 1 << 22, env });
  if (res.status !== 0) return `peer failed (${res.status}): ${res.stderr}`;
  return JSON.parse(res.stdout.trim().split('\n').pop()!) as PeerResult;
}

const breakdown = (stages: Record<string, number>, runs: number): string =>
  Object.entries(stages).map(([k, v]) => `${k} ${((v / runs) * 1000).toFixed(1)} ms`).join(', ');

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trainyard-audio-bench-'));
  try {
    const { files, source } = makeClips(dir);
    const rng = createRng(SEED);
    const jobs: Job[] = files.map((file) => ({ path: file, snr_db: rng.uniform(10, 30), semitones: rng.uniform(-2, 2), rate: rng.uniform(0.9, 1.1), seed: Math.floor(rng.next() * 2 ** 31) }));
    const clips = files.map((f) => decodeWav(fs.readFileSync(f)) as AudioData);
    const audioSeconds = clips.reduce((a, c) => a + c.channels[0]!.length / SR, 0);

    // Our runs are split around the peer's, so a neighbour's burst of load on
    // this shared machine lands on both sides rather than on one.
    const warm: Record<string, number> = {};
    await runOnce(clips, jobs, warm);
    const times: number[] = [];
    const stages: Record<string, number> = {};
    let lengths: number[] = [];
    const measure = async (runs: number): Promise<void> => {
      for (let r = 0; r < runs; r++) {
        const t = process.hrtime.bigint();
        lengths = await runOnce(clips, jobs, stages);
        times.push(Number(process.hrtime.bigint() - t) / 1e9);
      }
    };
    await measure(RUNS);
    const jobFile = path.join(dir, 'job.json');
    fs.writeFileSync(jobFile, JSON.stringify({ sample_rate: SR, runs: RUNS, ...stftSize(SR), clips: jobs }));
    const plain = runPeer(jobFile);
    const tuned = runPeer(jobFile, KEEP_MEMORY);
    await measure(RUNS);
    const ours = median(times);

    const cpus = os.cpus();
    const fftVersion = (JSON.parse(fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', 'fft.js', 'package.json'), 'utf8')) as { version: string }).version;
    console.log(`machine:    ${cpus[0]?.model ?? 'unknown'} (${cpus.length} cores), ${os.platform()} ${os.release()}`);
    console.log(`node:       ${process.version}, fft.js ${fftVersion}`);
    console.log(`data:       ${clips.length} clips, ${audioSeconds.toFixed(1)} s of 16 kHz mono audio: ${source}`);
    console.log(`pipeline:   noise at 10–30 dB SNR → pitch shift ±2 st → time stretch 0.9–1.1, one thread, median of ${times.length} (${RUNS} before and after the peer) after a warm-up`);
    console.log(`trainyard:  ${(audioSeconds / ours).toFixed(0)} s of audio per second (median ${(ours * 1000).toFixed(1)} ms per pass; mean by stage: ${breakdown(stages, times.length)})`);
    if (typeof plain === 'string' || typeof tuned === 'string') {
      console.log(`numpy/scipy: skipped, ${typeof plain === 'string' ? plain : tuned}`);
      return;
    }
    if (JSON.stringify(plain.lengths) !== JSON.stringify(lengths)) console.log('warning:    the peer produced different output lengths');
    const line = (p: PeerResult): string => `${(audioSeconds / p.seconds).toFixed(0)} s of audio per second (median ${(p.seconds * 1000).toFixed(1)} ms per pass; by stage: ${breakdown(p.stages, 1)})`;
    console.log(`numpy/scipy: ${line(plain)}`);
    console.log(`  + malloc:  ${line(tuned)}  [glibc told to keep freed memory]`);
    console.log(`             numpy ${plain.numpy}, scipy ${plain.scipy}, python ${plain.python}`);
    const best = Math.min(plain.seconds, tuned.seconds);
    const ratio = best / ours;
    console.log(`ratio:      ${ratio.toFixed(2)}× (trainyard / fastest numpy-scipy throughput; target >= 1×) ${ratio >= 1 ? 'OK' : 'BELOW TARGET'}; ${(plain.seconds / ours).toFixed(2)}× against the peer as installed`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();

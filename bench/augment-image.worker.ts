/**
 * The Trainyard side of bench/augment-image.bench.ts: the pipeline on one
 * image (exported for the main thread), and, when started as a worker
 * thread, a loop that runs it over a range of the benchmark's files.
 */
import fs from 'node:fs';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { ParamValue } from '../src/shared/augment/spec.ts';
import { defaultParams } from '../src/shared/augment/spec.ts';
import { createRng } from '../src/shared/rng.ts';
import { decodeImage, encodeImage } from '../src/main/services/augment/image/codec.ts';
import { blur, brightness, contrast, hflip, randomResizedCrop, rotate } from '../src/main/services/augment/image/ops.ts';
import type { ApplyContext, ImageData, OpImpl } from '../src/main/services/augment/op.ts';

interface Step {
  op: OpImpl<ImageData>;
  p: number;
  params: Record<string, ParamValue>;
}

/** decode → hflip (p=0.5) → rotate ±15° → random resized crop 224 → brightness, contrast → blur σ=1 → JPEG q75 */
const STEPS: Step[] = [
  { op: hflip, p: 0.5, params: {} },
  { op: rotate, p: 1, params: { angle: [-15, 15], border: 'constant' } },
  { op: randomResizedCrop, p: 1, params: { scale: [0.5, 1], ratio: [0.75, 4 / 3], width: 224, height: 224 } },
  { op: brightness, p: 1, params: { delta: [-0.2, 0.2] } },
  { op: contrast, p: 1, params: { factor: [0.8, 1.2] } },
  { op: blur, p: 1, params: { sigma: [1, 1] } },
];
const PIPELINE: Step[] = STEPS.map((s) => ({ ...s, params: { ...defaultParams(s.op.spec), ...s.params } }));

const CTX: ApplyContext = { protect: { numbers: false, entities: false, words: [] }, backgroundClips: async () => [] };

/** Runs the pipeline as the engine does (a generator per image, a fork per step); returns the JPEG's size. */
export async function augmentOne(blob: Buffer, index: number): Promise<number> {
  const rng = createRng(index);
  let img = await decodeImage(blob);
  for (const [k, step] of PIPELINE.entries()) {
    const r = rng.fork(`step:${k}`);
    if (r.next() >= step.p) continue;
    img = await step.op.apply(img, step.op.draw(r, step.params, img), CTX);
  }
  return (await encodeImage(img, 'jpeg', 75)).length;
}

/** Runs images [from, to) with `inFlight` pipelines going at once. */
export async function runRange(blobs: Buffer[], from: number, to: number, inFlight: number): Promise<void> {
  let next = from;
  const lane = async () => {
    while (next < to) {
      const i = next++;
      await augmentOne(blobs[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
}

export interface WorkerJob {
  from: number;
  to: number;
  inFlight: number;
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const blobs = (workerData as { paths: string[] }).paths.map((p) => fs.readFileSync(p));
  port.on('message', (job: WorkerJob) => {
    runRange(blobs, job.from, job.to, job.inFlight).then(
      () => port.postMessage('done'),
      (err: unknown) => port.postMessage(`error: ${String(err)}`),
    );
  });
  port.postMessage('ready');
}

/**
 * The image operations, in catalog order. draw() takes every random value
 * from the engine's generator (noise gets a recorded seed); apply() reads
 * only the drawn record, so a manifest row replays to the same bytes.
 */
import type { ParamValue } from '../../../../shared/augment/spec.ts';
import type { Rng } from '../../../../shared/rng.ts';
import { drawRange, drawSeed, type Drawn, type ImageData, type OpImpl } from '../op.ts';
import { jpegRoundTrip } from './codec.ts';
import { drawnBool, drawnInt, drawnInts, drawnNumber, drawnString, paramBool, paramString, parseColour, specOf } from './common.ts';
import { gaussianBlur, sharpen as sharpenFn } from './filters.ts';
import * as fx from './functional.ts';
import { affine as affineFn, cropResize, rotate as rotateFn, type BorderMode, type Region } from './geometry.ts';
import { cutout as cutoutFn, gaussianNoise as noiseFn, night as nightFn } from './noise.ts';

type ImageOp = OpImpl<ImageData>;

const BORDERS: readonly BorderMode[] = ['constant', 'reflect', 'edge'];

function drawnBorder(drawn: Drawn): BorderMode {
  const b = drawnString(drawn, 'border');
  if (!(BORDERS as readonly string[]).includes(b)) throw new TypeError(`drawn value "border" must be one of ${BORDERS.join(', ')}, got ${b}`);
  return b as BorderMode;
}

/** An operation with one drawn number passed to a pure pixel function. */
function scalarOp(name: string, key: string, fn: (img: ImageData, v: number) => ImageData): ImageOp {
  return {
    spec: specOf(name),
    draw: (rng, params) => ({ [key]: drawRange(rng, params[key]) }),
    apply: (sample, drawn) => fn(sample, drawnNumber(drawn, key)),
  };
}

export const hflip: ImageOp = { spec: specOf('hflip'), draw: () => ({}), apply: (s) => fx.hflip(s) };
export const vflip: ImageOp = { spec: specOf('vflip'), draw: () => ({}), apply: (s) => fx.vflip(s) };

export const rotate: ImageOp = {
  spec: specOf('rotate'),
  draw: (rng, params) => ({ angle: drawRange(rng, params.angle), border: paramString(params.border, 'constant'), fill: paramString(params.fill, '#000000') }),
  apply: (s, d) => rotateFn(s, drawnNumber(d, 'angle'), drawnBorder(d), parseColour(drawnString(d, 'fill'))),
};

/**
 * torchvision's RandomResizedCrop region: up to 10 tries at an area share
 * and a log-uniform aspect ratio that fit, else the largest centred crop
 * within the ratio range.
 */
export function drawCropRegion(rng: Rng, width: number, height: number, scale: ParamValue | undefined, ratio: ParamValue | undefined): Region {
  const area = width * height;
  const [r0, r1] = Array.isArray(ratio) ? ratio : typeof ratio === 'number' ? [ratio, ratio] : [0.75, 4 / 3];
  const logRatio: [number, number] = [Math.log(r0), Math.log(r1)];
  for (let attempt = 0; attempt < 10; attempt++) {
    const target = area * drawRange(rng, scale);
    const ar = Math.exp(drawRange(rng, logRatio));
    const w = Math.round(Math.sqrt(target * ar));
    const h = Math.round(Math.sqrt(target / ar));
    if (w > 0 && h > 0 && w <= width && h <= height) return { x: rng.int(width - w + 1), y: rng.int(height - h + 1), width: w, height: h };
  }
  const inRatio = width / height;
  let w = width, h = height;
  if (inRatio < r0) h = Math.round(w / r0);
  else if (inRatio > r1) w = Math.round(h * r1);
  return { x: Math.floor((width - w) / 2), y: Math.floor((height - h) / 2), width: w, height: h };
}

export const randomResizedCrop: ImageOp = {
  spec: specOf('random_resized_crop'),
  draw(rng, params, sample) {
    const r = drawCropRegion(rng, sample.width, sample.height, params.scale, params.ratio);
    const outW = typeof params.width === 'number' ? Math.round(params.width) : 224;
    const outH = typeof params.height === 'number' ? Math.round(params.height) : 224;
    return { x: r.x, y: r.y, width: r.width, height: r.height, out_width: outW, out_height: outH };
  },
  apply(s, d) {
    const region = { x: drawnInt(d, 'x'), y: drawnInt(d, 'y'), width: drawnInt(d, 'width'), height: drawnInt(d, 'height') };
    const outW = drawnInt(d, 'out_width'), outH = drawnInt(d, 'out_height');
    if (outW < 1 || outH < 1) throw new RangeError(`output size must be positive, got ${outW}×${outH}`);
    return cropResize(s, region, outW, outH);
  },
};

export const affine: ImageOp = {
  spec: specOf('affine'),
  draw: (rng, params) => ({
    translate_x: drawRange(rng, params.translate_x),
    translate_y: drawRange(rng, params.translate_y),
    scale: drawRange(rng, params.scale),
    shear_x: drawRange(rng, params.shear_x),
    shear_y: drawRange(rng, params.shear_y),
    border: paramString(params.border, 'constant'),
    fill: paramString(params.fill, '#000000'),
  }),
  apply(s, d) {
    const p = { translateX: drawnNumber(d, 'translate_x'), translateY: drawnNumber(d, 'translate_y'), scale: drawnNumber(d, 'scale'), shearXDeg: drawnNumber(d, 'shear_x'), shearYDeg: drawnNumber(d, 'shear_y') };
    return affineFn(s, p, drawnBorder(d), parseColour(drawnString(d, 'fill')));
  },
};

export const brightness = scalarOp('brightness', 'delta', fx.brightness);
export const contrast = scalarOp('contrast', 'factor', fx.contrast);
export const saturation = scalarOp('saturation', 'factor', fx.saturation);
export const hueShift = scalarOp('hue_shift', 'degrees', fx.hueShift);
export const gamma = scalarOp('gamma', 'gamma', fx.gamma);
export const grayscale: ImageOp = { spec: specOf('grayscale'), draw: () => ({}), apply: (s) => fx.grayscale(s) };

export const blur: ImageOp = {
  spec: specOf('gaussian_blur'),
  draw: (rng, params) => ({ sigma: drawRange(rng, params.sigma) }),
  apply: (s, d) => gaussianBlur(s, drawnNumber(d, 'sigma')),
};

export const sharpen = scalarOp('sharpen', 'strength', sharpenFn);

export const gaussianNoise: ImageOp = {
  spec: specOf('gaussian_noise'),
  draw: (rng, params) => ({ std: drawRange(rng, params.std), per_channel: paramBool(params.per_channel, true), seed: drawSeed(rng) }),
  apply: (s, d) => noiseFn(s, drawnNumber(d, 'std'), drawnInt(d, 'seed'), drawnBool(d, 'per_channel')),
};

export const jpegCompression: ImageOp = {
  spec: specOf('jpeg_compression'),
  draw: (rng, params) => ({ quality: drawRange(rng, params.quality, true) }),
  apply: (s, d) => jpegRoundTrip(s, drawnInt(d, 'quality')),
};

export const cutout: ImageOp = {
  spec: specOf('cutout'),
  draw(rng, params, sample): Drawn {
    const n = Math.max(0, drawRange(rng, params.holes, true));
    const boxes: number[] = [];
    for (let i = 0; i < n; i++) {
      const f = drawRange(rng, params.size);
      const w = Math.min(sample.width, Math.max(1, Math.round(f * sample.width)));
      const h = Math.min(sample.height, Math.max(1, Math.round(f * sample.height)));
      boxes.push(rng.int(sample.width - w + 1), rng.int(sample.height - h + 1), w, h);
    }
    const mode = paramString(params.fill_mode, 'constant');
    return mode === 'noise' ? { boxes, fill_mode: mode, seed: drawSeed(rng) } : { boxes, fill_mode: mode, fill: paramString(params.fill, '#000000') };
  },
  apply(s, d) {
    const noise = drawnString(d, 'fill_mode') === 'noise';
    return cutoutFn(s, drawnInts(d, 'boxes'), noise ? null : parseColour(drawnString(d, 'fill')), noise ? drawnInt(d, 'seed') : 0);
  },
};

export const night: ImageOp = {
  spec: specOf('night'),
  draw: (rng, params) => ({ strength: drawRange(rng, params.strength), noise: drawRange(rng, params.noise ?? 8), seed: drawSeed(rng) }),
  apply: (s, d) => nightFn(s, drawnNumber(d, 'strength'), drawnNumber(d, 'noise'), drawnInt(d, 'seed')),
};

export const imageOps: ImageOp[] = [
  hflip, vflip, rotate, randomResizedCrop, affine, brightness, contrast, saturation, hueShift, gamma, grayscale, blur, sharpen, gaussianNoise, jpegCompression, cutout, night,
];

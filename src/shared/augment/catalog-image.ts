/**
 * Image augmentation operations: what they are called, what they take.
 * Plain data, bundled into the renderer; the pixel code lives in
 * src/main/services/augment/image/.
 *
 * Conventions shared by all of them: pixel values are 0–255; angles are in
 * degrees, counter-clockwise positive (as on screen); fractions are of the
 * image's own width or height. Colour operations leave an alpha channel as it
 * is; geometric ones move it with the pixels.
 */
import type { OpSpec, ParamSpec } from './spec.ts';

const border = (): ParamSpec => ({
  type: 'choice',
  label: 'Edges',
  options: ['constant', 'reflect', 'edge'],
  default: 'constant',
  help: 'What fills the corners the image no longer covers: the fill colour, a mirror of the image, or its edge pixels stretched out.',
});

const fill = (help = 'Used where Edges is constant (opaque, also on images with alpha).'): ParamSpec => ({ type: 'color', label: 'Fill colour', default: '#000000', help });

export const imageOpSpecs: OpSpec[] = [
  {
    name: 'hflip',
    modality: 'image',
    label: 'Horizontal flip',
    description: 'Mirrors the image left to right; safe for most photos, not for text or digits whose meaning depends on direction.',
    p: 0.5,
    params: {},
  },
  {
    name: 'vflip',
    modality: 'image',
    label: 'Vertical flip',
    description: 'Mirrors the image top to bottom; for aerial, microscope or texture images that have no "up".',
    p: 0.5,
    params: {},
  },
  {
    name: 'rotate',
    modality: 'image',
    label: 'Rotate',
    description: 'Turns the image by an angle around its centre, keeping its size; the uncovered corners get the fill colour or a reflection.',
    p: 0.5,
    params: {
      angle: { type: 'range', label: 'Angle', min: -180, max: 180, step: 1, default: [-15, 15], unit: '°', help: 'Counter-clockwise positive.' },
      border: border(),
      fill: fill(),
    },
  },
  {
    name: 'random_resized_crop',
    modality: 'image',
    label: 'Random resized crop',
    description: 'Cuts a random region (a share of the area, with a random aspect ratio) and resizes it to a fixed size; the classic training crop.',
    p: 1,
    params: {
      scale: { type: 'range', label: 'Area', min: 0.01, max: 1, step: 0.01, default: [0.5, 1], help: 'Share of the image area the region covers (torchvision uses 0.08–1).' },
      ratio: { type: 'range', label: 'Aspect ratio', min: 0.1, max: 10, step: 0.01, default: [0.75, 1.3333], help: 'Width over height of the region, drawn on a log scale.' },
      width: { type: 'number', label: 'Output width', min: 8, max: 4096, step: 1, default: 224, unit: 'px', integer: true },
      height: { type: 'number', label: 'Output height', min: 8, max: 4096, step: 1, default: 224, unit: 'px', integer: true },
    },
  },
  {
    name: 'affine',
    modality: 'image',
    label: 'Affine (shift, scale, shear)',
    description: 'Shifts, zooms and slants the image around its centre, keeping its size; for objects that are not always centred or square to the camera.',
    p: 0.5,
    params: {
      translate_x: { type: 'range', label: 'Shift right', min: -1, max: 1, step: 0.01, default: [-0.1, 0.1], help: 'Fraction of the width; positive moves right.' },
      translate_y: { type: 'range', label: 'Shift down', min: -1, max: 1, step: 0.01, default: [-0.1, 0.1], help: 'Fraction of the height; positive moves down.' },
      scale: { type: 'range', label: 'Zoom', min: 0.1, max: 4, step: 0.01, default: [0.9, 1.1], help: 'Above 1 enlarges the content.' },
      shear_x: { type: 'range', label: 'Shear X', min: -60, max: 60, step: 1, default: [-10, 10], unit: '°', help: 'Slants vertical lines.' },
      shear_y: { type: 'range', label: 'Shear Y', min: -60, max: 60, step: 1, default: [0, 0], unit: '°', help: 'Slants horizontal lines.' },
      border: border(),
      fill: fill(),
    },
  },
  {
    name: 'brightness',
    modality: 'image',
    label: 'Brightness',
    description: 'Adds the same amount to every pixel, making the image lighter or darker, for changing light.',
    p: 0.5,
    params: {
      delta: { type: 'range', label: 'Change', min: -1, max: 1, step: 0.01, default: [-0.2, 0.2], help: 'Fraction of full white added; 0.1 adds about 26 levels.' },
    },
  },
  {
    name: 'contrast',
    modality: 'image',
    label: 'Contrast',
    description: 'Stretches or squeezes pixel values around the image\'s mean brightness, for flat or harsh lighting.',
    p: 0.5,
    params: {
      factor: { type: 'range', label: 'Factor', min: 0, max: 3, step: 0.01, default: [0.8, 1.2], help: '1 keeps the image; 0 makes it flat grey.' },
    },
  },
  {
    name: 'saturation',
    modality: 'image',
    label: 'Saturation',
    description: 'Makes colours more vivid or more washed out, for cameras and white balance that differ.',
    p: 0.5,
    params: {
      factor: { type: 'range', label: 'Factor', min: 0, max: 3, step: 0.01, default: [0.7, 1.3], help: '1 keeps the colours; 0 is grey.' },
    },
  },
  {
    name: 'hue_shift',
    modality: 'image',
    label: 'Hue shift',
    description: 'Turns every colour around the colour wheel by an angle (red → yellow → green …); use small angles unless colour does not matter.',
    p: 0.3,
    params: {
      degrees: { type: 'range', label: 'Shift', min: -180, max: 180, step: 1, default: [-10, 10], unit: '°', help: '120 turns pure red into pure green.' },
    },
  },
  {
    name: 'gamma',
    modality: 'image',
    label: 'Gamma',
    description: 'Darkens or lightens the mid-tones while keeping black and white, like a different camera response curve.',
    p: 0.3,
    params: {
      gamma: { type: 'range', label: 'Gamma', min: 0.1, max: 5, step: 0.01, default: [0.8, 1.25], help: 'out = 255·(in/255)^gamma; above 1 darkens.' },
    },
  },
  {
    name: 'grayscale',
    modality: 'image',
    label: 'Grayscale',
    description: 'Removes colour (keeping three channels, so later steps still work); teaches the model not to rely on colour.',
    p: 0.1,
    params: {},
  },
  {
    name: 'gaussian_blur',
    modality: 'image',
    label: 'Gaussian blur',
    description: 'Softens the image as if slightly out of focus or moving.',
    p: 0.3,
    params: {
      sigma: { type: 'range', label: 'Sigma', min: 0.3, max: 20, step: 0.1, default: [0.5, 1.5], unit: 'px', help: 'Standard deviation of the blur.' },
    },
  },
  {
    name: 'sharpen',
    modality: 'image',
    label: 'Sharpen',
    description: 'Makes edges crisper, as with a sharper lens or a phone\'s processing.',
    p: 0.3,
    params: {
      strength: { type: 'range', label: 'Strength', min: 0, max: 1, step: 0.01, default: [0.2, 0.5], help: 'Blend of the original (0) and a fully sharpened image (1).' },
    },
  },
  {
    name: 'gaussian_noise',
    modality: 'image',
    label: 'Gaussian noise',
    description: 'Adds random grain to every pixel, like a sensor in low light.',
    p: 0.3,
    params: {
      std: { type: 'range', label: 'Strength', min: 0, max: 100, step: 0.5, default: [3, 15], help: 'Standard deviation in pixel levels (0–255).' },
      per_channel: { type: 'bool', label: 'Colour noise', default: true, help: 'Different noise in each of R, G, B; off adds the same value to all three (grey grain).' },
    },
  },
  {
    name: 'jpeg_compression',
    modality: 'image',
    label: 'JPEG re-compression',
    description: 'Saves and reloads the image as JPEG at a random quality, adding the blocky artefacts of shared and downloaded photos.',
    p: 0.3,
    params: {
      quality: { type: 'range', label: 'Quality', min: 1, max: 100, step: 1, default: [50, 95], integer: true },
    },
  },
  {
    name: 'cutout',
    modality: 'image',
    label: 'Cutout (random erasing)',
    description: 'Covers random rectangles with a colour or noise, so the model cannot rely on one part of the object.',
    p: 0.5,
    params: {
      holes: { type: 'range', label: 'Holes', min: 1, max: 50, step: 1, default: [1, 3], integer: true },
      size: { type: 'range', label: 'Hole size', min: 0.01, max: 1, step: 0.01, default: [0.1, 0.25], help: 'Fraction of the width and of the height each hole spans.' },
      fill_mode: { type: 'choice', label: 'Fill', options: ['constant', 'noise'], default: 'constant', help: 'A flat colour, or random pixels.' },
      fill: fill('Colour of the holes when Fill is constant (alpha is kept).'),
    },
  },
  {
    name: 'night',
    modality: 'image',
    label: 'Night / low light',
    description: 'Darkens the image, tints it blue and adds sensor grain, to simulate night or under-exposed photos (a day-to-night shift).',
    p: 0.2,
    params: {
      strength: { type: 'range', label: 'Strength', min: 0, max: 1, step: 0.01, default: [0.3, 0.7], help: '0 leaves the image; 1 is very dark.' },
      noise: { type: 'number', label: 'Grain at full strength', min: 0, max: 50, step: 0.5, default: 8, help: 'Noise standard deviation in pixel levels, scaled by the strength.' },
    },
  },
];

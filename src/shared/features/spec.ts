/**
 * Preprocessing that belongs to a model: what the user (or "auto") chooses
 * per modality (the config), and what is learned from the train split (the
 * fitted state). The state embeds its resolved config, is plain JSON, and is
 * saved as `preprocessing.json` next to the weights, so training, evaluation
 * and prediction all apply exactly the same transform to the same raw input.
 *
 * Schemas are strict: an unknown field is an error naming the field.
 * Implementations: src/main/services/features/.
 */
import { z } from 'zod';

/** Bumped when a saved state can no longer be read the same way. */
export const PREPROCESSING_VERSION = 1;

// zod 4 numbers already refuse NaN and ±Infinity, which JSON could not carry anyway.
const finite = z.number();

// ---------------------------------------------------------------- image

/** Per-channel mean / std applied after scaling pixels to [0, 1]. */
export const ImageNormalization = z.union([
  /**
   * `imagenet`: mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225); one
   * channel uses their averages 0.449 / 0.226. `half`: mean 0.5, std 0.5,
   * which maps pixels to [-1, 1]. `unit`: no mean/std, pixels stay in [0, 1].
   */
  z.enum(['imagenet', 'half', 'unit']),
  z.object({ mean: z.array(finite).min(1).max(3), std: z.array(z.number().positive()).min(1).max(3) }).strict(),
]);
export type ImageNormalization = z.infer<typeof ImageNormalization>;

export const ImageFeatures = z.object({
  modality: z.literal('image'),
  /** Output width and height in pixels. */
  width: z.number().int().min(4).max(1024).default(32),
  height: z.number().int().min(4).max(1024).default(32),
  /**
   * `stretch`: resize to width × height ignoring the aspect ratio.
   * `letterbox`: fit inside, keep the aspect ratio, pad with `padValue`.
   * `center-crop`: cover the target, keep the aspect ratio, crop the middle.
   */
  mode: z.enum(['stretch', 'letterbox', 'center-crop']).default('stretch'),
  /** 1: grey (luma), 3: sRGB. */
  channels: z.union([z.literal(1), z.literal(3)]).default(3),
  /** Resampling kernel: `linear` is the cheapest that still averages when shrinking (libvips widens it). */
  kernel: z.enum(['nearest', 'linear', 'cubic', 'lanczos3']).default('linear'),
  normalize: ImageNormalization.default('imagenet'),
  /** Grey level (0–255, before normalisation) of letterbox padding. */
  padValue: z.number().int().min(0).max(255).default(0),
  /** Grey level transparent pixels are composited onto (white: a cut-out looks as on a page). */
  alphaBackground: z.number().int().min(0).max(255).default(255),
}).strict();
export type ImageFeatures = z.infer<typeof ImageFeatures>;

export const ImageState = z.object({
  modality: z.literal('image'),
  config: ImageFeatures,
  /** Resolved per-channel mean and std (length `channels`). */
  mean: z.array(finite),
  std: z.array(z.number().positive()),
}).strict();
export type ImageState = z.infer<typeof ImageState>;

// ---------------------------------------------------------------- text

export const TEXT_PAD = '<pad>';
export const TEXT_UNK = '<unk>';

export const TextSequenceOutput = z.object({
  mode: z.literal('sequence'),
  /** Tokens per example; `auto` fits the 95th percentile of train lengths (at least 8, at most 512). */
  maxLen: z.union([z.number().int().min(1).max(4096), z.literal('auto')]).default('auto'),
  /** `pre` puts padding before the tokens, so an LSTM's last state follows the text's last token. */
  padding: z.enum(['pre', 'post']).default('pre'),
  /** `post` keeps the start of a long text, `pre` its end. */
  truncating: z.enum(['pre', 'post']).default('post'),
}).strict();

export const TextBagOutput = z.object({
  mode: z.literal('bag'),
  /** n-grams of 1 … ngrams tokens (joined by one space in feature names). */
  ngrams: z.number().int().min(1).max(5).default(2),
  /**
   * `count`: occurrences; `binary`: 1 if present; `tfidf`: count × idf with
   * scikit-learn's smoothed idf = ln((1 + docs) / (1 + df)) + 1 from train.
   */
  weighting: z.enum(['count', 'binary', 'tfidf']).default('tfidf'),
  /** Scale each example's vector to unit L2 norm (scikit-learn's TfidfVectorizer does by default). */
  l2: z.boolean().default(true),
}).strict();

export const TextFeatures = z.object({
  modality: z.literal('text'),
  /** Unicode NFKC (ﬁ → fi, full-width → ASCII, ² → 2) before anything else. */
  nfkc: z.boolean().default(true),
  lowercase: z.boolean().default(true),
  /**
   * `word`: runs of letters, marks, digits and `_`, with inner apostrophes
   * (don't); punctuation dropped. `word+punct`: the same, plus each other
   * non-space character as a token. `char`: every character, whitespace runs
   * as one space.
   */
  tokenizer: z.enum(['word', 'word+punct', 'char']).default('word'),
  /** Tokens (or n-grams) seen fewer times than this in train are out of vocabulary. */
  minCount: z.number().int().min(1).max(1_000_000).default(2),
  /** Most frequent entries kept (ties broken by code-unit order), reserved ones included. */
  maxVocab: z.number().int().min(3).max(1_000_000).default(20_000),
  output: z.discriminatedUnion('mode', [TextSequenceOutput, TextBagOutput]).default({ mode: 'sequence', maxLen: 'auto', padding: 'pre', truncating: 'post' }),
}).strict();
export type TextFeatures = z.infer<typeof TextFeatures>;

export const TextState = z.object({
  modality: z.literal('text'),
  config: TextFeatures,
  /**
   * Index → token. Sequence mode: `<pad>` = 0, `<unk>` = 1, then by train
   * frequency. Bag mode: the n-grams (feature names) only; unseen n-grams are
   * ignored, as in scikit-learn.
   */
  vocab: z.array(z.string()),
  /** Sequence mode: the resolved length. */
  maxLen: z.number().int().min(1).nullable(),
  /** Bag mode with tf-idf: one weight per vocab entry. */
  idf: z.array(finite).nullable(),
  /** Train documents seen while fitting. */
  documents: z.number().int().min(0),
}).strict();
export type TextState = z.infer<typeof TextState>;

// ---------------------------------------------------------------- audio

export const MfccOptions = z.object({
  /** Analysis frame: 25 ms (400 samples at 16 kHz), periodic Hann window, zero-padded to the next power of two (512). */
  frameMs: z.number().min(1).max(200).default(25),
  /** Step between frames: 10 ms. Frames start at 0 with no centring: frames = 1 + ⌊(samples − frame) / hop⌋. */
  hopMs: z.number().min(1).max(200).default(10),
  /** Triangular filters on the HTK mel scale, mel = 2595 log10(1 + f / 700), peak 1, not area-normalised (librosa `htk=True, norm=None`). */
  melBands: z.number().int().min(4).max(256).default(40),
  fMin: z.number().min(0).default(0),
  /** Upper edge of the top filter in Hz; null: half the sample rate. */
  fMax: z.number().positive().nullable().default(null),
  /** Mel energies are of the power spectrum |X|²; log is natural, of max(energy, logFloor). */
  logFloor: z.number().positive().max(1).default(1e-10),
  /** Orthonormal DCT-II of the log-mel vector (scipy `dct(type=2, norm='ortho')`), the first `coefficients` kept (c0 included). */
  coefficients: z.number().int().min(1).max(256).default(13),
  /** y[t] = x[t] − a·x[t−1] over the whole clip before framing; 0 switches it off. */
  preEmphasis: z.number().min(0).max(1).default(0.97),
}).strict();
export type MfccOptions = z.infer<typeof MfccOptions>;

export const AudioFeatures = z.object({
  modality: z.literal('audio'),
  /** Clips are mixed to mono (channel mean), then resampled to this rate (Kaiser-windowed sinc). */
  sampleRate: z.number().int().min(4000).max(192_000).default(16_000),
  /** Every clip is padded with zeros or trimmed to this many seconds. */
  windowSeconds: z.number().gt(0).max(60).default(1),
  /** `center`: keep the middle / pad both sides evenly; `start`: keep the start / pad at the end. */
  align: z.enum(['center', 'start']).default('center'),
  mfcc: MfccOptions.default(MfccOptions.parse({})),
  /** Standardise each coefficient with its mean and std over all train frames. */
  normalize: z.boolean().default(true),
}).strict();
export type AudioFeatures = z.infer<typeof AudioFeatures>;

export const AudioState = z.object({
  modality: z.literal('audio'),
  config: AudioFeatures,
  /** Output shape of one clip: [frames, coefficients]. */
  frames: z.number().int().min(1),
  /** Per-coefficient mean and std from train (null when `normalize` is off). */
  mean: z.array(finite).nullable(),
  std: z.array(z.number().positive()).nullable(),
}).strict();
export type AudioState = z.infer<typeof AudioState>;

// ---------------------------------------------------------------- tabular

/**
 * `numeric`: standardised, plus a missing indicator. `categorical`: one-hot
 * with an unknown bucket. `date`: calendar features. `text` and `id`: not
 * used as features. `label`: the target (exactly one column).
 */
export const ColumnType = z.enum(['numeric', 'categorical', 'date', 'text', 'id', 'label']);
export type ColumnType = z.infer<typeof ColumnType>;

export const DatePart = z.enum(['dayOfWeek', 'dayOfMonth', 'month', 'year']);
export type DatePart = z.infer<typeof DatePart>;

export const TabularFeatures = z.object({
  modality: z.literal('tabular'),
  /** Every column of the table in file order (a CSV row is read by position). */
  columns: z.array(z.object({ name: z.string().min(1).max(200), type: ColumnType }).strict()).min(1).max(10_000),
  /** `classification`: the label column's values are classes; `regression`: a number. */
  task: z.enum(['classification', 'regression']).default('classification'),
  /** Add `<column>.missing` (0/1) after each numeric and date column; a missing value itself becomes the train mean. */
  missingIndicator: z.boolean().default(true),
  /** Categories kept per column (most frequent first); the rest share the `<unknown>` bucket. */
  maxCategories: z.number().int().min(1).max(10_000).default(50),
  /** Categories seen fewer times than this in train go to `<unknown>`. */
  minCategoryCount: z.number().int().min(1).default(1),
  /**
   * Date features. Day of week (Monday 0), day of month and month become
   * sin/cos of their position in the cycle when `cyclical` (Sunday sits next
   * to Monday, December next to January), else are scaled to [0, 1]; the
   * year is standardised with the train mean and std. Dates are taken as
   * written (no time-zone conversion).
   */
  dateParts: z.array(DatePart).min(1).default(['dayOfWeek', 'dayOfMonth', 'month', 'year']),
  cyclical: z.boolean().default(true),
  /** Regression: train on (y − mean) / std; predictions are mapped back. */
  standardizeTarget: z.boolean().default(true),
}).strict();
export type TabularFeatures = z.infer<typeof TabularFeatures>;

export const FittedColumn = z.discriminatedUnion('type', [
  z.object({ name: z.string(), type: z.literal('numeric'), mean: finite, std: z.number().positive(), missing: z.number().int().min(0) }).strict(),
  /** `categories` in feature order; the `<unknown>` bucket comes after them. */
  z.object({ name: z.string(), type: z.literal('categorical'), categories: z.array(z.string()) }).strict(),
  z.object({ name: z.string(), type: z.literal('date'), yearMean: finite, yearStd: z.number().positive(), missing: z.number().int().min(0) }).strict(),
]);
export type FittedColumn = z.infer<typeof FittedColumn>;

export const TabularState = z.object({
  modality: z.literal('tabular'),
  config: TabularFeatures,
  /** Feature columns only (numeric, categorical, date), in config order. */
  fitted: z.array(FittedColumn),
  /** One name per output feature, in order: `age`, `age.missing`, `colour=red`, `colour=<unknown>`, `day.dow_sin` … */
  featureNames: z.array(z.string()),
  target: z.discriminatedUnion('task', [
    z.object({ task: z.literal('classification'), column: z.string(), classes: z.array(z.string()) }).strict(),
    z.object({ task: z.literal('regression'), column: z.string(), mean: finite, std: z.number().positive() }).strict(),
  ]).nullable(),
  rows: z.number().int().min(0),
}).strict();
export type TabularState = z.infer<typeof TabularState>;

// ---------------------------------------------------------------- union

export const FeatureConfig = z.discriminatedUnion('modality', [ImageFeatures, TextFeatures, AudioFeatures, TabularFeatures]);
export type FeatureConfig = z.infer<typeof FeatureConfig>;
export type FeatureConfigInput = z.input<typeof FeatureConfig>;

export const FeatureState = z.discriminatedUnion('modality', [ImageState, TextState, AudioState, TabularState]);
export type FeatureState = z.infer<typeof FeatureState>;

/** The file saved next to the weights. */
export const PreprocessingFile = z.object({
  format: z.literal('trainyard-preprocessing'),
  version: z.number().int(),
  state: FeatureState,
}).strict();
export type PreprocessingFile = z.infer<typeof PreprocessingFile>;

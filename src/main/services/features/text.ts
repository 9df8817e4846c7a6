/**
 * Text preprocessing: NFKC → lowercase → tokens → either a padded sequence of
 * vocabulary ids (for an embedding + LSTM) or a bag of n-grams weighted by
 * count, presence or tf-idf (for logistic regression, whose weights then read
 * as "top n-grams per class" through the vocabulary).
 *
 * The vocabulary, idf and the auto length come from the train split only,
 * counted in one streaming pass.
 */
import { TEXT_PAD, TEXT_UNK, type TextFeatures, type TextState } from '../../../shared/features/spec.ts';

const WORD = /[\p{L}\p{M}\p{N}_]+(?:['’][\p{L}\p{M}\p{N}_]+)*/gu;
const WORD_PUNCT = /[\p{L}\p{M}\p{N}_]+(?:['’][\p{L}\p{M}\p{N}_]+)*|[^\s\p{L}\p{M}\p{N}_]/gu;
const AUTO_PERCENTILE = 0.95;
const AUTO_MIN = 8;
const AUTO_MAX = 512;

export function normalizeText(c: TextFeatures, text: string): string {
  let s = c.nfkc ? text.normalize('NFKC') : text;
  if (c.lowercase) s = s.toLowerCase();
  return s;
}

export function tokenize(c: TextFeatures, text: string): string[] {
  const s = normalizeText(c, text);
  if (c.tokenizer === 'char') return Array.from(s.replace(/\s+/gu, ' ').trim());
  return s.match(c.tokenizer === 'word' ? WORD : WORD_PUNCT) ?? [];
}

/** Character n-grams read best unjoined ("ing"); word n-grams joined by a space ("not good"). */
function joiner(c: TextFeatures): string {
  return c.tokenizer === 'char' ? '' : ' ';
}

/** Every n-gram of 1 … n tokens, in text order, shorter first at each position. */
export function ngrams(tokens: readonly string[], n: number, join: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    let g = tokens[i]!;
    out.push(g);
    for (let k = 1; k < n && i + k < tokens.length; k++) {
      g += join + tokens[i + k]!;
      out.push(g);
    }
  }
  return out;
}

function termsOf(c: TextFeatures, text: string): string[] {
  const tokens = tokenize(c, text);
  return c.output.mode === 'bag' ? ngrams(tokens, c.output.ngrams, joiner(c)) : tokens;
}

/** Most frequent first, ties in code-unit order, so the vocabulary is the same on every machine. */
function byFrequency(a: [string, number], b: [string, number]): number {
  return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
}

export async function fitText(config: TextFeatures, raws: AsyncIterable<string> | Iterable<string>): Promise<TextState> {
  const counts = new Map<string, number>();
  const df = new Map<string, number>();
  const lengths = new Map<number, number>();
  const tfidf = config.output.mode === 'bag' && config.output.weighting === 'tfidf';
  let documents = 0;
  for await (const text of raws) {
    documents++;
    const terms = termsOf(config, text);
    for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
    if (tfidf) for (const t of new Set(terms)) df.set(t, (df.get(t) ?? 0) + 1);
    if (config.output.mode === 'sequence') lengths.set(terms.length, (lengths.get(terms.length) ?? 0) + 1);
  }
  const reserved = config.output.mode === 'sequence' ? [TEXT_PAD, TEXT_UNK] : [];
  const kept = [...counts].filter(([t, n]) => n >= config.minCount && !reserved.includes(t)).sort(byFrequency);
  const vocab = [...reserved, ...kept.slice(0, config.maxVocab - reserved.length).map(([t]) => t)];
  const idf = tfidf ? vocab.map((t) => Math.log((1 + documents) / (1 + (df.get(t) ?? 0))) + 1) : null;
  const maxLen = config.output.mode !== 'sequence' ? null : config.output.maxLen === 'auto' ? autoLength(lengths, documents) : config.output.maxLen;
  return { modality: 'text', config, vocab, maxLen, idf, documents };
}

/** The nearest-rank 95th percentile of train lengths, clamped to [8, 512]. */
function autoLength(lengths: Map<number, number>, documents: number): number {
  const rank = Math.ceil(AUTO_PERCENTILE * documents);
  let seen = 0;
  let len = 0;
  for (const [l, n] of [...lengths].sort((a, b) => a[0] - b[0])) {
    seen += n;
    len = l;
    if (seen >= rank) break;
  }
  return Math.min(AUTO_MAX, Math.max(AUTO_MIN, len));
}

const indexes = new WeakMap<TextState, Map<string, number>>();

function indexOf(state: TextState): Map<string, number> {
  let m = indexes.get(state);
  if (!m) indexes.set(state, (m = new Map(state.vocab.map((t, i) => [t, i]))));
  return m;
}

/** Token ids of one text, before padding: out-of-vocabulary tokens are `<unk>` (1). */
export function encodeIds(state: TextState, text: string): number[] {
  const index = indexOf(state);
  return tokenize(state.config, text).map((t) => index.get(t) ?? 1);
}

export function transformText(state: TextState, raws: readonly string[]): { data: Float32Array | Int32Array; shape: number[]; dtype: 'float32' | 'int32' } {
  const out = state.config.output;
  if (out.mode === 'sequence') {
    const L = state.maxLen!;
    const data = new Int32Array(raws.length * L);
    raws.forEach((text, i) => {
      let ids = encodeIds(state, text);
      if (ids.length > L) ids = out.truncating === 'post' ? ids.slice(0, L) : ids.slice(ids.length - L);
      data.set(ids, i * L + (out.padding === 'pre' ? L - ids.length : 0));
    });
    return { data, shape: [raws.length, L], dtype: 'int32' };
  }
  const V = state.vocab.length;
  const index = indexOf(state);
  const data = new Float32Array(raws.length * V);
  raws.forEach((text, i) => {
    const tf = new Map<number, number>();
    for (const g of termsOf(state.config, text)) {
      const j = index.get(g);
      if (j !== undefined) tf.set(j, (tf.get(j) ?? 0) + 1);
    }
    const weights = [...tf].map(([j, n]): [number, number] => [j, out.weighting === 'binary' ? 1 : out.weighting === 'tfidf' ? n * state.idf![j]! : n]);
    let norm = 1;
    if (out.l2) {
      let ss = 0;
      for (const [, w] of weights) ss += w * w;
      norm = ss > 0 ? Math.sqrt(ss) : 1;
    }
    for (const [j, w] of weights) data[i * V + j] = w / norm;
  });
  return { data, shape: [raws.length, V], dtype: 'float32' };
}

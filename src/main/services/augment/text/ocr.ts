/**
 * Confusions typical of OCR output: shapes a recogniser mistakes for each
 * other. Keys of two characters are matched before single ones, so "rn"
 * can become "m" and "m" can become "rn".
 */
export const OCR_CONFUSIONS: Readonly<Record<string, readonly string[]>> = {
  rn: ['m'],
  cl: ['d'],
  vv: ['w'],
  m: ['rn'],
  d: ['cl'],
  w: ['vv'],
  '0': ['O', 'o', 'D'],
  O: ['0', 'D', 'Q'],
  o: ['0'],
  D: ['0', 'O'],
  Q: ['O'],
  '1': ['l', 'I', 'i'],
  l: ['1', 'I', 'i'],
  I: ['1', 'l'],
  i: ['1', 'l'],
  '5': ['S', 's'],
  S: ['5'],
  s: ['5'],
  '8': ['B'],
  B: ['8'],
  '2': ['Z', 'z'],
  Z: ['2'],
  z: ['2'],
  '6': ['b', 'G'],
  b: ['6', 'h'],
  G: ['6'],
  '9': ['g', 'q'],
  g: ['9', 'q'],
  q: ['9', 'g'],
  e: ['c'],
  c: ['e'],
  h: ['b'],
  u: ['v'],
  v: ['u'],
};

/** The table key at `at` in `word`, two characters preferred; undefined when none. */
export function ocrKeyAt(word: string, at: number): string | undefined {
  const two = word.slice(at, at + 2);
  if (two.length === 2 && OCR_CONFUSIONS[two]) return two;
  const one = word.charAt(at);
  return OCR_CONFUSIONS[one] ? one : undefined;
}

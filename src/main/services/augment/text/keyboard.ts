/**
 * QWERTY neighbours of letters and digits: keys next to each other on the
 * same row, or overlapping on the row above or below (rows are staggered
 * by ½, ¼ and ½ a key, as on a standard keyboard).
 */
const ROWS: ReadonlyArray<[keys: string, shift: number]> = [
  ['1234567890', 0],
  ['qwertyuiop', 0.5],
  ['asdfghjkl', 0.75],
  ['zxcvbnm', 1.25],
];

function build(): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  ROWS.forEach(([keys, shift], r) => {
    for (let i = 0; i < keys.length; i++) {
      const x = i + shift;
      let near = '';
      for (let q = Math.max(0, r - 1); q <= Math.min(ROWS.length - 1, r + 1); q++) {
        const [other, otherShift] = ROWS[q]!;
        for (let j = 0; j < other.length; j++) {
          const d = Math.abs(j + otherShift - x);
          if (q === r ? d === 1 : d < 1) near += other[j];
        }
      }
      out.set(keys[i]!, near);
    }
  });
  return out;
}

/** Lower-case key → its neighbours (lower case), in row order. */
export const QWERTY_NEIGHBOURS: ReadonlyMap<string, string> = build();

const DIGIT = /[0-9]/;

function sameClass(): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const [key, near] of QWERTY_NEIGHBOURS) {
    const same = [...near].filter((c) => DIGIT.test(c) === DIGIT.test(key)).join('');
    out.set(key, same);
    if (key.toUpperCase() !== key) out.set(key.toUpperCase(), same.toUpperCase());
  }
  return out;
}

const TYPOS = sameClass();

/**
 * Typo candidates for a character: its neighbours of the same class
 * (letters for a letter, in its case; digits for a digit), so a typo never
 * turns a word into a number or a number into a word. '' for keys not on
 * the table (é, punctuation).
 */
export function neighboursOf(ch: string): string {
  return TYPOS.get(ch) ?? '';
}

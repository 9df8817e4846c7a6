/**
 * Order statistics for the first split of a stratum. A split only needs to know
 * which samples fall below two rank boundaries, so a linear-time selection of
 * the boundary hashes replaces a full O(n log n) sort of a million samples.
 */

/** Below this size insertion sort beats another partition round. */
const SMALL = 16;

/**
 * Rearranges `a[lo, hi)` in place so that `a[k]` holds the value a full sort
 * would put there, everything in `[lo, k)` is <= it and everything in
 * `(k, hi)` is >= it; returns `a[k]`. Values must not be NaN.
 *
 * Quickselect with a median-of-three pivot and three-way partitioning, so runs
 * of equal values (hash ties) collapse in one round instead of degrading to
 * O(n^2). Past a depth budget it falls back to sorting the remaining range,
 * which bounds the worst case at O(n log n) (introselect).
 */
export function selectKth(a: Float64Array, k: number, lo = 0, hi = a.length): number {
  if (!(lo <= k && k < hi && lo >= 0 && hi <= a.length)) {
    throw new RangeError(`selectKth: k=${k} outside [${lo}, ${hi}) or range outside the array`);
  }
  let budget = 2 * Math.ceil(Math.log2(hi - lo + 1)) + 4;
  while (hi - lo > SMALL) {
    if (budget-- <= 0) {
      a.subarray(lo, hi).sort();
      return a[k]!;
    }
    const p = medianOf3(a[lo]!, a[(lo + hi) >>> 1]!, a[hi - 1]!);
    // Dijkstra three-way partition: [lo, lt) < p, [lt, gt] == p, (gt, hi) > p.
    let lt = lo;
    let i = lo;
    let gt = hi - 1;
    while (i <= gt) {
      const x = a[i]!;
      if (x < p) {
        a[i] = a[lt]!;
        a[lt] = x;
        lt++;
        i++;
      } else if (x > p) {
        a[i] = a[gt]!;
        a[gt] = x;
        gt--;
      } else {
        i++;
      }
    }
    if (k < lt) hi = lt;
    else if (k > gt) lo = gt + 1;
    else return p;
  }
  for (let i = lo + 1; i < hi; i++) {
    const x = a[i]!;
    let j = i - 1;
    while (j >= lo && a[j]! > x) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = x;
  }
  return a[k]!;
}

function medianOf3(x: number, y: number, z: number): number {
  if (x < y) return y < z ? y : x < z ? z : x;
  return x < z ? x : y < z ? z : y;
}

/** Total order used everywhere a split depends on sample order: hash, then key as a string. */
export function compareHashKey(ha: number, ka: string, hb: number, kb: string): number {
  if (ha !== hb) return ha < hb ? -1 : 1;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * Splits m items by rank in the (hash, key) order: ranks `[0, b0)` get 0,
 * `[b0, b1)` get 1, the rest 2, written to `out[0, m)`. `hashes` holds the
 * items' hashes (left untouched); `keyOf(i)` is only called for items whose
 * hash equals a boundary hash, which with 53-bit hashes is almost never more
 * than the boundary item itself. `scratch` (length >= m) avoids an allocation
 * per stratum.
 */
export function splitByRank(
  hashes: Float64Array,
  keyOf: (i: number) => string,
  b0: number,
  b1: number,
  out: Int8Array,
  scratch: Float64Array = new Float64Array(hashes.length),
): void {
  const m = hashes.length;
  if (!(0 <= b0 && b0 <= b1 && b1 <= m)) throw new RangeError(`splitByRank: bad bounds ${b0}, ${b1} for ${m} items`);
  if (m === 0) return;
  const work = scratch.subarray(0, m);
  work.set(hashes);
  // Boundary value v for boundary b is the hash at sorted position b: items
  // strictly below v have rank < b, items strictly above have rank >= b, and
  // only items equal to v need the key to decide. -1 / Infinity stand for
  // "everyone is at or past" / "nobody reaches" a boundary at the ends.
  const v0 = b0 === 0 ? -1 : b0 === m ? Infinity : selectKth(work, b0);
  let v1: number;
  if (b1 === 0) v1 = -1;
  else if (b1 === m) v1 = Infinity;
  else if (b1 === b0) v1 = v0;
  // The first selection left everything ranked after b0 in (b0, m).
  else v1 = selectKth(work, b1, b0 > 0 ? b0 + 1 : 0);

  let below0 = 0;
  let below1 = 0;
  let ties: number[] | undefined;
  for (let i = 0; i < m; i++) {
    const h = hashes[i]!;
    if (h === v0 || h === v1) {
      (ties ??= []).push(i);
      // Still counted below the other boundary when it lies under that one.
      if (h < v1) below1++;
      if (h < v0) below0++;
      continue;
    }
    if (h < v0) below0++;
    if (h < v1) below1++;
    out[i] = (h > v0 ? 1 : 0) + (h > v1 ? 1 : 0);
  }
  if (ties === undefined) return;

  ties.sort((x, y) => compareHashKey(hashes[x]!, keyOf(x), hashes[y]!, keyOf(y)));
  // Items sharing a hash are contiguous in `ties`; the first of each run has
  // rank equal to the number of items strictly below that hash.
  for (let j = 0; j < ties.length; ) {
    const h = hashes[ties[j]!]!;
    let rank = h === v0 ? below0 : below1;
    for (; j < ties.length && hashes[ties[j]!] === h; j++, rank++) {
      out[ties[j]!] = rank < b0 ? 0 : rank < b1 ? 1 : 2;
    }
  }
}

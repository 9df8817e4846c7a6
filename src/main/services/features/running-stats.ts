/**
 * Streaming mean and variance (Welford), so statistics over the train split
 * are fitted one example at a time without holding the data. Updating in a
 * fixed order gives the same doubles on every machine.
 */
export class RunningStats {
  readonly mean: Float64Array;
  private readonly m2: Float64Array;
  private readonly counts: Float64Array;

  constructor(width: number) {
    this.mean = new Float64Array(width);
    this.m2 = new Float64Array(width);
    this.counts = new Float64Array(width);
  }

  /** Adds one value for dimension `i`. */
  push(i: number, x: number): void {
    const n = ++this.counts[i]!;
    const d = x - this.mean[i]!;
    this.mean[i]! += d / n;
    this.m2[i]! += d * (x - this.mean[i]!);
  }

  /** Adds `rows` rows of a row-major [rows, width] block. */
  pushRows(block: ArrayLike<number>, rows: number): void {
    const w = this.mean.length;
    for (let r = 0; r < rows; r++) for (let i = 0; i < w; i++) this.push(i, block[r * w + i]!);
  }

  count(i: number): number {
    return this.counts[i]!;
  }

  /**
   * Population std (ddof 0, as scikit-learn's StandardScaler); a constant or
   * empty dimension gets 1 so standardising it cannot divide by zero.
   */
  std(i: number): number {
    const n = this.counts[i]!;
    const s = n > 0 ? Math.sqrt(this.m2[i]! / n) : 0;
    return s > 1e-12 ? s : 1;
  }

  means(): number[] {
    return Array.from(this.mean);
  }

  stds(): number[] {
    return Array.from(this.mean, (_, i) => this.std(i));
  }
}

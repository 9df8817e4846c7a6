/** How training numbers read in the studio: losses to 4 places, accuracies as percentages, times short. */

export function fmtLoss(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(4);
}

export function fmtAcc(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return `${(v * 100).toFixed(1)}%`;
}

/** A metric by its name: accuracies as percentages, R² to 3 places, the rest as numbers. */
export function fmtMetric(name: string, v: number | null | undefined): string {
  if (name.includes('accuracy')) return fmtAcc(v);
  if (name.endsWith('r2')) return v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(3);
  if (name === 'lr' || name === 'learningRate') return v === null || v === undefined ? '—' : v.toExponential(1);
  return fmtLoss(v);
}

/** Which score a run's metrics carry: validation accuracy (classification), R² (regression), or none yet. */
export function scoreKind(m: Record<string, number> | null | undefined): 'accuracy' | 'r2' | null {
  return m?.val_accuracy !== undefined ? 'accuracy' : m?.val_r2 !== undefined ? 'r2' : null;
}

/** The score a run is ranked by (higher is better): validation accuracy, or R² for regression. */
export function scoreOf(m: Record<string, number> | null | undefined): number | undefined {
  return m?.val_accuracy ?? m?.val_r2;
}

/** That score as shown: "93.1%" or "R² 0.953". */
export function fmtScore(m: Record<string, number> | null | undefined): string {
  return scoreKind(m) === 'r2' ? `R² ${fmtMetric('val_r2', m!.val_r2)}` : fmtAcc(m?.val_accuracy);
}

/** The metrics columns of a run's history: regression reports errors and R², classification accuracy. */
export function historyMetrics(history: ReadonlyArray<{ metrics: Record<string, number> }>): string[] {
  const regression = history.some((h) => h.metrics.val_r2 !== undefined || h.metrics.mae !== undefined);
  return regression ? ['loss', 'mae', 'val_loss', 'val_mae', 'val_rmse', 'val_r2', 'lr'] : ['loss', 'accuracy', 'val_loss', 'val_accuracy', 'lr'];
}

/** Short enough for a table cell: the time today, the day this year, the date otherwise. */
export function fmtWhen(iso: string, now = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const time = d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hour12: false });
  if (d.toDateString() === now.toDateString()) return time;
  if (d.getFullYear() === now.getFullYear()) return `${d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })} ${time}`;
  return d.toISOString().slice(0, 10);
}

/** run-20261128-235959-3fa2 → 235959-3fa2: the part that differs between runs of a day. */
export function shortId(id: string): string {
  const m = /^(?:run|search)-\d{8}-(\d{6}-[0-9a-f]+)$/.exec(id);
  return m ? m[1]! : id;
}

/** Date and time, for a heading. */
export function fmtStamp(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' })} ${d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hour12: false })}`;
}

export function fmtDuration(sec: number): string {
  const s = Math.max(0, Math.round(sec));
  if (s >= 3600) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return s >= 60 ? `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** Config values as one short line each: objects flattened to `k: v` pairs, false as "off". */
export function fmtValue(v: unknown): string {
  if (v === false) return 'off';
  if (v === true) return 'on';
  if (v === null || v === undefined) return '—';
  if (Array.isArray(v)) return v.length ? v.map((x) => fmtValue(x)).join(', ') : '—';
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    if (!entries.length) return '—';
    if ('name' in (v as object) && 'steps' in (v as object)) return `recipe "${String((v as { name: unknown }).name)}"`;
    return entries.map(([k, x]) => `${k} ${fmtValue(x)}`).join(', ');
  }
  return String(v);
}

/** Whether a config field means anything for a run on this input and task. */
function relevant(field: string, kind: string, task: unknown): boolean {
  switch (field) {
    case 'dataset': return false; // shown in the heading
    case 'imageSize': return kind === 'image';
    case 'columns': case 'dateParts': case 'task': case 'target': return kind === 'tabular';
    case 'augmentRecipe': return kind !== 'tabular';
    case 'classWeights': return task !== 'regression';
    default: return true;
  }
}

/** A run's config as rows for its detail pane, without the fields its input ignores. */
export function configRows(config: Record<string, unknown>): Array<[string, unknown]> {
  return Object.entries(config).filter(([k]) => relevant(k, String(config.modality ?? ''), config.task));
}

/** Round tick values covering [min, max], about `count` of them (1, 2 or 5 × 10^k apart). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) {
    const pad = Math.abs(min) * 0.1 || 1;
    min -= pad;
    max += pad;
  }
  const raw = (max - min) / Math.max(1, count - 1);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let t = Math.floor(min / step) * step; t <= max + step * 1e-9; t += step) ticks.push(Number(t.toFixed(10)));
  if (ticks[ticks.length - 1]! < max - step * 1e-9) ticks.push(Number((ticks[ticks.length - 1]! + step).toFixed(10)));
  return ticks;
}

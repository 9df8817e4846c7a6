/** A one-line progress bar with counts and ETA on a TTY's stderr; silent elsewhere so pipes and --json stay clean. */
import type { EventPayload } from '../../../shared/contract/index.ts';

export function formatDuration(sec: number): string {
  const s = Math.max(0, Math.round(sec));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h ? `${h}:${String(m).padStart(2, '0')}:${String(r).padStart(2, '0')}` : `${m}:${String(r).padStart(2, '0')}`;
}

export function renderBar(p: EventPayload<'job.progress'>, width = 30): string {
  const label = p.kind.padEnd(7);
  if (p.total === null || p.total === 0) return `${label} ${p.done} done${p.errors ? `, ${p.errors} errors` : ''}`;
  const frac = Math.min(1, p.done / p.total);
  const fill = Math.round(frac * width);
  const eta = p.etaSec === null ? '' : `  ETA ${formatDuration(p.etaSec)}`;
  const errs = p.errors ? `  ${p.errors} error${p.errors === 1 ? '' : 's'}` : '';
  return `${label} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${p.done}/${p.total} ${(frac * 100).toFixed(0).padStart(3)}%${eta}${errs}`;
}

export class ProgressBar {
  private readonly stream: NodeJS.WriteStream;
  private active = false;

  constructor(stream: NodeJS.WriteStream = process.stderr) {
    this.stream = stream;
  }

  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  update(p: EventPayload<'job.progress'>): void {
    if (!this.enabled) return;
    this.active = true;
    const cols = this.stream.columns || 100;
    this.stream.write(`\r${renderBar(p).slice(0, cols - 1)}\u001b[K`);
  }

  done(): void {
    if (this.active) this.stream.write('\n');
    this.active = false;
  }
}

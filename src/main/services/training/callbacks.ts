/**
 * Early stopping and learning-rate reduction on plateau as small state
 * machines over epoch metrics. Their state is plain JSON saved in every
 * checkpoint, so a resumed run continues counting patience where it stopped.
 */
import type { EarlyStopping, ReduceLrOnPlateau } from '../../../shared/training/config.ts';
import type { Metrics } from './runs-repo.ts';

export interface PlateauState {
  best: number | null;
  bestEpoch: number | null;
  wait: number;
}

export const freshPlateau = (): PlateauState => ({ best: null, bestEpoch: null, wait: 0 });

export function modeOf(monitor: string): 'min' | 'max' {
  return /acc|auc|f1|precision|recall|r2/.test(monitor) ? 'max' : 'min';
}

/** Updates the state with one epoch's value; returns whether it improved by more than minDelta. */
function observe(state: PlateauState, value: number, epoch: number, mode: 'min' | 'max', minDelta: number): boolean {
  const improved = state.best === null || (mode === 'min' ? value < state.best - minDelta : value > state.best + minDelta);
  if (improved) {
    state.best = value;
    state.bestEpoch = epoch;
    state.wait = 0;
  } else {
    state.wait++;
  }
  return improved;
}

export interface EarlyStopDecision {
  stop: boolean;
  /** Epoch whose weights to restore when stopping with restoreBest. */
  restoreEpoch: number | null;
  reason: string | null;
}

export function earlyStoppingStep(cfg: EarlyStopping, state: PlateauState, metrics: Metrics, epoch: number): EarlyStopDecision {
  const v = metrics[cfg.monitor];
  if (v === undefined || !Number.isFinite(v)) return { stop: false, restoreEpoch: null, reason: null };
  observe(state, v, epoch, modeOf(cfg.monitor), cfg.minDelta);
  if (state.wait < cfg.patience) return { stop: false, restoreEpoch: null, reason: null };
  return {
    stop: true,
    restoreEpoch: cfg.restoreBest && state.bestEpoch !== epoch ? state.bestEpoch : null,
    reason: `${cfg.monitor} did not improve by more than ${cfg.minDelta} for ${cfg.patience} epoch${cfg.patience > 1 ? 's' : ''} (best ${state.best!.toFixed(4)} at epoch ${state.bestEpoch})`,
  };
}

/** Returns the new learning rate (the same when nothing changes). */
export function reduceLrStep(cfg: ReduceLrOnPlateau, state: PlateauState, metrics: Metrics, epoch: number, lr: number): number {
  const v = metrics[cfg.monitor];
  if (v === undefined || !Number.isFinite(v)) return lr;
  observe(state, v, epoch, modeOf(cfg.monitor), 0);
  if (state.wait < cfg.patience) return lr;
  state.wait = 0;
  return Math.max(cfg.minLr, lr * cfg.factor);
}

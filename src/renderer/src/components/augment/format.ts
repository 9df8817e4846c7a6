/** Short human-readable forms of steps and drawn parameters for the augmentation studio. */
import { opCatalog } from '@shared/augment/catalog.ts';
import type { GroupStep, OpStep } from '@shared/augment/recipe.ts';
import type { ParamSpec, ParamValue } from '@shared/augment/spec.ts';

export function num(v: number): string {
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : String(Math.round(v * 1000) / 1000);
}

function value(spec: ParamSpec, v: ParamValue): string {
  const unit = 'unit' in spec && spec.unit ? ` ${spec.unit}` : '';
  if (Array.isArray(v)) return v[0] === v[1] ? `${num(v[0])}${unit}` : `${num(v[0])}…${num(v[1])}${unit}`;
  if (typeof v === 'number') return `${num(v)}${unit}`;
  if (typeof v === 'boolean') return v ? 'on' : 'off';
  return v;
}

export function opLabel(op: string): string {
  return opCatalog.get(op)?.label ?? op;
}

/** "Angle −15…15 °, Edges reflect": what a folded step card shows. */
export function stepSummary(step: OpStep | GroupStep): string {
  if ('group' in step) {
    const kind = step.group === 'oneOf' ? 'one of' : `${(step.n ?? [1, 1]).join('–')} of`;
    return `${kind}: ${step.steps.map((c) => opLabel(c.op)).join(', ')}`;
  }
  const spec = opCatalog.get(step.op);
  if (!spec) return '';
  return Object.entries(spec.params)
    .map(([k, s]) => `${s.label} ${value(s, step.params?.[k] ?? s.default)}`)
    .join(', ');
}

/** What a variant drew, for its caption's tooltip: "rotate(angle=7.3) → brightness(delta=0.1)". */
export function appliedText(applied: ReadonlyArray<{ op: string; drawn: Record<string, unknown> }>): string {
  if (!applied.length) return 'nothing applied (every step skipped by its probability)';
  return applied
    .map((a) => `${a.op}(${Object.entries(a.drawn).filter(([k]) => k !== 'seed').map(([k, v]) => `${k}=${typeof v === 'number' ? num(v) : JSON.stringify(v)}`).join(', ')})`)
    .join(' → ');
}

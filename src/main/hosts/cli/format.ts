/** Human-readable CLI output: count tables and error lists. */
import type { Counts, ItemError } from '../../../shared/contract/index.ts';

export function countsTable(c: Counts): string {
  const splits = Object.keys(c.splits).sort((a, b) => order(a) - order(b));
  const labels = Object.keys(c.labels).sort();
  const head = ['label', 'total', ...splits];
  const rows = labels.map((l) => [l, String(c.labels[l] ?? 0), ...splits.map((s) => String(c.splits[s]?.[l] ?? 0))]);
  rows.push(['(all)', String(c.total), ...splits.map((s) => String(Object.values(c.splits[s] ?? {}).reduce((a, b) => a + b, 0)))]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}

function order(split: string): number {
  const i = ['train', 'validation', 'test'].indexOf(split);
  return i < 0 ? 9 : i;
}

export function errorList(errors: ItemError[], max = 50): string {
  const lines = errors.slice(0, max).map((e) => `  ${e.item}: ${e.reason}`);
  if (errors.length > max) lines.push(`  … and ${errors.length - max} more (use --json for all)`);
  return lines.join('\n');
}

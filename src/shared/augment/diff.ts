/**
 * Word and character diffs for text previews: what an augmentation changed,
 * as spans to highlight. Plain LCS, fine for sentences and paragraphs (inputs
 * are capped so a pathological pair cannot stall the UI).
 */
export interface DiffSpan {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

const MAX_TOKENS = 2000;

export function tokenizeForDiff(s: string): string[] {
  return s.match(/\s+|[\p{L}\p{N}_'’]+|[^\s\p{L}\p{N}_]/gu) ?? [];
}

function lcsDiff(a: string[], b: string[]): DiffSpan[] {
  if (a.length > MAX_TOKENS || b.length > MAX_TOKENS) {
    return [{ kind: 'removed', text: a.join('') }, { kind: 'added', text: b.join('') }];
  }
  const n = a.length;
  const m = b.length;
  const dp = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      dp[i * (m + 1) + j] = a[i] === b[j] ? dp[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(dp[(i + 1) * (m + 1) + j]!, dp[i * (m + 1) + j + 1]!);
    }
  }
  const out: DiffSpan[] = [];
  const push = (kind: DiffSpan['kind'], text: string): void => {
    const last = out[out.length - 1];
    if (last && last.kind === kind) last.text += text;
    else out.push({ kind, text });
  };
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      push('same', a[i]!);
      i++;
      j++;
    } else if (dp[(i + 1) * (m + 1) + j]! >= dp[i * (m + 1) + j + 1]!) push('removed', a[i++]!);
    else push('added', b[j++]!);
  }
  while (i < n) push('removed', a[i++]!);
  while (j < m) push('added', b[j++]!);
  return out;
}

/** Word-level diff of two texts. */
export function diffWords(a: string, b: string): DiffSpan[] {
  return lcsDiff(tokenizeForDiff(a), tokenizeForDiff(b));
}

/** Character-level diff (for typos inside one word). */
export function diffChars(a: string, b: string): DiffSpan[] {
  return lcsDiff([...a], [...b]);
}

import { describe, expect, it } from 'vitest';
import { diffChars, diffWords } from './diff.ts';

describe('text diffs', () => {
  it('marks a replaced word and keeps the rest', () => {
    expect(diffWords('the quick car stops', 'the fast car stops')).toEqual([
      { kind: 'same', text: 'the ' },
      { kind: 'removed', text: 'quick' },
      { kind: 'added', text: 'fast' },
      { kind: 'same', text: ' car stops' },
    ]);
  });
  it('reassembles both sides from the spans', () => {
    const a = 'Rain, then sun: a café naïve day!';
    const b = 'Rain then sun: a cafe naïve sunny day!';
    const spans = diffWords(a, b);
    expect(spans.filter((s) => s.kind !== 'added').map((s) => s.text).join('')).toBe(a);
    expect(spans.filter((s) => s.kind !== 'removed').map((s) => s.text).join('')).toBe(b);
  });
  it('finds a single-character typo', () => {
    expect(diffChars('house', 'hoise')).toEqual([
      { kind: 'same', text: 'ho' },
      { kind: 'removed', text: 'u' },
      { kind: 'added', text: 'i' },
      { kind: 'same', text: 'se' },
    ]);
  });
});

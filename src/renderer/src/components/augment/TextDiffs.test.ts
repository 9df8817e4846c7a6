// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import TextDiffs from './TextDiffs.vue';

const item = (text: string) => ({ file: null, waveform: null, spectrogram: null, text, width: null, height: null, durationSec: null });

describe('TextDiffs', () => {
  it('highlights a typo by character and a synonym by word', () => {
    const sample = {
      sampleId: 1, key: 'post-1', label: 'pets', split: 'train', original: item('the quick brown fox'),
      variants: [{ variant: 0, applied: [{ op: 'keyboard_typo', step: '0', drawn: {} }], item: item('the quikc brown canine') }],
    };
    const w = mount(TextDiffs, { props: { sample } });
    const v = w.find('[aria-label="variant 0 of post-1"]');
    expect(v.findAll('del').map((d) => d.text())).toContain('fox');
    expect(v.findAll('ins').map((d) => d.text())).toContain('canine');
    // "quick" → "quikc" is a near spelling: only single characters are marked.
    expect(v.findAll('ins, del').every((e) => e.text() !== 'quick' && e.text() !== 'quikc')).toBe(true);
    expect(v.text()).toContain('keyboard_typo');
  });
});

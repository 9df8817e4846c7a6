// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import SampleTile from './SampleTile.vue';

const row = {
  id: 7, key: 'pets/cat/001.jpg', modality: 'image' as const, labelId: 3, split: 'validation' as const, path: 'cat/001.jpg',
  text: null, width: 64, height: 48, durationSec: null, hasThumb: true,
};
const cls = { id: 3, datasetId: 1, name: 'cat', color: '#e6194b', shortcut: '1', position: 0, count: 5 };

describe('SampleTile', () => {
  it('shows the thumbnail through the media route, the class and the split, and exposes them to assistive tech', () => {
    const w = mount(SampleTile, { props: { row, index: 4, selected: true, focused: false, cls, playing: false } });
    expect(w.attributes('role')).toBe('option');
    expect(w.attributes('aria-selected')).toBe('true');
    expect(w.attributes('aria-label')).toBe('pets/cat/001.jpg, cat');
    expect(w.find('img').attributes('src')).toBe('/media/thumb/7');
    expect(w.find('.label').text()).toBe('cat');
    expect(w.find('.split').text()).toBe('val');
  });

  it('emits pick with its index, and play for audio without picking', async () => {
    const w = mount(SampleTile, { props: { row: { ...row, modality: 'audio' as const, durationSec: 1.25 }, index: 2, selected: false, focused: false, cls: undefined, playing: false } });
    expect(w.attributes('aria-label')).toBe('pets/cat/001.jpg, unlabeled');
    await w.find('button.play').trigger('click');
    expect(w.emitted('play')).toEqual([[7]]);
    expect(w.emitted('pick')).toBeUndefined();
    await w.trigger('click');
    expect(w.emitted('pick')?.[0]?.[0]).toBe(2);
  });
});

// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { EditableStep } from '../../stores/augment.ts';
import StepCard from './StepCard.vue';

const rotate: EditableStep = { uid: 1, op: 'rotate', p: 0.5, enabled: true, params: { angle: [-15, 15], border: 'reflect' } };
const group: EditableStep = { uid: 2, group: 'oneOf', p: 0.3, enabled: true, steps: [{ op: 'gaussian_blur', p: 1, enabled: true, params: {} }, { op: 'gaussian_noise', p: 1, enabled: true, params: {} }] };
const ops = [{ name: 'hflip', label: 'Horizontal flip' }];

describe('StepCard', () => {
  it('folded, shows a one-line summary; the arrows move it, disabled at the ends', async () => {
    const w = mount(StepCard, { props: { step: rotate, index: 0, count: 3, issues: [], ops } });
    expect(w.attributes('aria-label')).toBe('Step 1: Rotate');
    expect(w.find('.summary').text()).toContain('Angle -15…15 °');
    expect(w.find('[aria-label="Move Rotate up"]').attributes('disabled')).toBeDefined();
    await w.find('[aria-label="Move Rotate down"]').trigger('click');
    expect(w.emitted('move')).toEqual([[1]]);
  });

  it('opens on a problem and shows it under the parameter it names', () => {
    const issues = [{ path: 'params.angle', message: 'step 1 (rotate): angle: 500 is above the maximum 180' }];
    const w = mount(StepCard, { props: { step: { ...rotate, params: { angle: [-15, 500] } }, index: 0, count: 1, issues, ops } });
    const param = w.findAll('.param').find((p) => p.text().startsWith('Angle'))!;
    expect(param.find('[role=alert]').text()).toBe(issues[0]!.message);
    expect(w.classes()).toContain('bad');
  });

  it('switches off and changes p without losing its parameters', async () => {
    const w = mount(StepCard, { props: { step: rotate, index: 1, count: 2, issues: [], ops } });
    await w.find('[role=switch]').setValue(false);
    await w.find('input[type=number][aria-label="Probability of Rotate"]').setValue('0.9');
    const [[off], [p]] = w.emitted('change') as [[EditableStep], [EditableStep]];
    expect(off).toMatchObject({ uid: 1, enabled: false, params: rotate.params });
    expect(p).toMatchObject({ uid: 1, p: 0.9 });
  });

  it('a oneOf group turns into someOf with a pick range, keeping its members', async () => {
    const w = mount(StepCard, { props: { step: group, index: 0, count: 1, issues: [], ops, initiallyOpen: true } });
    expect(w.findAll('[role=group]').map((g) => g.attributes('aria-label'))).toEqual(['Group member Gaussian blur', 'Group member Gaussian noise']);
    await w.find('select[aria-label="Group kind"]').setValue('someOf');
    const [[changed]] = w.emitted('change') as [[EditableStep]];
    expect(changed).toMatchObject({ uid: 2, group: 'someOf', n: [1, 1] });
    expect('steps' in changed && changed.steps.map((c) => c.op)).toEqual(['gaussian_blur', 'gaussian_noise']);
  });
});

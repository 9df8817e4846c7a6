// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { ParamSpec } from '@shared/augment/spec.ts';
import ParamInput from './ParamInput.vue';

const angle: ParamSpec = { type: 'range', label: 'Angle', min: -180, max: 180, step: 1, default: [-15, 15], unit: '°' };
const quality: ParamSpec = { type: 'number', label: 'Quality', min: 1, max: 100, step: 1, default: 90, integer: true };

describe('ParamInput', () => {
  it('passes a typed out-of-range bound on as it is, so validation can name it', async () => {
    const w = mount(ParamInput, { props: { name: 'angle', spec: angle, value: [-15, 15] } });
    await w.find('input[type=number][aria-label="Angle maximum"]').setValue('500');
    expect(w.emitted('update')?.at(-1)).toEqual([[-15, 500]]);
  });

  it('keeps min ≤ max while a slider thumb is dragged past the other', async () => {
    const w = mount(ParamInput, { props: { name: 'angle', spec: angle, value: [-15, 15] } });
    await w.find('input[type=range][aria-label="Angle minimum"]').setValue('40');
    expect(w.emitted('update')?.at(-1)).toEqual([[40, 40]]);
  });

  it('shows the default when the recipe leaves the parameter out, and ignores an empty field', async () => {
    const w = mount(ParamInput, { props: { name: 'quality', spec: quality, value: undefined } });
    const field = w.find('input[type=number]');
    expect((field.element as HTMLInputElement).value).toBe('90');
    await field.setValue('');
    expect(w.emitted('update')).toBeUndefined();
    await field.setValue('75');
    expect(w.emitted('update')?.at(-1)).toEqual([75]);
  });

  it('shows its issue under the field and marks the fields invalid', () => {
    const w = mount(ParamInput, { props: { name: 'angle', spec: angle, value: [-15, 500], issue: 'step 2 (rotate): angle: 500 is above the maximum 180' } });
    expect(w.find('[role=alert]').text()).toBe('step 2 (rotate): angle: 500 is above the maximum 180');
    expect(w.findAll('input[type=number]').map((i) => i.attributes('aria-invalid'))).toEqual(['true', 'true']);
  });
});

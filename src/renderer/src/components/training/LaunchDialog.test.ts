// @vitest-environment happy-dom
// The launch dialog with a testing store: defaults in every knob with their
// one-line help, the plan's arithmetic beside them, the plan's problem shown
// prominently with Start disabled.
import { createTestingPinia } from '@pinia/testing';
import { mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../api/index.ts', () => ({ api: {}, client: { on: () => () => undefined } }));

const { default: LaunchDialog } = await import('./LaunchDialog.vue');
const { useTrainingStore } = await import('../../stores/training.ts');
const { HELP } = await import('./launch-form.ts');

const plan = {
  datasetId: 1, dataset: 'shapes', modality: 'image', model: 'cnn', classes: ['circle', 'square'], trainSize: 217, validationSize: 27, stepsPerEpoch: 4,
  epochs: 2, examplesPerEpoch: 128, totalSteps: 8, explain: '256 examples ÷ (batch 32 × 2 checkpoints) = 4 steps per epoch ≈ 1.2 passes over 217 train samples',
  config: { totalExamples: 256, batchSize: 32, checkpoints: 2 },
};

function mountDialog(state: Record<string, unknown>) {
  const pinia = createTestingPinia({ createSpy: vi.fn, stubActions: true, initialState: { training: { dataset: 'shapes', datasetId: 1, ...state } } });
  const w = mount(LaunchDialog, { props: { modality: 'image' }, global: { plugins: [pinia], stubs: { RouterLink: { template: '<a><slot /></a>' } } } });
  return { w, store: useTrainingStore() };
}

describe('LaunchDialog', () => {
  it('shows every knob with its default and help, and the plan arithmetic; Start asks the store', async () => {
    const { w, store } = mountDialog({ plan });
    expect(store.refreshPlan).toHaveBeenCalled();
    const byLabel = (text: string) => w.find(`#${w.findAll('label').find((l) => l.text() === text)!.attributes('for')}`);
    expect((byLabel('Batch size').element as HTMLInputElement).value).toBe('32');
    expect((byLabel('Learning rate').element as HTMLInputElement).value).toBe('0.001');
    expect((byLabel('Keep best').element as HTMLInputElement).value).toBe('3');
    expect((byLabel('Early stopping').element as HTMLInputElement).checked).toBe(true);
    expect(w.text()).toContain(HELP.totalExamples);
    expect(w.text()).toContain(HELP.backend);
    expect(w.find('[data-testid="plan-explain"]').text()).toBe(plan.explain);
    expect(w.find('[aria-label="Virtual epochs"]').text()).toContain('2 epochs × 4 steps = 8 optimizer steps');
    const start = w.findAll('button').find((b) => b.text() === 'Start training')!;
    expect(start.attributes('disabled')).toBeUndefined();
    await start.trigger('click');
    expect(store.start).toHaveBeenCalled();
  });

  it('shows the plan’s problem prominently and keeps Start disabled', () => {
    const { w } = mountDialog({ plan: null, planError: { message: 'dataset shapes has no validation split: re-split', code: 'invalid_input', issues: [] } });
    const alert = w.find('[aria-label="Plan problem"]');
    expect(alert.attributes('role')).toBe('alert');
    expect(alert.text()).toContain('no validation split');
    expect(alert.text()).toContain('Open the split settings');
    expect(w.findAll('button').find((b) => b.text() === 'Start training')!.attributes('disabled')).toBeDefined();
  });
});

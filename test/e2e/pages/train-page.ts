import { expect, type Locator, type Page } from '@playwright/test';

/** The Train view: runs table on the left; run detail, overfit check and search tabs on the right; the launch dialog. */
export class TrainPage {
  readonly page: Page;
  readonly dialog: Locator;
  readonly plan: Locator;
  readonly runs: Locator;
  readonly runRows: Locator;
  readonly overfit: Locator;
  readonly search: Locator;

  constructor(page: Page) {
    this.page = page;
    this.dialog = page.getByRole('dialog', { name: 'Launch a training run' });
    this.plan = this.dialog.getByRole('region', { name: 'Plan' });
    this.runs = page.getByRole('table', { name: 'Runs table' });
    this.runRows = this.runs.locator('tbody tr');
    this.overfit = page.getByRole('region', { name: 'Overfit check' });
    this.search = page.getByRole('region', { name: 'Hyperparameter search' });
  }

  /** Opens the Train tab of the dataset whose name starts with `dataset`. */
  async goto(dataset: string): Promise<void> {
    const picker = this.page.getByRole('combobox', { name: 'Dataset' });
    const label = (await picker.locator('option').allTextContents()).find((o) => o.startsWith(`${dataset} `));
    if (!label) throw new Error(`no dataset ${dataset}`);
    await picker.selectOption({ label });
    await this.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Train' }).click();
    await expect(this.page.getByRole('heading', { name: 'Training' })).toBeVisible();
  }

  async openLaunch(): Promise<Locator> {
    await this.page.getByRole('button', { name: 'New run…' }).click();
    await expect(this.dialog).toBeVisible();
    return this.dialog;
  }

  /** A knob of the launch dialog by its label. */
  knob(label: string): Locator {
    return this.dialog.getByLabel(label, { exact: true });
  }

  async setKnob(label: string, value: string | number): Promise<void> {
    await this.knob(label).fill(String(value));
  }

  /** Waits for the plan to settle and returns its one-line explanation. */
  async explain(): Promise<Locator> {
    await expect(this.plan).toHaveAttribute('aria-busy', 'false');
    return this.plan.getByTestId('plan-explain');
  }

  /**
   * Opens the dialog, sets numeric knobs by label (and unchecks the checkboxes
   * named in `off`), waits for the plan to say `stepsPerEpoch`, starts the run
   * and returns its id.
   */
  async launch(knobs: Record<string, number>, stepsPerEpoch: number, off: string[] = []): Promise<string> {
    await this.openLaunch();
    for (const [label, value] of Object.entries(knobs)) await this.setKnob(label, value);
    for (const label of off) await this.knob(label).uncheck();
    await expect(await this.explain()).toContainText(`= ${stepsPerEpoch} steps per epoch`);
    await this.dialog.getByRole('button', { name: 'Start training' }).click();
    await expect(this.dialog).toBeHidden();
    return this.selectedRunId();
  }

  /** The detail region of one run (or of the selected run). */
  detail(runId?: string): Locator {
    return this.page.getByRole('region', { name: runId ? `Run ${runId}` : /^Run run-/ });
  }

  /** The run id shown in the detail pane. */
  async selectedRunId(): Promise<string> {
    const name = await this.detail().getAttribute('aria-label');
    return (name ?? '').replace(/^Run /, '');
  }

  chart(kind: 'loss' | 'accuracy' | 'mae'): Locator {
    return this.detail().locator(`figure[data-kind="${kind}"]`);
  }

  /** How many points a chart's series shows. */
  async points(kind: 'loss' | 'accuracy' | 'mae', series: 'train' | 'validation'): Promise<number> {
    return Number(await this.chart(kind).locator(`[data-series="${series}"]`).getAttribute('data-points'));
  }

  async openTab(name: 'Run' | 'Overfit check' | 'Hyperparameter search'): Promise<void> {
    await this.page.getByRole('tablist', { name: 'Run views' }).getByRole('tab', { name }).click();
  }

  row(runId: string): Locator {
    return this.runs.getByRole('row', { name: `Run ${runId}` });
  }

  async sortBy(column: string): Promise<void> {
    await this.runs.getByRole('button', { name: column }).click();
  }
}

import { expect, type Locator, type Page } from '@playwright/test';

export class SplitsPage {
  readonly page: Page;
  readonly report: Locator;

  constructor(page: Page) {
    this.page = page;
    this.report = page.getByRole('region', { name: 'Split report' });
  }

  async goto(): Promise<void> {
    await this.page.getByRole('link', { name: 'Splits' }).click();
    await expect(this.page.getByRole('heading', { name: 'Split settings' })).toBeVisible();
  }

  async split(opts: { method?: string; seed?: number; ratios?: [number, number, number] } = {}): Promise<void> {
    if (opts.method) await this.page.getByRole('combobox', { name: 'Split method' }).selectOption(opts.method);
    if (opts.seed !== undefined) await this.page.getByRole('spinbutton', { name: 'Seed' }).fill(String(opts.seed));
    if (opts.ratios) {
      await this.page.getByRole('spinbutton', { name: 'Train ratio' }).fill(String(opts.ratios[0]));
      await this.page.getByRole('spinbutton', { name: 'Validation ratio' }).fill(String(opts.ratios[1]));
      await this.page.getByRole('spinbutton', { name: 'Test ratio' }).fill(String(opts.ratios[2]));
    }
    await this.page.getByRole('button', { name: /^(Split|Apply)$/ }).click();
  }

  /** Counts of one class row: [train, validation, test, total]. */
  async counts(label: string): Promise<number[]> {
    const cells = this.report.getByRole('row', { name: new RegExp(`^${label} `) }).getByRole('cell');
    const texts = await cells.allTextContents();
    return texts.slice(1, 5).map(Number);
  }
}

import { expect, type Locator, type Page } from '@playwright/test';

export class ProjectPage {
  readonly page: Page;
  readonly source: Locator;
  readonly importButton: Locator;

  constructor(page: Page) {
    this.page = page;
    this.source = page.getByRole('textbox', { name: 'Source' });
    this.importButton = page.getByRole('button', { name: 'Import', exact: true });
  }

  async goto(): Promise<void> {
    await this.page.getByRole('link', { name: 'Trainyard home' }).click();
    await expect(this.page.getByRole('heading', { name: 'Import' })).toBeVisible();
  }

  /** Imports a folder or manifest and returns the summary line. */
  async importSource(source: string, dataset?: string): Promise<string> {
    await this.source.fill(source);
    if (dataset) await this.page.getByRole('combobox', { name: 'Dataset name' }).fill(dataset);
    await this.importButton.click();
    const summary = this.page.getByRole('status').filter({ hasText: 'imported' });
    await expect(summary).toBeVisible({ timeout: 30_000 });
    return (await summary.locator('p').first().textContent()) ?? '';
  }

  async openGallery(dataset: string): Promise<void> {
    await this.page.getByRole('row', { name: new RegExp(dataset) }).getByRole('link', { name: 'Gallery' }).click();
  }
}

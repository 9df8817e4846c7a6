import { expect, type Locator, type Page } from '@playwright/test';

export class GalleryPage {
  readonly page: Page;
  readonly grid: Locator;
  readonly tiles: Locator;
  readonly count: Locator;
  readonly saved: Locator;

  constructor(page: Page) {
    this.page = page;
    this.grid = page.getByRole('listbox', { name: 'Samples' });
    this.tiles = this.grid.getByRole('option');
    this.count = page.getByTestId('sample-count');
    this.saved = page.getByRole('status').filter({ hasText: /Saved|Saving|Not saved/ });
  }

  tile(index: number): Locator {
    return this.tiles.nth(index);
  }

  async select(index: number, modifiers: Array<'Shift' | 'Control'> = []): Promise<void> {
    await this.tile(index).click({ modifiers });
  }

  /** Presses a label key and waits until the studio says the change is saved. */
  async labelWithKey(key: string): Promise<void> {
    await this.page.keyboard.press(key);
    await expect(this.saved).toHaveText(/^Saved/);
  }

  async labelOf(index: number): Promise<string | null> {
    return this.tile(index).getAttribute('data-label');
  }

  async keyOf(index: number): Promise<string> {
    const label = (await this.tile(index).getAttribute('aria-label')) ?? '';
    return label.split(',')[0]!;
  }

  tileByKey(key: string): Locator {
    return this.grid.locator(`[role=option][aria-label^="${key},"]`);
  }

  async filterByClass(name: string): Promise<void> {
    await this.page.getByRole('region', { name: 'Filters' }).getByRole('checkbox', { name }).check();
  }
}

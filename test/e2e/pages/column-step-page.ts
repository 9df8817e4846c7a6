import { expect, type Locator, type Page } from '@playwright/test';

/** The import panel's column-type step: one row per column of a table, a type select each, and the task. */
export class ColumnStepPage {
  readonly page: Page;
  readonly step: Locator;
  readonly table: Locator;
  readonly rows: Locator;

  constructor(page: Page) {
    this.page = page;
    this.step = page.getByRole('region', { name: 'Column types' });
    this.table = this.step.getByRole('table', { name: 'Column types' });
    this.rows = this.table.locator('tbody tr');
  }

  /** Types a source path and waits for its columns to be proposed. */
  async open(source: string, dataset?: string): Promise<void> {
    await this.page.getByRole('textbox', { name: 'Source' }).fill(source);
    if (dataset) await this.page.getByRole('combobox', { name: 'Dataset name' }).fill(dataset);
    await expect(this.table).toBeVisible();
  }

  typeSelect(column: string): Locator {
    return this.table.getByRole('combobox', { name: `Type of ${column}` });
  }

  row(column: string): Locator {
    return this.rows.filter({ has: this.page.getByRole('rowheader', { name: column, exact: true }) });
  }

  async setType(column: string, type: string): Promise<void> {
    await this.typeSelect(column).selectOption(type);
  }

  task(name: 'Classification' | 'Regression'): Locator {
    return this.step.getByRole('radio', { name: new RegExp(`^${name}`) });
  }

  /** Starts the import and returns the summary's first line. */
  async import(): Promise<string> {
    await this.page.getByRole('button', { name: 'Import', exact: true }).click();
    const summary = this.page.getByRole('status').filter({ hasText: 'imported' });
    await expect(summary).toBeVisible({ timeout: 30_000 });
    return (await summary.locator('p').first().textContent()) ?? '';
  }
}

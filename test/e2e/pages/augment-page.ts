import { expect, type Locator, type Page } from '@playwright/test';

/** The Augment view: recipe editor on the left, live preview on the right, export dialog. */
export class AugmentPage {
  readonly page: Page;
  readonly editor: Locator;
  readonly steps: Locator;
  readonly preview: Locator;
  readonly samples: Locator;
  readonly exportDialog: Locator;

  constructor(page: Page) {
    this.page = page;
    this.editor = page.getByRole('region', { name: 'Recipe editor' });
    this.steps = this.editor.getByRole('list', { name: 'Steps' }).locator(':scope > li');
    this.preview = page.getByRole('region', { name: 'Preview' });
    this.samples = this.preview.getByRole('article');
    this.exportDialog = page.getByRole('dialog', { name: 'Export augmented dataset' });
  }

  /** Opens the Augment tab of the dataset whose name starts with `dataset`. */
  async goto(dataset: string): Promise<void> {
    const picker = this.page.getByRole('combobox', { name: 'Dataset' });
    const label = (await picker.locator('option').allTextContents()).find((o) => o.startsWith(`${dataset} `));
    if (!label) throw new Error(`no dataset ${dataset}`);
    await picker.selectOption({ label });
    await this.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Augment' }).click();
    await expect(this.editor).toBeVisible();
  }

  step(title: string): Locator {
    return this.editor.getByRole('listitem', { name: new RegExp(`^Step \\d+: ${title}$`) });
  }

  async stepTitles(): Promise<string[]> {
    const labels = await this.steps.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    return labels.map((l) => l.replace(/^Step \d+: /, ''));
  }

  async loadPreset(name: string): Promise<void> {
    await this.editor.getByRole('combobox', { name: 'Load a preset' }).selectOption(name);
  }

  async addOperation(label: string): Promise<void> {
    await this.editor.getByRole('combobox', { name: 'Add an operation' }).selectOption({ label });
    await expect(this.step(label)).toBeVisible();
  }

  /** Opens a folded step card (its parameters). */
  async expand(title: string): Promise<void> {
    const toggle = this.step(title).getByRole('button', { expanded: false });
    if (await toggle.count()) await toggle.first().click();
  }

  async setProbability(title: string, p: number): Promise<void> {
    await this.step(title).getByRole('spinbutton', { name: `Probability of ${title}` }).fill(String(p));
  }

  /** Types a range parameter's bounds into its exact fields. */
  async setRange(title: string, param: string, min: number, max: number): Promise<void> {
    await this.expand(title);
    const card = this.step(title);
    await card.getByRole('spinbutton', { name: `${param} minimum` }).fill(String(min));
    await card.getByRole('spinbutton', { name: `${param} maximum` }).fill(String(max));
  }

  /** The number of previews shown so far; pass it to `waitForPreview` after a change. */
  async previewVersion(): Promise<number> {
    return Number(await this.preview.getAttribute('data-version'));
  }

  /** Waits for a preview newer than `after`, done rendering. */
  async waitForPreview(after = 0): Promise<void> {
    await expect.poll(() => this.previewVersion(), { timeout: 20_000 }).toBeGreaterThan(after);
    await expect(this.preview).toHaveAttribute('aria-busy', 'false', { timeout: 20_000 });
    await expect(this.samples.first()).toBeVisible();
  }

  async seed(): Promise<string> {
    return (await this.preview.getByTestId('seed').textContent()) ?? '';
  }

  async reroll(): Promise<void> {
    const before = await this.previewVersion();
    await this.preview.getByRole('button', { name: /Re-roll seed/ }).click();
    await this.waitForPreview(before);
  }

  /** The `src` of every image in the preview, per sample: [original, variant 0, …]. */
  async imageSources(): Promise<string[][]> {
    return this.samples.evaluateAll((arts) => arts.map((a) => [...a.querySelectorAll('img')].map((i) => i.getAttribute('src') ?? '')));
  }

  /** Waits until the preview shows `count` images and the browser decoded every one (naturalWidth > 0). */
  async expectImagesLoaded(count: number): Promise<void> {
    const images = this.preview.locator('img');
    await expect(images).toHaveCount(count);
    await expect.poll(() => images.evaluateAll((imgs) => imgs.filter((i) => (i as unknown as { naturalWidth: number }).naturalWidth > 0).length)).toBe(count);
  }

  async openExport(): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Export…' }).click();
    await expect(this.exportDialog).toBeVisible();
    return this.exportDialog;
  }
}

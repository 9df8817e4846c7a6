import { defineConfig } from '@playwright/test';
import type { StudioOptions } from './test/e2e/fixtures.ts';

// The same specs run against the studio in Debian's Chromium (trainyard ui)
// and against Electron where its binary exists. No browser is downloaded.
export default defineConfig<StudioOptions>({
  testDir: 'test/e2e/specs',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  globalSetup: './test/e2e/global-setup.ts',
  outputDir: 'test-results',
  use: { viewport: { width: 1400, height: 860 }, trace: 'retain-on-failure' },
  projects: [
    { name: 'web', use: { studioTransport: 'web' } },
    { name: 'electron', use: { studioTransport: 'electron' } },
  ],
});

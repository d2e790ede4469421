import { definePackageTests } from '@steth/vitest-config';

// The browser test builds the site and trains in headless Chromium: allow it a few minutes.
export default definePackageTests({ name: 'playground', testTimeout: 300_000 });

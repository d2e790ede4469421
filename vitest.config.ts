/**
 * One vitest run over every workspace project. The JSON report is what
 * .ci/run reads for its closing `N passed, N failed` line.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*'],
    reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
  },
});

import { defineLibraryConfig } from '@steth/tsup-config';

export default defineLibraryConfig({
  entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' },
  // import.meta.url in the CommonJS build (the backend loader resolves from its own folder).
  shims: true,
});

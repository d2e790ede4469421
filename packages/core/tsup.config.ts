import { defineLibraryConfig } from '@steth/tsup-config';

export default defineLibraryConfig({
  entry: {
    index: 'src/index.ts',
    'node/index': 'src/node/index.ts',
    'testing/index': 'src/testing/index.ts',
  },
  // import.meta.url in the CommonJS build of the node entry (the backend loader resolves from its own folder).
  shims: true,
});

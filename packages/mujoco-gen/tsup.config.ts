import { defineLibraryConfig } from '@steth/tsup-config';

// Generation (index), rendering (the ./render subpath, which worker threads also import by URL) and
// the worker thread entry; shims give the CJS build import.meta.url.
export default defineLibraryConfig({
  entry: {
    index: 'src/index.ts',
    'render/index': 'src/render/index.ts',
    'tower-worker': 'src/tower-worker.ts',
  },
  shims: true,
});

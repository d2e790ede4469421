import { defineLibraryConfig } from '@steth/tsup-config';

// The worker thread entry is built beside the library; shims give the CJS build import.meta.url.
export default defineLibraryConfig({ entry: ['src/index.ts', 'src/tower-worker.ts'], shims: true });

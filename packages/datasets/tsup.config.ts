import { defineLibraryConfig } from '@steth/tsup-config';

// The decode worker is its own entry: worker threads load it by path.
export default defineLibraryConfig({ entry: ['src/index.ts', 'src/image-decode-worker.ts'], shims: true });

import { defineLibraryConfig } from '@steth/tsup-config';

// The decode worker is its own entry: worker threads load it by path. The
// browser entry is what bundlers targeting browsers resolve (export condition `browser`).
export default defineLibraryConfig({
  entry: ['src/index.ts', 'src/image-decode-worker.ts', 'src/browser.ts'],
  shims: true,
});

/**
 * Vite builds the playground as a static site (dist/). The packages are
 * imported by name and resolved as an npm user's bundler would: their
 * `browser` / `import` export conditions, built dist files, no sources.
 * tfjs is deduplicated: core, models and the page must share one engine.
 */
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  resolve: { dedupe: ['@tensorflow/tfjs', '@tensorflow/tfjs-core'] },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2048 },
});

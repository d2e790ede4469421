import { defineLibraryConfig } from '@steth/tsup-config';

export default defineLibraryConfig({ entry: ['src/index.ts', 'src/worker.ts'], format: ['esm'] });

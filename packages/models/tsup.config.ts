import { defineLibraryConfig } from '@steth/tsup-config';

export default defineLibraryConfig({ entry: ['src/index.ts', 'src/testing.ts'] });

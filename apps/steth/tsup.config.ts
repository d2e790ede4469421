import { defineLibraryConfig } from '@steth/tsup-config';

export default defineLibraryConfig({ entry: ['src/cli.ts'], format: ['esm'], dts: false });

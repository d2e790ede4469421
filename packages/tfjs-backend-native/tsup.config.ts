import { defineLibraryConfig } from '@steth/tsup-config';

// shims: the CJS build needs import.meta.url to find the compiled addon.
export default defineLibraryConfig({ shims: true });

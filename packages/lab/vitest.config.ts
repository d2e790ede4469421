import { definePackageTests } from '@steth/vitest-config';

export default definePackageTests({ name: '@steth/lab' });

import type { UserWorkspaceConfig } from 'vitest/config';

export interface PackageTestOptions {
  /** Project name shown in the test report; default: the package folder. */
  name?: string;
  /** Per-test timeout in ms; default 60 000 (tensor tests on 2 cores are slow). */
  testTimeout?: number;
  /** Test file globs; default `src/**\/*.test.ts` and `test/**\/*.test.ts`. */
  include?: string[];
  [key: string]: unknown;
}

export declare function definePackageTests(options?: PackageTestOptions): UserWorkspaceConfig;

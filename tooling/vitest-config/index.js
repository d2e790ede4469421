/**
 * The vitest preset of every Steth package. Tests import sibling packages
 * through the `@steth/source` export condition, so they run on sources
 * without a build. Timeouts are generous: these are 2-core machines and
 * tensor code under test is slow on the pure-JS backend.
 */
import { defineProject } from 'vitest/config';

/** @param {import('./index.d.ts').PackageTestOptions} [options] */
export function definePackageTests(options = {}) {
  const {
    name,
    testTimeout = 60_000,
    include = ['src/**/*.test.ts', 'test/**/*.test.ts'],
    ...rest
  } = options;
  return defineProject({
    resolve: { conditions: ['@steth/source'] },
    ssr: { resolve: { conditions: ['@steth/source'] } },
    test: {
      name,
      include,
      testTimeout,
      hookTimeout: testTimeout,
      environment: 'node',
      ...rest,
    },
  });
}

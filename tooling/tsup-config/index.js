/**
 * The tsup preset every Steth library builds with. ESM and CJS side by side,
 * each with its own declaration file (index.d.ts / index.d.cts), so neither
 * module system gets types that masquerade. TensorFlow.js and mujoco-js are
 * always external: a second bundled copy of tfjs breaks kernel registration.
 */
import { defineConfig } from 'tsup';

export const alwaysExternal = [/^@tensorflow\//, 'mujoco-js', /^@steth\//];

/** @param {import('./index.d.ts').LibraryOptions} [options] */
export function defineLibraryConfig(options = {}) {
  const { entry = ['src/index.ts'], external = [], ...rest } = options;
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: false,
    treeshake: true,
    target: 'node20',
    platform: 'node',
    external: [...alwaysExternal, ...external],
    ...rest,
  });
}

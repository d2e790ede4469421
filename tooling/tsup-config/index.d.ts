import type { Options } from 'tsup';

export interface LibraryOptions extends Partial<Options> {
  /** Entry points; default `['src/index.ts']`. */
  entry?: Options['entry'];
  /** Extra externals, added to tfjs, mujoco-js and the workspace packages. */
  external?: (string | RegExp)[];
}

export declare const alwaysExternal: (string | RegExp)[];
export declare function defineLibraryConfig(
  options?: LibraryOptions,
): ReturnType<typeof import('tsup').defineConfig>;

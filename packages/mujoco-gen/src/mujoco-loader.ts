/**
 * Loads MuJoCo's official WebAssembly build (npm `mujoco-js`) once per
 * thread. The specifier sits in a variable so bundlers leave the import
 * alone: mujoco-js is an optional-at-build, required-at-run dependency that
 * must never be bundled.
 */
import type { MainModule } from 'mujoco-js';
import { PhysicsError } from './errors';

/** The MuJoCo module as mujoco-js exports it. */
export type MujocoModule = MainModule;

const SPECIFIER = 'mujoco-js';
let loading: Promise<MujocoModule> | undefined;

/** Loads (once) and returns the MuJoCo WebAssembly module. */
export function loadMujoco(): Promise<MujocoModule> {
  loading ??= (async () => {
    try {
      const mod = (await import(/* @vite-ignore */ SPECIFIER)) as { default: () => Promise<MujocoModule> };
      return await mod.default();
    } catch (cause) {
      loading = undefined;
      throw new PhysicsError(
        'Could not load MuJoCo\'s WebAssembly build from the "mujoco-js" package; install it with `npm install mujoco-js@0.0.7`.',
        { cause },
      );
    }
  })();
  return loading;
}

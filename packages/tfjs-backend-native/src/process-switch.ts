/**
 * A process-wide on/off switch, shared by every copy of this package loaded
 * in the process (its ESM and CJS builds may both be): the kernels, gradients
 * and hooks it guards are registered once, globally. Not from the paper.
 */
export interface ProcessSwitch {
  on: boolean;
}

/** The switch named `name` (created on, the first time it is asked for). */
export function processSwitch(name: string): ProcessSwitch {
  const key = Symbol.for(`@steth/tfjs-backend-native/${name}`);
  const slots = globalThis as unknown as Record<symbol, ProcessSwitch | undefined>;
  const existing = slots[key];
  if (existing) return existing;
  const created = { on: true };
  slots[key] = created;
  return created;
}

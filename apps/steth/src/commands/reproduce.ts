/**
 * `steth reproduce <figure>`: the paper's tower experiments (Figs. 3 to 7).
 * The command lives in the private app `@steth/reproduce`; this file only
 * mounts it.
 */
import { registerReproduceCommand } from '@steth/reproduce';
import type { Command } from 'commander';

export function registerReproduce(program: Command): void {
  registerReproduceCommand(program, 'reproduce');
}

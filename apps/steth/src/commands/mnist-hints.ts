/**
 * `steth mnist-hints`: the paper's Appendix B reproduction (MNIST with
 * planted hints). The command itself lives in the private app
 * `@steth/mnist-hints`; this file only mounts it.
 */
import { registerMnistHintsCommand } from '@steth/mnist-hints';
import type { Command } from 'commander';

export function registerMnistHints(program: Command): void {
  registerMnistHintsCommand(program, 'mnist-hints');
}

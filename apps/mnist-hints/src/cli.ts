#!/usr/bin/env node
/** The `steth-mnist-hints` binary: the `mnist-hints` command on its own (same as `steth mnist-hints`). */
import { reportCliError } from '@steth/lab';
import { Command } from 'commander';
import { registerMnistHintsCommand } from './command';

const program = new Command('steth-mnist-hints').showHelpAfterError();
registerMnistHintsCommand(program, 'run');
program
  .parseAsync(['node', 'steth-mnist-hints', 'run', ...process.argv.slice(2)])
  .catch((error: unknown) => reportCliError('steth-mnist-hints', error));

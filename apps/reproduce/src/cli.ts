#!/usr/bin/env node
/** The `steth-reproduce` binary: the `reproduce` command on its own (same as `steth reproduce`). */
import { reportCliError } from '@steth/lab';
import { Command } from 'commander';
import { registerReproduceCommand } from './command';

const program = new Command('steth-reproduce').showHelpAfterError();
registerReproduceCommand(program, 'run');
program
  .parseAsync(['node', 'steth-reproduce', 'run', ...process.argv.slice(2)])
  .catch((error: unknown) => reportCliError('steth-reproduce', error));

#!/usr/bin/env node
/** The `steth-reproduce` binary: the `reproduce` command on its own (same as `steth reproduce`). */
import { Command } from 'commander';
import { registerReproduceCommand } from './command';

const program = new Command('steth-reproduce').showHelpAfterError();
registerReproduceCommand(program, 'run');
program.parseAsync(['node', 'steth-reproduce', 'run', ...process.argv.slice(2)]).catch((error: unknown) => {
  const known = error instanceof Error && /Error$/.test(error.name) && error.name !== 'Error';
  process.stderr.write(
    `steth-reproduce: ${known || error instanceof RangeError ? (error as Error).message : ((error as Error)?.stack ?? String(error))}\n`,
  );
  process.exitCode = 1;
});

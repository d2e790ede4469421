#!/usr/bin/env node
/** The `steth-mnist-hints` binary: the `mnist-hints` command on its own (same as `steth mnist-hints`). */
import { Command } from 'commander';
import { registerMnistHintsCommand } from './command';

const program = new Command('steth-mnist-hints').showHelpAfterError();
registerMnistHintsCommand(program, 'run');
program.parseAsync(['node', 'steth-mnist-hints', 'run', ...process.argv.slice(2)]).catch((error: unknown) => {
  const known = error instanceof Error && /Error$/.test(error.name) && error.name !== 'Error';
  process.stderr.write(
    `steth-mnist-hints: ${known || error instanceof RangeError ? (error as Error).message : ((error as Error)?.stack ?? String(error))}\n`,
  );
  process.exitCode = 1;
});

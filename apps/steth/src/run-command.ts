/** The one error handler of the CLI: a readable message on stderr and exit code 1. */
import { StethError } from '@steth/core';

export function runCommand(main: () => Promise<unknown>): void {
  main().catch((error: unknown) => {
    if (error instanceof StethError || error instanceof RangeError || error instanceof SyntaxError) {
      process.stderr.write(`steth: ${error.message}\n`);
    } else {
      process.stderr.write(`steth: unexpected error\n${(error as Error)?.stack ?? String(error)}\n`);
    }
    process.exitCode = 1;
  });
}

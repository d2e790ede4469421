/**
 * The one error handler of the CLI: every failure is one line on stderr
 * (a typed error's message, or a filesystem error's path and cause) and
 * exit code 1; see @steth/lab's `errorLine`.
 */
import { reportCliError } from '@steth/lab';

export function runCommand(main: () => Promise<unknown>): void {
  main().catch((error: unknown) => reportCliError('steth', error));
}

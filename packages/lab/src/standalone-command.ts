/**
 * An app's command as a binary of its own: `steth-reproduce fig3 ...` runs
 * what `steth reproduce fig3 ...` runs. The app registers its command on a
 * program named after the binary; the arguments after the binary's name go
 * to that command, and a failure is printed as one line by
 * {@link reportCliError} (exit code 1).
 */
import { Command } from 'commander';
import { reportCliError } from './error-line';

/** Adds the app's command, under `name`, to `program` (e.g. `registerReproduceCommand`). */
export type RegisterCommand = (program: Command, name: string) => unknown;

/**
 * Parses `argv` (default `process.argv`: node, the script, then the arguments) as the one
 * command `register` adds; resolves when it has run or its error has been reported.
 */
export function runStandaloneCommand(
  bin: string,
  register: RegisterCommand,
  argv: readonly string[] = process.argv,
): Promise<void> {
  const program = new Command(bin).showHelpAfterError();
  register(program, 'run');
  return program.parseAsync(['node', bin, 'run', ...argv.slice(2)]).then(
    () => undefined,
    (error: unknown) => reportCliError(bin, error),
  );
}

#!/usr/bin/env node
/** The `steth` command: wiring only; each subcommand lives in src/commands/. */
import { checkThreadsEnvironment } from '@steth/lab';
import { Command } from 'commander';
import { registerDemo } from './commands/demo';
import { registerDoctor } from './commands/doctor';
import { registerGenTowers } from './commands/gen-towers';
import { registerMnistHints } from './commands/mnist-hints';
import { registerReproduce } from './commands/reproduce';
import { registerSetupGpu } from './commands/setup-gpu';
import { registerWorker } from './commands/worker';
import { runCommand } from './run-command';

const program = new Command('steth')
  .description('Neural stethoscopes for TensorFlow.js: probe, promote and suppress information in any layer.')
  .showHelpAfterError()
  // A bad STETH_THREADS would make the backend loader fall back to the slow cpu backend silently.
  .hook('preAction', () => checkThreadsEnvironment());

registerDoctor(program);
registerDemo(program);
registerGenTowers(program);
registerMnistHints(program);
registerReproduce(program);
registerSetupGpu(program);
registerWorker(program);

runCommand(() => program.parseAsync(process.argv));

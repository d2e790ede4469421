#!/usr/bin/env node
/** The `steth-mnist-hints` binary: the `mnist-hints` command on its own (same as `steth mnist-hints`). */
import { runStandaloneCommand } from '@steth/lab';
import { registerMnistHintsCommand } from './command';

void runStandaloneCommand('steth-mnist-hints', registerMnistHintsCommand);

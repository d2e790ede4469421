#!/usr/bin/env node
/** The `steth-reproduce` binary: the `reproduce` command on its own (same as `steth reproduce`). */
import { runStandaloneCommand } from '@steth/lab';
import { registerReproduceCommand } from './command';

void runStandaloneCommand('steth-reproduce', registerReproduceCommand);

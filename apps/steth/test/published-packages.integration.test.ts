/**
 * Every library's built output must load from both module systems, as a user
 * who installs it from npm would load it. Each check runs in a fresh Node
 * process from the package's own folder (a package may import itself by name),
 * so vitest's source condition plays no part.
 */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const packages = [
  { name: '@steth/errors', dir: 'packages/errors', exportName: 'StethError' },
  { name: '@steth/atomic-file', dir: 'packages/atomic-file', exportName: 'writeFileAtomic' },
  { name: '@steth/core', dir: 'packages/core', exportName: 'createStethoscope' },
  { name: '@steth/core/node', dir: 'packages/core', exportName: 'loadBackend' },
  { name: '@steth/models', dir: 'packages/models', exportName: 'createMlp' },
  { name: '@steth/models/testing', dir: 'packages/models', exportName: 'checkModelConformance' },
  { name: '@steth/datasets', dir: 'packages/datasets', exportName: 'createRng' },
  { name: '@steth/mujoco-gen', dir: 'packages/mujoco-gen', exportName: 'parseScenarioName' },
  {
    name: '@steth/tfjs-backend-native',
    dir: 'packages/tfjs-backend-native',
    exportName: 'nativeAvailability',
  },
];

describe.each(packages)('$name build output', ({ name, dir, exportName }) => {
  const cwd = join(root, dir);

  it('loads with require()', async () => {
    const { stdout } = await run(
      'node',
      ['-e', `process.stdout.write(typeof require('${name}').${exportName})`],
      {
        cwd,
      },
    );
    expect(stdout).toBe('function');
  });

  it('loads with import', async () => {
    const script = `import('${name}').then((m) => process.stdout.write(typeof m.${exportName}))`;
    const { stdout } = await run('node', ['--input-type=module', '-e', script], { cwd });
    expect(stdout).toBe('function');
  });
});

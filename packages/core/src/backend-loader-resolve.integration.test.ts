/**
 * A process started outside the workspace (a sweep's worker process, or a
 * `node -e` script) still finds an optional backend installed beside
 * @steth/core: the loader also resolves from its own folder. Runs the build.
 */
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const script = (load: string) =>
  `${load}.then((m) => m.probeBackends()).then((s) => process.stdout.write(JSON.stringify(s.find((c) => c.choice === 'native'))))`;

describe.each([
  ['import', `import(${JSON.stringify(join(dist, 'node', 'index.js'))})`],
  ['require', `Promise.resolve(require(${JSON.stringify(join(dist, 'node', 'index.cjs'))}))`],
])('loadBackend from a foreign working directory (%s)', (_, load) => {
  it('resolves @steth/tfjs-backend-native through its own package folder', async () => {
    // pnpm's NODE_PATH would make everything resolvable: clear it, as a user's shell has it.
    const env = { ...process.env, NODE_PATH: '' };
    const { stdout } = await run('node', ['-e', script(load)], { cwd: tmpdir(), env });
    expect(JSON.parse(stdout).reason).not.toMatch(/is not installed/);
  });
});

/** The built package decodes on worker threads from both module systems, as an npm user runs it. */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTowerFixture } from './tower-fixture';

const run = promisify(execFile);
const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = writeTowerFixture();
afterAll(() => rmSync(root, { recursive: true }));

const body = (m: string) => `
  const { readShapeStacks, towerBatches } = ${m};
  const { examples } = readShapeStacks({ root: ${JSON.stringify(root)}, split: 'default', subset: 'train' });
  let n = 0;
  for await (const b of towerBatches(examples, { batchSize: 3, imageSize: 4, workers: 2 })) n += b.size;
  process.stdout.write(String(n));`;

describe('towerBatches from the build output', () => {
  it('runs its worker threads under import', async () => {
    const { stdout } = await run(
      'node',
      ['--input-type=module', '-e', body("await import('@steth/datasets')")],
      {
        cwd: packageDir,
      },
    );
    expect(stdout).toBe('8');
  });

  it('runs its worker threads under require', async () => {
    const script = `(async () => {${body("require('@steth/datasets')")}})()`;
    const { stdout } = await run('node', ['-e', script], { cwd: packageDir });
    expect(stdout).toBe('8');
  });
});

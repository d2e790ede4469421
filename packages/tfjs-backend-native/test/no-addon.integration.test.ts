/**
 * Without a compiled addon (no C++ compiler at install), importing the
 * package must not throw: the backend is not registered and reports why.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('a package whose addon was not built', () => {
  it('imports cleanly and says in one line why it is unavailable', async () => {
    expect(existsSync(join(root, 'dist', 'index.js')), 'run pnpm build first').toBe(true);
    const dir = join(root, 'node_modules', '.cache', 'no-addon');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'build'), { recursive: true });
    cpSync(join(root, 'dist'), join(dir, 'dist'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(join(dir, 'build', 'build-error.txt'), 'g++: command not found\n');
    const script = `
      const tf = await import('@tensorflow/tfjs');
      const m = await import(${JSON.stringify(join(dir, 'dist', 'index.js'))});
      const status = m.nativeAvailability();
      const registered = tf.findBackendFactory('native') !== null && tf.findBackendFactory('native') !== undefined;
      process.stdout.write(JSON.stringify({ status, registered }));
    `;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: root });
    const { status, registered } = JSON.parse(stdout);
    expect(status.available).toBe(false);
    expect(status.reason).toMatch(/C\+\+ addon was not built \(g\+\+: command not found\)/);
    expect(status.reason).not.toMatch(/\n/);
    expect(registered).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });
});

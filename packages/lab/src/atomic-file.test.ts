/**
 * Outputs are written atomically: a full disk leaves the previous figure
 * whole (the full-disk case mounts a small tmpfs, so it runs only where
 * that is allowed: root on Linux).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomicSync } from '@steth/atomic-file';
import { afterAll, describe, expect, it } from 'vitest';
import { lineFigureSpec, writeFigure } from './figures';

const root = mkdtempSync(join(tmpdir(), 'steth-atomic-'));
function mountTiny(): string | undefined {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return undefined;
  const dir = mkdtempSync(join(root, 'mnt-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    return undefined;
  }
}
const tiny = mountTiny();
afterAll(() => {
  if (tiny) execFileSync('umount', [tiny]);
  rmSync(root, { recursive: true, force: true });
});

const spec = (title: string) =>
  lineFigureSpec({
    title,
    data: [0, 1, 2].map((x) => ({ x, mean: x / 3, lower: x / 4, upper: x / 2, series: 'a' })),
    width: 200,
    height: 120,
  });

describe('writeFileAtomicSync', () => {
  it('replaces a file whole and leaves no temporary file', () => {
    const path = join(root, 'a.txt');
    writeFileSync(path, 'old');
    writeFileAtomicSync(path, 'new contents');
    expect(readFileSync(path, 'utf8')).toBe('new contents');
    expect(readdirSync(root).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('names the target, not its temporary file, when the folder is missing', () => {
    const path = join(root, 'missing', 'b.txt');
    expect(() => writeFileAtomicSync(path, 'x')).toThrow(expect.objectContaining({ code: 'ENOENT', path }));
  });

  it.skipIf(!tiny)('a full disk leaves the previous figure whole', async () => {
    const dir = tiny!;
    await writeFigure(dir, 'fig', spec('first'));
    const before = readFileSync(join(dir, 'fig.png'));
    const svgBefore = readFileSync(join(dir, 'fig.svg'), 'utf8');
    // Fill the disk, then try to redraw the figure.
    try {
      writeFileSync(join(dir, 'filler'), Buffer.alloc(1024 * 1024));
    } catch {
      // ENOSPC once full: that is the point
    }
    await expect(writeFigure(dir, 'fig', spec('second, with a longer title'))).rejects.toMatchObject({
      code: 'ENOSPC',
    });
    expect(readFileSync(join(dir, 'fig.png')).equals(before)).toBe(true);
    expect(readFileSync(join(dir, 'fig.svg'), 'utf8')).toBe(svgBefore);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});

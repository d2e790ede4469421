import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isTemporaryFile, writeFileAtomic, writeFileAtomicSync } from './atomic-file';

const root = mkdtempSync(join(tmpdir(), 'steth-atomic-file-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let folders = 0;
function freshFolder(): string {
  const dir = join(root, `case-${folders++}`);
  mkdirSync(dir);
  return dir;
}

describe('writeFileAtomic', () => {
  it('writes the content (text and bytes) and leaves no temporary file', async () => {
    const dir = freshFolder();
    await writeFileAtomic(join(dir, 'a.txt'), 'hello');
    await writeFileAtomic(join(dir, 'b.bin'), new Uint8Array([0, 1, 254, 255]));
    await writeFileAtomic(join(dir, 'a.txt'), 'replaced');
    expect(await readFile(join(dir, 'a.txt'), 'utf8')).toBe('replaced');
    expect([...(await readFile(join(dir, 'b.bin')))]).toEqual([0, 1, 254, 255]);
    expect((await readdir(dir)).sort()).toEqual(['a.txt', 'b.bin']);
  });

  it('a failed write leaves the old file intact and removes its temporary file', async () => {
    const dir = freshFolder();
    const path = join(dir, 'checkpoint');
    await writeFile(path, 'old');
    let seen = '';
    await expect(
      writeFileAtomic(path, 'new', {
        beforeCommit: (temporary) => {
          seen = temporary;
          expect(readFileSync(temporary, 'utf8')).toBe('new');
          throw new Error('crash before the rename');
        },
      }),
    ).rejects.toThrow('crash before the rename');
    expect(isTemporaryFile(seen)).toBe(true);
    expect(await readFile(path, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['checkpoint']);
  });

  it('a write that cannot rename (target is a folder) keeps the folder and names the target', async () => {
    const dir = freshFolder();
    const path = join(dir, 'taken');
    mkdirSync(join(path, 'inside'), { recursive: true });
    await expect(writeFileAtomic(path, 'x')).rejects.toMatchObject({ path });
    expect(readdirSync(path)).toEqual(['inside']);
    expect(readdirSync(dir)).toEqual(['taken']);
  });

  it('names the target when the folder is missing, and creates it with mkdir', async () => {
    const dir = freshFolder();
    const path = join(dir, 'missing', 'deeper', 'c.txt');
    await expect(writeFileAtomic(path, 'x')).rejects.toMatchObject({ code: 'ENOENT', path });
    await writeFileAtomic(path, 'x', { mkdir: true });
    expect(await readFile(path, 'utf8')).toBe('x');
  });
});

describe('writeFileAtomicSync', () => {
  it('writes the content and leaves no temporary file', () => {
    const dir = freshFolder();
    const path = join(dir, 'a.txt');
    writeFileSync(path, 'old');
    writeFileAtomicSync(path, 'new contents');
    writeFileAtomicSync(join(dir, 'b.bin'), new Uint8Array([7, 8]));
    expect(readFileSync(path, 'utf8')).toBe('new contents');
    expect([...readFileSync(join(dir, 'b.bin'))]).toEqual([7, 8]);
    expect(readdirSync(dir).sort()).toEqual(['a.txt', 'b.bin']);
  });

  it('a failed write leaves the old file intact, removes its temporary file and names the target', () => {
    const dir = freshFolder();
    const path = join(dir, 'taken');
    mkdirSync(join(path, 'inside'), { recursive: true });
    expect(() => writeFileAtomicSync(path, 'x')).toThrow(expect.objectContaining({ path }));
    expect(readdirSync(path)).toEqual(['inside']);
    expect(readdirSync(dir)).toEqual(['taken']);
    const missing = join(dir, 'missing', 'b.txt');
    expect(() => writeFileAtomicSync(missing, 'x')).toThrow(
      expect.objectContaining({ code: 'ENOENT', path: missing }),
    );
    writeFileAtomicSync(missing, 'y', { mkdir: true });
    expect(readFileSync(missing, 'utf8')).toBe('y');
  });
});

describe('isTemporaryFile', () => {
  it('recognises the writer temporary names only', () => {
    expect(isTemporaryFile('towers/meta/records/12.json.tmp-4711-123456')).toBe(true);
    expect(isTemporaryFile('records/12.json')).toBe(false);
    expect(isTemporaryFile('notes.tmp')).toBe(false);
  });
});

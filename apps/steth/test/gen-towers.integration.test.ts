/** `steth gen towers` as a user runs it: the built binary (the test command builds it first). */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');
const TIMEOUT_MS = 120_000;
const dirs: string[] = [];
const fresh = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'steth-cli-towers-'));
  dirs.push(dir);
  return dir;
};
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const fails = (args: string[]) => run('node', [cli, 'gen', 'towers', ...args]).catch((e) => e);

describe('steth gen towers', () => {
  it('generates a small balanced, physics-checked dataset and prints a JSON summary', {
    timeout: TIMEOUT_MS,
  }, async () => {
    const out = await fresh();
    const { stdout } = await run('node', [
      cli,
      'gen',
      'towers',
      '--out',
      out,
      '--count',
      '8',
      '--workers',
      '1',
      '--seed',
      '3',
      '--json',
      '--no-progress',
    ]);
    const summary = JSON.parse(stdout);
    expect(summary.towers).toBe(8);
    expect(summary.byCategory).toEqual({ A: 2, B: 2, C: 2, D: 2 });
    expect(summary.agreement.simulated).toBeGreaterThanOrEqual(8);
    const manifest = (await readFile(join(out, 'manifest.jsonl'), 'utf8')).trim().split('\n');
    expect(manifest).toHaveLength(8);
    expect((await readdir(join(out, 'mjcf'))).length).toBe(8);
  });

  it('renders every camera of every tower, readable by @steth/datasets, and a contact sheet', {
    timeout: TIMEOUT_MS,
  }, async () => {
    const out = await fresh();
    await run(
      'node',
      [cli, 'gen', 'towers', '--out', out, '--count', '4', '--image-size', '32'].concat([
        '--cameras',
        '0,2',
        '--workers',
        '1',
        '--no-progress',
      ]),
    );
    const { readShapeStacks, readPng } = await import('@steth/datasets');
    // Four towers may leave a subset's list empty; read the non-empty ones.
    const subsets: ('train' | 'eval' | 'test')[] = [];
    for (const subset of ['train', 'eval', 'test'] as const) {
      const list = await readFile(join(out, 'splits', 'all', `${subset}.txt`), 'utf8');
      if (list.trim()) subsets.push(subset);
    }
    const examples = subsets.flatMap(
      (subset) => readShapeStacks({ root: out, split: 'all', subset }).examples,
    );
    expect(examples).toHaveLength(8);
    expect(new Set(examples.map((e) => e.camera))).toEqual(new Set([1, 7]));
    expect(new Set(examples.map((e) => e.category))).toEqual(new Set(['A', 'B', 'C', 'D']));
    const image = readPng(examples[0]!.imagePath);
    expect([image.width, image.height]).toEqual([32, 32]);
    const sheet = readPng(join(out, 'contact-sheet.png'));
    expect(sheet.width).toBeGreaterThan(32);
  });

  it('renders close up with --framing close-up: same towers, other images', {
    timeout: TIMEOUT_MS,
  }, async () => {
    const images: Buffer[] = [];
    for (const framing of ['shapestacks', 'close-up']) {
      const out = await fresh();
      await run(
        'node',
        [cli, 'gen', 'towers', '--out', out, '--count', '4', '--image-size', '24', '--cameras', '0'].concat([
          '--framing',
          framing,
          '--workers',
          '1',
          '--seed',
          '5',
          '--no-progress',
        ]),
      );
      const manifest = await readFile(join(out, 'manifest.jsonl'), 'utf8');
      const first = JSON.parse(manifest.split('\n')[0]!) as { scenario: string };
      const folder = join(out, 'recordings', `env_${first.scenario}`);
      const png = (await readdir(folder)).find((f) => f.endsWith('.png'))!;
      images.push(await readFile(join(folder, png)));
    }
    expect(images[0]!.equals(images[1]!)).toBe(false);
    const out = await fresh();
    const failure = await fails(['--out', out, '--framing', 'wide']);
    expect(failure.code).toBe(1);
    expect(failure.stderr).toMatch(/--framing must be shapestacks or close-up, got "wide"/);
    expect(await readdir(out)).toEqual([]);
  });

  it('rejects a negative count before any work', async () => {
    const out = await fresh();
    const failure = await fails(['--out', out, '--count', '-5']);
    expect(failure.code).toBe(1);
    expect(failure.stderr).toMatch(/^steth: count must be a positive integer, got -5\./m);
    expect(await readdir(out)).toEqual([]);
  });

  it('rejects an unknown category and a non-numeric option', async () => {
    const out = await fresh();
    const unknown = await fails(['--out', out, '--categories', 'A,Q']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/Unknown tower category "Q": expected one of A, B, C, D/);
    const letters = await fails(['--out', out, '--workers', 'two']);
    expect(letters.stderr).toMatch(/--workers must be an integer, got "two"/);
    expect(await readdir(out)).toEqual([]);
  });

  it('rejects an unwritable output folder with the reason', async () => {
    const dir = await fresh();
    const file = join(dir, 'not-a-folder');
    await writeFile(file, 'x');
    const failure = await fails(['--out', join(file, 'towers'), '--count', '4']);
    expect(failure.code).toBe(1);
    expect(failure.stderr).toMatch(/Cannot write to the output folder ".*not-a-folder\/towers": ENOTDIR/);
  });
});

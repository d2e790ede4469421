import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readShapeStacks } from '../src/shapestacks-reader';
import { FIXTURE_TOWERS, writeTowerFixture } from './tower-fixture';

const imageOf = (root: string, tower: number, cam: number) =>
  join(
    root,
    'recordings',
    `env_${FIXTURE_TOWERS[tower]!.scenario}`,
    `rgb-w=0-f=0-l=0-c=unique-cam_${cam}-mono-0.png`,
  );

describe('readShapeStacks', () => {
  it('reads every image with global labels from the names and local/category/origin from the manifest', () => {
    const root = writeTowerFixture();
    const split = readShapeStacks({ root, split: 'default', subset: 'train' });
    expect(split.hasManifest).toBe(true);
    expect(split.examples).toHaveLength(8);
    const byScenario = (s: string) => split.examples.find((e) => e.scenario.includes(s) && e.camera === 1)!;
    expect(byScenario('v=1')).toMatchObject({
      globalLabel: 0,
      localLabel: 0,
      category: 'A',
      originLabel: 0,
      height: 2,
    });
    expect(byScenario('v=2')).toMatchObject({ globalLabel: 1, localLabel: 0, category: 'B', originLabel: 1 });
    expect(byScenario('v=3')).toMatchObject({ globalLabel: 0, localLabel: 1, category: 'C', originLabel: 0 });
    expect(byScenario('v=4')).toMatchObject({ globalLabel: 1, localLabel: 1, category: 'D', originLabel: 2 });
    rmSync(root, { recursive: true });
  });

  it('filters by difficulty, category, height and camera', () => {
    const root = writeTowerFixture();
    const read = (o: object) => readShapeStacks({ root, split: 'default', subset: 'train', ...o });
    expect(new Set(read({ difficulty: 'hard' }).examples.map((e) => e.category))).toEqual(
      new Set(['B', 'C']),
    );
    expect(new Set(read({ difficulty: 'easy' }).examples.map((e) => e.category))).toEqual(
      new Set(['A', 'D']),
    );
    expect(read({ categories: ['C'] }).scenarios).toEqual(['ccs-hard-h=4-vcom=0-vpsf=0-v=3']);
    expect(read({ heights: [2, 5] }).scenarios).toHaveLength(2);
    expect(read({ cameras: [2] }).examples.every((e) => e.camera === 2)).toBe(true);
    expect(read({ cameras: [2] }).examples).toHaveLength(4);
    rmSync(root, { recursive: true });
  });

  it('reads the official layout without a manifest: global labels only', () => {
    const root = writeTowerFixture({ manifest: false });
    const split = readShapeStacks({ root, split: 'default', subset: 'train' });
    expect(split.hasManifest).toBe(false);
    expect(split.examples[0]!.localLabel).toBeUndefined();
    expect(() => readShapeStacks({ root, split: 'default', subset: 'train', difficulty: 'hard' })).toThrow(
      /filtering by category or difficulty needs .*manifest\.jsonl/,
    );
    rmSync(root, { recursive: true });
  });

  it('lists blacklisted scenarios instead of dropping them silently', () => {
    const root = writeTowerFixture();
    mkdirSync(join(root, 'meta'));
    writeFileSync(join(root, 'meta', 'blacklist_unstable.txt'), 'env_ccs-hard-h=3-vcom=2-vpsf=0-v=2\n');
    const split = readShapeStacks({ root, split: 'default', subset: 'train' });
    expect(split.blacklisted).toEqual(['ccs-hard-h=3-vcom=2-vpsf=0-v=2']);
    expect(split.scenarios).toHaveLength(3);
    rmSync(root, { recursive: true });
  });

  it('names the file for an empty split, a bad scenario name, a missing folder or a missing split', () => {
    const root = writeTowerFixture();
    expect(() => readShapeStacks({ root, split: 'default', subset: 'test' })).toThrow(
      /split file .*test\.txt is empty/,
    );
    expect(() => readShapeStacks({ root, split: 'nope', subset: 'train' })).toThrow(
      /split file .*nope.*train\.txt does not exist/,
    );
    writeFileSync(
      join(root, 'splits', 'default', 'eval.txt'),
      'env_ccs-easy-h=2-vcom=0-vpsf=0-v=1\nenv_tower-7\n',
    );
    expect(() => readShapeStacks({ root, split: 'default', subset: 'eval' })).toThrow(
      /eval\.txt:2: "tower-7" is not a ShapeStacks scenario name/,
    );
    writeFileSync(join(root, 'splits', 'default', 'eval.txt'), 'env_ccs-easy-h=2-vcom=0-vpsf=0-v=9\n');
    expect(() => readShapeStacks({ root, split: 'default', subset: 'eval' })).toThrow(
      /manifest\.jsonl has no line for scenario/,
    );
    rmSync(join(root, 'recordings', 'env_ccs-easy-h=2-vcom=0-vpsf=0-v=1'), { recursive: true });
    expect(() => readShapeStacks({ root, split: 'default', subset: 'train' })).toThrow(
      /scenario folder .*env_ccs-easy-h=2-vcom=0-vpsf=0-v=1 is missing/,
    );
    rmSync(root, { recursive: true });
  });

  it('rejects unknown categories and heights before reading', () => {
    const root = writeTowerFixture();
    expect(() =>
      readShapeStacks({ root, split: 'default', subset: 'train', categories: ['E' as never] }),
    ).toThrow(/unknown tower category "E"/);
    expect(() => readShapeStacks({ root, split: 'default', subset: 'train', heights: [9] })).toThrow(
      /height 9 is not in 2..6/,
    );
    rmSync(root, { recursive: true });
  });

  it('a tower image the manifest lists but the folder lacks is an error naming the file', () => {
    const root = writeTowerFixture();
    rmSync(imageOf(root, 2, 2));
    expect(() => readShapeStacks({ root, split: 'default', subset: 'train' })).toThrow(
      /image .*env_ccs-hard-h=4-vcom=0-vpsf=0-v=3\/rgb-w=0-f=0-l=0-c=unique-cam_2-mono-0\.png of scenario .* is missing/,
    );
    // Reading only the other camera does not need it.
    expect(readShapeStacks({ root, split: 'default', subset: 'train', cameras: [1] }).examples).toHaveLength(
      4,
    );
    rmSync(root, { recursive: true });
  });

  it('official layout: a scenario lacking a camera the others have is an error naming its folder', () => {
    const root = writeTowerFixture({ manifest: false });
    rmSync(imageOf(root, 3, 1));
    expect(() => readShapeStacks({ root, split: 'default', subset: 'train' })).toThrow(
      /scenario folder .*env_ccs-easy-h=5-vcom=3-vpsf=0-v=4 has no image from camera 1 .*which other scenarios of .*train\.txt have/,
    );
    expect(() => readShapeStacks({ root, split: 'default', subset: 'train', cameras: [1, 2] })).toThrow(
      /env_ccs-easy-h=5-vcom=3-vpsf=0-v=4 has no image from camera 1/,
    );
    expect(readShapeStacks({ root, split: 'default', subset: 'train', cameras: [2] }).examples).toHaveLength(
      4,
    );
    rmSync(root, { recursive: true });
  });

  it('gives the line number a manifest line has in the file, blank lines included', () => {
    const root = writeTowerFixture();
    const manifest = join(root, 'manifest.jsonl');
    const lines = readFileSync(manifest, 'utf8').split('\n');
    lines[2] = '{"scenario": broken';
    writeFileSync(manifest, ['', ...lines.slice(0, 2), '', lines[2], ...lines.slice(3)].join('\n'));
    expect(() => readShapeStacks({ root, split: 'default', subset: 'train' })).toThrow(
      /manifest\.jsonl:5 is not valid JSON/,
    );
    rmSync(root, { recursive: true });
  });
});

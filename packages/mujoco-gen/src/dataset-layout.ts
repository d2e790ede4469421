/**
 * Where things go in a generated dataset: ShapeStacks' layout (scenario
 * folders `recordings/env_<name>/` with `rgb-w=W-f=F-l=L-c=unique-cam_N-mono-0.png`
 * images, `mjcf/env_<name>.xml`, `splits/<split>/{train,eval,test}.txt`,
 * `meta/blacklist_{stable,unstable}.txt`) plus our `manifest.jsonl`, and
 * the per-tower records that make a run resumable.
 *
 * Scenario names: `ccs` (or `blocks` when all objects are cuboids), the
 * difficulty slot carries the stethoscope paper's split (easy = categories
 * A and D, hard = B and C), `vcom` the origin interface (0 when globally
 * stable), `vpsf` 0 (round objects only ever sit on top), and `v` the tower
 * index.
 */
import { join } from 'node:path';
import { isEasyCategory } from '@steth/datasets';
import { CAMERAS } from './render/camera';
import { formatScenarioName } from './scenario-name';
import type { TowerCategory } from './stability-labels';
import type { SampledTower, TowerScene } from './tower-sampler';

/** The paper's easy (A, D: local and global agree) and hard (B, C) categories. */
export function difficultyOf(category: TowerCategory): 'easy' | 'hard' {
  return isEasyCategory(category) ? 'easy' : 'hard';
}

/** The ShapeStacks scenario name of a tower (without the `env_` prefix). */
export function scenarioNameOf(
  tower: Pick<SampledTower, 'objects' | 'category' | 'labels' | 'index'>,
): string {
  return formatScenarioName({
    shapeSet: tower.objects.every((o) => o.shape === 'cuboid') ? 'blocks' : 'ccs',
    difficulty: difficultyOf(tower.category),
    height: tower.objects.length,
    vcom: tower.labels.origin ?? 0,
    vpsf: 0,
    variant: tower.index,
  });
}

/**
 * ShapeStacks' image file name for one camera. Cameras 0-3 are the
 * renderer's `CAMERAS`, named by ShapeStacks' numbers (cam_1, cam_4, cam_7,
 * cam_10), which the file name keeps.
 */
export function imageFileName(scene: TowerScene, camera: number): string {
  const name = CAMERAS[camera]?.name ?? `cam_${camera}`;
  return `rgb-w=${scene.wallTexture}-f=${scene.floorTexture}-l=${scene.light}-c=unique-${name}-mono-0.png`;
}

/** Paths relative to the dataset folder. */
export const layout = {
  recording: (name: string) => join('recordings', `env_${name}`),
  image: (name: string, scene: TowerScene, camera: number) =>
    join('recordings', `env_${name}`, imageFileName(scene, camera)),
  mjcf: (name: string) => join('mjcf', `env_${name}.xml`),
  split: (split: string, part: 'train' | 'eval' | 'test') => join('splits', split, `${part}.txt`),
  record: (index: number) => join('meta', 'records', `${String(index).padStart(6, '0')}.json`),
  config: join('meta', 'config.json'),
  blacklist: (label: 'stable' | 'unstable') => join('meta', `blacklist_${label}.txt`),
  blacklistDetails: join('meta', 'blacklist.jsonl'),
  manifest: 'manifest.jsonl',
  contactSheet: 'contact-sheet.png',
} as const;

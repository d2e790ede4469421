/**
 * The work for one tower, the same in a worker thread or in-process: sample
 * it (paper Section 4 categories), simulate it in MuJoCo, and resample (next
 * round of the same index) while physics disagrees with the geometric global
 * label, keeping the dropped towers for the blacklist; then optionally
 * render it.
 */
import { difficultyOf, layout, scenarioNameOf } from './dataset-layout';
import { TowerGenError } from './errors';
import type { ManifestObject, ManifestRecord, RejectedTower } from './manifest';
import { towerToMjcf } from './mjcf-writer';
import type { MujocoModule } from './mujoco-loader';
import { deriveSeed } from './random';
import type { TowerCategory } from './stability-labels';
import { type SampledTower, sampleTower, type TowerSamplerConfig } from './tower-sampler';
import { type SimulationConfig, simulateTower } from './tower-simulation';

/** What a renderer is asked for. */
export interface TowerImageRequest {
  /** Image width and height in pixels. */
  imageSize: number;
  /** ShapeStacks camera numbers to render. */
  cameras: number[];
}

/** One rendered, PNG-encoded view. */
export interface TowerImage {
  camera: number;
  png: Uint8Array;
}

/** Renders one tower: returns one PNG per requested camera. */
export type TowerRenderer = (
  tower: SampledTower,
  request: TowerImageRequest,
) => TowerImage[] | Promise<TowerImage[]>;

/** Everything a worker needs for one tower (plain data: it crosses threads). */
export interface TowerTask {
  seed: number;
  index: number;
  category: TowerCategory;
  height: number;
  sampler: TowerSamplerConfig;
  simulation: SimulationConfig;
  /** Skip the physics check. */
  simulate: boolean;
  /** Most towers dropped for one index before giving up. */
  maxRounds: number;
  request: TowerImageRequest;
}

/** What one tower's work produced. */
export interface TowerJobResult {
  tower: SampledTower;
  record: ManifestRecord;
  mjcf: string;
  rejected: RejectedTower[];
  images: TowerImage[] | null;
}

/** Fractions of train / eval / test. */
const SPLIT = { train: 0.7, eval: 0.15 };

function splitOf(seed: number, index: number): ManifestRecord['split'] {
  const u = deriveSeed(seed, index, 0x5917) / 2 ** 32;
  return u < SPLIT.train ? 'train' : u < SPLIT.train + SPLIT.eval ? 'eval' : 'test';
}

function manifestObjects(tower: SampledTower): ManifestObject[] {
  return tower.objects.map((o, i) => ({
    shape: o.shape,
    lying: o.lying,
    size: o.size,
    position: o.position,
    quaternion: o.quaternion,
    yawDeg: o.yawDeg,
    mass: o.mass,
    color: o.color,
    colorName: tower.colorNames[i] as string,
  }));
}

/** Samples, checks and (if a renderer is given) renders the tower of one task. */
export async function runTowerTask(
  task: TowerTask,
  mujoco: MujocoModule | null,
  render?: TowerRenderer,
): Promise<TowerJobResult> {
  const rejected: RejectedTower[] = [];
  for (let round = 0; round < task.maxRounds; round++) {
    const tower = sampleTower(
      { category: task.category, height: task.height, seed: task.seed, index: task.index, round },
      task.sampler,
    );
    const scenario = scenarioNameOf(tower);
    const outcome =
      task.simulate && mujoco
        ? simulateTower(mujoco, tower.objects, task.simulation)
        : {
            collapsed: !tower.labels.globallyStable,
            time: 0,
            stop: 'duration' as const,
            maxTopSpeed: 0,
            topDisplacement: 0,
            steps: 0,
          };
    const agrees = outcome.collapsed === !tower.labels.globallyStable;
    if (!agrees) {
      rejected.push({
        index: task.index,
        round,
        scenario,
        category: tower.category,
        globallyStable: tower.labels.globallyStable,
        simulation: outcome,
        objects: manifestObjects(tower),
      });
      continue;
    }
    const images = render ? await render(tower, task.request) : null;
    const record: ManifestRecord = {
      index: task.index,
      scenario,
      round,
      category: tower.category,
      difficulty: difficultyOf(tower.category),
      height: tower.objects.length,
      globallyStable: tower.labels.globallyStable,
      locallyStable: tower.labels.locallyStable,
      origin: tower.labels.origin,
      localOrigin: tower.labels.localOrigin,
      interfaces: tower.labels.interfaces,
      objects: manifestObjects(tower),
      scene: tower.scene,
      simulation: { ...outcome, agrees },
      split: splitOf(task.seed, task.index),
      mjcf: layout.mjcf(scenario),
      images: images ? images.map((image) => layout.image(scenario, tower.scene, image.camera)) : [],
    };
    return {
      tower,
      record,
      mjcf: towerToMjcf(`env_${scenario}`, tower.objects, task.simulation),
      rejected,
      images,
    };
  }
  throw new TowerGenError(
    `Tower ${task.index} (category ${task.category}, height ${task.height}): physics disagreed with the geometric label ${task.maxRounds} times in a row; ` +
      'the margins or the simulation settings are off. Check with `steth gen towers --no-simulate` and the agreement benchmark.',
  );
}

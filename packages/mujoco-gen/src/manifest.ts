/**
 * The manifest of a generated dataset: one JSON line per tower with
 * everything a loader or a stethoscope experiment needs (paper Section 4:
 * global and local stability, category, origin of instability), so nothing
 * has to be parsed out of folder names.
 */
import type { InterfaceLabel, TowerCategory } from './stability-labels';
import type { ObjectShape, Quaternion, Rgb, Vec3 } from './tower';
import type { TowerScene } from './tower-sampler';
import type { SimulationOutcome } from './tower-simulation';

/** One object as the manifest lists it. */
export interface ManifestObject {
  shape: ObjectShape;
  /** Cylinders only: lying on its side. */
  lying: boolean;
  /** Cuboid: full edge lengths; cylinder: [radius, radius, length]; sphere: [r, r, r] (m). */
  size: Vec3;
  /** Centre, world coordinates, z up (m). */
  position: Vec3;
  /** Orientation [w, x, y, z]. */
  quaternion: Quaternion;
  /** Rotation about z in degrees. */
  yawDeg: number;
  /** kg. */
  mass: number;
  color: Rgb;
  colorName: string;
}

/** The simulation check of a tower. */
export interface ManifestSimulation extends SimulationOutcome {
  /** Whether the simulation agrees with the geometric global label. */
  agrees: boolean;
}

/** One line of manifest.jsonl. */
export interface ManifestRecord {
  /** Tower index (also the scenario's variant number `v`). */
  index: number;
  /** Scenario name without the `env_` prefix. */
  scenario: string;
  /** Resampling round: how many towers for this index were dropped because physics disagreed. */
  round: number;
  category: TowerCategory;
  /** The paper's easy (A, D) or hard (B, C). */
  difficulty: 'easy' | 'hard';
  height: number;
  globallyStable: boolean;
  locallyStable: boolean;
  /** Lowest globally violated interface (interface i: object i on top of which object i+1 rests, 1-based), null if stable. */
  origin: number | null;
  /** Lowest locally violated interface, null if locally stable. */
  localOrigin: number | null;
  /** Per interface (0 = floor): signed distances (m, negative inside) and labels. */
  interfaces: InterfaceLabel[];
  /** Objects bottom to top. */
  objects: ManifestObject[];
  scene: TowerScene;
  simulation: ManifestSimulation;
  /** train, eval or test. */
  split: 'train' | 'eval' | 'test';
  /** Relative to the dataset folder. */
  mjcf: string;
  /** Relative to the dataset folder, one per camera; empty when no renderer was given. */
  images: string[];
}

/** A tower dropped because physics disagreed with its label (a blacklist entry). */
export interface RejectedTower {
  index: number;
  round: number;
  scenario: string;
  category: TowerCategory;
  globallyStable: boolean;
  simulation: SimulationOutcome;
  objects: ManifestObject[];
}

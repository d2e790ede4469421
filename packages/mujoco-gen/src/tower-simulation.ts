/**
 * Simulates a tower in MuJoCo and decides whether it collapsed: the physics
 * check of the geometric labels (ShapeStacks verifies its construction the
 * same way; the stethoscope paper trains on the construction's labels).
 *
 * Collapse criterion (ShapeStacks'): after a burn-in of 0.15 s, the tower
 * has collapsed as soon as any velocity component (3 linear, 3 angular) of
 * the top object exceeds 0.2. A collapsing tower moves its top object, so
 * checking the top object alone catches collapses at any interface.
 *
 * Two shortcuts make the check fast: the run stops at the first collapse,
 * and it stops as "settled" once every velocity component of every object
 * has stayed below `settleSpeed` for `settleTime` after the burn-in (a
 * tower tipping past an edge accelerates from rest and never sits still;
 * our towers keep every centre of mass at least 0.05 m from an edge). The
 * agreement benchmark (bench/agreement.mjs --full) compares this with
 * full-length runs: on 1,000 towers the settled shortcut changed one
 * verdict, a counterbalanced tower whose round top object crept off after
 * 4 s.
 */
import { PhysicsError } from './errors';
import { type MjcfConfig, towerToMjcf } from './mjcf-writer';
import type { MujocoModule } from './mujoco-loader';
import type { TowerObject } from './tower';

/** Settings of the collapse check. */
export interface SimulationConfig extends MjcfConfig {
  /** Longest simulated time (s). Default 5 (ShapeStacks simulates about 5 s). */
  duration?: number;
  /** Time before velocities count (s). Default 0.15 (ShapeStacks). */
  burnIn?: number;
  /** Largest velocity component of the top object a standing tower may show. Default 0.2 (ShapeStacks). */
  collapseSpeed?: number;
  /** Stop early once every velocity component stays below this. Default 0.02. Set 0 to always run `duration`. */
  settleSpeed?: number;
  /** How long velocities must stay below `settleSpeed` (s). Default 0.3. */
  settleTime?: number;
}

/** What the simulation showed. */
export interface SimulationOutcome {
  collapsed: boolean;
  /** Simulated time when the collapse was detected, or when the run stopped (s). */
  time: number;
  /** Why the run stopped: 'collapse', 'settled' or 'duration'. */
  stop: 'collapse' | 'settled' | 'duration';
  /** Largest velocity component of the top object after the burn-in. */
  maxTopSpeed: number;
  /** Distance the top object moved from its start. */
  topDisplacement: number;
  /** Physics steps taken. */
  steps: number;
}

let fileCounter = 0;

/** Simulates the tower (objects bottom to top) and applies the collapse criterion. */
export function simulateTower(
  mujoco: MujocoModule,
  objects: readonly TowerObject[],
  config: SimulationConfig = {},
): SimulationOutcome {
  const {
    duration = 5,
    burnIn = 0.15,
    collapseSpeed = 0.2,
    settleSpeed = 0.02,
    settleTime = 0.3,
    ...mjcf
  } = config;
  const timestep = mjcf.timestep ?? 0.003;
  const path = `/steth-tower-${process.pid}-${fileCounter++}.xml`;
  mujoco.FS.writeFile(path, towerToMjcf('tower', objects, mjcf));
  let model: ReturnType<MujocoModule['MjModel']['loadFromXML']> | undefined;
  let data: InstanceType<MujocoModule['MjData']> | undefined;
  try {
    try {
      model = mujoco.MjModel.loadFromXML(path);
    } catch (cause) {
      throw new PhysicsError(
        'MuJoCo rejected the tower model; this is a bug in the MJCF writer, please report it.',
        { cause },
      );
    }
    data = new mujoco.MjData(model);
    const steps = Math.round(duration / timestep);
    const burnInSteps = Math.round(burnIn / timestep);
    const settleSteps = Math.round(settleTime / timestep);
    const top = (objects.length - 1) * 6;
    const topStart = objects[objects.length - 1]?.position ?? [0, 0, 0];
    let maxTopSpeed = 0;
    let quietSteps = 0;
    let step = 0;
    let stop: SimulationOutcome['stop'] = 'duration';
    while (step < steps) {
      mujoco.mj_step(model, data);
      step++;
      if (step <= burnInSteps) continue;
      const qvel = data.qvel as Float64Array;
      let topSpeed = 0;
      for (let j = top; j < top + 6; j++) topSpeed = Math.max(topSpeed, Math.abs(qvel[j] as number));
      maxTopSpeed = Math.max(maxTopSpeed, topSpeed);
      if (topSpeed > collapseSpeed) {
        stop = 'collapse';
        break;
      }
      if (settleSpeed > 0) {
        let all = 0;
        for (let j = 0; j < qvel.length; j++) all = Math.max(all, Math.abs(qvel[j] as number));
        quietSteps = all < settleSpeed ? quietSteps + 1 : 0;
        if (quietSteps >= settleSteps) {
          stop = 'settled';
          break;
        }
      }
    }
    const qpos = data.qpos as Float64Array;
    const p = (objects.length - 1) * 7;
    const topDisplacement = Math.hypot(
      (qpos[p] as number) - topStart[0],
      (qpos[p + 1] as number) - topStart[1],
      (qpos[p + 2] as number) - topStart[2],
    );
    return {
      collapsed: stop === 'collapse',
      time: step * timestep,
      stop,
      maxTopSpeed,
      topDisplacement,
      steps: step,
    };
  } finally {
    data?.delete();
    model?.delete();
    mujoco.FS.unlink(path);
  }
}

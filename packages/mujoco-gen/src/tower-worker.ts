/**
 * The worker-thread entry of the generator (a tinypool worker): loads
 * MuJoCo once per thread, and the optional render module once, then runs
 * one tower task per call (tower-job.ts).
 */
import { loadMujoco } from './mujoco-loader';
import { runTowerTask, type TowerJobResult, type TowerRenderer, type TowerTask } from './tower-job';

/** A task as sent to a worker: the tower task plus where to find the renderer. */
export interface WorkerTask extends TowerTask {
  /** Module (URL or path) exporting the renderer, or null. */
  renderModule: string | null;
  /** Export name of the renderer in that module. */
  renderExport: string;
}

let renderer: Promise<TowerRenderer | undefined> | undefined;

async function loadRenderer(task: WorkerTask): Promise<TowerRenderer | undefined> {
  if (!task.renderModule) return undefined;
  renderer ??= import(/* @vite-ignore */ task.renderModule).then((mod) => {
    const fn = mod[task.renderExport];
    if (typeof fn !== 'function')
      throw new TypeError(
        `Render module ${task.renderModule} has no function export "${task.renderExport}".`,
      );
    return fn as TowerRenderer;
  });
  return renderer;
}

/** Runs one task. */
export default async function runWorkerTask(task: WorkerTask): Promise<TowerJobResult> {
  const mujoco = task.simulate ? await loadMujoco() : null;
  return runTowerTask(task, mujoco, await loadRenderer(task));
}

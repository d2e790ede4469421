/**
 * The bridge from a sampled tower to its PNG views, in the shape the tower
 * generator takes as its renderer (a `renderTower` export that worker
 * threads load): the tower's objects in the ShapeStacks world with the
 * tower's floor, wall and light choices, from the requested ShapeStacks
 * cameras (numbers 0..3 index `CAMERAS`), at the requested size. One
 * renderer per image size is kept per thread, so each worker builds its
 * textures and camera caches once.
 */
import { CAMERAS, type Camera } from './camera';
import { closeUpCamera } from './close-up-camera';
import { encodePng } from './png';
import { RenderError } from './render-error';
import { createRenderer, type Renderer } from './renderer';
import type { RenderObject } from './scene';

/** What `renderTower` needs of a tower (the generator's sampled towers have these fields and more). */
export interface RenderableTower {
  /** Objects bottom to top. */
  objects: readonly RenderObject[];
  /** ShapeStacks' per-tower choices: floor texture, wall texture, shadow-casting light. */
  scene: { floorTexture: number; wallTexture: number; light: number };
}

/** Which views to render. */
export interface TowerViewRequest {
  /** Width and height of each image in pixels. */
  imageSize: number;
  /** Camera numbers: indices into `CAMERAS` (0 = cam_1, 1 = cam_4, 2 = cam_7, 3 = cam_10). */
  cameras: readonly number[];
}

/** One PNG-encoded view. */
export interface TowerView {
  /** The camera number it was requested with. */
  camera: number;
  /** The PNG file's bytes. */
  png: Uint8Array;
}

const renderers = new Map<number, Renderer>();

/** Renders `tower` from each requested camera and encodes each view as a PNG. */
export function renderTower(tower: RenderableTower, request: TowerViewRequest): TowerView[] {
  return renderViews(tower, request, (camera) => camera);
}

/**
 * As {@link renderTower}, but each camera is moved along its view direction
 * until the tower fills the frame ({@link closeUpCamera}): same heading,
 * pitch and field of view, so small images still show the blocks' offsets.
 */
export function renderTowerCloseUp(tower: RenderableTower, request: TowerViewRequest): TowerView[] {
  return renderViews(tower, request, (camera) => closeUpCamera(camera, tower.objects));
}

function renderViews(
  tower: RenderableTower,
  request: TowerViewRequest,
  frame: (camera: Camera) => Camera,
): TowerView[] {
  for (const camera of request.cameras) {
    if (!Number.isInteger(camera) || camera < 0 || camera >= CAMERAS.length) {
      throw new RenderError(
        `renderTower: camera ${camera} does not exist; cameras are numbered 0 to ${CAMERAS.length - 1} (${CAMERAS.map((c) => c.name).join(', ')})`,
      );
    }
  }
  let renderer = renderers.get(request.imageSize);
  if (!renderer) {
    renderer = createRenderer({ width: request.imageSize, height: request.imageSize });
    renderers.set(request.imageSize, renderer);
  }
  const scene = { objects: tower.objects, ...tower.scene };
  return request.cameras.map((camera) => ({
    camera,
    png: encodePng(renderer.render(scene, frame(CAMERAS[camera]!))),
  }));
}

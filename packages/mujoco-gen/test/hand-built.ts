/** Builds towers by hand for the tests: objects listed bottom to top, stacked from the floor. */
import {
  DENSITY,
  type ObjectShape,
  objectHeight,
  objectQuaternion,
  objectVolume,
  type TowerObject,
  type Vec3,
} from '../src/tower';

export interface HandObject {
  shape: ObjectShape;
  size: readonly [number, number, number];
  x: number;
  y: number;
  yawDeg?: number;
  lying?: boolean;
}

export function buildTower(parts: HandObject[]): TowerObject[] {
  let z = 0;
  return parts.map((p) => {
    const lying = p.lying ?? false;
    const yawDeg = p.yawDeg ?? 0;
    const size: Vec3 = [p.size[0], p.size[1], p.size[2]];
    const h = objectHeight({ shape: p.shape, size, lying });
    const o: TowerObject = {
      shape: p.shape,
      size,
      lying,
      yawDeg,
      position: [p.x, p.y, z + h / 2],
      quaternion: objectQuaternion(yawDeg, lying),
      mass: DENSITY * objectVolume(p.shape, size),
      color: [1, 0, 0],
    };
    z += h;
    return o;
  });
}

export const cube = (edge: number, x: number, y = 0, yawDeg = 0): HandObject => ({
  shape: 'cuboid',
  size: [edge, edge, edge],
  x,
  y,
  yawDeg,
});

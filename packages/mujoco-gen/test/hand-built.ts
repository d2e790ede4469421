/** Builds towers by hand for the tests: objects listed bottom to top, stacked from the floor. */
import { DENSITY, objectHeight, objectQuaternion, objectVolume, type ObjectShape, type TowerObject, type Vec3 } from '../src/tower';

export interface HandObject {
  shape: ObjectShape;
  size: Vec3;
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
    const h = objectHeight({ shape: p.shape, size: p.size, lying });
    const o: TowerObject = {
      shape: p.shape,
      size: p.size,
      lying,
      yawDeg,
      position: [p.x, p.y, z + h / 2],
      quaternion: objectQuaternion(yawDeg, lying),
      mass: DENSITY * objectVolume(p.shape, p.size),
      color: [1, 0, 0],
    };
    z += h;
    return o;
  });
}

export const cube = (edge: number, x: number, y = 0, yawDeg = 0): HandObject => ({ shape: 'cuboid', size: [edge, edge, edge], x, y, yawDeg });

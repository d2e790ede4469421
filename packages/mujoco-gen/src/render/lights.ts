/**
 * The five directional lights of the ShapeStacks world: one straight above
 * and four at the corners (+-9, +-9, 20) aimed at the origin. All five light
 * every image; the scene's `light` index picks the one that casts shadows,
 * as ShapeStacks picks one at random per tower.
 */
import type { Vec3 } from './scene';

/** A directional light. */
export interface DirectionalLight {
  /** Name as in ShapeStacks' world files (`light_0` ... `light_4`). */
  name: string;
  /** Where the light sits (for documentation; a directional light only uses `direction`). */
  position: Vec3;
  /** Direction the light travels, from the light towards the scene (need not be unit length). */
  direction: Vec3;
  /** Diffuse intensity multiplying the surface colour. */
  intensity: number;
}

/**
 * The ShapeStacks lights, in the order of their names. Intensities are ours
 * (MuJoCo's defaults would wash every surface out with five lights): the top
 * light is the strongest so that top faces read as top faces.
 */
export const LIGHTS: readonly DirectionalLight[] = [
  { name: 'light_0', position: [0, 0, 20], direction: [0, 0, -20], intensity: 0.32 },
  { name: 'light_1', position: [-9, -9, 20], direction: [9, 9, -20], intensity: 0.12 },
  { name: 'light_2', position: [-9, 9, 20], direction: [9, -9, -20], intensity: 0.12 },
  { name: 'light_3', position: [9, 9, 20], direction: [-9, -9, -20], intensity: 0.12 },
  { name: 'light_4', position: [9, -9, 20], direction: [-9, 9, -20], intensity: 0.12 },
];

export { drawText, GLYPH_CELL, measureText } from './render/bitmap-font';
export type { Camera, CameraBasis } from './render/camera';
export { CAMERAS, cameraBasis, lookAtCamera, projectPoint } from './render/camera';
export type { ContactSheetOptions, ContactSheetTile } from './render/contact-sheet';
export { composeContactSheet } from './render/contact-sheet';
export type { RayHit } from './render/intersect';
export { intersectObject } from './render/intersect';
export type { DirectionalLight } from './render/lights';
export { LIGHTS } from './render/lights';
export type { PngOptions } from './render/png';
export { decodePng, encodePng, writePngAtomic } from './render/png';
export { RenderError } from './render/render-error';
export type { Renderer, RenderOptions } from './render/renderer';
export { createRenderer, renderScene, WORLD } from './render/renderer';
export type {
  PrimaryColorName,
  Quaternion,
  RenderedImage,
  RenderObject,
  RenderScene,
  RenderShape,
  Vec3,
} from './render/scene';
export { PRIMARY_COLORS, validateScene } from './render/scene';
export { FLOOR_TEXTURES, WALL_TEXTURES } from './render/textures';
export type { ScenarioName } from './scenario-name';
export { formatScenarioName, isGloballyStable, parseScenarioName } from './scenario-name';

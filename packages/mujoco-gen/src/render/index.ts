/**
 * @steth/mujoco-gen/render: the ray caster that draws the tower images of
 * the paper's data (Section 4, after ShapeStacks), the ShapeStacks cameras
 * and world, PNG files and contact sheets, and `renderTower` /
 * `renderTowerCloseUp`, the renderers `generateTowers` loads by default.
 */
export type { RenderStats } from './antialias';
export { drawText, GLYPH_CELL, measureText } from './bitmap-font';
export type { Camera, CameraBasis } from './camera';
export { CAMERAS, cameraBasis, lookAtCamera, projectPoint } from './camera';
export { closeUpCamera } from './close-up-camera';
export type { ContactSheetOptions, ContactSheetTile } from './contact-sheet';
export { composeContactSheet } from './contact-sheet';
export type { RayHit } from './intersect';
export { intersectObject } from './intersect';
export type { DirectionalLight } from './lights';
export { LIGHTS } from './lights';
export type { PngOptions } from './png';
export { encodePng, writePngAtomic } from './png';
export { RenderError } from './render-error';
export type { RenderOptions } from './render-options';
export type { RenderableTower, TowerView, TowerViewRequest } from './render-tower';
export { renderTower, renderTowerCloseUp } from './render-tower';
export type { Renderer } from './renderer';
export { createRenderer, renderScene } from './renderer';
export type { RenderedImage, RenderObject, RenderScene, RenderShape } from './scene';
export { validateScene } from './scene';
export { FLOOR_TEXTURES, WALL_TEXTURES } from './textures';
export { towerBoundingSphere } from './tower-bounding-sphere';
export type { ContactSheetRecord, TowerContactSheetInput } from './tower-contact-sheet';
export { writeTowerContactSheet } from './tower-contact-sheet';
export { WORLD } from './world';

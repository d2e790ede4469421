/**
 * The static ShapeStacks world the towers stand in (Section 4, after
 * ShapeStacks): a floor and two walls, and the ids the ray caster gives
 * each surface it can hit.
 */

/** The static ShapeStacks world the objects stand in. */
export const WORLD = {
  /** The floor is the square `|x|, |y| <= floorHalfSize` at z = 0 (MJCF plane size 10 10). */
  floorHalfSize: 10,
  /** Wall 1 is the plane y = wallDistance, wall 2 the plane x = wallDistance, facing the origin. */
  wallDistance: 10,
  /** Both walls span z = 0 .. wallHeight and the floor's width. */
  wallHeight: 20,
} as const;

/** Surface id of a ray that meets nothing. */
export const SKY = 0;
/** Surface id of the floor. */
export const FLOOR = 1;
/** Surface id of the wall in the plane y = wallDistance. */
export const WALL_Y = 2;
/** Surface id of the wall in the plane x = wallDistance. */
export const WALL_X = 3;
/** Object k has surface id `FIRST_OBJECT + k`. */
export const FIRST_OBJECT = 4;

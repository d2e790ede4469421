/**
 * Hand-built ShapeStacks-like towers for looking at the renderer's output
 * (not sampled: the sampler lives elsewhere in this package). Shared by
 * `render-examples.mjs` and the render benchmark.
 */

const yaw = (deg) => [Math.cos((deg * Math.PI) / 360), 0, 0, Math.sin((deg * Math.PI) / 360)];
/** Lying cylinder: axis turned from z to the horizontal direction at `deg`. */
const lying = (deg) => {
  const a = (deg * Math.PI) / 360;
  // yaw(deg) * rotation of 90 degrees about x
  const s = Math.SQRT1_2;
  return [Math.cos(a) * s, Math.cos(a) * s, Math.sin(a) * s, Math.sin(a) * s];
};
const C = {
  red: [1, 0, 0],
  green: [0, 1, 0],
  blue: [0, 0, 1],
  yellow: [1, 1, 0],
  cyan: [0, 1, 1],
  magenta: [1, 0, 1],
};

/** Stacks objects bottom-up: each entry gives its shape, size, x/y offset and rotation; z follows from heights. */
function stack(shift, parts) {
  let z = 0;
  return parts.map((part) => {
    const height = part.height;
    const object = {
      shape: part.shape,
      size: part.size,
      position: [shift[0] + part.xy[0], shift[1] + part.xy[1], z + height / 2],
      quaternion: part.quaternion ?? [1, 0, 0, 0],
      color: part.color,
    };
    z += height;
    return object;
  });
}

export const EXAMPLE_TOWERS = [
  {
    name: 'stable-4',
    objects: stack(
      [0.4, -0.3],
      [
        {
          shape: 'cuboid',
          size: [0.9, 0.8, 0.6],
          height: 0.6,
          xy: [0, 0],
          quaternion: yaw(10),
          color: C.green,
        },
        { shape: 'cylinder', size: [0.4, 0.4, 0.7], height: 0.7, xy: [0.05, 0.02], color: C.red },
        {
          shape: 'cuboid',
          size: [0.7, 0.6, 0.5],
          height: 0.5,
          xy: [-0.03, 0.05],
          quaternion: yaw(33),
          color: C.blue,
        },
        { shape: 'sphere', size: [0.35, 0.35, 0.35], height: 0.7, xy: [0, 0.02], color: C.yellow },
      ],
    ),
  },
  {
    name: 'overhang-5',
    objects: stack(
      [-0.6, 0.2],
      [
        {
          shape: 'cuboid',
          size: [1.0, 0.7, 0.5],
          height: 0.5,
          xy: [0, 0],
          quaternion: yaw(5),
          color: C.cyan,
        },
        { shape: 'cuboid', size: [0.8, 0.6, 0.6], height: 0.6, xy: [0.4, 0], color: C.magenta },
        { shape: 'cylinder', size: [0.3, 0.3, 0.6], height: 0.6, xy: [0.75, 0.05], color: C.yellow },
        {
          shape: 'cuboid',
          size: [0.9, 0.5, 0.5],
          height: 0.5,
          xy: [1.1, 0.05],
          quaternion: yaw(20),
          color: C.red,
        },
        {
          shape: 'cylinder',
          size: [0.3, 0.3, 0.8],
          height: 0.6,
          xy: [1.45, 0.05],
          quaternion: lying(20),
          color: C.blue,
        },
      ],
    ),
  },
  {
    name: 'mixed-6',
    objects: stack(
      [0.9, 1.1],
      [
        { shape: 'cylinder', size: [0.5, 0.5, 0.6], height: 0.6, xy: [0, 0], color: C.blue },
        {
          shape: 'cuboid',
          size: [0.6, 0.9, 0.55],
          height: 0.55,
          xy: [0.1, -0.05],
          quaternion: yaw(71),
          color: C.yellow,
        },
        {
          shape: 'cuboid',
          size: [0.75, 0.5, 0.7],
          height: 0.7,
          xy: [-0.05, 0],
          quaternion: yaw(-12),
          color: C.green,
        },
        { shape: 'cylinder', size: [0.28, 0.28, 0.9], height: 0.9, xy: [0.02, 0.05], color: C.magenta },
        {
          shape: 'cuboid',
          size: [0.55, 0.55, 0.55],
          height: 0.55,
          xy: [-0.08, 0.04],
          quaternion: yaw(45),
          color: C.cyan,
        },
        { shape: 'sphere', size: [0.3, 0.3, 0.3], height: 0.6, xy: [0.05, 0], color: C.red },
      ],
    ),
  },
];

/**
 * The ray caster that draws the tower images of the paper's data (Section
 * 4, after ShapeStacks): one primary ray per pixel against the objects
 * (culled by their screen-space bounding boxes), the floor and the two
 * walls; Lambert shading from the five directional lights plus a small
 * Blinn-Phong highlight on objects; one shadow ray towards the scene's
 * shadow-casting light (only inside the screen box the tower's shadow can
 * reach, then culled by bounding spheres); then adaptive anti-aliasing:
 * pixels whose surface or shadow state (or, optionally, colour) differs
 * from a neighbour's are re-traced on an `aaGrid x aaGrid` grid and
 * averaged. What each camera sees of the static world (ray, surface,
 * distance, texture colour per pixel) is cached per renderer, so pixels
 * outside every object's box cost a lookup and a shadow test.
 * Deterministic: the same scene and camera give the same bytes.
 */
import { type Camera, cameraBasis, projectPoint } from './camera';
import {
  compileObjects,
  intersectCompiled,
  O_CENTER,
  O_COLOR,
  O_HALF,
  O_RADIUS,
  O_ROT,
  OBJECT_STRIDE,
  SHAPE_SPHERE,
} from './intersect';
import { LIGHTS } from './lights';
import { RenderError } from './render-error';
import { type RenderedImage, type RenderScene, type Vec3, validateScene } from './scene';
import {
  FLOOR_TEXTURES,
  floorTexture,
  type MipTexture,
  sampleTexture,
  WALL_TEXTURES,
  wallTexture,
} from './textures';

/** The static ShapeStacks world the objects stand in. */
export const WORLD = {
  /** The floor is the square `|x|, |y| <= floorHalfSize` at z = 0 (MJCF plane size 10 10). */
  floorHalfSize: 10,
  /** Wall 1 is the plane y = wallDistance, wall 2 the plane x = wallDistance, facing the origin. */
  wallDistance: 10,
  /** Both walls span z = 0 .. wallHeight and the floor's width. */
  wallHeight: 20,
} as const;

/** How to render. */
export interface RenderOptions {
  /** Image width in pixels; default 224. */
  width?: number;
  /** Image height in pixels; default 224. */
  height?: number;
  /** Adaptive anti-aliasing on edges; default true. */
  antialias?: boolean;
  /** Refined pixels are traced on an `aaGrid x aaGrid` grid; default 3 (2 to 8). */
  aaGrid?: number;
  /**
   * A colour step larger than this (0..1, any channel) to a neighbour also
   * triggers refinement; default `Infinity` (off: surface and shadow edges
   * are found by id, and textures are mip-filtered; 0.3 re-traces about 0.2%
   * more pixels, e.g. at specular highlights, and costs ~8% more time).
   */
  aaThreshold?: number;
  /** Trace shadow rays towards the scene's shadow-casting light; default true. */
  shadows?: boolean;
  /** Light that reaches every surface regardless of orientation; default 0.22. */
  ambient?: number;
  /** Diffuse intensity of the shadow-casting (key) light, replacing its fill intensity; default 0.45. */
  keyIntensity?: number;
}

/** A reusable renderer: keeps its work buffers between images of the same size. */
export interface Renderer {
  readonly width: number;
  readonly height: number;
  readonly options: Readonly<Required<RenderOptions>>;
  /** Renders `scene` as seen by `camera`; returns a fresh image. */
  render(scene: RenderScene, camera: Camera): RenderedImage;
  /** Work done by the last `render`: pixels re-traced by anti-aliasing, and primary rays traced. */
  readonly lastStats: RenderStats;
}

/** Work counters of one render (for benchmarks and tests). */
export interface RenderStats {
  /** Pixels the adaptive anti-aliasing re-traced on its grid. */
  refinedPixels: number;
  /** Primary rays traced in total (one per pixel plus the extra grid samples). */
  primaryRays: number;
}

const DEFAULTS: Required<RenderOptions> = {
  width: 224,
  height: 224,
  antialias: true,
  aaGrid: 3,
  aaThreshold: Number.POSITIVE_INFINITY,
  shadows: true,
  ambient: 0.22,
  keyIntensity: 0.45,
};

const SKY = 0;
const FLOOR = 1;
const WALL_Y = 2;
const WALL_X = 3;
const FIRST_OBJECT = 4;
const EPS = 1e-6;
const OBJECT_SPECULAR = 0.3;
/** Extra ambient light on objects, so faces turned from the lights keep their colour (MuJoCo's five lights light them well). */
const OBJECT_AMBIENT = 0.12;
/** Extra ambient light on the walls, which the overhead lights graze (MuJoCo's walls read lighter than ours would). */
const WALL_AMBIENT = 0.3;

function resolveOptions(options: RenderOptions): Required<RenderOptions> {
  // an option given as undefined takes its default
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const o: Required<RenderOptions> = { ...DEFAULTS, ...given };
  for (const key of ['width', 'height'] as const) {
    if (!Number.isInteger(o[key]) || o[key] < 1 || o[key] > 8192) {
      throw new RenderError(`render option ${key} must be an integer from 1 to 8192, got ${o[key]}`);
    }
  }
  if (!Number.isInteger(o.aaGrid) || o.aaGrid < 2 || o.aaGrid > 8) {
    throw new RenderError(`render option aaGrid must be an integer from 2 to 8, got ${o.aaGrid}`);
  }
  for (const key of ['ambient', 'keyIntensity'] as const) {
    if (!Number.isFinite(o[key]) || o[key] < 0) {
      throw new RenderError(`render option ${key} must be a finite number >= 0, got ${o[key]}`);
    }
  }
  if (Number.isNaN(o.aaThreshold) || o.aaThreshold < 0) {
    throw new RenderError(
      `render option aaThreshold must be a number >= 0 (or Infinity), got ${o.aaThreshold}`,
    );
  }
  return o;
}

/** Per-render state of the ray caster; one per `Renderer`, fields reused between images. */
class Tracer {
  // camera
  ox = 0;
  oy = 0;
  oz = 0;
  // objects
  objects: Float64Array = new Float64Array(0);
  count = 0;
  boxes: Int32Array = new Int32Array(0); // per object: i0, i1, j0, j1
  towerX = 0;
  towerY = 0;
  towerZ = 0;
  towerR = -1;
  // world
  floor!: MipTexture;
  wall!: MipTexture;
  caster = 0;
  shadows = true;
  ambient = DEFAULTS.ambient;
  readonly lightDir = new Float64Array(LIGHTS.length * 3); // unit vectors towards each light
  readonly lightPower = new Float64Array(LIGHTS.length);
  /** Pixel footprint per unit distance (world units), for texture filtering. */
  pixelAngle = 0;
  // scratch
  readonly normal = new Float64Array(3);
  readonly hitNormal = new Float64Array(3);
  readonly scratch = new Float64Array(3);
  readonly tex = new Float64Array(3);
  /** Colour of the last `trace`. */
  r = 0;
  g = 0;
  b = 0;

  // camera basis
  fx = 0;
  fy = 0;
  fz = 0;
  rx = 0;
  ry = 0;
  rz = 0;
  ux = 0;
  uy = 0;
  uz = 0;
  /** Unit direction set by `aim`. */
  dx = 0;
  dy = 0;
  dz = 0;

  /** Sets `dx, dy, dz` to the unit ray through image-plane point `(sx, sy)` (at unit distance). */
  aim(sx: number, sy: number): void {
    const dx = this.fx + sx * this.rx + sy * this.ux;
    const dy = this.fy + sx * this.ry + sy * this.uy;
    const dz = this.fz + sx * this.rz + sy * this.uz;
    const inv = 1 / Math.sqrt(dx * dx + dy * dy + dz * dz);
    this.dx = dx * inv;
    this.dy = dy * inv;
    this.dz = dz * inv;
  }

  /** The current camera's cached background surface and texture colours per pixel (see `CameraBackground`). */
  cachedSurface: Uint8Array = new Uint8Array(0);
  floorMap: Float32Array = new Float32Array(0);
  wallMap: Float32Array = new Float32Array(0);
  /** Inclusive pixel box `[i0, i1, j0, j1]` outside which no shadow of the tower can fall. */
  readonly shadowBox = new Int32Array(4);

  /** Distance to the background surface found by the last `intersectBackground`. */
  bgT = 0;
  /** Per background surface (index = surface id): diffuse factor when fully lit, and what the key light adds. */
  readonly bgFactor = new Float64Array(FIRST_OBJECT);
  readonly bgKey = new Float64Array(FIRST_OBJECT);

  /**
   * The nearest of floor and walls along the unit direction `d` closer than
   * `tMax`: returns its surface id (SKY if none) and sets `bgT`.
   */
  intersectBackground(dx: number, dy: number, dz: number, tMax: number): number {
    const ox = this.ox;
    const oy = this.oy;
    const oz = this.oz;
    const half = WORLD.floorHalfSize;
    const wall = WORLD.wallDistance;
    let bestT = tMax;
    let surface = SKY;
    if (dz < 0) {
      const t = -oz / dz;
      if (t < bestT) {
        const x = ox + t * dx;
        const y = oy + t * dy;
        if (x >= -half && x <= half && y >= -half && y <= half) {
          bestT = t;
          surface = FLOOR;
        }
      }
    }
    if (dy > 0) {
      const t = (wall - oy) / dy;
      if (t < bestT) {
        const x = ox + t * dx;
        const z = oz + t * dz;
        if (x >= -half && x <= half && z >= 0 && z <= WORLD.wallHeight) {
          bestT = t;
          surface = WALL_Y;
        }
      }
    }
    if (dx > 0) {
      const t = (wall - ox) / dx;
      if (t < bestT) {
        const y = oy + t * dy;
        const z = oz + t * dz;
        if (y >= -half && y <= half && z >= 0 && z <= WORLD.wallHeight) {
          bestT = t;
          surface = WALL_X;
        }
      }
    }
    this.bgT = bestT;
    return surface;
  }

  /** Sets `r, g, b` to the sky colour in direction `dz` (MuJoCo-style gradient: light blue above, darker at the horizon). */
  sky(dz: number): number {
    const s = dz > 0 ? Math.min(1, dz * 2) : 0;
    this.r = 0.22 + 0.18 * s;
    this.g = 0.3 + 0.3 * s;
    this.b = 0.4 + 0.4 * s;
    return SKY * 2;
  }

  /** Texture colour (rounded to float32, as cached) of background surface `surface` hit at distance `t`; into `tex`. */
  backgroundAlbedo(surface: number, t: number, dx: number, dy: number, dz: number): void {
    const px = this.ox + t * dx;
    const py = this.oy + t * dy;
    const pz = this.oz + t * dz;
    const cosine = surface === FLOOR ? -dz : surface === WALL_Y ? dy : dx;
    const footprint = (t * this.pixelAngle) / Math.sqrt(Math.max(cosine, 0.02));
    const tex = this.tex;
    if (surface === FLOOR) sampleTexture(this.floor, px, py, footprint, tex);
    else sampleTexture(this.wall, surface === WALL_Y ? px : py, pz, footprint, tex);
    tex[0] = Math.fround(tex[0]!);
    tex[1] = Math.fround(tex[1]!);
    tex[2] = Math.fround(tex[2]!);
  }

  /**
   * Lights background surface `surface` at distance `t` along the ray of
   * pixel `(i, j)` with albedo `a`; sets `r, g, b`; returns the pixel id.
   * Shadow rays are cast only inside the screen box the tower's shadow can
   * fall in.
   */
  shadeBackground(
    surface: number,
    t: number,
    dx: number,
    dy: number,
    dz: number,
    ar: number,
    ag: number,
    ab: number,
    i: number,
    j: number,
  ): number {
    let factor = this.bgFactor[surface]!;
    let shadowBit = 0;
    const key = this.bgKey[surface]!;
    if (
      key > 0 &&
      i >= this.shadowBox[0]! &&
      i <= this.shadowBox[1]! &&
      j >= this.shadowBox[2]! &&
      j <= this.shadowBox[3]!
    ) {
      const l = this.caster * 3;
      const ld = this.lightDir;
      if (
        this.occluded(
          this.ox + t * dx,
          this.oy + t * dy,
          this.oz + t * dz,
          ld[l]!,
          ld[l + 1]!,
          ld[l + 2]!,
          -1,
        )
      ) {
        factor -= key;
        shadowBit = 1;
      }
    }
    this.r = ar * factor;
    this.g = ag * factor;
    this.b = ab * factor;
    return surface * 2 + shadowBit;
  }

  /**
   * Traces one primary ray (unit direction) through pixel `(i, j)` (index
   * `p`); sets `r, g, b`; returns the surface id * 2 + shadow bit. Where the
   * ray meets the background surface the pixel centre sees, it takes that
   * pixel's cached texture colour (exact for the centre ray; for
   * anti-aliasing samples the texture is already filtered over the pixel).
   */
  trace(dx: number, dy: number, dz: number, i: number, j: number, p: number): number {
    const ox = this.ox;
    const oy = this.oy;
    const oz = this.oz;
    let bestT = Infinity;
    let hit = -1;
    const boxes = this.boxes;
    const objects = this.objects;
    const hn = this.hitNormal;
    for (let k = 0; k < this.count; k++) {
      const q = k * 4;
      if (i < boxes[q]! || i > boxes[q + 1]! || j < boxes[q + 2]! || j > boxes[q + 3]!) continue;
      const t = intersectCompiled(objects, k, ox, oy, oz, dx, dy, dz, EPS, this.normal, this.scratch);
      if (t < bestT) {
        bestT = t;
        hit = k;
        hn[0] = this.normal[0]!;
        hn[1] = this.normal[1]!;
        hn[2] = this.normal[2]!;
      }
    }
    const surface = this.intersectBackground(dx, dy, dz, bestT);
    if (surface !== SKY) {
      const t = this.bgT;
      if (this.cachedSurface[p] === surface) {
        const map = surface === FLOOR ? this.floorMap : this.wallMap;
        return this.shadeBackground(
          surface,
          t,
          dx,
          dy,
          dz,
          map[p * 3]!,
          map[p * 3 + 1]!,
          map[p * 3 + 2]!,
          i,
          j,
        );
      }
      this.backgroundAlbedo(surface, t, dx, dy, dz);
      return this.shadeBackground(surface, t, dx, dy, dz, this.tex[0]!, this.tex[1]!, this.tex[2]!, i, j);
    }
    if (hit < 0) return this.sky(dz);
    const px = ox + bestT * dx;
    const py = oy + bestT * dy;
    const pz = oz + bestT * dz;
    const nx = hn[0]!;
    const ny = hn[1]!;
    const nz = hn[2]!;
    const c = hit * OBJECT_STRIDE + O_COLOR;
    let diffuse = this.ambient + OBJECT_AMBIENT;
    let highlight = 0;
    let shadowBit = 0;
    const ld = this.lightDir;
    for (let l = 0; l < this.lightPower.length; l++) {
      const lx = ld[l * 3]!;
      const ly = ld[l * 3 + 1]!;
      const lz = ld[l * 3 + 2]!;
      const ndl = nx * lx + ny * ly + nz * lz;
      if (ndl <= 0) continue;
      if (l === this.caster && this.shadows && this.occluded(px, py, pz, lx, ly, lz, hit)) {
        shadowBit = 1;
        continue;
      }
      const power = this.lightPower[l]!;
      diffuse += power * ndl;
      // Blinn-Phong half vector between the light and the eye (-d)
      let hx = lx - dx;
      let hy = ly - dy;
      let hz = lz - dz;
      const inv = 1 / Math.sqrt(hx * hx + hy * hy + hz * hz);
      hx *= inv;
      hy *= inv;
      hz *= inv;
      const nh = nx * hx + ny * hy + nz * hz;
      if (nh > 0) {
        const n2 = nh * nh;
        const n4 = n2 * n2;
        const n8 = n4 * n4;
        const n16 = n8 * n8;
        highlight += power * n16 * n16;
      }
    }
    highlight *= OBJECT_SPECULAR;
    this.r = objects[c]! * diffuse + highlight;
    this.g = objects[c + 1]! * diffuse + highlight;
    this.b = objects[c + 2]! * diffuse + highlight;
    return (FIRST_OBJECT + hit) * 2 + shadowBit;
  }

  /** Whether the ray from `p` towards the light (unit `l`) hits an object other than `self`. */
  occluded(px: number, py: number, pz: number, lx: number, ly: number, lz: number, self: number): boolean {
    if (this.towerR < 0) return false;
    // whole-tower bounding sphere first
    let cx = this.towerX - px;
    let cy = this.towerY - py;
    let cz = this.towerZ - pz;
    let along = cx * lx + cy * ly + cz * lz;
    let r = this.towerR;
    let dist2 = cx * cx + cy * cy + cz * cz;
    if (along < 0 && dist2 > r * r) return false;
    if (dist2 - along * along > r * r) return false;
    const objects = this.objects;
    for (let k = 0; k < this.count; k++) {
      if (k === self) continue;
      const base = k * OBJECT_STRIDE;
      cx = objects[base + O_CENTER]! - px;
      cy = objects[base + O_CENTER + 1]! - py;
      cz = objects[base + O_CENTER + 2]! - pz;
      along = cx * lx + cy * ly + cz * lz;
      r = objects[base + O_RADIUS]!;
      dist2 = cx * cx + cy * cy + cz * cz;
      if (along < 0 && dist2 > r * r) continue;
      if (dist2 - along * along > r * r) continue;
      const t = intersectCompiled(objects, k, px, py, pz, lx, ly, lz, 1e-5, this.normal, this.scratch);
      if (t !== Infinity) return true;
    }
    return false;
  }
}

/** Screen-space bounding box (inclusive pixel ranges, padded by one) of every object, for one camera. */
function computeBoxes(
  objects: Float64Array,
  count: number,
  camera: Camera,
  width: number,
  height: number,
  boxes: Int32Array,
): void {
  const { forward, right, up, tanHalfFovy } = cameraBasis(camera);
  const [cx, cy, cz] = camera.position;
  const aspect = width / height;
  for (let k = 0; k < count; k++) {
    const base = k * OBJECT_STRIDE;
    const sphere = objects[base] === SHAPE_SPHERE;
    let minX = Infinity;
    let maxX = -Infinity;
    let minY = Infinity;
    let maxY = -Infinity;
    let behind = false;
    for (let corner = 0; corner < 8; corner++) {
      const lx = (corner & 1 ? 1 : -1) * objects[base + O_HALF]!;
      const ly = (corner & 2 ? 1 : -1) * objects[base + O_HALF + 1]!;
      const lz = (corner & 4 ? 1 : -1) * objects[base + O_HALF + 2]!;
      let wx = objects[base + O_CENTER]!;
      let wy = objects[base + O_CENTER + 1]!;
      let wz = objects[base + O_CENTER + 2]!;
      if (sphere) {
        wx += lx;
        wy += ly;
        wz += lz;
      } else {
        const r = base + O_ROT;
        wx += objects[r]! * lx + objects[r + 1]! * ly + objects[r + 2]! * lz;
        wy += objects[r + 3]! * lx + objects[r + 4]! * ly + objects[r + 5]! * lz;
        wz += objects[r + 6]! * lx + objects[r + 7]! * ly + objects[r + 8]! * lz;
      }
      const dx = wx - cx;
      const dy = wy - cy;
      const dz = wz - cz;
      const depth = dx * forward[0] + dy * forward[1] + dz * forward[2];
      if (depth < 1e-3) {
        behind = true;
        break;
      }
      const sx = ((dx * right[0] + dy * right[1] + dz * right[2]) / depth / (tanHalfFovy * aspect) + 1) / 2;
      const sy = (1 - (dx * up[0] + dy * up[1] + dz * up[2]) / depth / tanHalfFovy) / 2;
      const x = sx * width - 0.5;
      const y = sy * height - 0.5;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    const q = k * 4;
    if (behind) {
      boxes[q] = -1;
      boxes[q + 1] = width;
      boxes[q + 2] = -1;
      boxes[q + 3] = height;
    } else {
      boxes[q] = Math.floor(minX) - 1;
      boxes[q + 1] = Math.ceil(maxX) + 1;
      boxes[q + 2] = Math.floor(minY) - 1;
      boxes[q + 3] = Math.ceil(maxY) + 1;
    }
  }
}

/**
 * The screen box outside which the tower casts no shadow on floor or walls:
 * the tower's bounding sphere projected along the key light onto each plane
 * the light falls on is an ellipse inside a disc of radius R / cos(angle of
 * incidence); the box bounds those discs' corners in the image.
 */
function computeShadowBox(t: Tracer, camera: Camera, width: number, height: number, shadows: boolean): void {
  const box = t.shadowBox;
  box[0] = 0;
  box[1] = -1;
  box[2] = 0;
  box[3] = -1;
  if (!shadows || t.towerR < 0) return;
  const l = t.caster * 3;
  const lx = t.lightDir[l]!;
  const ly = t.lightDir[l + 1]!;
  const lz = t.lightDir[l + 2]!;
  const corners: Vec3[] = [];
  const wall = WORLD.wallDistance;
  // floor: normal +z, lit if lz > 0; walls: normals -y and -x
  const planes = [
    { cos: lz, axis: 2, level: 0, u: 0, v: 1 },
    { cos: -ly, axis: 1, level: wall, u: 0, v: 2 },
    { cos: -lx, axis: 0, level: wall, u: 1, v: 2 },
  ];
  const centre = [t.towerX, t.towerY, t.towerZ];
  const dir = [lx, ly, lz];
  for (const plane of planes) {
    if (plane.cos <= 1e-6) continue; // the light does not fall on this plane
    // slide the centre away from the light onto the plane
    const s = (centre[plane.axis]! - plane.level) / dir[plane.axis]!;
    const hit = [centre[0]! - s * lx, centre[1]! - s * ly, centre[2]! - s * lz];
    const r = t.towerR / plane.cos;
    for (const du of [-r, r]) {
      for (const dv of [-r, r]) {
        const c = [...hit];
        c[plane.u] = c[plane.u]! + du;
        c[plane.v] = c[plane.v]! + dv;
        corners.push(c as unknown as Vec3);
      }
    }
  }
  let i0 = Infinity;
  let i1 = -Infinity;
  let j0 = Infinity;
  let j1 = -Infinity;
  for (const corner of corners) {
    const p = projectPoint(camera, corner, width, height);
    if (!p) {
      // part of the region is behind the camera: give up culling
      box[0] = -1;
      box[1] = width;
      box[2] = -1;
      box[3] = height;
      return;
    }
    i0 = Math.min(i0, p.x);
    i1 = Math.max(i1, p.x);
    j0 = Math.min(j0, p.y);
    j1 = Math.max(j1, p.y);
  }
  if (corners.length === 0) return;
  box[0] = Math.floor(i0) - 1;
  box[1] = Math.ceil(i1) + 1;
  box[2] = Math.floor(j0) - 1;
  box[3] = Math.ceil(j1) + 1;
}

/** What a camera sees of the static world at each pixel centre, cached per renderer and camera. */
interface CameraBackground {
  /** Background surface id per pixel (sky, floor or a wall). */
  surface: Uint8Array;
  /** Distance to it along the pixel's unit ray. */
  depth: Float64Array;
  /** The unit ray through each pixel centre (x, y, z). */
  rays: Float64Array;
  /** Texture colour per pixel (RGB) for each floor texture index used so far. */
  floor: Float32Array[];
  /** Texture colour per pixel (RGB) for each wall texture index used so far (both walls). */
  wall: Float32Array[];
}

/** Cameras whose backgrounds one renderer keeps (about 1.7 MB each plus 0.6 MB per texture used, at 224 x 224). */
const MAX_CACHED_CAMERAS = 16;

/** Creates a renderer for images of one size; see `RenderOptions` for the defaults. */
export function createRenderer(options: RenderOptions = {}): Renderer {
  const opts = resolveOptions(options);
  const { width, height } = opts;
  const pixels = width * height;
  const color = new Float32Array(pixels * 3);
  const ids = new Int32Array(pixels);
  const refine = new Uint8Array(pixels);
  const tracer = new Tracer();
  const lastStats: RenderStats = { refinedPixels: 0, primaryRays: 0 };
  const backgrounds = new Map<string, CameraBackground>();

  function render(scene: RenderScene, camera: Camera): RenderedImage {
    validateScene(scene, {
      floorTextures: FLOOR_TEXTURES.length,
      wallTextures: WALL_TEXTURES.length,
      lights: LIGHTS.length,
    });
    const { forward, right, up, tanHalfFovy } = cameraBasis(camera);
    const t = tracer;
    t.ox = camera.position[0];
    t.oy = camera.position[1];
    t.oz = camera.position[2];
    t.objects = compileObjects(scene.objects);
    t.count = scene.objects.length;
    if (t.boxes.length < t.count * 4) t.boxes = new Int32Array(t.count * 4);
    computeBoxes(t.objects, t.count, camera, width, height, t.boxes);
    // bounding sphere of the whole tower (centroid of centres, radius covering every object's sphere)
    t.towerR = -1;
    if (t.count > 0) {
      let sx = 0;
      let sy = 0;
      let sz = 0;
      for (let k = 0; k < t.count; k++) {
        sx += t.objects[k * OBJECT_STRIDE + O_CENTER]!;
        sy += t.objects[k * OBJECT_STRIDE + O_CENTER + 1]!;
        sz += t.objects[k * OBJECT_STRIDE + O_CENTER + 2]!;
      }
      t.towerX = sx / t.count;
      t.towerY = sy / t.count;
      t.towerZ = sz / t.count;
      let radius = 0;
      for (let k = 0; k < t.count; k++) {
        const b = k * OBJECT_STRIDE;
        const d = Math.hypot(
          t.objects[b + O_CENTER]! - t.towerX,
          t.objects[b + O_CENTER + 1]! - t.towerY,
          t.objects[b + O_CENTER + 2]! - t.towerZ,
        );
        radius = Math.max(radius, d + t.objects[b + O_RADIUS]!);
      }
      t.towerR = radius;
    }
    t.floor = floorTexture(scene.floorTexture);
    t.wall = wallTexture(scene.wallTexture);
    t.caster = scene.light;
    t.shadows = opts.shadows;
    t.ambient = opts.ambient;
    LIGHTS.forEach((light, l) => {
      const [x, y, z] = light.direction;
      const n = Math.hypot(x, y, z);
      t.lightDir[l * 3] = -x / n;
      t.lightDir[l * 3 + 1] = -y / n;
      t.lightDir[l * 3 + 2] = -z / n;
      t.lightPower[l] = l === scene.light ? opts.keyIntensity : light.intensity;
    });
    t.pixelAngle = (2 * tanHalfFovy) / height;

    [t.fx, t.fy, t.fz] = forward;
    [t.rx, t.ry, t.rz] = right;
    [t.ux, t.uy, t.uz] = up;
    const kx = (2 * tanHalfFovy * (width / height)) / width;
    const ky = (2 * tanHalfFovy) / height;
    const x0 = -tanHalfFovy * (width / height);
    const y0 = tanHalfFovy;

    // lighting of the floor and walls: constant over each plane except for the key light's shadow
    for (const surface of [FLOOR, WALL_Y, WALL_X]) {
      const nx = surface === WALL_X ? -1 : 0;
      const ny = surface === WALL_Y ? -1 : 0;
      const nz = surface === FLOOR ? 1 : 0;
      let factor = surface === FLOOR ? opts.ambient : opts.ambient + WALL_AMBIENT;
      for (let l = 0; l < LIGHTS.length; l++) {
        const ndl = nx * t.lightDir[l * 3]! + ny * t.lightDir[l * 3 + 1]! + nz * t.lightDir[l * 3 + 2]!;
        if (ndl > 0) factor += t.lightPower[l]! * ndl;
        if (l === scene.light) t.bgKey[surface] = ndl > 0 ? t.lightPower[l]! * ndl : 0;
      }
      t.bgFactor[surface] = factor;
    }

    // per camera: which background surface each pixel centre sees, how far, and its texture colours
    const cameraKey = `${camera.position.join(',')}|${camera.yaw}|${camera.pitch}|${camera.fovy}`;
    let background = backgrounds.get(cameraKey);
    if (!background) {
      if (backgrounds.size >= MAX_CACHED_CAMERAS) backgrounds.clear();
      background = {
        surface: new Uint8Array(pixels),
        depth: new Float64Array(pixels),
        rays: new Float64Array(pixels * 3),
        floor: [],
        wall: [],
      };
      for (let j = 0; j < height; j++) {
        for (let i = 0; i < width; i++) {
          t.aim(x0 + (i + 0.5) * kx, y0 - (j + 0.5) * ky);
          const p = j * width + i;
          background.rays[p * 3] = t.dx;
          background.rays[p * 3 + 1] = t.dy;
          background.rays[p * 3 + 2] = t.dz;
          background.surface[p] = t.intersectBackground(t.dx, t.dy, t.dz, Infinity);
          background.depth[p] = t.bgT;
        }
      }
      backgrounds.set(cameraKey, background);
    }
    const bgSurface = background.surface;
    const bgDepth = background.depth;
    const rays = background.rays;
    background.floor[scene.floorTexture] ??= albedoMap(background, FLOOR);
    background.wall[scene.wallTexture] ??= albedoMap(background, WALL_Y);
    const floorAlbedo = background.floor[scene.floorTexture]!;
    const wallAlbedo = background.wall[scene.wallTexture]!;
    t.cachedSurface = bgSurface;
    t.floorMap = floorAlbedo;
    t.wallMap = wallAlbedo;
    computeShadowBox(t, camera, width, height, opts.shadows);
    function albedoMap(bg: CameraBackground, kind: number): Float32Array {
      const map = new Float32Array(pixels * 3);
      for (let j = 0; j < height; j++) {
        for (let i = 0; i < width; i++) {
          const p = j * width + i;
          const surface = bg.surface[p]!;
          if (surface === SKY || (kind === FLOOR) !== (surface === FLOOR)) continue;
          t.aim(x0 + (i + 0.5) * kx, y0 - (j + 0.5) * ky);
          t.backgroundAlbedo(surface, bg.depth[p]!, t.dx, t.dy, t.dz);
          map[p * 3] = t.tex[0]!;
          map[p * 3 + 1] = t.tex[1]!;
          map[p * 3 + 2] = t.tex[2]!;
        }
      }
      return map;
    }

    // union of the objects' screen boxes: pixels outside it see only the background
    let ui0 = width;
    let ui1 = -1;
    let uj0 = height;
    let uj1 = -1;
    for (let k = 0; k < t.count; k++) {
      ui0 = Math.min(ui0, t.boxes[k * 4]!);
      ui1 = Math.max(ui1, t.boxes[k * 4 + 1]!);
      uj0 = Math.min(uj0, t.boxes[k * 4 + 2]!);
      uj1 = Math.max(uj1, t.boxes[k * 4 + 3]!);
    }

    // pass 1: one ray through every pixel centre
    for (let j = 0; j < height; j++) {
      const rowCovered = j >= uj0 && j <= uj1;
      for (let i = 0; i < width; i++) {
        const p = j * width + i;
        const dx = rays[p * 3]!;
        const dy = rays[p * 3 + 1]!;
        const dz = rays[p * 3 + 2]!;
        let covered = false;
        if (rowCovered && i >= ui0 && i <= ui1) {
          for (let k = 0; k < t.count; k++) {
            const q = k * 4;
            if (i >= t.boxes[q]! && i <= t.boxes[q + 1]! && j >= t.boxes[q + 2]! && j <= t.boxes[q + 3]!) {
              covered = true;
              break;
            }
          }
        }
        if (covered) {
          ids[p] = t.trace(dx, dy, dz, i, j, p);
        } else {
          const surface = bgSurface[p]!;
          if (surface === SKY) {
            ids[p] = t.sky(dz);
          } else {
            const map = surface === FLOOR ? floorAlbedo : wallAlbedo;
            ids[p] = t.shadeBackground(
              surface,
              bgDepth[p]!,
              dx,
              dy,
              dz,
              map[p * 3]!,
              map[p * 3 + 1]!,
              map[p * 3 + 2]!,
              i,
              j,
            );
          }
        }
        color[p * 3] = t.r;
        color[p * 3 + 1] = t.g;
        color[p * 3 + 2] = t.b;
      }
    }

    // pass 2: re-trace pixels on edges (surface, shadow or colour steps) on a grid
    lastStats.refinedPixels = 0;
    lastStats.primaryRays = pixels;
    if (opts.antialias) {
      refine.fill(0);
      const threshold = opts.aaThreshold;
      const byColour = threshold !== Number.POSITIVE_INFINITY;
      for (let j = 0; j < height; j++) {
        for (let i = 0; i < width; i++) {
          const p = j * width + i;
          if (i + 1 < width && differs(p, p + 1)) {
            refine[p] = 1;
            refine[p + 1] = 1;
          }
          if (j + 1 < height && differs(p, p + width)) {
            refine[p] = 1;
            refine[p + width] = 1;
          }
        }
      }
      function differs(p: number, q: number): boolean {
        if (ids[p] !== ids[q]) return true;
        if (!byColour) return false;
        return (
          Math.abs(color[p * 3]! - color[q * 3]!) > threshold ||
          Math.abs(color[p * 3 + 1]! - color[q * 3 + 1]!) > threshold ||
          Math.abs(color[p * 3 + 2]! - color[q * 3 + 2]!) > threshold
        );
      }
      const grid = opts.aaGrid;
      const odd = grid % 2 === 1;
      const centre = (grid - 1) / 2;
      const samples = grid * grid;
      for (let j = 0; j < height; j++) {
        for (let i = 0; i < width; i++) {
          const p = j * width + i;
          if (refine[p] === 0) continue;
          lastStats.refinedPixels++;
          lastStats.primaryRays += odd ? samples - 1 : samples;
          let r = 0;
          let g = 0;
          let b = 0;
          for (let a = 0; a < grid; a++) {
            const sy = y0 - (j + (a + 0.5) / grid) * ky;
            for (let c = 0; c < grid; c++) {
              if (odd && a === centre && c === centre) {
                r += color[p * 3]!;
                g += color[p * 3 + 1]!;
                b += color[p * 3 + 2]!;
                continue;
              }
              t.aim(x0 + (i + (c + 0.5) / grid) * kx, sy);
              t.trace(t.dx, t.dy, t.dz, i, j, p);
              r += t.r;
              g += t.g;
              b += t.b;
            }
          }
          color[p * 3] = r / samples;
          color[p * 3 + 1] = g / samples;
          color[p * 3 + 2] = b / samples;
        }
      }
    }

    const data = new Uint8ClampedArray(pixels * 4);
    for (let p = 0; p < pixels; p++) {
      data[p * 4] = color[p * 3]! * 255;
      data[p * 4 + 1] = color[p * 3 + 1]! * 255;
      data[p * 4 + 2] = color[p * 3 + 2]! * 255;
      data[p * 4 + 3] = 255;
    }
    return { width, height, data };
  }

  return { width, height, options: opts, render, lastStats };
}

/** Renders one image (a one-off `createRenderer(options).render(scene, camera)`). */
export function renderScene(scene: RenderScene, camera: Camera, options: RenderOptions = {}): RenderedImage {
  return createRenderer(options).render(scene, camera);
}

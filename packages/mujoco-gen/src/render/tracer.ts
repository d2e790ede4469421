/**
 * The ray caster behind the tower images of the paper's data (Section 4,
 * after ShapeStacks): one ray against the objects (culled by their screen
 * boxes), the floor and the two walls; Lambert shading from the five
 * directional lights plus a small Blinn-Phong highlight on objects; one
 * shadow ray towards the scene's shadow-casting light, culled first by the
 * tower's bounding sphere and then by each object's. A `Tracer` holds the
 * state of one scene and camera (`load`); its fields are reused between
 * images.
 */
import { type Camera, cameraBasis } from './camera';
import { compileObjects, intersectCompiled, O_CENTER, O_COLOR, O_RADIUS, OBJECT_STRIDE } from './intersect';
import { LIGHTS } from './lights';
import { RENDER_DEFAULTS, type RenderOptions } from './render-options';
import type { RenderScene } from './scene';
import { computeScreenBoxes } from './screen-boxes';
import { floorTexture, type MipTexture, sampleTexture, wallTexture } from './textures';
import { towerBoundingSphere } from './tower-bounding-sphere';
import { FIRST_OBJECT, FLOOR, SKY, WALL_X, WALL_Y, WORLD } from './world';

const EPS = 1e-6;
const OBJECT_SPECULAR = 0.3;
/** Extra ambient light on objects, so faces turned from the lights keep their colour (MuJoCo's five lights light them well). */
const OBJECT_AMBIENT = 0.12;
/** Extra ambient light on the walls, which the overhead lights graze (MuJoCo's walls read lighter than ours would). */
const WALL_AMBIENT = 0.3;

/** Per-render state of the ray caster; one per `Renderer`, fields reused between images. */
export class Tracer {
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
  ambient = RENDER_DEFAULTS.ambient;
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

  /** Image-plane point of pixel `(i, j)`'s corner: `x = x0 + i * kx`, `y = y0 - j * ky` (set by `load`). */
  x0 = 0;
  y0 = 0;
  kx = 0;
  ky = 0;

  /**
   * Sets up the tracer for `scene` seen by `camera` on a `width x height`
   * image: camera, objects and their screen boxes, the tower's bounding
   * sphere, textures, lights and the floor's and walls' lighting.
   */
  load(
    scene: RenderScene,
    camera: Camera,
    opts: Readonly<Required<RenderOptions>>,
    width: number,
    height: number,
  ): void {
    const { forward, right, up, tanHalfFovy } = cameraBasis(camera);
    this.ox = camera.position[0];
    this.oy = camera.position[1];
    this.oz = camera.position[2];
    this.objects = compileObjects(scene.objects);
    this.count = scene.objects.length;
    if (this.boxes.length < this.count * 4) this.boxes = new Int32Array(this.count * 4);
    computeScreenBoxes(this.objects, this.count, camera, width, height, this.boxes);
    // the tower's bounding sphere (the close-up framing's), for shadow culling
    this.towerR = -1;
    if (this.count > 0) {
      const { centre, radius } = towerBoundingSphere(scene.objects);
      [this.towerX, this.towerY, this.towerZ] = centre;
      this.towerR = radius;
    }
    this.floor = floorTexture(scene.floorTexture);
    this.wall = wallTexture(scene.wallTexture);
    this.caster = scene.light;
    this.shadows = opts.shadows;
    this.ambient = opts.ambient;
    LIGHTS.forEach((light, l) => {
      const [x, y, z] = light.direction;
      const n = Math.hypot(x, y, z);
      this.lightDir[l * 3] = -x / n;
      this.lightDir[l * 3 + 1] = -y / n;
      this.lightDir[l * 3 + 2] = -z / n;
      this.lightPower[l] = l === scene.light ? opts.keyIntensity : light.intensity;
    });
    this.pixelAngle = (2 * tanHalfFovy) / height;

    [this.fx, this.fy, this.fz] = forward;
    [this.rx, this.ry, this.rz] = right;
    [this.ux, this.uy, this.uz] = up;
    this.kx = (2 * tanHalfFovy * (width / height)) / width;
    this.ky = (2 * tanHalfFovy) / height;
    this.x0 = -tanHalfFovy * (width / height);
    this.y0 = tanHalfFovy;

    // lighting of the floor and walls: constant over each plane except for the key light's shadow
    for (const surface of [FLOOR, WALL_Y, WALL_X]) {
      const nx = surface === WALL_X ? -1 : 0;
      const ny = surface === WALL_Y ? -1 : 0;
      const nz = surface === FLOOR ? 1 : 0;
      let factor = surface === FLOOR ? opts.ambient : opts.ambient + WALL_AMBIENT;
      for (let l = 0; l < LIGHTS.length; l++) {
        const ndl =
          nx * this.lightDir[l * 3]! + ny * this.lightDir[l * 3 + 1]! + nz * this.lightDir[l * 3 + 2]!;
        if (ndl > 0) factor += this.lightPower[l]! * ndl;
        if (l === scene.light) this.bgKey[surface] = ndl > 0 ? this.lightPower[l]! * ndl : 0;
      }
      this.bgFactor[surface] = factor;
    }
  }
}

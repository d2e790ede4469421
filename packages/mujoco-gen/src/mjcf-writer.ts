/**
 * Writes a tower as a MuJoCo MJCF model, with ShapeStacks' physics settings
 * (paper Section 4 uses ShapeStacks' MuJoCo scenes): timestep 0.003 s,
 * Newton solver, elliptic friction cones, condim 6 (sliding, torsional and
 * rolling friction, so a sphere on top does not roll off a still tower).
 * One addition: `multiccd` is enabled. Without it MuJoCo's convex collider
 * gives a single contact point between a flat cylinder face and another
 * flat face, and a standing cylinder rocks on it (measured: a box resting
 * well inside a cylinder's face reached 0.22 m/s, a false collapse); with it
 * flat cylinder contacts get several points and rest still. MuJoCo 3.3's
 * native convex collider (`nativeccd`, the default) combined with multiccd
 * produced exploding contacts for a box resting off-centre on a narrower
 * cylinder (10.9 m/s within 0.5 s), while libccd with multiccd rests at
 * 0.006 m/s, so multiccd comes with `nativeccd="disable"`.
 *
 * Contacts are stiffer than MuJoCo's default (solref time constant 0.006
 * instead of 0.02) and rolling friction is 0.01 instead of 0.0001. With the
 * defaults, tall stable towers kept rocking on their soft contacts (the
 * bottom object tilting by up to 0.004 rad, never damping out), and a
 * sphere or lying cylinder on top rolled off after 2-4 s: the simulation
 * called a third of the stable towers with a round top object collapsed.
 * Stiffer contacts cut the rocking tenfold and the rolling friction holds a
 * round top object on a face tilted by less than about 0.01 / r rad.
 */
import type { TowerObject } from './tower';

/** Physics settings of the written model. */
export interface MjcfConfig {
  /** Integration timestep (s). Default 0.003 (ShapeStacks). */
  timestep?: number;
  /** Contact dimensionality. Default 6 (ShapeStacks). */
  condim?: 1 | 3 | 4 | 6;
  /** Sliding, torsional and rolling friction. Default [1, 0.005, 0.01]: MuJoCo's sliding and torsional defaults, rolling friction raised from 0.0001 (see the module comment). */
  friction?: [number, number, number];
  /** Contact time constant and damping ratio. Default [0.006, 1]: the stiffest MuJoCo allows at timestep 0.003 (it clamps the time constant to 2 x timestep). */
  solref?: [number, number];
  /** Enable multiple contact points for convex pairs (flat cylinder faces), with libccd instead of nativeccd. Default true. */
  multiccd?: boolean;
}

const f = (x: number) => (Math.abs(x) < 1e-12 ? '0' : Number(x.toFixed(9)).toString());
const list = (xs: readonly number[]) => xs.map(f).join(' ');
const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

function geomOf(o: TowerObject): string {
  const rgba = `${list(o.color)} 1`;
  if (o.shape === 'cuboid')
    return `<geom type="box" size="${list(o.size.map((s) => s / 2))}" mass="${f(o.mass)}" rgba="${rgba}"/>`;
  if (o.shape === 'cylinder')
    return `<geom type="cylinder" size="${f(o.size[0])} ${f(o.size[2] / 2)}" mass="${f(o.mass)}" rgba="${rgba}"/>`;
  return `<geom type="sphere" size="${f(o.size[0])}" mass="${f(o.mass)}" rgba="${rgba}"/>`;
}

/** The MJCF text of a tower: a 10 x 10 floor at z = 0 and one free body per object, `object_1` at the bottom. */
export function towerToMjcf(name: string, objects: readonly TowerObject[], config: MjcfConfig = {}): string {
  const {
    timestep = 0.003,
    condim = 6,
    friction = [1, 0.005, 0.01],
    solref = [0.006, 1],
    multiccd = true,
  } = config;
  const bodies = objects
    .map(
      (o, i) =>
        `    <body name="object_${i + 1}" pos="${list(o.position)}" quat="${list(o.quaternion)}">\n` +
        `      <freejoint name="object_${i + 1}"/>\n      ${geomOf(o)}\n    </body>`,
    )
    .join('\n');
  return `<mujoco model="${escapeXml(name)}">
  <option timestep="${f(timestep)}" solver="Newton" cone="elliptic" gravity="0 0 -9.81">
    <flag multiccd="${multiccd ? 'enable' : 'disable'}" nativeccd="${multiccd ? 'disable' : 'enable'}"/>
  </option>
  <default>
    <geom condim="${condim}" friction="${list(friction)}" solref="${list(solref)}"/>
  </default>
  <worldbody>
    <geom name="floor" type="plane" size="5 5 0.1" rgba="0.8 0.8 0.8 1"/>
${bodies}
  </worldbody>
</mujoco>
`;
}

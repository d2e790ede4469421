/**
 * Figures of a sweep, drawn with vega-lite (compiled to vega, rendered to
 * SVG headless in Node) and rasterised to PNG with resvg. The default chart
 * is the paper's: a metric against lambda, one line per series (e.g. hint
 * quality) with its Student-t 1-sigma band, as in Figs. 9 and 10, and each
 * seed's value drawn as a small hollow point beside the mean, so the reader
 * sees the seed noise the verdicts test against.
 */
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { writeFileAtomicSync } from '@steth/atomic-file';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** One plotted value. */
export interface LinePoint {
  /** x value (e.g. lambda). */
  x: number;
  /** Mean. */
  mean: number;
  /** Lower end of the band. */
  lower: number;
  /** Upper end of the band. */
  upper: number;
  /** Series (line) the value belongs to. */
  series: string;
  /** Each seed's value (drawn as hollow points); default none. */
  values?: readonly number[];
}

/** Flattens each seed's value of `points` into rows of their own (the `values` field becomes `value`). */
export function seedRows<T extends { values?: readonly number[] }>(
  points: readonly T[],
): (Omit<T, 'values'> & { value: number })[] {
  return points.flatMap(({ values, ...rest }) =>
    (values ?? []).filter((v) => Number.isFinite(v)).map((value) => ({ ...rest, value })),
  );
}

/** The mark of per-seed points: small, hollow, so the mean line stays readable. */
export const SEED_POINT_MARK = {
  type: 'point',
  filled: false,
  size: 22,
  opacity: 0.75,
  strokeWidth: 1,
} as const;

/** Configures {@link lineFigureSpec}. */
export interface LineFigureConfig {
  /** Chart title. Required. */
  title: string;
  /** The values. Required. */
  data: readonly LinePoint[];
  /** x-axis title; default `'lambda'`. */
  xTitle?: string;
  /** y-axis title; default `'accuracy'`. */
  yTitle?: string;
  /** Legend title; default `'series'`. */
  seriesTitle?: string;
  /** x scale: `'symlog'` (shows 0 and both signs over decades; default) or `'linear'`. */
  xScale?: 'symlog' | 'linear';
  /** y domain, or `'auto'` (fitted to the data, not from zero); default `[0, 1]`. */
  yDomain?: [number, number] | 'auto';
  /** Plot width and height in px; default 420 x 280. */
  width?: number;
  height?: number;
}

/** A vega-lite spec of mean lines with 1-sigma bands and per-seed points. */
export function lineFigureSpec(config: LineFigureConfig): TopLevelSpec {
  // On a symlog scale vega's own ticks fall between the swept values and leave most of them
  // unlabelled; tick exactly the values swept instead.
  const sweptX = [...new Set(config.data.map((d) => d.x))].sort((a, b) => a - b);
  const x = {
    field: 'x',
    type: 'quantitative' as const,
    title: config.xTitle ?? 'lambda',
    scale:
      config.xScale === 'linear'
        ? { type: 'linear' as const }
        : { type: 'symlog' as const, constant: 0.1, padding: 12 },
    // '.6~g', not '~g': vega sets '~g''s precision from the tick spacing, which printed -10 beside
    // -0.3 as '-1e+1' and 32 as '3e+1'.
    axis: config.xScale === 'linear' ? {} : { values: sweptX, labelFlush: false, format: '.6~g' },
  };
  const color = {
    field: 'series',
    type: 'nominal' as const,
    title: config.seriesTitle ?? 'series',
    // series names like 'stethoscope after lambda = -0.3' are longer than vega-lite's default 160 px
    legend: { labelLimit: 360 },
  };
  const yScale = config.yDomain === 'auto' ? { zero: false } : { domain: config.yDomain ?? [0, 1] };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: config.title,
    width: config.width ?? 420,
    height: config.height ?? 280,
    background: 'white',
    data: { values: config.data.map(({ values: _, ...d }) => d) },
    layer: [
      {
        mark: { type: 'area', opacity: 0.25 },
        encoding: {
          x,
          y: { field: 'lower', type: 'quantitative', scale: yScale, title: config.yTitle ?? 'accuracy' },
          y2: { field: 'upper' },
          color,
        },
      },
      {
        mark: { type: 'line', point: true, strokeWidth: 2.5 },
        encoding: {
          x,
          y: { field: 'mean', type: 'quantitative', scale: yScale, title: config.yTitle ?? 'accuracy' },
          color,
        },
      },
      {
        data: { values: seedRows(config.data) },
        mark: { ...SEED_POINT_MARK, clip: true },
        encoding: {
          x,
          y: { field: 'value', type: 'quantitative', scale: yScale, title: config.yTitle ?? 'accuracy' },
          color,
        },
      },
    ],
  };
}

/** Renders a vega-lite spec to an SVG string (headless, no browser). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Rasterises an SVG to PNG at `scale` times its size, on white. */
export function svgToPng(svg: string, scale = 2): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { loadSystemFonts: true },
  });
  return Buffer.from(resvg.render().asPng());
}

/** Writes `<name>.svg` and `<name>.png` into `dir`; returns their file names. */
export async function writeFigure(
  dir: string,
  name: string,
  spec: TopLevelSpec,
): Promise<{ svg: string; png: string }> {
  const svg = await renderSvg(spec);
  writeFileAtomicSync(join(dir, `${name}.svg`), svg);
  writeFileAtomicSync(join(dir, `${name}.png`), svgToPng(svg));
  return { svg: `${name}.svg`, png: `${name}.png` };
}

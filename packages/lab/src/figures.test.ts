import { describe, expect, it } from 'vitest';
import { lineFigureSpec, renderSvg, seedRows } from './figures';

const data = [
  { x: -1, mean: 0.8, lower: 0.78, upper: 0.82, series: 'q_h = 1.0', values: [0.79, 0.8, 0.81] },
  { x: 0, mean: 0.5, lower: 0.45, upper: 0.55, series: 'q_h = 1.0', values: [0.45, 0.5, Number.NaN, 0.55] },
  { x: 1, mean: 0.4, lower: 0.4, upper: 0.4, series: 'q_h = 1.0' },
];

describe('seedRows', () => {
  it("gives one row per finite seed value, with the point's other fields", () => {
    expect(seedRows(data).map((r) => [r.x, r.value])).toEqual([
      [-1, 0.79],
      [-1, 0.8],
      [-1, 0.81],
      [0, 0.45],
      [0, 0.5],
      [0, 0.55],
    ]);
  });
});

describe('lineFigureSpec', () => {
  it('draws the band, the mean line and every seed as a hollow point', async () => {
    const spec = lineFigureSpec({ title: 'seeds', data }) as unknown as {
      data: { values: object[] };
      layer: { mark: { type: string; filled?: boolean }; data?: { values: object[] } }[];
    };
    expect(spec.layer.map((l) => l.mark.type)).toEqual(['area', 'line', 'point']);
    expect(spec.layer[2]!.mark.filled).toBe(false);
    expect(spec.layer[2]!.data!.values).toHaveLength(6);
    // The means' rows carry no seed values: the seed points have data of their own.
    expect(spec.data.values.every((v) => !('values' in v))).toBe(true);
    const svg = await renderSvg(spec as never);
    // Vega writes one symbol path per mark item: 3 means on the line plus 6 seeds.
    const symbols = svg.match(/<g class="mark-symbol role-mark[^"]*"[^>]*>(.*?)<\/g>/gs) ?? [];
    expect(symbols).toHaveLength(2);
    const items = symbols.map((g) => (g.match(/<path /g) ?? []).length).sort((a, b) => a - b);
    expect(items).toEqual([3, 6]);
  });
});

describe('lineFigureSpec x axis', () => {
  it('ticks and labels exactly the swept values on the symlog scale', async () => {
    const labelsOf = async (xs: number[]) => {
      const swept = xs.map((x, i) => ({ ...data[i % 3]!, x }));
      const svg = await renderSvg(lineFigureSpec({ title: 'ticks', data: swept }));
      const xAxis = svg.match(/<g class="mark-text role-axis-label"[^>]*>(.*?)<\/g>/gs)?.[0] ?? '';
      return [...xAxis.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    };
    expect(await labelsOf([-3, -1, -0.3, 0, 0.3, 1])).toEqual(['−3', '−1', '−0.3', '0', '0.3', '1']);
    // vega's precision for '~g' follows the tick spacing: -10 beside -0.3 read '−1e+1'
    expect(await labelsOf([-10, -0.3, 0, 1, 32])).toEqual(['−10', '−0.3', '0', '1', '32']);
  });
});

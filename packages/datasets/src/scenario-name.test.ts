import { describe, expect, it } from 'vitest';
import { formatScenarioName, isGloballyStable, parseScenarioName } from './scenario-name';

describe('ShapeStacks scenario names', () => {
  it('parses the official example and its env_ folder form', () => {
    const parsed = parseScenarioName('ccs-hard-h=6-vcom=5-vpsf=0-v=120');
    expect(parsed).toEqual({
      shapeSet: 'ccs',
      difficulty: 'hard',
      height: 6,
      vcom: 5,
      vpsf: 0,
      variant: 120,
    });
    expect(parseScenarioName('env_ccs-hard-h=6-vcom=5-vpsf=0-v=120')).toEqual(parsed);
    expect(isGloballyStable(parsed)).toBe(false);
  });

  it('round-trips through format and parse', () => {
    const name = { shapeSet: 'blocks', difficulty: 'easy', height: 3, vcom: 0, vpsf: 0, variant: 7 } as const;
    const text = formatScenarioName(name);
    expect(text).toBe('blocks-easy-h=3-vcom=0-vpsf=0-v=7');
    expect(parseScenarioName(text)).toEqual(name);
    expect(isGloballyStable(name)).toBe(true);
  });

  it('names the bad input when a name does not parse', () => {
    expect(() => parseScenarioName('ccs-hard-h=6-vcom=x')).toThrow(
      /"ccs-hard-h=6-vcom=x" is not a ShapeStacks scenario name/,
    );
  });

  it('rejects heights and violation indices ShapeStacks cannot have', () => {
    expect(() => parseScenarioName('ccs-easy-h=7-vcom=0-vpsf=0-v=1')).toThrow(/height must be 2 to 6/);
    expect(() => parseScenarioName('ccs-easy-h=3-vcom=4-vpsf=0-v=1')).toThrow(/must not exceed height/);
  });
});

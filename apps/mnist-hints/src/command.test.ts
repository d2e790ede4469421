import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { resolveCommandOptions } from './command';
import { resolvePoints } from './run-experiment';

const defaults = { profile: 'quick', variant: 'both', progress: true };

describe('mnist-hints options', () => {
  it('parses lists, the optimiser and sizes', () => {
    const options = resolveCommandOptions({
      ...defaults,
      variant: '1',
      lambdas: '-1, 0,1',
      qh: '1,0.5',
      optimizer: 'adam',
      lr: '0.001',
      epochs: '2',
      seeds: '4',
    });
    expect(options.variants).toEqual([1]);
    expect(options.lambdas).toEqual([-1, 0, 1]);
    expect(options.settings?.optimizer).toEqual({ name: 'adam', learningRate: 0.001 });
    const { points, seeds } = resolvePoints(options);
    expect(points.map((p) => p.id)).toEqual([
      'v1_qh1_lambda-1',
      'v1_qh1_lambda0',
      'v1_qh1_lambda1',
      'v1_qh0.5_lambda-1',
      'v1_qh0.5_lambda0',
      'v1_qh0.5_lambda1',
    ]);
    expect(seeds[1]).toEqual([0, 1, 2, 3]);
    expect(points[0]!.point.settings.optimizer).toEqual({ name: 'adam', learningRate: 0.001, momentum: 0.9 });
    expect(points[0]!.point.settings.epochs).toBe(2);
  });

  it('defaults to the quick profile: SGD with momentum 0.9 at lr 0.02, both signs of lambda', () => {
    const { points, seeds } = resolvePoints(resolveCommandOptions(defaults));
    const lambdas = points.map((p) => p.point.lambda);
    expect(lambdas.some((l) => l < 0) && lambdas.some((l) => l > 0) && lambdas.includes(0)).toBe(true);
    expect(points[0]!.point.settings.optimizer).toEqual({
      name: 'sgd-momentum',
      learningRate: 0.02,
      momentum: 0.9,
    });
    expect(seeds[1].length).toBeGreaterThanOrEqual(3);
  });

  it("the paper profile has the paper's run counts: 100 seeds for variant 1, 20 for variant 2", () => {
    const { seeds, points } = resolvePoints(resolveCommandOptions({ ...defaults, profile: 'paper' }));
    expect(seeds[1]).toHaveLength(100);
    expect(seeds[2]).toHaveLength(20);
    expect(points.find((p) => p.point.variant === 1)!.point.settings.denseUnits).toEqual([256, 256]);
  });

  it('rejects bad values, naming the flag', () => {
    expect(() => resolveCommandOptions({ ...defaults, profile: 'huge' })).toThrow(
      /--profile must be one of quick, paper, got "huge"/,
    );
    expect(() => resolveCommandOptions({ ...defaults, variant: '3' })).toThrow(
      /--variant must be 1, 2 or both/,
    );
    expect(() => resolveCommandOptions({ ...defaults, qh: '1.5' })).toThrow(
      /--qh must be a comma-separated list/,
    );
    expect(() => resolveCommandOptions({ ...defaults, optimizer: 'lbfgs' })).toThrow(
      /--optimizer must be one of/,
    );
    expect(() => resolveCommandOptions({ ...defaults, workers: '0' })).toThrow(
      /--workers must be a positive integer/,
    );
  });

  it('registers as a commander subcommand with the documented flags', () => {
    const program = new Command();
    // Imported lazily so the module's registration has no side effect at import.
    return import('./command').then(({ registerMnistHintsCommand }) => {
      const command = registerMnistHintsCommand(program);
      expect(command.name()).toBe('mnist-hints');
      const flags = command.options.map((o) => o.long);
      for (const flag of [
        '--profile',
        '--variant',
        '--lambdas',
        '--qh',
        '--optimizer',
        '--lr',
        '--momentum',
        '--out',
        '--workers',
      ]) {
        expect(flags).toContain(flag);
      }
    });
  });
});

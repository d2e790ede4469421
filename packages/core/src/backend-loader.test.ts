import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { type BackendCandidate, loadBackend, probeBackends } from './backend-loader';
import { BackendUnavailableError, InvalidArgumentError } from './errors';

/** This package lists tfjs-node as a dev dependency, installed without its binding (allowBuilds: false). */
const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

function fakeCandidate(
  choice: BackendCandidate['choice'],
  available: boolean,
  log: string[],
): BackendCandidate {
  return {
    choice,
    packageName: `fake-${choice}`,
    backendName: 'cpu',
    installHint: `npm install fake-${choice}`,
    probe: () => ({ available, reason: available ? 'fake: present' : 'fake: absent' }),
    activate: async () => {
      log.push(choice);
    },
  };
}

afterEach(async () => {
  await tf.setBackend('cpu');
});

describe('loadBackend', () => {
  it('sees tfjs-node installed without its binding and falls back to native (or cpu without it), importing nothing of tfjs-node', async () => {
    const report = await loadBackend({ env: {}, resolveFrom: [packageDir] });
    const tfjsNode = report.candidates.find((c) => c.choice === 'tensorflow')!;
    expect(tfjsNode.available).toBe(false);
    expect(tfjsNode.reason).toMatch(/installed without its native binding/);
    expect(report.candidates.find((c) => c.choice === 'tensorflow-gpu')!.available).toBe(false);
    // @steth/tfjs-backend-native is an optional peer that the workspace links;
    // it is chosen when its addon was built.
    const native = report.candidates.find((c) => c.choice === 'native')!;
    const expected = native.available ? 'native' : 'cpu';
    expect(report.choice).toBe(expected);
    expect(report.backendName).toBe(expected);
    expect(report.reason).toMatch(
      native.available
        ? /the fastest available: tensorflow-gpu, tensorflow are not/
        : /the fastest available: tensorflow-gpu, tensorflow, native are not/,
    );
    expect(tf.getBackend()).toBe(expected);
  });

  it('takes the first available candidate in order and activates only that one', async () => {
    const log: string[] = [];
    const report = await loadBackend({
      env: {},
      candidates: [
        fakeCandidate('tensorflow-gpu', false, log),
        fakeCandidate('tensorflow', true, log),
        fakeCandidate('cpu', true, log),
      ],
    });
    expect(report.choice).toBe('tensorflow');
    expect(log).toEqual(['tensorflow']);
    expect(report.candidates.map((c) => c.available)).toEqual([false, true, true]);
  });

  it('falls through to the next candidate when activation fails, saying why', async () => {
    const broken: BackendCandidate = {
      ...fakeCandidate('native', true, []),
      activate: async () => {
        throw new Error('addon did not load');
      },
    };
    const report = await loadBackend({ env: {}, candidates: [broken, fakeCandidate('cpu', true, [])] });
    expect(report.choice).toBe('cpu');
    expect(report.candidates[0]!.reason).toBe('failed to load: addon did not load');
  });

  it('a forced, unavailable backend throws with the install hint (env var)', async () => {
    const attempt = loadBackend({ env: { STETH_BACKEND: 'tensorflow' }, resolveFrom: [packageDir] });
    await expect(attempt).rejects.toBeInstanceOf(BackendUnavailableError);
    await expect(
      loadBackend({ env: { STETH_BACKEND: 'tensorflow' }, resolveFrom: [packageDir] }),
    ).rejects.toThrow(
      /Backend "tensorflow" was requested but is unavailable: @tensorflow\/tfjs-node is installed without its native binding.*npm install @tensorflow\/tfjs-node@4\.22\.0/,
    );
  });

  it('the option overrides the env var, and a forced available backend is used', async () => {
    const report = await loadBackend({ backend: 'cpu', env: { STETH_BACKEND: 'tensorflow-gpu' } });
    expect(report.choice).toBe('cpu');
    expect(report.reason).toBe('forced by option');
  });

  it('rejects an unknown backend name, listing the valid ones', async () => {
    await expect(loadBackend({ env: { STETH_BACKEND: 'cuda' } })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    await expect(loadBackend({ env: { STETH_BACKEND: 'cuda' } })).rejects.toThrow(
      /Unknown backend "cuda".*auto, tensorflow-gpu, tensorflow, native, cpu/,
    );
  });

  it('probes in the documented order without activating anything', async () => {
    const statuses = await probeBackends({ resolveFrom: [packageDir] });
    expect(statuses.map((s) => s.choice)).toEqual(['tensorflow-gpu', 'tensorflow', 'native', 'cpu']);
    expect(statuses.at(-1)!.available).toBe(true);
    // tfjs-node is a dev dependency of this package: its status says where it was found.
    expect(statuses[1]!.packageDir).toMatch(/@tensorflow[/\\]tfjs-node$/);
    expect(statuses.at(-1)!.packageDir).toBeUndefined();
  });
});

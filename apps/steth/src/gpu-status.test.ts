import type { BackendReport } from '@steth/core/node';
import { describe, expect, it } from 'vitest';
import { gpuStatus } from './gpu-status';

const report = (gpuReason: string, choice: BackendReport['choice'] = 'native'): BackendReport => ({
  choice,
  backendName: choice === 'tensorflow-gpu' ? 'tensorflow' : choice,
  reason: 'the fastest available: tensorflow-gpu, tensorflow are not',
  candidates: [
    {
      choice: 'tensorflow-gpu',
      packageName: '@tensorflow/tfjs-node-gpu',
      available: false,
      reason: gpuReason,
    },
    { choice: 'native', packageName: '@steth/tfjs-backend-native', available: true, reason: 'installed' },
  ],
});
const noCuda = { 'libcudart.so.11.0': false, 'libcudnn.so.8': false };

describe('gpuStatus', () => {
  it('tells a missing package from a missing binding, and names the command for each', () => {
    expect(gpuStatus(report('@tensorflow/tfjs-node-gpu is not installed'), noCuda)).toMatchObject({
      state: 'not-installed',
      enable: 'pnpm --filter @steth/cli add @tensorflow/tfjs-node-gpu@4.22.0 && steth setup gpu',
    });
    const unbuilt = gpuStatus(
      report(
        '@tensorflow/tfjs-node-gpu is installed without its native binding (libtensorflow was not downloaded at install)',
      ),
      noCuda,
    );
    expect(unbuilt.state).toBe('binding-not-built');
    expect(unbuilt.enable).toMatch(/^steth setup gpu \(needs internet access/);
  });

  it('blames the CUDA libraries when the built binding fails to load one', () => {
    const status = gpuStatus(
      report('failed to load: libcudart.so.11.0: cannot open shared object file: No such file or directory'),
      { 'libcudart.so.11.0': false, 'libcudnn.so.8': true },
    );
    expect(status.state).toBe('cuda-missing');
    expect(status.reason).toBe(
      'the binding is built but the CUDA libraries were not found (missing: libcudart.so.11.0)',
    );
    expect(status.enable).toMatch(/LD_LIBRARY_PATH/);
  });

  it('says when the GPU backend is in use', () => {
    expect(gpuStatus(report('ready', 'tensorflow-gpu'), noCuda)).toMatchObject({ state: 'in-use' });
  });
});

import * as tf from '@tensorflow/tfjs';
import { setNativeThreads } from '../dist/index.js';

await tf.setBackend('native');
setNativeThreads(1);
for (const [B, S, C, CO] of [
  [32, 32, 3, 32],
  [32, 16, 32, 64],
]) {
  const x = tf.randomUniform([B, S, S, C]);
  const w = tf.randomUniform([3, 3, C, CO]);
  const dy = tf.randomUniform([B, S, S, CO]);
  const attrs = { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', dilations: [1, 1] };
  const flops = 2 * B * S * S * 9 * C * CO;
  const ks = {
    fwd: () => tf.engine().runKernel('Conv2D', { x, filter: w }, attrs),
    bin: () =>
      tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: w }, { ...attrs, inputShape: x.shape }),
    bfi: () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: w.shape }),
  };
  for (const [k, f] of Object.entries(ks)) {
    tf.tidy(f);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < 10; i++) tf.tidy(f);
    const wall = (performance.now() - t0) / 10;
    const cpu = process.cpuUsage(c0);
    const cpums = (cpu.user + cpu.system) / 1000 / 10;
    console.log(
      C,
      k,
      'ms',
      wall.toFixed(2),
      'cpu ms',
      cpums.toFixed(2),
      'GFLOPS/cpu',
      (flops / cpums / 1e6).toFixed(1),
    );
  }
}

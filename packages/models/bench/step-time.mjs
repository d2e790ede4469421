/**
 * Step-time benchmark of the Inception-v4 presets: forward and
 * forward+backward(+RMSProp update, the ShapeStacks optimiser) time per batch
 * of 32 on the backend `loadBackend()` picks, and the ratio to tfjs's pure-JS
 * `cpu` backend measured in the same run.
 *
 * The pure-JS backend cannot run the full preset at batch 32 in a benchmark's
 * time (its Conv2DBackpropFilter kernel alone is ~30x slower than its forward
 * convolution), so where a measurement would take too long the bench measures
 * a smaller batch and scales it linearly to 32, and says so on every line.
 * `--full` measures the full preset at batch 32 on a native backend, and its
 * training step at batch 1 on `cpu` (many minutes).
 *
 *   pnpm --filter @steth/models bench [-- --full]
 */
import { loadBackend } from '@steth/core/node';
import { countModelCost, createModel } from '@steth/models';
import * as tf from '@tensorflow/tfjs';

const BATCH = 32;
const measureFullStep = process.argv.includes('--full');

/**
 * Batch actually run per preset, measurement and backend kind (scaled
 * linearly to BATCH when smaller): `fast` is any native backend, `cpu` the
 * pure-JS one. The full preset runs a smaller batch unless `--full`.
 */
const PLAN = {
  'inception-v4-small': { fast: { forward: BATCH, step: BATCH }, cpu: { forward: BATCH, step: 2 } },
  'inception-v4': {
    fast: measureFullStep ? { forward: BATCH, step: BATCH } : { forward: 4, step: 2 },
    cpu: { forward: 1, step: measureFullStep ? 1 : 0 },
  },
};

const log = (line) => process.stderr.write(`${line}\n`);

function now() {
  return performance.now();
}

/**
 * Seconds per call at `batch`. On a native backend: one untimed call at the
 * same batch (allocations, optimiser slots), then the median of 3. On `cpu`
 * (slow): one timed call, after an untimed one at batch 1 unless the batch is 1.
 */
function timeIt(run, batch, kind) {
  if (kind === 'fast') {
    run(batch);
    const times = [];
    for (let i = 0; i < 3; i++) {
      const start = now();
      run(batch);
      times.push((now() - start) / 1000);
    }
    return times.sort((a, b) => a - b)[1];
  }
  if (batch > 1) run(1);
  const start = now();
  run(batch);
  return (now() - start) / 1000;
}

function forwardRunner(model) {
  const shape = model.inputs[0].shape.slice(1);
  return (batch) =>
    tf.tidy(() => {
      const x = tf.randomUniform([batch, ...shape], 0, 255, 'float32', 1);
      const y = model.predict(x);
      y.dataSync();
    });
}

function stepRunner(model) {
  const shape = model.inputs[0].shape.slice(1);
  const outputs = model.outputs[0].shape[1];
  const optimizer = tf.train.rmsprop(0.045, 0.9, 0, 1.0);
  const run = (batch) => {
    const x = tf.randomUniform([batch, ...shape], 0, 255, 'float32', 1);
    const labels = tf.tidy(() =>
      tf.cast(tf.greater(tf.randomUniform([batch, outputs], 0, 1, 'float32', 2), 0.5), 'float32'),
    );
    const { value, grads } = tf.variableGrads(
      () => tf.tidy(() => tf.losses.sigmoidCrossEntropy(labels, model.apply(x, { training: true }))),
      model.trainableWeights.map((w) => w.read()),
    );
    optimizer.applyGradients(grads);
    value.dataSync();
    tf.dispose([x, labels, value, grads]);
  };
  run.dispose = () => optimizer.dispose();
  return run;
}

/** Measures one preset on the current backend; returns seconds per batch of 32 and how each was obtained. */
function measure(name, kind) {
  const plan = PLAN[name][kind];
  const { model } = createModel(name);
  const result = {};
  try {
    for (const what of ['forward', 'step']) {
      const batch = plan[what];
      if (batch === 0) {
        result[what] = undefined;
        continue;
      }
      log(`  ${name} ${what} at batch ${batch} on ${tf.getBackend()} ...`);
      const runner = what === 'forward' ? forwardRunner(model) : stepRunner(model);
      const seconds = timeIt(runner, batch, kind);
      runner.dispose?.();
      result[what] = {
        perBatch: (seconds * BATCH) / batch,
        how: `${kind === 'fast' ? 'median of 3 ' : ''}at batch ${batch}${batch === BATCH ? '' : `, x${BATCH / batch}`}`,
      };
    }
  } finally {
    model.dispose();
  }
  return result;
}

function fmt(entry) {
  if (!entry) return 'not measured';
  return `${entry.perBatch.toFixed(2)} s (${entry.how})`;
}

async function main() {
  const report = await loadBackend();
  const active = tf.getBackend();
  log(`backend: ${report.choice} (${report.reason})`);
  const presets = Object.keys(PLAN);
  const costs = {};
  for (const name of presets) {
    const { model } = createModel(name);
    costs[name] = { ...countModelCost(model), params: model.countParams() };
    model.dispose();
  }

  const onActive = {};
  const onCpu = {};
  for (const name of presets) onActive[name] = measure(name, active === 'cpu' ? 'cpu' : 'fast');
  if (active !== 'cpu') {
    await tf.setBackend('cpu');
    // The cpu backend's "install tfjs-node" banner; the loader already said why it is not used.
    tf.backend().firstUse = false;
    for (const name of presets) onCpu[name] = measure(name, 'cpu');
    await tf.setBackend(active);
  } else {
    Object.assign(onCpu, onActive);
  }

  const lines = [
    `Inception-v4 presets, batch ${BATCH}, backend ${active} (baseline: cpu, same run; GFLOPS count a training step as 3x the forward FLOPs)`,
  ];
  for (const name of presets) {
    const c = costs[name];
    lines.push(
      `${name}: ${(c.params / 1e6).toFixed(2)} M params, ${(c.flops / 1e6).toFixed(0)} MFLOPs/image forward (2 x conv+dense MACs)`,
    );
    for (const what of ['forward', 'step']) {
      const a = onActive[name][what];
      const b = onCpu[name][what];
      const label = what === 'forward' ? 'forward' : 'forward+backward+RMSProp';
      const ratio =
        a && b && active !== 'cpu'
          ? ` | cpu ${fmt(b)}, cpu/${active} ${(b.perBatch / a.perBatch).toFixed(1)}x`
          : a && b
            ? ' | cpu/cpu 1.0x'
            : '';
      const gflops = a
        ? ` | ${((c.flops * BATCH * (what === 'forward' ? 1 : 3)) / a.perBatch / 1e9).toFixed(2)} GFLOPS`
        : '';
      lines.push(`  ${label.padEnd(25)} ${fmt(a)}${gflops}${ratio}`);
    }
  }
  if (!onActive['inception-v4'].step) {
    const small = onActive['inception-v4-small'];
    const full = onActive['inception-v4'];
    const estimate = (full.forward.perBatch * small.step.perBatch) / small.forward.perBatch;
    lines.push(
      `  inception-v4 forward+backward, extrapolated from its forward time x the small preset's step/forward ratio: ~${estimate.toFixed(0)} s per batch of ${BATCH} (run with --full to measure)`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error.stack ?? error}\n`);
  process.exitCode = 1;
});

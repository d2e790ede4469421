/**
 * Same-run comparison of training steps, interleaved one by one: the tiny CNN
 * of issue 14 (conv 3x3x16, max pool, conv 3x3x32, max pool, dense 10 on
 * 32x32x3, batch 32, SGD), the conv+BN+ReLU net of bench/bn-cnn.mjs, and,
 * when @steth/models is built beside this package, the tower network of the
 * reproduction's `cpu` profile (tower-cnn with batch norm, Adam) and
 * inception-v4-small (RMSProp) without and with batch norm. Native (2 threads) against
 * PyTorch twins built from the same layer graphs (bench/pytorch_twins.py,
 * channels_last, 2 threads) when python3 can import torch; for the batch-norm
 * nets also native with tfjs's own batch-norm gradients (the previous state).
 * Networks run one after another, each one's steps interleaved one by one
 * with its twin's. Prints a markdown table of median ms, ratios and
 * effective GFLOPS.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { setNativeBatchNormGradients, setNativeThreads } from '../dist/index.js';
import { createBnCnn } from './bn-cnn.mjs';
import { describeModel, trainingStepFlops } from './model-graph.mjs';
import { createReferenceCnn, referenceBatch } from './reference-cnn.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const BATCH = 32;
/** Threads each side: 2 (this machine's cores); BENCH_THREADS=1 compares single-threaded steps. */
const THREADS = Number(process.env.BENCH_THREADS ?? 2);
if (!(Number.isInteger(THREADS) && THREADS >= 1))
  throw new RangeError(`BENCH_THREADS must be a positive integer, got ${process.env.BENCH_THREADS}`);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** A python3 that can import torch: the one on PATH, then Debian's /usr/bin/python3. */
export function findTorchPython() {
  const candidates = ['python3', '/usr/bin/python3'];
  for (const py of candidates) {
    const r = spawnSync(py, ['-c', 'import torch'], { encoding: 'utf8' });
    if (r.status === 0) return py;
  }
  return undefined;
}

/**
 * A long-lived python process running bench/`script`, one JSON request and
 * answer a line; `config` is its first request (it answers {ready, ...}).
 * PyTorch runs as the facts sheet advises: OMP_WAIT_POLICY=PASSIVE (idle
 * threads would spin on a busy machine) and glibc's allocator tuned.
 */
export async function startPythonWorker(python, script, config, threads = THREADS) {
  const env = {
    ...process.env,
    OMP_WAIT_POLICY: 'PASSIVE',
    OMP_NUM_THREADS: String(threads),
    MALLOC_MMAP_THRESHOLD_: '4294967296',
    MALLOC_TRIM_THRESHOLD_: '4294967296',
    MALLOC_TOP_PAD_: '268435456',
  };
  const child = spawn(python, [join(here, script)], { env, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const waiting = [];
  lines.on('line', (line) => waiting.shift()?.(JSON.parse(line)));
  const ask = (msg) =>
    new Promise((resolve, reject) => {
      waiting.push(resolve);
      child.stdin.write(`${JSON.stringify(msg)}\n`, (e) => e && reject(e));
    });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const ready = await Promise.race([
    ask({ threads, ...config }),
    exited.then((code) => ({ error: `${script} exited with ${code}` })),
  ]);
  if (ready.error) throw new Error(ready.error);
  return {
    ready,
    ask,
    stop: () => {
      child.stdin.write(`${JSON.stringify({ quit: true })}\n`);
      child.stdin.end();
    },
  };
}

/** A long-lived PyTorch process answering one step at a time. */
async function startTorch(python, nets, layout) {
  const worker = await startPythonWorker(python, 'pytorch_twins.py', { layout, nets });
  return {
    version: worker.ready.version,
    params: worker.ready.params,
    step: async (name) => (await worker.ask({ step: name })).ms,
    stop: worker.stop,
  };
}

/** A training step on native for a compiled model (trainOnBatch). */
function compiledStep(model, batch) {
  return async () => {
    await model.trainOnBatch(batch.x, batch.y);
  };
}

/**
 * A sigmoid cross-entropy step on one batch of images in [0, 255]: RMSProp
 * (as @steth/models' bench runs inception-v4-small) or Adam 1e-3 (the
 * reproduction's `cpu` profile for tower-cnn).
 */
export function sigmoidStep(model, optimizerKind) {
  const shape = model.inputs[0].shape.slice(1);
  const outputs = model.outputs[0].shape[1];
  const optimizer = optimizerKind === 'adam' ? tf.train.adam(1e-3) : tf.train.rmsprop(0.045, 0.9, 0, 1.0);
  const x = tf.randomUniform([BATCH, ...shape], 0, 255, 'float32', 1);
  const labels = tf.tidy(() =>
    tf.cast(tf.greater(tf.randomUniform([BATCH, outputs], 0, 1, 'float32', 2), 0.5), 'float32'),
  );
  const run = async () => {
    const { value, grads } = tf.variableGrads(
      () => tf.tidy(() => tf.losses.sigmoidCrossEntropy(labels, model.apply(x, { training: true }))),
      model.trainableWeights.map((w) => w.read()),
    );
    optimizer.applyGradients(grads);
    value.dataSync();
    tf.dispose([value, grads]);
  };
  run.dispose = () => tf.dispose([x, labels, optimizer]);
  return run;
}

/**
 * The reproduction's cpu-profile main network, as the benchmarks train it:
 * tower-cnn at the profile's widths (apps/reproduce/src/profiles.ts, not the
 * model's default 32-256), batch norm, no dropout.
 */
export function cpuProfileTower(models, seed) {
  if (!models) throw new Error('packages/models/dist is not built: run `pnpm build` first');
  const config = { batchNorm: true, dropoutKeepProb: 1, widths: [16, 32, 64, 128] };
  return models.createModel('tower-cnn', seed === undefined ? config : { ...config, seed }).model;
}

/** @steth/models' build beside this package, or undefined when it is not built. */
export async function loadModels() {
  const dist = join(here, '..', '..', 'models', 'dist', 'index.js');
  if (!existsSync(dist)) return undefined;
  return import(pathToFileURL(dist).href);
}

/**
 * Runs the comparison; `out` prints a line. Options: reps (interleaved steps
 * a net, default 15) and only (measure just the networks whose name contains
 * it); `node bench/compare-steps.mjs [reps] [only]`, e.g. `21 tower`; `BENCH_THREADS=1` in the
 * environment runs both sides on one thread.
 */
export async function compareSteps(out, { reps = 15, only } = {}) {
  await tf.setBackend('native');
  setNativeThreads(THREADS);
  const nets = [];
  const tinyBatch = referenceBatch(tf);
  const tiny = createReferenceCnn(tf, { filters: [16, 32] });
  nets.push({
    name: 'tiny CNN',
    model: tiny,
    run: compiledStep(tiny, tinyBatch),
    torch: { optimizer: 'sgd', loss: 'softmax' },
  });
  const bnCnn = createBnCnn(tf);
  nets.push({
    name: 'conv+BN+ReLU CNN',
    model: bnCnn,
    run: compiledStep(bnCnn, tinyBatch),
    torch: { optimizer: 'sgd', loss: 'softmax' },
    batchNorm: true,
  });
  const models = await loadModels();
  if (models?.listModels?.().some((m) => m.name === 'tower-cnn')) {
    const model = cpuProfileTower(models);
    nets.push({
      name: 'tower-cnn 16-128 with batch norm (the cpu profile: 112 px, Adam)',
      model,
      run: sigmoidStep(model, 'adam'),
      torch: { optimizer: 'adam', loss: 'sigmoid', imageScale: true },
      batchNorm: true,
    });
  } else if (models) out('tower-cnn: skipped (not in this build of @steth/models)');
  if (models) {
    for (const batchNorm of [false, true]) {
      const { model } = models.createModel('inception-v4-small', { batchNorm });
      const run = sigmoidStep(model, 'rmsprop');
      nets.push({
        name: `inception-v4-small ${batchNorm ? 'with' : 'without'} batch norm`,
        model,
        run,
        torch: { optimizer: 'rmsprop', loss: 'sigmoid', imageScale: true },
        batchNorm,
      });
    }
  } else {
    out('inception-v4-small: skipped (packages/models/dist is not built; run `pnpm build` first)');
  }
  if (only) {
    for (const n of nets.filter((n) => !n.name.includes(only))) n.model.dispose();
    nets.splice(0, nets.length, ...nets.filter((n) => n.name.includes(only)));
    if (nets.length === 0) throw new RangeError(`compare-steps: no network's name contains "${only}"`);
  }
  for (const [i, n] of nets.entries()) n.key = `net${i}`;

  const python = findTorchPython();
  let torch;
  if (!python)
    out('PyTorch: skipped (no python3 here can import torch; Debian: apt-get install -y python3-torch)');
  else {
    const specs = Object.fromEntries(
      nets.map((n) => [n.key, { graph: describeModel(n.model), batch: BATCH, ...n.torch }]),
    );
    try {
      torch = await startTorch(python, specs, 'channels_last');
    } catch (e) {
      out(`PyTorch: failed to start (${e.message})`);
    }
  }

  // One network at a time (so the buffer pool holds only its buffers, as in
  // a real run), warm-up, then native and PyTorch steps interleaved one by
  // one; then, for batch-norm networks, the reference column (native with
  // tfjs's batch-norm gradients) in a loop of its own: between native steps
  // its garbage and buffers (three times the step's) were collected and
  // recycled inside the native steps' timings.
  for (const n of nets) {
    // Warm-up on both sides until steady: at least 10 steps and 1 s. V8
    // optimises tfjs's code paths over the first dozen or so steps; a small
    // network measured after two steps (as before) ran about 1.7x slower.
    const w0 = performance.now();
    for (let i = 0; i < 10 || performance.now() - w0 < 1000; i++) {
      await n.run();
      if (torch) await torch.step(n.key);
    }
    n.times = { native: [], before: [], torch: [] };
    for (let r = 0; r < reps; r++) {
      const t0 = performance.now();
      await n.run();
      n.times.native.push(performance.now() - t0);
      if (torch) n.times.torch.push(await torch.step(n.key));
    }
    if (n.batchNorm) {
      setNativeBatchNormGradients(false);
      await n.run();
      for (let r = 0; r < reps; r++) {
        const t0 = performance.now();
        await n.run();
        n.times.before.push(performance.now() - t0);
      }
      setNativeBatchNormGradients(true);
    }
    n.flops = trainingStepFlops(n.model, BATCH);
    n.params = n.model.countParams();
    n.run.dispose?.();
    n.model.dispose();
    tf.backend().pool.clear();
  }
  torch?.stop();

  const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');
  out(
    `## Training steps, interleaved (batch ${BATCH}, ${THREADS} thread${THREADS === 1 ? '' : 's'} each side, median of ${reps} ms)${torch ? `; PyTorch ${torch.version}, channels_last, tuned allocator, OMP_WAIT_POLICY=PASSIVE` : ''}`,
  );
  out(
    '| network | GFLOP a step | native ms | native GFLOPS | native, tfjs batch-norm gradients ms | PyTorch ms | PyTorch GFLOPS | native / PyTorch |',
  );
  out('|---|---|---|---|---|---|---|---|');
  for (const n of nets) {
    const flops = n.flops;
    const nat = median(n.times.native);
    const before = n.times.before.length ? median(n.times.before) : Number.NaN;
    const pt = n.times.torch.length ? median(n.times.torch) : Number.NaN;
    out(
      `| ${n.name} | ${fmt(flops / 1e9, 2)} | ${fmt(nat)} | ${fmt(flops / nat / 1e6)} | ${fmt(before)} | ${fmt(pt)} | ${fmt(flops / pt / 1e6)} | ${Number.isFinite(pt) ? `${fmt(nat / pt, 2)}x` : '-'} |`,
    );
    if (torch && torch.params[n.key] !== n.params)
      out(`  (parameter counts differ for ${n.name}: tfjs ${n.params}, PyTorch ${torch.params[n.key]})`);
  }
  tf.dispose([tinyBatch.x, tinyBatch.y]);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await compareSteps((line) => process.stdout.write(`${line}\n`), {
    reps: Number(process.argv[2] ?? 15),
    only: process.argv[3],
  });
}

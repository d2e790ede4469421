/**
 * Describes a tfjs-layers model as a plain layer graph (type, settings,
 * inbound layer names, in topological order) for bench/pytorch_twins.py,
 * which builds the same network in PyTorch from it, and counts the FLOPs of
 * a training step the way @steth/models' bench does (3x the forward's
 * 2 x multiply-accumulates of the convolutions and dense layers).
 */

const SETTINGS = {
  Conv2D: ['filters', 'kernelSize', 'strides', 'padding', 'dilationRate', 'useBias', 'activation'],
  Dense: ['units', 'useBias', 'activation'],
  BatchNormalization: ['epsilon', 'momentum', 'center', 'scale'],
  MaxPooling2D: ['poolSize', 'strides', 'padding'],
  AveragePooling2D: ['poolSize', 'strides', 'padding'],
  Dropout: ['rate'],
  Concatenate: ['axis'],
  Activation: ['activation'],
  ReLU: ['maxValue'],
  Add: [],
  Flatten: [],
  GlobalAveragePooling2D: [],
  InputLayer: [],
};

/** @param {import('@tensorflow/tfjs').LayersModel} model */
export function describeModel(model) {
  const layers = [];
  const seen = new Set();
  const visit = (layer) => {
    if (seen.has(layer.name)) return;
    const inbound = layer.inboundNodes[0]?.inboundLayers ?? [];
    for (const l of inbound) visit(l);
    seen.add(layer.name);
    const type = layer.getClassName();
    const keys = SETTINGS[type];
    if (!keys)
      throw new Error(
        `model-graph: layer ${layer.name} is a ${type}, which the PyTorch twin does not build.`,
      );
    const config = layer.getConfig();
    const settings = Object.fromEntries(keys.map((k) => [k, config[k]]));
    if (type === 'InputLayer') settings.shape = config.batchInputShape.slice(1);
    if (type === 'BatchNormalization')
      settings.scaleTrainable = layer.trainableWeights.some((w) => w.originalName.endsWith('gamma'));
    layers.push({ name: layer.name, type, settings, inputs: inbound.map((l) => l.name) });
  };
  for (const out of model.outputLayers) visit(out);
  return { layers, output: model.outputLayers[0].name };
}

/** FLOPs of one training step at `batch`: 3 x 2 x the conv and dense multiply-accumulates. */
export function trainingStepFlops(model, batch) {
  let macs = 0;
  for (const layer of model.layers) {
    const type = layer.getClassName();
    if (type !== 'Conv2D' && type !== 'Dense') continue;
    const inShape = layer.inboundNodes[0].inputShapes;
    const input = Array.isArray(inShape[0]) ? inShape[0] : inShape;
    const output = layer.outputShape;
    const cin = input[input.length - 1];
    const cout = output[output.length - 1];
    const positions = output.slice(1, -1).reduce((a, b) => a * b, 1);
    const k = type === 'Conv2D' ? layer.getConfig().kernelSize : [1, 1];
    macs += positions * cin * cout * k[0] * k[1];
  }
  return 3 * 2 * macs * batch;
}

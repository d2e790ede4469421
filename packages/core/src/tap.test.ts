import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMlp, useCpuBackend } from '../test/fixtures';
import { InvalidArgumentError } from './errors';
import { createStethoscope } from './stethoscope';
import { createTappedModel, resolveTap } from './tap';
import { expectTensorsClose } from './testing';

beforeAll(useCpuBackend);

describe('taps', () => {
  it('resolves a layer name or a symbolic tensor to the same tensor', () => {
    const model = createMlp({ inputs: 3 });
    const byName = resolveTap(model, 'enc2');
    const byTensor = resolveTap(model, model.getLayer('enc2').output as tf.SymbolicTensor);
    expect(byName.tensor).toBe(byTensor.tensor);
    expect(byName.layerName).toBe('enc2');
  });

  it('an unknown layer name lists the layers that exist', () => {
    const model = createMlp({ inputs: 3 });
    expect(() => resolveTap(model, 'enc3')).toThrow(InvalidArgumentError);
    expect(() => resolveTap(model, 'enc3')).toThrow(
      /No layer named "enc3".*Layers that exist: x, enc1, enc2, logits/,
    );
  });

  it('a tensor from another model is rejected', () => {
    const model = createMlp({ inputs: 3 });
    const other = createMlp({ inputs: 3 });
    expect(() => resolveTap(model, other.getLayer('enc1').output as tf.SymbolicTensor)).toThrow(
      /is not produced by a layer of model/,
    );
  });

  it('a tap on a layer inside a stethoscope head is rejected, naming the stethoscope', () => {
    const model = createMlp({ inputs: 3 });
    const steth = createStethoscope(model, { name: 'local', tap: 'enc1', task: 'binary' });
    expect(steth.head.layerNames).toEqual(['local/hidden', 'local/output']);
    expect(() => createStethoscope(model, { name: 'meta', tap: 'local/hidden', task: 'binary' })).toThrow(
      /Cannot tap "local\/hidden": it is a layer inside the head of stethoscope "local"/,
    );
    steth.dispose();
    expect(() => resolveTap(model, 'local/hidden')).toThrow(/No layer named/);
  });

  it('one multi-output model gives every tap and the output in one forward pass, sharing weights', () => {
    const model = createMlp({ inputs: 3 });
    const t1 = resolveTap(model, 'enc1').tensor;
    const t2 = resolveTap(model, 'enc2').tensor;
    const tapped = createTappedModel(model, [t1, t2, t1]);
    expect(tapped.taps.length).toBe(2);
    expect(tapped.indexOf(t2)).toBe(1);
    const x = tf.tensor2d([[0.1, -0.4, 2]]);
    const { taps, output } = tapped.run(x, false);
    expectTensorsClose(output, model.predict(x) as tf.Tensor);
    const enc1 = tf.model({ inputs: model.inputs, outputs: t1 }).predict(x) as tf.Tensor;
    expectTensorsClose(taps[0]!, enc1);
    expect(tapped.model.trainableWeights.length).toBe(model.trainableWeights.length);
  });

  it('a tap on the model output or input works, and on a Sequential model too', () => {
    const model = createMlp({ inputs: 3 });
    const output = resolveTap(model, 'logits').tensor;
    const input = resolveTap(model, 'x').tensor;
    const tapped = createTappedModel(model, [output, input]);
    const x = tf.tensor2d([[0.1, -0.4, 2]]);
    const { taps, output: y } = tapped.run(x, false);
    expectTensorsClose(taps[0]!, y);
    expectTensorsClose(taps[1]!, x);
    const seq = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [3], units: 2, name: 's1' }),
        tf.layers.dense({ units: 1, name: 's2' }),
      ],
    });
    const s1 = createTappedModel(seq, [resolveTap(seq, 's1').tensor]).run(x, false).taps[0]!;
    expect(s1.shape).toEqual([1, 2]);
  });
});

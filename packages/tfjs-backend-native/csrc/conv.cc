// Convolutions as GEMMs over chunks of output pixels. Forward: the GEMM
// reads each output row's im2col rows straight from the input (implicit
// im2col), one GEMM block of K = kH*kW*inC at a time (the later blocks
// accumulating, so the sums are im2col + GEMM's); dilated convolutions and
// kernels of more than 16 rows build each chunk's im2col rows in a thread's
// buffer and multiply by the filter (a K x outC matrix as stored); a 1x1
// stride-1 unpadded conv skips im2col. Backprop-input at stride 1 and dilation 1 is itself a forward
// convolution: dy correlated with the filter turned 180 degrees, its in and out
// channels swapped, padded by the filter size less the forward padding; the
// reduction then runs over kH*kW*outC, not outC alone, and nothing is
// scattered. Other strides: dcol = dy * W^T (W^T by strides), scattered back by
// col2im; threads own whole images so the scatter never races. Backprop-filter:
// dW^T = dy^T * col, packing only dy^T (col, the large operand, is read in
// place, from x itself where kernel rows are whole tile panels), or for first
// layers (3x3 over 1 or 3 channels) with the vector lanes along outC and every
// column of dW^T in a register; one partial sum per fixed group of chunks,
// added up in group order (deterministic whatever the scheduling).
#include "conv.h"

#include <cstdlib>
#include <cstring>
#include <vector>

#include "gemm.h"
#include "thread-pool.h"

namespace steth {
namespace {

struct Scratch {
  std::vector<float> v;
  float* get(size_t n) {
    if (v.size() < n) v.resize(n);
    return v.data();
  }
};

Scratch& thread_scratch(int slot) {
  thread_local Scratch s[2];
  return s[slot];
}

inline long kdim(const ConvShape& s) { return s.kH * s.kW * s.inC; }

bool is_pointwise(const ConvShape& s) {
  return s.kH == 1 && s.kW == 1 && s.strideH == 1 && s.strideW == 1 && s.padTop == 0 && s.padLeft == 0 &&
         s.outH == s.inH && s.outW == s.inW;
}

// Rows [p0, p0+rows) of the im2col matrix (pixels flattened over b, oh, ow).
void im2col(const ConvShape& s, const float* x, long p0, long rows, float* col) {
  const long K = kdim(s), C = s.inC;
  const long hw = s.outH * s.outW;
  for (long r = 0; r < rows; ++r) {
    long p = p0 + r;
    long b = p / hw, rem = p % hw;
    long oh = rem / s.outW, ow = rem % s.outW;
    float* dst = col + r * K;
    const float* xb = x + b * s.inH * s.inW * C;
    const long iw0 = ow * s.strideW - s.padLeft;
    const bool row_inside = s.dilW == 1 && iw0 >= 0 && iw0 + s.kW <= s.inW;
    for (long kh = 0; kh < s.kH; ++kh) {
      long ih = oh * s.strideH - s.padTop + kh * s.dilH;
      float* d = dst + kh * s.kW * C;
      if (ih < 0 || ih >= s.inH) {
        std::memset(d, 0, s.kW * C * sizeof(float));
        continue;
      }
      if (row_inside) {
        // The filter row's pixels are contiguous in x: one copy.
        std::memcpy(d, xb + (ih * s.inW + iw0) * C, s.kW * C * sizeof(float));
        continue;
      }
      for (long kw = 0; kw < s.kW; ++kw, d += C) {
        long iw = iw0 + kw * s.dilW;
        if (iw < 0 || iw >= s.inW) std::memset(d, 0, C * sizeof(float));
        else std::memcpy(d, xb + (ih * s.inW + iw) * C, C * sizeof(float));
      }
    }
  }
}

// Adds rows [p0, p0+rows) of dcol back into dx.
void col2im_add(const ConvShape& s, const float* col, long p0, long rows, float* dx) {
  const long K = kdim(s), C = s.inC;
  const long hw = s.outH * s.outW;
  for (long r = 0; r < rows; ++r) {
    long p = p0 + r;
    long b = p / hw, rem = p % hw;
    long oh = rem / s.outW, ow = rem % s.outW;
    const float* src = col + r * K;
    float* xb = dx + b * s.inH * s.inW * C;
    for (long kh = 0; kh < s.kH; ++kh) {
      long ih = oh * s.strideH - s.padTop + kh * s.dilH;
      if (ih < 0 || ih >= s.inH) continue;
      for (long kw = 0; kw < s.kW; ++kw) {
        long iw = ow * s.strideW - s.padLeft + kw * s.dilW;
        if (iw < 0 || iw >= s.inW) continue;
        const float* sp = src + (kh * s.kW + kw) * C;
        float* d = xb + (ih * s.inW + iw) * C;
        for (long c = 0; c < C; ++c) d[c] += sp[c];
      }
    }
  }
}

// Rows a chunk: about 256 KiB of im2col, at least 4 chunks a thread when the
// problem allows, a multiple of 48 (a common multiple of the tile heights).
long chunk_rows(long P, long K, int T) {
  long rows = (64 * 1024) / (K > 0 ? K : 1);
  if (rows > 1536) rows = 1536;
  long balanced = (P + 4L * T - 1) / (4L * T);
  if (rows > balanced) rows = balanced;
  rows = ((rows + 47) / 48) * 48;
  if (rows < 48) rows = 48;
  return rows;
}

}  // namespace

// Whether the forward conv can read its im2col rows straight from x: unit
// dilation and at most 16 kernel rows (a GEMM block holds a piece of each
// kernel row at most, and the GEMM takes 16 pieces).
bool implicit_ok(const ConvShape& s) {
  return s.dilH == 1 && s.dilW == 1 && s.kH <= 16 && !is_pointwise(s);
}

// The kernel rows' pieces within one GEMM block of im2col columns: offset in
// x from the window's corner, first column (row of B) and length of each.
struct BlockSegments {
  int n = 0;
  long off[16], koff[16], len[16];
};

// Splits the im2col columns [0, K) into the GEMM's KC blocks (sgemm_block_k),
// each as the pieces of kernel rows it holds: GEMMs over one block at a time,
// the later ones accumulating, sum each output as im2col + sgemm does.
std::vector<BlockSegments> block_segments(const ConvShape& s) {
  const long C = s.inC, K = kdim(s), rowK = s.kW * C, kc = sgemm_block_k(s.outC);
  std::vector<BlockSegments> blocks;
  for (long k0 = 0; k0 < K; k0 += kc) {
    const long k1 = K - k0 < kc ? K : k0 + kc;
    BlockSegments b;
    for (long kh = 0; kh < s.kH; ++kh) {
      const long lo = kh * rowK > k0 ? kh * rowK : k0, hi = (kh + 1) * rowK < k1 ? (kh + 1) * rowK : k1;
      if (lo >= hi) continue;
      b.off[b.n] = kh * s.inW * C + (lo - kh * rowK);
      b.koff[b.n] = lo;
      b.len[b.n] = hi - lo;
      ++b.n;
    }
    blocks.push_back(b);
  }
  return blocks;
}

// Output pixels [p0, p1) of an implicit_ok conv. Pixels whose windows lie
// inside x read their A rows from x in place (kernel row kh at offset
// kh*inW*inC from the window's corner): runs along an output row in whole
// register tiles at a fixed stride, the leftovers of all runs together by a
// pointer a row. Border pixels get im2col rows as before, batched into one GEMM.
void implicit_pixels(const ConvShape& s, const float* x, const float* w, const float* packed,
                     const std::vector<BlockSegments>& blocks, long p0, long p1, float* y) {
  const long C = s.inC, K = kdim(s), CO = s.outC, hw = s.outH * s.outW;
  thread_local std::vector<const float*> rows_in;
  thread_local std::vector<float*> rows_out;
  thread_local std::vector<long> border;
  rows_in.clear();
  rows_out.clear();
  border.clear();
  const long MR = sgemm_tile_rows(CO), lda = s.strideW * C;
  for (long p = p0; p < p1;) {
    long b = p / hw, rem = p % hw, oh = rem / s.outW, ow = rem % s.outW;
    long ih0 = oh * s.strideH - s.padTop, iw0 = ow * s.strideW - s.padLeft;
    if (!(ih0 >= 0 && ih0 + s.kH <= s.inH && iw0 >= 0 && iw0 + s.kW <= s.inW)) {
      border.push_back(p++);
      continue;
    }
    // The run of inside pixels from here along this output row: whole tiles
    // read x at a fixed stride; the rest joins the gathered rows.
    long run = 1;
    while (p + run < p1 && ow + run < s.outW && iw0 + run * s.strideW + s.kW <= s.inW) ++run;
    const float* a = x + ((b * s.inH + ih0) * s.inW + iw0) * C;
    // A first layer's run (K = 9 or 27, one GEMM block): lanes along outC.
    if (blocks.size() == 1 && sconv_forward_lanes_m(s, a, run, w, y + p * CO)) {
      p += run;
      continue;
    }
    long tiles = run / MR;
    if (tiles > 0)
      for (size_t i = 0; i < blocks.size(); ++i) {
        const BlockSegments& g = blocks[i];
        sgemm_strided(tiles, CO, K, g.n, a, lda, g.off, g.koff, g.len, packed, y + p * CO, CO, i > 0);
      }
    for (long i = tiles * MR; i < run; ++i) {
      rows_in.push_back(a + i * lda);
      rows_out.push_back(y + (p + i) * CO);
    }
    p += run;
  }
  if (!rows_in.empty()) {
    for (size_t i = 0; i < blocks.size(); ++i) {
      const BlockSegments& g = blocks[i];
      sgemm_gather(static_cast<long>(rows_in.size()), CO, K, g.n, rows_in.data(), g.off, g.koff, g.len, packed,
                   rows_out.data(), i > 0);
    }
  }
  if (!border.empty()) {
    const long n = static_cast<long>(border.size());
    float* col = thread_scratch(0).get(static_cast<size_t>(n * K));
    float* out = thread_scratch(1).get(static_cast<size_t>(n * CO));
    for (long j = 0; j < n; ++j) im2col(s, x, border[j], 1, col + j * K);
    sgemm_rows_a(n, CO, K, col, K, w, CO, 1, out, CO, false);
    for (long j = 0; j < n; ++j) std::memcpy(y + border[j] * CO, out + j * CO, CO * sizeof(float));
  }
}

void conv2d_forward(const ConvShape& s, const float* x, const float* w, float* y) {
  const long P = s.batch * s.outH * s.outW, K = kdim(s), CO = s.outC;
  if (P == 0 || CO == 0) return;
  if (implicit_ok(s)) {
    std::vector<float> packed(sgemm_packed_b_size(K, CO));
    sgemm_pack_b_whole(K, CO, w, CO, 1, packed.data());
    const std::vector<BlockSegments> blocks = block_segments(s);
    const int T = pool_threads();
    const long per = (P + 4L * T - 1) / (4L * T);
    const long tasks = (P + per - 1) / per;
    pool_run(static_cast<int>(tasks), [&](int t, int) {
      const long p1 = (t + 1) * per < P ? (t + 1) * per : P;
      implicit_pixels(s, x, w, packed.data(), blocks, t * per, p1, y);
    });
    return;
  }
  const int T = pool_threads();
  const bool pw = is_pointwise(s);
  const long rows = chunk_rows(P, K, T);
  const long nchunks = (P + rows - 1) / rows;
  pool_run(static_cast<int>(nchunks), [&](int t, int) {
    long p0 = t * rows;
    long n = P - p0 < rows ? P - p0 : rows;
    if (pw) {
      GemmArgs g{n, CO, K, x + p0 * K, K, 1, w, CO, 1, y + p0 * CO, CO, false};
      sgemm_serial(g);
    } else {
      // The chunk is in cache right after im2col: the GEMM reads it in place.
      float* col = thread_scratch(0).get(static_cast<size_t>(rows * K));
      im2col(s, x, p0, n, col);
      sgemm_rows_a(n, CO, K, col, K, w, CO, 1, y + p0 * CO, CO, false);
    }
  });
}

void conv2d_backprop_input(const ConvShape& s, const float* dy, const float* w, float* dx) {
  const long P = s.batch * s.outH * s.outW, K = kdim(s), CO = s.outC;
  const long xsize = s.batch * s.inH * s.inW * s.inC;
  const int T = pool_threads();
  if (is_pointwise(s)) {
    // dx (P x C) = dy (P x CO) * W^T (CO x C)
    GemmArgs g{P, s.inC, CO, dy, CO, 1, w, 1, CO, dx, s.inC, false};
    sgemm(g);
    return;
  }
  if (s.strideH == 1 && s.strideW == 1 && s.dilH == 1 && s.dilW == 1) {
    // wf[kh][kw][co][ci] = w[kH-1-kh][kW-1-kw][ci][co]
    std::vector<float> wf(static_cast<size_t>(K * CO));
    for (long kh = 0; kh < s.kH; ++kh)
      for (long kw = 0; kw < s.kW; ++kw) {
        const float* src = w + ((s.kH - 1 - kh) * s.kW + (s.kW - 1 - kw)) * s.inC * CO;
        float* dst = wf.data() + (kh * s.kW + kw) * CO * s.inC;
        for (long ci = 0; ci < s.inC; ++ci)
          for (long co = 0; co < CO; ++co) dst[co * s.inC + ci] = src[ci * CO + co];
      }
    ConvShape t{s.batch, s.outH, s.outW, CO, s.inH, s.inW, s.inC, s.kH, s.kW, 1, 1, 1, 1,
                s.kH - 1 - s.padTop, s.kW - 1 - s.padLeft};
    conv2d_forward(t, dy, wf.data(), dx);
    return;
  }
  const long hw = s.outH * s.outW;
  const long imgx = s.inH * s.inW * s.inC;
  if (s.batch >= T) {
    pool_run(static_cast<int>(s.batch), [&](int b, int) {
      std::memset(dx + b * imgx, 0, imgx * sizeof(float));
      long rows = chunk_rows(hw, K, 1);
      float* col = thread_scratch(0).get(static_cast<size_t>(rows * K));
      for (long r0 = 0; r0 < hw; r0 += rows) {
        long n = hw - r0 < rows ? hw - r0 : rows;
        long p0 = b * hw + r0;
        sgemm_rows_a(n, K, CO, dy + p0 * CO, CO, w, 1, CO, col, K, false);
        col2im_add(s, col, p0, n, dx);
      }
    });
  } else {
    std::memset(dx, 0, xsize * sizeof(float));
    std::vector<float> col(static_cast<size_t>(hw * K));
    for (long b = 0; b < s.batch; ++b) {
      GemmArgs g{hw, K, CO, dy + b * hw * CO, CO, 1, w, 1, CO, col.data(), K, false};
      sgemm(g);
      col2im_add(s, col.data(), b * hw, hw, dx);
    }
  }
}

namespace {

// acc (outC x K) += dy^T * im2col for pixels [p0, p0+n), reading each
// pixel's kernel rows from x in place (a pointer a pixel and kernel row);
// kernel rows above or below the image read a row of zeros, and pixels whose
// kernel rows cross the left or right edge get im2col rows. Bit-identical to
// im2col + sgemm_serial_in_place_b.
void implicit_filter_grad(const ConvShape& s, const float* x, const float* dy, long p0, long n, float* acc) {
  const long C = s.inC, K = kdim(s), CO = s.outC, hw = s.outH * s.outW, rowK = s.kW * C;
  thread_local std::vector<const float*> ptrs;
  thread_local std::vector<long> border;
  thread_local std::vector<float> zeros;
  ptrs.resize(static_cast<size_t>(s.kH * n));
  border.clear();
  if (zeros.size() < static_cast<size_t>(K)) zeros.assign(static_cast<size_t>(K), 0.f);
  // Locals, not the thread_local vectors: a store through ptrs could alias
  // them, so the compiler would reload both every pixel.
  const float** const P = ptrs.data();
  const float* const zero = zeros.data();
  const long kH = s.kH, inH = s.inH, rowStep = s.inW * C - rowK, step = s.strideW * C;
  long lo, hi;
  interior_columns(s, s.kW, &lo, &hi);
  // A run of pixels along one output row at a time: its interior columns
  // [a0, a1) step each kernel row's pointer through x (or point at zeros
  // above and below the image); the columns either side cross an edge.
  long b = p0 / hw, oh = (p0 % hw) / s.outW, ow = p0 % s.outW;
  for (long i = 0; i < n;) {
    const long run = n - i < s.outW - ow ? n - i : s.outW - ow;
    const long end = ow + run;
    const long a0 = ow > lo ? (ow < end ? ow : end) : (lo < end ? lo : end);
    const long a1 = hi < end ? (hi > a0 ? hi : a0) : end;
    for (long c = ow; c < a0; ++c) border.push_back(i + c - ow);
    if (a1 > a0) {
      const long ih0 = oh * s.strideH - s.padTop;
      // Column j of kernel row kh's segment is at corner + kh*inW*C + (j - kh*rowK).
      const float* corner = x + ((b * inH + ih0) * s.inW + a0 * s.strideW - s.padLeft) * C;
      for (long kh = 0; kh < kH; ++kh) {
        const float** q = P + kh * n + i + (a0 - ow);
        const long ih = ih0 + kh;
        if (ih >= 0 && ih < inH) {
          const float* r = corner + kh * rowStep;
          for (long j = 0; j < a1 - a0; ++j) q[j] = r + j * step;
        } else {
          for (long j = 0; j < a1 - a0; ++j) q[j] = zero;
        }
      }
    }
    for (long c = a1; c < end; ++c) border.push_back(i + c - ow);
    i += run;
    ow = end;
    if (ow == s.outW) {
      ow = 0;
      if (++oh == s.outH) {
        oh = 0;
        ++b;
      }
    }
  }
  if (!border.empty()) {
    float* rows = thread_scratch(1).get(border.size() * static_cast<size_t>(K));
    for (size_t j = 0; j < border.size(); ++j) {
      const long i = border[j];
      float* row = rows + static_cast<long>(j) * K;
      im2col(s, x, p0 + i, 1, row);
      for (long kh = 0; kh < s.kH; ++kh) ptrs[kh * n + i] = row;
    }
  }
  const float* const* seg[16];
  for (long kh = 0; kh < s.kH; ++kh) seg[kh] = ptrs.data() + kh * n;
  sgemm_serial_ptr_b(CO, K, n, dy + p0 * CO, 1, CO, seg, rowK, acc, K, true);
}

}  // namespace

void conv2d_backprop_filter(const ConvShape& s, const float* x, const float* dy, float* dw) {
  const long P = s.batch * s.outH * s.outW, K = kdim(s), CO = s.outC;
  const int T = pool_threads();
  const bool pw = is_pointwise(s);
  const long rows = chunk_rows(P, K, T);
  const long nchunks = (P + rows - 1) / rows;
  const long wsize = K * CO;
  // One partial sum per group of consecutive chunks, the groups fixed by the
  // shape and the thread count (not by which thread runs them), added up in
  // group order: the result is the same bit for bit whatever the scheduling.
  // One thread keeps a single running sum in chunk order, as before groups existed, so
  // one-thread results (every reproduction worker's) stay what they were.
  const long groups = T == 1 ? 1 : (nchunks < 2L * T ? nchunks : 2L * T);
  const long per_group = (nchunks + groups - 1) / groups;
  // With few output channels, each partial is dW transposed (outC x K):
  // dW^T += dy^T * col packs only dy^T, the small operand, and reads col in
  // place (10-20% faster on the reproduction's 16- to 64-channel layers; at
  // 128, 0.85x at 1 thread and the same at 2 once dy^T was read in place).
  // With more, dW += col^T * dy (packing col) is faster. The sums are the
  // same either way, bit for bit.
  const bool transposed = CO <= 128;
  // ... and when each kernel row's slice of an im2col row (kW*C values, contiguous in x)
  // is whole B panels, B's rows are read from x itself: no im2col but for border pixels.
  const bool implicit = transposed && !pw && s.dilH == 1 && s.dilW == 1 && s.kH <= 16 &&
                        (s.kW * s.inC) % sgemm_ptr_b_cols() == 0;
  std::vector<float> partial(static_cast<size_t>(groups * wsize));
  pool_run(static_cast<int>(groups), [&](int g, int) {
    float* acc = partial.data() + g * wsize;
    std::memset(acc, 0, wsize * sizeof(float));
    const long c1 = (g + 1) * per_group < nchunks ? (g + 1) * per_group : nchunks;
    for (long c = g * per_group; c < c1; ++c) {
      long p0 = c * rows;
      long n = P - p0 < rows ? P - p0 : rows;
      // A first layer's product (K = 9 or 27) is too narrow for a column
      // tile: its vector lanes run along outC, every column in a register.
      if (transposed && sconv_filter_grad_lanes_m(s, x, dy, p0, n, acc)) continue;
      if (implicit) {
        implicit_filter_grad(s, x, dy, p0, n, acc);
        continue;
      }
      const float* col;
      if (pw) {
        col = x + p0 * K;
      } else {
        float* cbuf = thread_scratch(0).get(static_cast<size_t>(rows * K));
        im2col(s, x, p0, n, cbuf);
        col = cbuf;
      }
      if (transposed) {
        // acc (CO x K) += dy^T (CO x n) * col (n x K)
        GemmArgs ga{CO, K, n, dy + p0 * CO, 1, CO, col, K, 1, acc, K, true};
        sgemm_serial_in_place_b(ga);
      } else {
        // acc (K x CO) += col^T (K x n) * dy (n x CO)
        GemmArgs ga{K, CO, n, col, 1, K, dy + p0 * CO, CO, 1, acc, CO, true};
        sgemm_serial(ga);
      }
    }
  });
  // dw = partial 0, then += each later partial in group order, every element
  // on its own: rows of dw shared across threads; a transposed partial is
  // read along its rows (K long) 16 at a time, so the 16 rows of dw being
  // written stay in L1.
  const float* part = partial.data();
  parallel_for(K, 64, [&](long k0, long k1) {
    if (!transposed) {
      for (long g = 0; g < groups; ++g) {
        const float* p = part + g * wsize;
        for (long i = k0 * CO; i < k1 * CO; ++i) dw[i] = g == 0 ? p[i] : dw[i] + p[i];
      }
      return;
    }
    for (long kb = k0; kb < k1; kb += 16) {
      const long ke = kb + 16 < k1 ? kb + 16 : k1;
      for (long g = 0; g < groups; ++g) {
        const float* p = part + g * wsize;
        for (long co = 0; co < CO; ++co)
          for (long k = kb; k < ke; ++k) dw[k * CO + co] = g == 0 ? p[co * K + k] : dw[k * CO + co] + p[co * K + k];
      }
    }
  });
}

}  // namespace steth

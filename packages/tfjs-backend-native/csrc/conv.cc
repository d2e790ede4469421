// Convolutions as GEMMs over chunks of output pixels. Forward: each thread
// builds the im2col rows of a chunk in its own buffer and multiplies by the
// filter (a K x outC matrix as stored); a 1x1 stride-1 unpadded conv skips
// im2col. Backprop-input at stride 1 and dilation 1 is itself a forward
// convolution: dy correlated with the filter turned 180 degrees, its in and out
// channels swapped, padded by the filter size less the forward padding; the
// reduction then runs over kH*kW*outC, not outC alone, and nothing is
// scattered. Other strides: dcol = dy * W^T (W^T by strides), scattered back by
// col2im; threads own whole images so the scatter never races. Backprop-filter:
// dW = col^T * dy with one partial sum per fixed group of chunks, added up
// in group order (deterministic whatever the scheduling).
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
        if (iw < 0 || iw >= s.inW)
          for (long c = 0; c < C; ++c) d[c] = 0.f;
        else {
          const float* src = xb + (ih * s.inW + iw) * C;
          for (long c = 0; c < C; ++c) d[c] = src[c];
        }
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

void conv2d_forward(const ConvShape& s, const float* x, const float* w, float* y) {
  const long P = s.batch * s.outH * s.outW, K = kdim(s), CO = s.outC;
  if (P == 0 || CO == 0) return;
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
  std::vector<float> partial(static_cast<size_t>(groups > 1 ? (groups - 1) * wsize : 0));
  pool_run(static_cast<int>(groups), [&](int g, int) {
    float* acc = g == 0 ? dw : partial.data() + (g - 1) * wsize;
    std::memset(acc, 0, wsize * sizeof(float));
    const long c1 = (g + 1) * per_group < nchunks ? (g + 1) * per_group : nchunks;
    for (long c = g * per_group; c < c1; ++c) {
      long p0 = c * rows;
      long n = P - p0 < rows ? P - p0 : rows;
      const float* col;
      if (pw) {
        col = x + p0 * K;
      } else {
        float* cbuf = thread_scratch(0).get(static_cast<size_t>(rows * K));
        im2col(s, x, p0, n, cbuf);
        col = cbuf;
      }
      // acc (K x CO) += col^T (K x n) * dy (n x CO)
      GemmArgs ga{K, CO, n, col, 1, K, dy + p0 * CO, CO, 1, acc, CO, true};
      sgemm_serial(ga);
    }
  });
  for (long g = 1; g < groups; ++g) {
    const float* p = partial.data() + (g - 1) * wsize;
    for (long i = 0; i < wsize; ++i) dw[i] += p[i];
  }
}

}  // namespace steth

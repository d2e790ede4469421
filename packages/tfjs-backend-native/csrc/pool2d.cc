// Pooling over NHWC tensors, vectorised over channels (the innermost axis),
// parallel over images x output rows. Max-pool's gradient recomputes each
// window's first argmax per channel and scatters dy there; threads own whole
// images so the scatter never races. Windows that tile the input (2x2 stride
// 2, unpadded) write each gradient element once instead, reading each
// window's maximum from the forward output when given it.
#include "pool2d.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "thread-pool.h"
#include "vector-clones.h"

#pragma GCC optimize("-ffp-contract=off")

namespace steth {
namespace {

// In-bounds tap range [lo, hi) along one axis for output index o.
inline void taps(long o, long stride, long pad, long k, long dil, long in, long* lo, long* hi) {
  long start = o * stride - pad;
  // first tap index with start + t*dil >= 0
  long t0 = start >= 0 ? 0 : (-start + dil - 1) / dil;
  long t1 = k;
  // last tap with start + t*dil < in
  if (start + (k - 1) * dil >= in) t1 = start >= in ? 0 : (in - 1 - start) / dil + 1;
  if (t1 < t0) t1 = t0;
  *lo = t0;
  *hi = t1;
}

// Output rows [lo, hi) of max_pool (the shape by value: stores cannot alias it).
STETH_VECTOR_CLONES void max_pool_rows(const PoolShape s, const float* x, float* y, long lo, long hi) {
  const long C = s.C;
  for (long bo = lo; bo < hi; ++bo) {
    long b = bo / s.outH, oh = bo % s.outH;
    const float* xb = x + b * s.inH * s.inW * C;
    long h0, h1;
    taps(oh, s.strideH, s.padTop, s.kH, s.dilH, s.inH, &h0, &h1);
    for (long ow = 0; ow < s.outW; ++ow) {
      float* out = y + ((b * s.outH + oh) * s.outW + ow) * C;
      for (long c = 0; c < C; ++c) out[c] = -std::numeric_limits<float>::infinity();
      long w0, w1;
      taps(ow, s.strideW, s.padLeft, s.kW, s.dilW, s.inW, &w0, &w1);
      for (long th = h0; th < h1; ++th) {
        long ih = oh * s.strideH - s.padTop + th * s.dilH;
        for (long tw = w0; tw < w1; ++tw) {
          long iw = ow * s.strideW - s.padLeft + tw * s.dilW;
          const float* px = xb + (ih * s.inW + iw) * C;
          for (long c = 0; c < C; ++c) out[c] = px[c] > out[c] ? px[c] : out[c];
        }
      }
    }
  }
}

}  // namespace

void max_pool(const PoolShape& s, const float* x, float* y) {
  parallel_for(s.batch * s.outH, 4, [&](long lo, long hi) { max_pool_rows(s, x, y, lo, hi); });
}

namespace {

// Windows that tile x without overlap or padding (stride = window, every
// window inside x): each element of dx lies in at most one window, so the
// gradient writes it once, with no zeroing pass and no scatter-add. Values as
// max_pool_grad's general path computes them (0 + hit * dy).
bool windows_tile(const PoolShape& s) {
  return s.padTop == 0 && s.padLeft == 0 && s.dilH == 1 && s.dilW == 1 && s.strideH == s.kH && s.strideW == s.kW &&
         s.outH * s.kH <= s.inH && s.outW * s.kW <= s.inW;
}

// Output rows [lo, hi) of max_pool_grad_tiled; bst and opn: C floats of
// scratch. With y (max_pool's output) the window maxima are read, not
// recomputed: max_pool computes them in the same order, so they are the same
// values, and the hits (px == max) the same.
STETH_VECTOR_CLONES void max_pool_grad_tiled_rows(const PoolShape s, const float* x, const float* y,
                                                  const float* dy, float* dx, long lo, long hi, float* scratch,
                                                  float* opn) {
  const long C = s.C, kH = s.kH, kW = s.kW, inH = s.inH, inW = s.inW, outH = s.outH, outW = s.outW;
  const float ninf = -std::numeric_limits<float>::infinity();
  for (long bo = lo; bo < hi; ++bo) {
    const long b = bo / outH, oh = bo % outH;
    const float* xb = x + b * inH * inW * C;
    float* dxb = dx + b * inH * inW * C;
    for (long ow = 0; ow < outW; ++ow) {
      const float* bst = scratch;
      if (y) {
        bst = y + ((b * outH + oh) * outW + ow) * C;
      } else {
        for (long c = 0; c < C; ++c) scratch[c] = ninf;
        for (long th = 0; th < kH; ++th)
          for (long tw = 0; tw < kW; ++tw) {
            const float* px = xb + ((oh * kH + th) * inW + ow * kW + tw) * C;
            for (long c = 0; c < C; ++c) scratch[c] = px[c] > scratch[c] ? px[c] : scratch[c];
          }
      }
      for (long c = 0; c < C; ++c) opn[c] = bst[c] > ninf ? 1.f : 0.f;
      const float* g = dy + ((b * outH + oh) * outW + ow) * C;
      for (long th = 0; th < kH; ++th)
        for (long tw = 0; tw < kW; ++tw) {
          const long off = ((oh * kH + th) * inW + ow * kW + tw) * C;
          const float* px = xb + off;
          float* d = dxb + off;
          for (long c = 0; c < C; ++c) {
            float hit = (px[c] == bst[c]) ? opn[c] : 0.f;
            d[c] = 0.f + hit * g[c];
            opn[c] -= hit;
          }
        }
    }
    // Columns right of the last window, in this window row; rows below the
    // last window row (with the last one).
    if (outW * kW < inW)
      for (long th = 0; th < kH; ++th)
        std::memset(dxb + ((oh * kH + th) * inW + outW * kW) * C, 0, (inW - outW * kW) * C * sizeof(float));
    if (oh == outH - 1 && outH * kH < inH)
      std::memset(dxb + outH * kH * inW * C, 0, (inH - outH * kH) * inW * C * sizeof(float));
  }
}

void max_pool_grad_tiled(const PoolShape& s, const float* x, const float* y, const float* dy, float* dx) {
  parallel_for(s.batch * s.outH, 4, [&](long lo, long hi) {
    std::vector<float> best(s.C), open(s.C);
    max_pool_grad_tiled_rows(s, x, y, dy, dx, lo, hi, best.data(), open.data());
  });
}

}  // namespace

void max_pool_grad(const PoolShape& s, const float* x, const float* y, const float* dy, float* dx) {
  if (windows_tile(s) && s.outH > 0 && s.outW > 0) {
    max_pool_grad_tiled(s, x, y, dy, dx);
    return;
  }
  const long C = s.C;
  const long imgx = s.inH * s.inW * C;
  const float ninf = -std::numeric_limits<float>::infinity();
  parallel_for(s.batch, 1, [&](long lo, long hi) {
    // Per channel: the window's maximum, then whether its first occurrence
    // has been given the gradient yet. Both passes are branch-free over
    // channels, so they vectorise.
    std::vector<float> best(C), open(C);
    for (long b = lo; b < hi; ++b) {
      const float* xb = x + b * imgx;
      float* dxb = dx + b * imgx;
      std::memset(dxb, 0, imgx * sizeof(float));
      for (long oh = 0; oh < s.outH; ++oh) {
        long h0, h1;
        taps(oh, s.strideH, s.padTop, s.kH, s.dilH, s.inH, &h0, &h1);
        for (long ow = 0; ow < s.outW; ++ow) {
          long w0, w1;
          taps(ow, s.strideW, s.padLeft, s.kW, s.dilW, s.inW, &w0, &w1);
          float* bst = best.data();
          float* opn = open.data();
          for (long c = 0; c < C; ++c) bst[c] = ninf;
          for (long th = h0; th < h1; ++th) {
            long ih = oh * s.strideH - s.padTop + th * s.dilH;
            for (long tw = w0; tw < w1; ++tw) {
              long iw = ow * s.strideW - s.padLeft + tw * s.dilW;
              const float* px = xb + (ih * s.inW + iw) * C;
              for (long c = 0; c < C; ++c) bst[c] = px[c] > bst[c] ? px[c] : bst[c];
            }
          }
          // A window of only NaN or -inf has no maximum position in tfjs: no gradient.
          for (long c = 0; c < C; ++c) opn[c] = bst[c] > ninf ? 1.f : 0.f;
          const float* g = dy + ((b * s.outH + oh) * s.outW + ow) * C;
          for (long th = h0; th < h1; ++th) {
            long ih = oh * s.strideH - s.padTop + th * s.dilH;
            for (long tw = w0; tw < w1; ++tw) {
              long iw = ow * s.strideW - s.padLeft + tw * s.dilW;
              long off = (ih * s.inW + iw) * C;
              const float* px = xb + off;
              float* d = dxb + off;
              for (long c = 0; c < C; ++c) {
                float hit = (px[c] == bst[c]) ? opn[c] : 0.f;
                d[c] += hit * g[c];
                opn[c] -= hit;
              }
            }
          }
        }
      }
    }
  });
}

void avg_pool(const PoolShape& s, const float* x, float* y) {
  const long C = s.C;
  parallel_for(s.batch * s.outH, 4, [&](long lo, long hi) {
    for (long bo = lo; bo < hi; ++bo) {
      long b = bo / s.outH, oh = bo % s.outH;
      const float* xb = x + b * s.inH * s.inW * C;
      long h0, h1;
      taps(oh, s.strideH, s.padTop, s.kH, s.dilH, s.inH, &h0, &h1);
      for (long ow = 0; ow < s.outW; ++ow) {
        float* out = y + ((b * s.outH + oh) * s.outW + ow) * C;
        for (long c = 0; c < C; ++c) out[c] = 0.f;
        long w0, w1;
        taps(ow, s.strideW, s.padLeft, s.kW, s.dilW, s.inW, &w0, &w1);
        long count = (h1 - h0) * (w1 - w0);
        for (long th = h0; th < h1; ++th) {
          long ih = oh * s.strideH - s.padTop + th * s.dilH;
          for (long tw = w0; tw < w1; ++tw) {
            long iw = ow * s.strideW - s.padLeft + tw * s.dilW;
            const float* px = xb + (ih * s.inW + iw) * C;
            for (long c = 0; c < C; ++c) out[c] += px[c];
          }
        }
        // 0/0 gives NaN for an empty window, as tfjs does.
        float inv = static_cast<float>(count);
        for (long c = 0; c < C; ++c) out[c] /= inv;
      }
    }
  });
}

void avg_pool_grad(const PoolShape& s, const float* dy, float* dx) {
  const long C = s.C;
  const long imgx = s.inH * s.inW * C;
  const float mult = 1.f / static_cast<float>(s.kH * s.kW);
  parallel_for(s.batch, 1, [&](long lo, long hi) {
    for (long b = lo; b < hi; ++b) {
      float* dxb = dx + b * imgx;
      std::memset(dxb, 0, imgx * sizeof(float));
      for (long oh = 0; oh < s.outH; ++oh) {
        long h0, h1;
        taps(oh, s.strideH, s.padTop, s.kH, s.dilH, s.inH, &h0, &h1);
        for (long ow = 0; ow < s.outW; ++ow) {
          long w0, w1;
          taps(ow, s.strideW, s.padLeft, s.kW, s.dilW, s.inW, &w0, &w1);
          const float* g = dy + ((b * s.outH + oh) * s.outW + ow) * C;
          for (long th = h0; th < h1; ++th) {
            long ih = oh * s.strideH - s.padTop + th * s.dilH;
            for (long tw = w0; tw < w1; ++tw) {
              long iw = ow * s.strideW - s.padLeft + tw * s.dilW;
              float* d = dxb + (ih * s.inW + iw) * C;
              for (long c = 0; c < C; ++c) d[c] += g[c] * mult;
            }
          }
        }
      }
    }
  });
}

}  // namespace steth

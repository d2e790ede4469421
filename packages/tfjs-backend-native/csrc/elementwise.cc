// Elementwise, reduction and concat kernels. All are memory bound: they are
// written as simple loops the compiler vectorises, split over the thread pool
// once a tensor is large enough to repay the wake-up.
#include "elementwise.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "thread-pool.h"
#include "vector-clones.h"

#pragma GCC optimize("-ffp-contract=off")

namespace steth {
namespace {

const long kGrain = 1 << 15;

template <int OP>
inline float apply(float a, float b) {
  if (OP == kAdd) return a + b;
  if (OP == kSub) return a - b;
  if (OP == kMul) return a * b;
  if (OP == kDiv) return a / b;
  if (OP == kMax) return (a > b || std::isnan(a)) ? a : (std::isnan(b) ? b : (a > b ? a : b));
  if (OP == kMin) return (a < b || std::isnan(a)) ? a : (std::isnan(b) ? b : (a < b ? a : b));
  if (OP == kMulTwice) return a * (b * 2.f);
  if (OP == kReluGrad) return relu_grad_of(a, b);
  float d = a - b;
  return d * d;
}

// Inner loop over the last axis; sa/sb are 0 or 1 in the common cases.
template <int OP>
STETH_VECTOR_CLONES void row(const float* a, long sa, const float* b, long sb, float* o, long n) {
  if (sa == 1 && sb == 1) {
    for (long i = 0; i < n; ++i) o[i] = apply<OP>(a[i], b[i]);
  } else if (sa == 1 && sb == 0) {
    float bv = *b;
    for (long i = 0; i < n; ++i) o[i] = apply<OP>(a[i], bv);
  } else if (sa == 0 && sb == 1) {
    float av = *a;
    for (long i = 0; i < n; ++i) o[i] = apply<OP>(av, b[i]);
  } else {
    for (long i = 0; i < n; ++i) o[i] = apply<OP>(a[i * sa], b[i * sb]);
  }
}

template <int OP>
void binary_t(int rank, const long* shape, const float* a, const long* as, const float* b, const long* bs,
              float* out) {
  const long inner = shape[rank - 1];
  long rows = 1;
  for (int d = 0; d < rank - 1; ++d) rows *= shape[d];
  if (rows == 1) {
    // One long row (same-shape operands collapse to one axis): split it.
    const long sa = as[rank - 1], sb = bs[rank - 1];
    parallel_for(inner, kGrain, [&](long lo, long hi) { row<OP>(a + lo * sa, sa, b + lo * sb, sb, out + lo, hi - lo); });
    return;
  }
  long grain = kGrain / (inner > 0 ? inner : 1);
  parallel_for(rows, grain < 1 ? 1 : grain, [&](long lo, long hi) {
    for (long r = lo; r < hi; ++r) {
      long rem = r, ao = 0, bo = 0;
      for (int d = rank - 2; d >= 0; --d) {
        long i = rem % shape[d];
        rem /= shape[d];
        ao += i * as[d];
        bo += i * bs[d];
      }
      row<OP>(a + ao, as[rank - 1], b + bo, bs[rank - 1], out + r * inner, inner);
    }
  });
}

inline float sigmoid(float x) { return 1.f / (1.f + std::exp(-x)); }

template <int OP>
inline float act(float x, float alpha) {
  if (OP == kRelu) return relu_of(x);
  if (OP == kRelu6) return x > 0.f ? (x < 6.f ? x : 6.f) : (std::isnan(x) ? x : 0.f);
  if (OP == kLeakyRelu) return x < 0.f ? alpha * x : x;
  if (OP == kSigmoid) return sigmoid(x);
  if (OP == kExp) return std::exp(x);
  if (OP == kLog) return std::log(x);
  if (OP == kNeg) return -x;
  if (OP == kSqrt) return std::sqrt(x);
  if (OP == kSquare) return x * x;
  if (OP == kTanh) return std::tanh(x);
  if (OP == kElu) return x >= 0.f ? x : std::exp(x) - 1.f;
  if (OP == kStep) return std::isnan(x) ? x : (x > 0.f ? 1.f : alpha);
  if (OP == kAbs) return std::fabs(x);
  if (OP == kRsqrt) return 1.f / std::sqrt(x);
  if (OP == kReciprocal) return 1.f / x;
  return x;
}

template <int OP>
STETH_VECTOR_CLONES void unary_range(float alpha, const float* x, float* y, long lo, long hi) {
  for (long i = lo; i < hi; ++i) y[i] = act<OP>(x[i], alpha);
}

template <int OP>
void unary_t(float alpha, const float* x, float* y, long n) {
  parallel_for(n, kGrain, [&](long lo, long hi) { unary_range<OP>(alpha, x, y, lo, hi); });
}

template <int OP>
STETH_VECTOR_CLONES void bias_act_rows(float* y, long lo, long hi, long cols, const float* bias, float alpha) {
  for (long r = lo; r < hi; ++r) {
    float* p = y + r * cols;
    if (bias)
      for (long c = 0; c < cols; ++c) p[c] = act<OP>(p[c] + bias[c], alpha);
    else
      for (long c = 0; c < cols; ++c) p[c] = act<OP>(p[c], alpha);
  }
}

template <int OP>
void bias_act_t(float* y, long rows, long cols, const float* bias, float alpha) {
  long grain = kGrain / (cols > 0 ? cols : 1);
  parallel_for(rows, grain < 1 ? 1 : grain,
               [&](long lo, long hi) { bias_act_rows<OP>(y, lo, hi, cols, bias, alpha); });
}

}  // namespace

void binary(int op, int rank, const long* shape, const float* a, const long* as, const float* b,
            const long* bs, float* out) {
  long one = 1, zero = 0;
  if (rank == 0) {
    rank = 1;
    shape = &one;
    as = &zero;
    bs = &zero;
  }
  switch (op) {
    case kAdd: binary_t<kAdd>(rank, shape, a, as, b, bs, out); break;
    case kSub: binary_t<kSub>(rank, shape, a, as, b, bs, out); break;
    case kMul: binary_t<kMul>(rank, shape, a, as, b, bs, out); break;
    case kDiv: binary_t<kDiv>(rank, shape, a, as, b, bs, out); break;
    case kMax: binary_t<kMax>(rank, shape, a, as, b, bs, out); break;
    case kMin: binary_t<kMin>(rank, shape, a, as, b, bs, out); break;
    case kMulTwice: binary_t<kMulTwice>(rank, shape, a, as, b, bs, out); break;
    case kReluGrad: binary_t<kReluGrad>(rank, shape, a, as, b, bs, out); break;
    default: binary_t<kSquaredDiff>(rank, shape, a, as, b, bs, out); break;
  }
}

#define UNARY_CASES(X)                                                                                   \
  X(kRelu) X(kRelu6) X(kLeakyRelu) X(kSigmoid) X(kExp) X(kLog) X(kNeg) X(kSqrt) X(kSquare) X(kTanh) X(kElu) \
      X(kStep) X(kAbs) X(kRsqrt) X(kReciprocal) X(kLinear)

void unary(int op, float alpha, const float* x, float* y, long n) {
  switch (op) {
#define X(k) \
  case k: unary_t<k>(alpha, x, y, n); break;
    UNARY_CASES(X)
#undef X
  }
}

void bias_activation(float* y, long rows, long cols, const float* bias, int op, float alpha) {
  switch (op) {
#define X(k) \
  case k: bias_act_t<k>(y, rows, cols, bias, alpha); break;
    UNARY_CASES(X)
#undef X
  }
}

void reduce(int op, const float* x, long outer, long red, long inner, float* y) {
  const float init = op == kRMax   ? -std::numeric_limits<float>::infinity()
                     : op == kRMin ? std::numeric_limits<float>::infinity()
                                   : 0.f;
  if (inner == 1) {
    // Reduce contiguous rows: accumulate in double for sums, as a pairwise-free
    // but accurate sum of long rows.
    parallel_for(outer, kGrain / (red > 0 ? red : 1) + 1, [&](long lo, long hi) {
      for (long o = lo; o < hi; ++o) {
        const float* p = x + o * red;
        if (op == kSum || op == kMean) {
          double s = 0;
          for (long r = 0; r < red; ++r) s += p[r];
          y[o] = op == kMean ? static_cast<float>(s / red) : static_cast<float>(s);
        } else {
          float m = init;
          bool nan = false;
          for (long r = 0; r < red; ++r) {
            float v = p[r];
            if (std::isnan(v)) nan = true;
            m = op == kRMax ? (v > m ? v : m) : (v < m ? v : m);
          }
          y[o] = nan ? std::numeric_limits<float>::quiet_NaN() : m;
        }
      }
    });
    return;
  }
  // One long reduction over rows of a short inner axis (a bias gradient:
  // sum over batch x height x width): each thread sums a band of rows.
  const int T = pool_threads();
  if (outer == 1 && T > 1 && red >= 4L * T && red * inner >= kGrain && inner <= 4096 &&
      (op == kSum || op == kMean)) {
    std::vector<double> part(static_cast<size_t>(T * inner), 0.0);
    long per = (red + T - 1) / T;
    pool_run(T, [&](int t, int) {
      long r0 = t * per, r1 = r0 + per < red ? r0 + per : red;
      double* acc = part.data() + t * inner;
      for (long r = r0; r < r1; ++r) {
        const float* p = x + r * inner;
        for (long j = 0; j < inner; ++j) acc[j] += p[j];
      }
    });
    for (long j = 0; j < inner; ++j) {
      double v = 0;
      for (int t = 0; t < T; ++t) v += part[t * inner + j];
      y[j] = op == kMean ? static_cast<float>(v / red) : static_cast<float>(v);
    }
    return;
  }
  // Reduce over the middle axis: rows of `inner` values added together,
  // parallel over (outer x inner blocks).
  const long block = 256;
  const long nblocks = (inner + block - 1) / block;
  parallel_for(outer * nblocks, 1 + kGrain / (red * block > 0 ? red * block : 1), [&](long lo, long hi) {
    double acc[256];
    for (long t = lo; t < hi; ++t) {
      long o = t / nblocks, j0 = (t % nblocks) * block;
      long w = inner - j0 < block ? inner - j0 : block;
      const float* base = x + o * red * inner + j0;
      float* out = y + o * inner + j0;
      if (op == kSum || op == kMean) {
        for (long j = 0; j < w; ++j) acc[j] = 0;
        for (long r = 0; r < red; ++r) {
          const float* p = base + r * inner;
          for (long j = 0; j < w; ++j) acc[j] += p[j];
        }
        for (long j = 0; j < w; ++j) out[j] = op == kMean ? static_cast<float>(acc[j] / red) : static_cast<float>(acc[j]);
      } else {
        for (long j = 0; j < w; ++j) out[j] = init;
        for (long r = 0; r < red; ++r) {
          const float* p = base + r * inner;
          for (long j = 0; j < w; ++j) {
            float v = p[j];
            if (std::isnan(v) || std::isnan(out[j])) out[j] = std::numeric_limits<float>::quiet_NaN();
            else out[j] = op == kRMax ? (v > out[j] ? v : out[j]) : (v < out[j] ? v : out[j]);
          }
        }
      }
    }
  });
}

void batch_norm(const float* x, long n, const float* mean, long lm, const float* var, long lv, const float* scale,
                long ls, const float* offset, long lo, float eps, float* y) {
  if (lm == lv && lm == ls && lm == lo && lm > 0 && n % lm == 0) {
    // The usual case, one value a channel: precompute scale / sqrt(var + eps).
    const long C = lm;
    std::vector<float> a(C);
    for (long c = 0; c < C; ++c) a[c] = scale[c] / std::sqrt(var[c] + eps);
    const float* pa = a.data();
    long rows = n / C;
    long grain = kGrain / C + 1;
    parallel_for(rows, grain, [&](long r0, long r1) {
      for (long r = r0; r < r1; ++r) {
        const float* px = x + r * C;
        float* py = y + r * C;
        for (long c = 0; c < C; ++c) py[c] = offset[c] + (px[c] - mean[c]) * pa[c];
      }
    });
    return;
  }
  parallel_for(n, kGrain, [&](long lo0, long hi) {
    for (long i = lo0; i < hi; ++i)
      y[i] = offset[i % lo] + (x[i] - mean[i % lm]) * scale[i % ls] / std::sqrt(var[i % lv] + eps);
  });
}

void tile(int rank, const long* inShape, const long* reps, const float* x, float* out) {
  long outShape[16], inStride[16];
  long stride = 1;
  for (int d = rank - 1; d >= 0; --d) {
    outShape[d] = inShape[d] * reps[d];
    inStride[d] = stride;
    stride *= inShape[d];
  }
  const long inner = inShape[rank - 1];
  const long innerOut = outShape[rank - 1];
  long rows = 1;
  for (int d = 0; d < rank - 1; ++d) rows *= outShape[d];
  long grain = kGrain / (innerOut > 0 ? innerOut : 1) + 1;
  parallel_for(rows, grain, [&](long r0, long r1) {
    for (long r = r0; r < r1; ++r) {
      long rem = r, off = 0;
      for (int d = rank - 2; d >= 0; --d) {
        long i = rem % outShape[d];
        rem /= outShape[d];
        off += (i % inShape[d]) * inStride[d];
      }
      float* dst = out + r * innerOut;
      for (long k = 0; k < reps[rank - 1]; ++k) std::memcpy(dst + k * inner, x + off, inner * sizeof(float));
    }
  });
}

void split(int n, const float* x, const long* widths, long outer, float* const* outputs) {
  long total = 0;
  for (int i = 0; i < n; ++i) total += widths[i];
  long grain = kGrain / (total > 0 ? total : 1);
  parallel_for(outer, grain < 1 ? 1 : grain, [&](long lo, long hi) {
    for (long o = lo; o < hi; ++o) {
      const float* src = x + o * total;
      for (int i = 0; i < n; ++i) {
        std::memcpy(outputs[i] + o * widths[i], src, widths[i] * sizeof(float));
        src += widths[i];
      }
    }
  });
}

void transpose(int rank, const long* inShape, const long* perm, const float* x, float* out) {
  long inStride[16], outShape[16], srcStride[16];
  long stride = 1;
  for (int d = rank - 1; d >= 0; --d) {
    inStride[d] = stride;
    stride *= inShape[d];
  }
  for (int d = 0; d < rank; ++d) {
    outShape[d] = inShape[perm[d]];
    srcStride[d] = inStride[perm[d]];
  }
  const long inner = outShape[rank - 1];
  const long sInner = srcStride[rank - 1];
  long rows = 1;
  for (int d = 0; d < rank - 1; ++d) rows *= outShape[d];
  long grain = kGrain / (inner > 0 ? inner : 1) + 1;
  parallel_for(rows, grain, [&](long r0, long r1) {
    for (long r = r0; r < r1; ++r) {
      long rem = r, off = 0;
      for (int d = rank - 2; d >= 0; --d) {
        long i = rem % outShape[d];
        rem /= outShape[d];
        off += i * srcStride[d];
      }
      const float* src = x + off;
      float* dst = out + r * inner;
      if (sInner == 1) std::memcpy(dst, src, inner * sizeof(float));
      else
        for (long j = 0; j < inner; ++j) dst[j] = src[j * sInner];
    }
  });
}

void gather(const float* x, const int* idx, long batch, long outer, long dim, long slice, long n, float* out) {
  long rows = batch * outer * n;
  long grain = kGrain / (slice > 0 ? slice : 1) + 1;
  if (slice == 1) {
    // Gathering single values (a sparse layer's inputs): a plain indexed loop.
    parallel_for(batch * outer, kGrain / (n > 0 ? n : 1) + 1, [&](long r0, long r1) {
      for (long bo = r0; bo < r1; ++bo) {
        const float* src = x + bo * dim;
        const int* ix = idx + (bo / outer) * n;
        float* dst = out + bo * n;
        for (long i = 0; i < n; ++i) dst[i] = src[ix[i]];
      }
    });
    return;
  }
  parallel_for(rows, grain, [&](long r0, long r1) {
    for (long r = r0; r < r1; ++r) {
      long i = r % n, bo = r / n;
      long b = bo / outer;
      const float* src = x + (bo * dim + idx[b * n + i]) * slice;
      std::memcpy(out + r * slice, src, slice * sizeof(float));
    }
  });
}

void concat(int n, const float* const* inputs, const long* widths, long outer, float* out) {
  long total = 0;
  for (int i = 0; i < n; ++i) total += widths[i];
  long grain = kGrain / (total > 0 ? total : 1);
  parallel_for(outer, grain < 1 ? 1 : grain, [&](long lo, long hi) {
    for (long o = lo; o < hi; ++o) {
      float* dst = out + o * total;
      for (int i = 0; i < n; ++i) {
        std::memcpy(dst, inputs[i] + o * widths[i], widths[i] * sizeof(float));
        dst += widths[i];
      }
    }
  });
}

}  // namespace steth

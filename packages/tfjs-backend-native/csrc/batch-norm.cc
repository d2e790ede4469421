// Batch normalisation's gradient in one pass over x and dy: per-channel sums
// of dy and dy * (x - mean) accumulated per band of rows (bands fixed by the
// shape and the thread count, never by which thread ran first), and
// dx = dy * scale / sqrt(var + eps) written in the same pass. Then the fused
// training-mode batch norm (statistics + normalisation) and its gradient
// through the statistics, which tfjs-layers' BatchNormalization reaches on
// the native backend (src/batch-norm-training.ts).
#include "batch-norm.h"

#include <cmath>
#include <vector>

#include "elementwise.h"
#include "thread-pool.h"
#include "vector-clones.h"

#pragma GCC optimize("-ffp-contract=off")

namespace steth {
namespace {

// Bands of rows for per-channel sums: one a thread when there is enough
// work, else one; fixed by the shape and the thread count.
long sum_bands(long rows, long C) {
  long bands = rows * C >= (1L << 14) ? pool_threads() : 1;
  if (bands > rows) bands = rows > 0 ? rows : 1;
  return bands;
}

// Two per-channel sums over rows: terms(row, fa, fb) adds row's terms to
// fa[c] and fb[c] (and may write that row's outputs). Sums run in float over
// blocks of `block` rows, which vectorises over channels, and in double
// across blocks and bands; bands are added in band order. Results in s1, s2.
// One band of channel_sums: rows [r0, r1) into a and b.
template <typename F>
STETH_VECTOR_CLONES void band_sums(const F& terms, long r0, long r1, long block, long C, float* fa, float* fb,
                                   double* a, double* b) {
  for (long rb = r0; rb < r1; rb += block) {
    const long re = rb + block < r1 ? rb + block : r1;
    for (long c = 0; c < C; ++c) fa[c] = fb[c] = 0.f;
    for (long row = rb; row < re; ++row) terms(row, fa, fb);
    for (long c = 0; c < C; ++c) {
      a[c] += fa[c];
      b[c] += fb[c];
    }
  }
}

template <typename F>
void channel_sums(long rows, long C, long block, const F& terms, std::vector<double>& s1,
                  std::vector<double>& s2) {
  const long bands = sum_bands(rows, C);
  const long per = (rows + bands - 1) / bands;
  std::vector<double> p1(static_cast<size_t>(bands * C), 0.0), p2(static_cast<size_t>(bands * C), 0.0);
  pool_run(static_cast<int>(bands), [&](int band, int) {
    const long r0 = band * per, r1 = r0 + per < rows ? r0 + per : rows;
    std::vector<float> fa(C), fb(C);
    band_sums(terms, r0, r1, block, C, fa.data(), fb.data(), p1.data() + band * C, p2.data() + band * C);
  });
  s1.assign(static_cast<size_t>(C), 0.0);
  s2.assign(static_cast<size_t>(C), 0.0);
  for (long t = 0; t < bands; ++t)
    for (long c = 0; c < C; ++c) {
      s1[c] += p1[t * C + c];
      s2[c] += p2[t * C + c];
    }
}

// y = offset + (x - mean) * a over rows [r0, r1) (offset null: 0); with
// RELU, relu(y), the same bits as y then Relu.
template <bool RELU>
STETH_VECTOR_CLONES void normalise_rows(const float* x, const float* mean, const float* a, const float* offset,
                                        long C, long r0, long r1, float* y) {
  for (long r = r0; r < r1; ++r) {
    const float* px = x + r * C;
    float* py = y + r * C;
    if (offset)
      for (long c = 0; c < C; ++c) {
        const float v = offset[c] + (px[c] - mean[c]) * a[c];
        py[c] = RELU ? relu_of(v) : v;
      }
    else
      for (long c = 0; c < C; ++c) {
        const float v = (px[c] - mean[c]) * a[c];
        py[c] = RELU ? relu_of(v) : v;
      }
  }
}

// A ReLU taken after the batch norm, for its gradient: the batch norm's
// output y = off + (x - mean) * na recomputed from x as batch_norm_normalise
// computes it (na = scale / sqrt(var + eps) in float; a missing offset is 0,
// whose addition changes no step of y), so ReLU's output need not be read:
// step(relu(y)) = step(y), and a NaN y is relu(y) itself.
struct ReluAfter {
  const float* na;
  const float* off;
};

// dy at row element c: dy itself, or with RELU, relu_grad_of(dz, y) (na and
// off from a ReluAfter, as locals: through the struct the compiler would
// reload them every element, and not vectorise).
template <bool RELU>
inline float dy_at(const float* pdy, const float* px, const float* mean, const float* na, const float* off, long c) {
  if (RELU) return relu_grad_of(pdy[c], off[c] + (px[c] - mean[c]) * na[c]);
  return pdy[c];
}

// dx = a dy + b (x - mean) + k over rows [r0, r1).
template <bool RELU>
STETH_VECTOR_CLONES void grad_rows(const float* x, const float* dy, const ReluAfter relu, const float* mean,
                                   const float* a, const float* b, const float* k, long C, long r0, long r1,
                                   float* dx) {
  const float* const na = relu.na;
  const float* const off = relu.off;
  for (long r = r0; r < r1; ++r) {
    const float* px = x + r * C;
    const float* pdy = dy + r * C;
    float* __restrict pdx = dx + r * C;
    for (long c = 0; c < C; ++c)
      pdx[c] = a[c] * dy_at<RELU>(pdy, px, mean, na, off, c) + b[c] * (px[c] - mean[c]) + k[c];
  }
}

}  // namespace

void batch_norm_grad(const float* x, const float* dy, const float* mean, const float* var, const float* scale,
                     long rows, long C, float eps, float* dx, float* dmean, float* dvar, float* dscale,
                     float* doffset) {
  std::vector<float> r(C), g(C);
  for (long c = 0; c < C; ++c) {
    // As tfjs: rsqrt(add(variance, eps)) in float32.
    float v = var[c] + eps;
    r[c] = 1.f / std::sqrt(v);
    g[c] = (scale ? scale[c] : 1.f) * r[c];
  }
  const float* pg = g.data();
  std::vector<double> s1, s2;
  channel_sums(
      rows, C, 32,
      // __restrict: three outputs against four inputs are more runtime alias
      // checks than GCC makes, and the loop stayed scalar without it.
      [&](long row, float* __restrict fa, float* __restrict fb) {
        const float* px = x + row * C;
        const float* pdy = dy + row * C;
        float* __restrict pdx = dx + row * C;
        for (long c = 0; c < C; ++c) {
          const float d = pdy[c];
          fa[c] += d;
          fb[c] += d * (px[c] - mean[c]);
          pdx[c] = d * pg[c];
        }
      },
      s1, s2);
  for (long c = 0; c < C; ++c) {
    const double rc = r[c], sc = scale ? scale[c] : 1.0;
    doffset[c] = static_cast<float>(s1[c]);
    dscale[c] = static_cast<float>(rc * s2[c]);
    dmean[c] = static_cast<float>(-rc * sc * s1[c]);
    dvar[c] = static_cast<float>(-0.5 * rc * rc * rc * sc * s2[c]);
  }
}

void batch_norm_train(const float* x, const float* scale, const float* offset, long rows, long C, float eps,
                      float* y, float* mean, float* var) {
  if (rows <= 0 || C <= 0) return;
  // Shifting by the first row keeps the float block sums of squares accurate
  // when the mean is large against the spread (images in [0, 255]).
  std::vector<float> shift(x, x + C);
  const float* k = shift.data();
  std::vector<double> s1, s2;
  channel_sums(
      rows, C, 16,
      [&](long row, float* fa, float* fb) {
        const float* px = x + row * C;
        for (long c = 0; c < C; ++c) {
          const float d = px[c] - k[c];
          fa[c] += d;
          fb[c] += d * d;
        }
      },
      s1, s2);
  for (long c = 0; c < C; ++c) {
    const double m1 = s1[c] / rows;
    double v = s2[c] / rows - m1 * m1;
    if (v < 0) v = 0;
    mean[c] = static_cast<float>(k[c] + m1);
    var[c] = static_cast<float>(v);
  }
  if (y) batch_norm_normalise(x, mean, var, scale, offset, rows, C, eps, false, y);
}

void batch_norm_normalise(const float* x, const float* mean, const float* var, const float* scale,
                          const float* offset, long rows, long C, float eps, bool relu, float* y) {
  if (rows <= 0 || C <= 0) return;
  std::vector<float> a(C);
  // As tfjs's FusedBatchNorm: scale / sqrt(var + eps) in float32.
  for (long c = 0; c < C; ++c) a[c] = (scale ? scale[c] : 1.f) / std::sqrt(var[c] + eps);
  const float* pa = a.data();
  parallel_for(rows, (1L << 14) / C + 1, [&](long r0, long r1) {
    if (relu) normalise_rows<true>(x, mean, pa, offset, C, r0, r1, y);
    else normalise_rows<false>(x, mean, pa, offset, C, r0, r1, y);
  });
}

namespace {

template <bool RELU>
void train_grad(const float* x, const float* dy, const ReluAfter& relu, const float* mean, const float* var,
                const float* scale, const float* gmean, const float* gvar, long rows, long C, float eps, float* dx,
                float* dscale, float* doffset) {
  std::vector<double> s1, s2;
  const float* const na = relu.na;
  const float* const off = relu.off;
  channel_sums(
      rows, C, 16,
      // __restrict: with five inputs besides fa and fb, GCC's runtime alias
      // checks would pass its limit and leave the loop scalar.
      [=](long row, float* __restrict fa, float* __restrict fb) {
        const float* px = x + row * C;
        const float* pdy = dy + row * C;
        for (long c = 0; c < C; ++c) {
          const float d = dy_at<RELU>(pdy, px, mean, na, off, c);
          fa[c] += d;
          fb[c] += d * (px[c] - mean[c]);
        }
      },
      s1, s2);
  // dx = a dy + b (x - mean) + k, per channel.
  std::vector<float> a(C), b(C), k(C);
  const double n = static_cast<double>(rows);
  for (long c = 0; c < C; ++c) {
    const double r = 1.0 / std::sqrt(static_cast<double>(var[c]) + eps);
    const double sc = scale ? scale[c] : 1.0;
    const double bc = -sc * r * r * r * s2[c] / n + (gvar ? 2.0 * gvar[c] / n : 0.0);
    const double kc = -sc * r * s1[c] / n + (gmean ? gmean[c] / n : 0.0);
    a[c] = static_cast<float>(sc * r);
    b[c] = static_cast<float>(bc);
    k[c] = static_cast<float>(kc);
    dscale[c] = static_cast<float>(r * s2[c]);
    doffset[c] = static_cast<float>(s1[c]);
  }
  const float *pa = a.data(), *pb = b.data(), *pk = k.data();
  parallel_for(rows, (1L << 14) / C + 1,
               [&](long r0, long r1) { grad_rows<RELU>(x, dy, relu, mean, pa, pb, pk, C, r0, r1, dx); });
}

}  // namespace

void batch_norm_train_grad(const float* x, const float* dy, bool relu, const float* offset, const float* mean,
                           const float* var, const float* scale, const float* gmean, const float* gvar, long rows,
                           long C, float eps, float* dx, float* dscale, float* doffset) {
  if (rows <= 0 || C <= 0) return;
  if (!relu) {
    train_grad<false>(x, dy, ReluAfter{nullptr, nullptr}, mean, var, scale, gmean, gvar, rows, C, eps, dx, dscale,
                      doffset);
    return;
  }
  // The forward's factor, as batch_norm_normalise computes it.
  std::vector<float> na(C), off(C, 0.f);
  for (long c = 0; c < C; ++c) {
    na[c] = (scale ? scale[c] : 1.f) / std::sqrt(var[c] + eps);
    if (offset) off[c] = offset[c];
  }
  train_grad<true>(x, dy, ReluAfter{na.data(), off.data()}, mean, var, scale, gmean, gvar, rows, C, eps, dx, dscale,
                   doffset);
}

void moving_average(long n, const float* current, const float* value, float decay, float* out) {
  for (long i = 0; i < n; ++i) out[i] = current[i] - (current[i] - value[i]) * decay;
}

}  // namespace steth

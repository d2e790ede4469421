// Batch normalisation's gradient in one pass over x and dy: per-channel sums
// of dy and dy * (x - mean) accumulated per band of rows (bands fixed by the
// shape and the thread count, never by which thread ran first), and
// dx = dy * scale / sqrt(var + eps) written in the same pass.
#include "batch-norm.h"

#include <cmath>
#include <vector>

#include "thread-pool.h"

namespace steth {

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
  // Bands: one a thread when there is enough work, else one.
  const int T = pool_threads();
  long bands = rows * C >= (1L << 14) ? T : 1;
  if (bands > rows) bands = rows > 0 ? rows : 1;
  const long per = (rows + bands - 1) / bands;
  std::vector<double> sdy(static_cast<size_t>(bands * C), 0.0), sdyx(static_cast<size_t>(bands * C), 0.0);
  const float* pg = g.data();
  pool_run(static_cast<int>(bands), [&](int band, int) {
    long r0 = band * per, r1 = r0 + per < rows ? r0 + per : rows;
    double* a = sdy.data() + band * C;
    double* b = sdyx.data() + band * C;
    // Accumulate a block of rows in float, then add the block to the double
    // sums: vectorises over channels and keeps double accuracy across blocks.
    const long kBlock = 32;
    std::vector<float> fa(C), fb(C);
    for (long rb = r0; rb < r1; rb += kBlock) {
      long re = rb + kBlock < r1 ? rb + kBlock : r1;
      for (long c = 0; c < C; ++c) fa[c] = fb[c] = 0.f;
      for (long row = rb; row < re; ++row) {
        const float* px = x + row * C;
        const float* pdy = dy + row * C;
        float* pdx = dx + row * C;
        for (long c = 0; c < C; ++c) {
          float d = pdy[c];
          fa[c] += d;
          fb[c] += d * (px[c] - mean[c]);
          pdx[c] = d * pg[c];
        }
      }
      for (long c = 0; c < C; ++c) {
        a[c] += fa[c];
        b[c] += fb[c];
      }
    }
  });
  for (long c = 0; c < C; ++c) {
    double s1 = 0, s2 = 0;
    for (long t = 0; t < bands; ++t) {
      s1 += sdy[t * C + c];
      s2 += sdyx[t * C + c];
    }
    const double rc = r[c], sc = scale ? scale[c] : 1.0;
    doffset[c] = static_cast<float>(s1);
    dscale[c] = static_cast<float>(rc * s2);
    dmean[c] = static_cast<float>(-rc * sc * s1);
    dvar[c] = static_cast<float>(-0.5 * rc * rc * rc * sc * s2);
  }
}

}  // namespace steth

// Fused optimizer updates (tfjs's AdamOptimizer.applyGradients is a dozen
// elementwise kernels a variable). Contraction into FMAs is off in this
// file: each product and sum rounds to float32 as tfjs's separate kernels do.
#pragma GCC optimize("-ffp-contract=off")
#include "optimizer.h"

#include <cmath>

#include "thread-pool.h"
#include "vector-clones.h"

namespace steth {
namespace {

// The outputs __restrict (they are always fresh buffers): three outputs
// against four inputs need more runtime alias checks than GCC makes, and
// without it the loop stayed scalar.
STETH_VECTOR_CLONES void adam_range(long lo, long hi, const float* value, const float* m, const float* v,
                                    const float* g, AdamScalars s, float* __restrict valueOut,
                                    float* __restrict mOut, float* __restrict vOut) {
  // The scalars by value: stores through the outputs cannot alias them, so they stay in registers.
  const float b1 = s.beta1, ob1 = s.oneMinusBeta1, b2 = s.beta2, ob2 = s.oneMinusBeta2;
  const float c1 = s.correction1, c2 = s.correction2, eps = s.epsilon, nlr = s.negLearningRate;
  for (long i = lo; i < hi; ++i) {
    const float gi = g[i];
    const float mi = m[i] * b1 + gi * ob1;
    const float g2 = gi * gi;
    const float vi = v[i] * b2 + g2 * ob2;
    const float mh = mi / c1;
    const float vh = vi / c2;
    const float den = std::sqrt(vh) + eps;
    const float step = (mh / den) * nlr;
    mOut[i] = mi;
    vOut[i] = vi;
    valueOut[i] = step + value[i];
  }
}

}  // namespace

void adam_update(long n, const float* value, const float* m, const float* v, const float* g,
                 const AdamScalars& s, float* valueOut, float* mOut, float* vOut) {
  parallel_for(n, 1L << 15, [&](long lo, long hi) { adam_range(lo, hi, value, m, v, g, s, valueOut, mOut, vOut); });
}

}  // namespace steth
